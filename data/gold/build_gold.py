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


def own_pattern(surface):
    """A surface as written, on word boundaries (not after a hyphen: "anti-Chinese")."""
    return r"(?<![\w-])" + re.escape(surface) + r"(?![\w])"


def find_mentions(text, entities, pattern=own_pattern, where=""):
    """Every occurrence of every surface of `entities` (dicts with "id", "surfaces", maybe
    "optional") in `text`, longest surface first, no two required mentions overlapping:
    {entity id: [[start, end], ...]}. Optional entities (generic groups such as "Spanish
    police") may overlap the mentions inside them ("Spanish"), as in the seed gold, so they do
    not claim characters. A surface that never occurs in the text stops the build: a typo in
    a spec cannot silently drop an entity."""
    taken = [False] * len(text)
    optional = {e["id"] for e in entities if e.get("optional")}
    surfaces = sorted(
        ((s, e["id"]) for e in entities for s in e["surfaces"]),
        key=lambda x: (x[1] in optional, -len(x[0])),
    )
    mentions = {e["id"]: [] for e in entities}
    for surface, eid in surfaces:
        found = False
        for m in re.finditer(pattern(surface), text):
            found = True
            if eid not in optional:
                if any(taken[m.start():m.end()]):
                    continue
                for i in range(m.start(), m.end()):
                    taken[i] = True
            mentions[eid].append([m.start(), m.end()])
        if not found:
            sys.exit(f"{where}: surface {surface!r} of {eid} not found")
    return mentions


def build(spec):
    text = (ARTICLES / spec["doc"]).read_text(encoding="utf-8")
    mentions = find_mentions(text, spec["entities"], where=spec["doc"])
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
