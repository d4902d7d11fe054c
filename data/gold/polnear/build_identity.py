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

Which articles are annotated for identity: `--candidates` prints, from the identity set as
built, the training articles of 800 to 4,000 characters not yet annotated (in an order drawn
with seed 2026) that name at least two entities named in exactly two annotated articles, and
then a greedy choice among them, each article the one that takes the most of those entities to
three articles (the articles chosen for the set were read and annotated in full, every entity
and every look-alike, whatever made them candidates).

usage: python3 data/gold/polnear/build_identity.py [--candidates] [--texts DIR] [--gold DIR]
"""
import argparse
import collections
import json
import os
import pathlib
import random
import re
import sys

import importlib.util

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("polnear_gold", HERE / "build_gold.py")
polnear_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(polnear_gold)
GOLD, TEXTS, build = polnear_gold.GOLD, polnear_gold.TEXTS, polnear_gold.build


def tsv_rows(path):
    """(line number, tab-separated columns) of a file's lines, blank and '#' lines skipped; none
    when the file is absent."""
    if not path.exists():
        return
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip() and not raw.startswith("#"):
            yield no, raw.split("\t")


def renames(path):
    """(article or None, spec name) -> thing name."""
    out = {}
    for no, cols in tsv_rows(path):
        if len(cols) not in (2, 3):
            sys.exit(f"{path.name}:{no}: expected 'spec name<TAB>thing name[<TAB>article]'")
        out[(cols[2] if len(cols) == 3 else None, cols[0])] = cols[1]
    return out


def candidates(gold, texts):
    """Prints the articles that would take entities named in two articles to three."""
    articles, surfaces, done = collections.defaultdict(set), collections.defaultdict(set), set()
    with open(gold / "identity.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            done.add(record["doc"])
            for e in record["entities"]:
                if e.get("optional"):
                    continue
                k = (e["name"], e["type"])
                articles[k].add(record["doc"])
                surfaces[k].add(e["name"])
                surfaces[k].update(a for a in e.get("aliases", []) if len(a) > 3)
    two = sorted(k for k, v in articles.items() if len(v) == 2)
    names = sorted(os.listdir(texts))
    random.Random(2026).shuffle(names)
    found = []
    for name in names:
        text = (texts / name).read_text(encoding="utf-8")
        if name in done or not 800 <= len(text) <= 4000:
            continue
        hits = {k for k in two
                if any(re.search(r"\b" + re.escape(s) + r"\b", text) for s in surfaces[k])}
        if len(hits) >= 2:
            found.append((name, len(text), hits))
            print(f"{name}\t{len(text)}\t{'; '.join(sorted(k[0] for k in hits))}")
    covered = set()
    print("# greedy choice")
    while found:
        best = max(found, key=lambda o: (len(o[2] - covered), -o[1]))
        gain = best[2] - covered
        if len(gain) < 2:
            break
        covered |= gain
        print(f"{best[0]}\t{'; '.join(sorted(k[0] for k in gain))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=pathlib.Path, default=TEXTS)
    ap.add_argument("--gold", type=pathlib.Path, default=GOLD)
    ap.add_argument("--candidates", action="store_true",
                    help="print the articles that would take entities to three articles")
    args = ap.parse_args()
    if args.candidates:
        candidates(args.gold, args.texts)
        return
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
