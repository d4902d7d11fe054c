#!/usr/bin/env python3
"""Turns a CoNLL04 split (Roth & Yih 2004) into newsgraph's gold format, for
`newsgraph train-relations`.

    python3 data/gold/roth_yih_to_gold.py ../shared/eval/conll04 train OUT_DIR

writes OUT_DIR/texts/<id>.txt (one sentence per file, detokenised exactly as
score_conll04.py writes them, so that training sees the text the scorer shows the tool) and
OUT_DIR/gold.jsonl in the shape of ../shared/eval/FORMAT.md: entities (Peop → Person, Org →
Organization, Loc → Place; Other is left out) with character-offset mentions, and relations
(Work_For → affiliatedWith, OrgBased_In → basedIn, Located_In → locatedIn). Live_In and Kill
have no counterpart: their pairs are written as optional relations, so that they teach the
model neither a relation nor its absence.

CoNLL04 is research data without a licence for redistribution: OUT_DIR must lie outside the
repository (the trained model may be shipped).
"""
import importlib.util
import json
import os
import sys

REL_MAP = {"Work_For": "affiliatedWith", "OrgBased_In": "basedIn", "Located_In": "locatedIn"}
TYPE_MAP = {"Peop": "Person", "Org": "Organization", "Loc": "Place"}


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    conll04_dir, split, out = sys.argv[1:]
    spec = importlib.util.spec_from_file_location(
        "score_conll04", os.path.join(conll04_dir, "score_conll04.py"))
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    os.makedirs(os.path.join(out, "texts"), exist_ok=True)
    lines = []
    for sent in scorer.load_split(split):
        text, spans = scorer.detokenise(sent["tokens"])
        with open(os.path.join(out, "texts", sent["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        ids, entities = {}, []
        for k, (start, end, typ) in enumerate(sent["entities"]):
            if typ not in TYPE_MAP:
                continue
            first, last = spans[start], spans[end - 1]
            if first is None or last is None:
                continue
            ids[k] = f"e{len(entities) + 1}"
            entities.append({"id": ids[k], "name": text[first[0]:last[1]],
                             "type": TYPE_MAP[typ], "mentions": [[first[0], last[1]]]})
        relations = []
        for rel in sent["relations"]:
            head, tail = ids.get(rel["head"]), ids.get(rel["tail"])
            if head is None or tail is None:
                continue
            obj = {"subject": head, "predicate": REL_MAP.get(rel["type"], rel["type"]),
                   "object": tail}
            if rel["type"] not in REL_MAP:
                obj["optional"] = True
            relations.append(obj)
        lines.append(json.dumps({"doc": sent["id"] + ".txt", "entities": entities,
                                 "relations": relations}, ensure_ascii=False))
    with open(os.path.join(out, "gold.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{out}: {len(lines)} sentences")


if __name__ == "__main__":
    main()
