#!/usr/bin/env python3
"""Builds the identity gold of PolNeAR's dev split: the recurring entities of its 84 articles.

The dev split's 84 real news articles (2016) are the unseen set on which cross-article
identity is judged: the people, organisations, countries and places that three or more of
them name, every mention of each, under the name of the real-world thing. Written by reading,
not from any output of the extractor, in two files of the folder NEWSGRAPH_REAL_NEWS_GOLD
names (default ~/.cache/newsgraph-gold/polnear), kept out of this repository like the rest of
our annotations of PolNeAR:

- `identity-dev/entities.tsv`: one thing per line, `Type<TAB>Name<TAB>surface|surface|…`
  (case-sensitive surfaces; "Mrs. Clinton", "Clinton", "Hillary"). A line of type `-` lists
  surfaces that are names of something else and hide the shorter ones they contain ("Trump
  Tower", "Clinton Foundation", "Michelle Obama" when she is not annotated). A fourth column
  `?` marks a thing whose surfaces another thing shares: `--review NAME` prints every mention
  with its context, to be read and overridden.
- `identity-dev/overrides.tsv`: `article<TAB>offset<TAB>Name` gives the mention starting at
  that offset to another thing; Name `-` drops it (a "Clinton" that is Bill, a "Bush" that is
  Jeb, a "Washington" that is the state). With a surface in place of the offset, it gives
  every mention of that surface in the article (the "Scott" of a story about another Scott).

Every surface is found wherever it stands as a word (the longest first, so "Bill Clinton"
is not also "Clinton"); a thing is recurring when three articles name it. Demonyms are not
annotated ("American" is no mention of the United States here). Writes
`identity-dev.jsonl` (the extraction format, entities only) beside the folder, for
`newsgraph eval --identity identity-dev.jsonl ../shared/eval/polnear/data/dev/texts`.

usage: python3 data/gold/polnear/build_identity_dev.py [--review NAME] [--texts DIR] [--gold DIR]
"""
import argparse
import collections
import importlib.util
import json
import os
import pathlib
import re
import sys

_spec = importlib.util.spec_from_file_location(
    "polnear_identity", pathlib.Path(__file__).resolve().parent / "build_identity.py"
)
polnear_identity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(polnear_identity)
tsv_rows = polnear_identity.tsv_rows

GOLD = pathlib.Path(
    os.environ.get("NEWSGRAPH_REAL_NEWS_GOLD", "~/.cache/newsgraph-gold/polnear")
).expanduser()
TEXTS = pathlib.Path(__file__).resolve().parents[4] / "shared/eval/polnear/data/dev/texts"


def read_entities(path):
    """[(type, name, [surfaces], review)] in file order."""
    if not path.exists():
        sys.exit(f"{path}: no such file (see this script's docstring)")
    out = []
    for no, cols in tsv_rows(path):
        if len(cols) not in (3, 4) or not cols[2]:
            sys.exit(f"{path.name}:{no}: expected 'Type<TAB>Name<TAB>surface|…[<TAB>?]'")
        out.append((cols[0], cols[1], cols[2].split("|"), len(cols) == 4 and cols[3] == "?"))
    return out


def read_overrides(path, names):
    """(article, offset or surface) -> name, or None to drop."""
    out = {}
    for no, cols in tsv_rows(path):
        if len(cols) != 3 or not cols[1]:
            sys.exit(f"{path.name}:{no}: expected 'article<TAB>offset or surface<TAB>Name'")
        if cols[2] != "-" and cols[2] not in names:
            sys.exit(f"{path.name}:{no}: unknown name {cols[2]!r}")
        key = int(cols[1]) if cols[1].isdigit() else cols[1]
        out[(cols[0], key)] = None if cols[2] == "-" else cols[2]
    return out


def find(text, entities):
    """[(start, end, index into entities)] of every surface, longest first, no overlaps."""
    surfaces = sorted(
        ((s, i) for i, (_, _, ss, _) in enumerate(entities) for s in ss),
        key=lambda x: -len(x[0]),
    )
    taken = [False] * len(text)
    found = []
    for surface, i in surfaces:
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            found.append((s, e, i))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--review", help="print every mention of this thing with its context")
    ap.add_argument("--texts", type=pathlib.Path, default=TEXTS)
    ap.add_argument("--gold", type=pathlib.Path, default=GOLD)
    args = ap.parse_args()
    entities = read_entities(args.gold / "identity-dev/entities.tsv")
    index = {name: i for i, (t, name, _, _) in enumerate(entities) if t != "-"}
    overrides = read_overrides(args.gold / "identity-dev/overrides.tsv", index)
    used = set()
    records, articles = [], collections.defaultdict(set)
    for doc in sorted(os.listdir(args.texts)):
        text = (args.texts / doc).read_text(encoding="utf-8")
        mentions = collections.defaultdict(list)
        for s, e, i in find(text, entities):
            if entities[i][0] == "-":
                continue
            name = entities[i][1]
            for key in [(doc, s), (doc, text[s:e])]:
                if key in overrides:
                    used.add(key)
                    name = overrides[key]
                    break
            if name is None:
                continue
            if args.review == entities[i][1] or args.review == name:
                left = text[max(0, s - 70) : s].replace("\n", " ")
                right = text[e : e + 50].replace("\n", " ")
                print(f"{doc}\t{s}\t{name}\t{left}[{text[s:e]}]{right}")
            mentions[name].append([s, e])
        ents = []
        for name, spans in mentions.items():
            etype = entities[index[name]][0]
            ents.append({"id": name, "name": name, "type": etype, "mentions": spans})
            articles[name].add(doc)
        records.append({"doc": doc, "entities": ents})
    for key in sorted(set(overrides) - used, key=str):
        sys.exit(f"overrides.tsv: no mention at {key[0]} {key[1]}")
    if args.review:
        return
    out = args.gold / "identity-dev.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    recurring = sorted(n for n, a in articles.items() if len(a) >= 3)
    print(f"{out}: {len(records)} articles, {len(articles)} things, {len(recurring)} in 3+")
    for name in sorted(index):
        if name not in articles:
            print(f"  {name}: no mention", file=sys.stderr)
        elif len(articles[name]) < 3:
            print(f"  {name}: {len(articles[name])} article(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
