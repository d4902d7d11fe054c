#!/usr/bin/env python3
"""Builds data/gold/gold.jsonl from the annotation specs in data/gold/specs/.

Each spec names an article in data/articles/ and lists its entities with every surface form
that refers to them ("surfaces") and its relations, following the annotation guidelines of
../shared/eval/FORMAT.md. This script finds every occurrence of every surface in the article
(case-sensitive, on word boundaries, longest surface first, no overlaps) and writes the
mentions as character offsets. A surface that is never found is an error, so typos in a spec
cannot silently drop an entity.

usage: python3 data/gold/build_gold.py
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ARTICLES = HERE.parent / "articles"


def build(spec):
    text = (ARTICLES / spec["doc"]).read_text(encoding="utf-8")
    taken = [False] * len(text)
    # Optional entities (generic groups such as "Spanish police") may overlap the mentions
    # inside them ("Spanish"), as in the seed gold; so they do not claim characters.
    optional = {e["id"] for e in spec["entities"] if e.get("optional")}
    surfaces = sorted(
        ((s, e["id"]) for e in spec["entities"] for s in e["surfaces"]),
        key=lambda x: (x[1] in optional, -len(x[0])),
    )
    mentions = {e["id"]: [] for e in spec["entities"]}
    for surface, eid in surfaces:
        pattern = r"(?<![\w-])" + re.escape(surface) + r"(?![\w])"
        found = False
        for m in re.finditer(pattern, text):
            if eid not in optional:
                if any(taken[m.start():m.end()]):
                    continue
                for i in range(m.start(), m.end()):
                    taken[i] = True
            mentions[eid].append([m.start(), m.end()])
            found = True
        if not found and not any(mentions[eid]):
            sys.exit(f"{spec['doc']}: surface {surface!r} of {eid} not found")
    entities = []
    for e in spec["entities"]:
        out = {k: v for k, v in e.items() if k != "surfaces"}
        out["mentions"] = sorted(mentions[e["id"]])
        if not out["mentions"]:
            sys.exit(f"{spec['doc']}: entity {e['id']} has no mention")
        entities.append(out)
    return {"doc": spec["doc"], "metadata": spec["metadata"], "entities": entities, "relations": spec["relations"]}


def main():
    lines = []
    for path in sorted((HERE / "specs").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        lines.append(json.dumps(build(spec), ensure_ascii=False))
    (HERE / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} documents to {HERE / 'gold.jsonl'}")


if __name__ == "__main__":
    main()
