#!/usr/bin/env python3
"""Builds the cross-article identity set from our annotations of PolNeAR training articles.

Every entity of every annotated article, with all its mentions, under the name of the
real-world thing it is: the same name in two articles is one thing, so `newsgraph eval
--identity` can score whether the build makes one node of it (B³ over mentions, per type) and
count the nodes per entity named in three or more articles. Like the rest of the real-news
set, the annotations stay outside this repository, in the folder NEWSGRAPH_REAL_NEWS_GOLD names
(default ~/.cache/newsgraph-gold/polnear):

- `specs/*.ann`: the 42 fully annotated articles (see build_gold.py);
- `identity/*.ann`: more articles in the same format, annotated for identity only (entity
  lines; every entity named in the article that is named in another annotated article, and
  look-alikes: another person of the same surname, a foundation named after a person);
- `identity/names.tsv`: where the specs name one thing two ways, the name of the thing
  (`spec name<TAB>thing name[<TAB>article]`: "Donald J. Trump" is "Donald Trump"; "Senate" is
  "Senate" but in an article about another country's senate it is that one).

Writes `identity.jsonl` (the extraction format, entities only) beside them.

usage: python3 data/gold/polnear/build_identity.py [--texts DIR] [--gold DIR]
"""
import argparse
import json
import pathlib
import sys

import importlib.util

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("polnear_gold", HERE / "build_gold.py")
polnear_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(polnear_gold)
GOLD, TEXTS, build = polnear_gold.GOLD, polnear_gold.TEXTS, polnear_gold.build


def renames(path):
    """(article or None, spec name) -> thing name."""
    out = {}
    if not path.exists():
        return out
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) not in (2, 3):
            sys.exit(f"{path.name}:{no}: expected 'spec name<TAB>thing name[<TAB>article]'")
        out[(cols[2] if len(cols) == 3 else None, cols[0])] = cols[1]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=pathlib.Path, default=TEXTS)
    ap.add_argument("--gold", type=pathlib.Path, default=GOLD)
    args = ap.parse_args()
    names = renames(args.gold / "identity" / "names.tsv")
    specs = sorted((args.gold / "specs").glob("*.ann"))
    specs += sorted((args.gold / "identity").glob("*.ann"))
    lines, seen = [], set()
    for spec in specs:
        doc = spec.name.removesuffix(".ann") + ".txt"
        if doc in seen:
            sys.exit(f"{spec}: {doc} is annotated twice")
        seen.add(doc)
        record = build(doc, spec, args.texts)
        for e in record["entities"]:
            e["name"] = names.get((doc, e["name"]), names.get((None, e["name"]), e["name"]))
        record["relations"] = []
        lines.append(json.dumps(record, ensure_ascii=False))
    (args.gold / "identity.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    print(f"identity: {len(lines)} articles")


if __name__ == "__main__":
    main()
