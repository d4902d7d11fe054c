#!/usr/bin/env python3
"""Builds the real-news development set from our annotations of PolNeAR training articles.

The articles are PolNeAR's (../shared/eval/polnear/data/train/texts/: real US news of 2015-16
from seven outlets). Their texts are the publishers' and may not be redistributed, and our
annotations of them (the names they hold, the offsets into them) stay out of this repository
too: they live in the folder NEWSGRAPH_REAL_NEWS_GOLD names (default
~/.cache/newsgraph-gold/polnear): `specs/*.ann` written by hand, and the `dev.jsonl` and
`devtest.jsonl` this script builds from them beside the specs, with the offsets found in the
texts that ../shared/eval/polnear/prepare_polnear.py rebuilt. This script and the README
beside it (how the articles were chosen and annotated) are what the repository keeps.

Which articles: `--sample` prints the fixed sample (six per outlet, drawn with seed 2026 from
the training articles of 1,000 to 5,000 characters, in sorted order); per outlet the first four
are the development part (dev.jsonl: look at it, tune on it), the last two the development test
(devtest.jsonl: score it, do not read its errors while tuning). A spec of an article outside
the sample (the identity set's articles annotated in full) goes to the development part.

A spec (`specs/<article>.ann`) is read line by line; `#` starts a comment.

    ID Type[/Class] Name : surface | surface | ...     an entity; its mentions are every
                                                       occurrence of every surface (case-
                                                       sensitive, whole words, any white space
                                                       between words, longest first, no
                                                       overlaps); without ':' the name is the
                                                       one surface
    ID predicate OBJECT-ID [role words ...]            a relation (affiliatedWith, basedIn,
                                                       locatedIn, partyTo, nationality)
    ID said                                            the entity says something in the article

A leading `?` makes an entity or relation optional (neither missed nor false when found). Names
and surfaces that begin with a capital letter are the entity's aliases. A surface that is never
found, an unknown id or a malformed line is an error naming the spec and its line.

usage: python3 data/gold/polnear/build_gold.py [--sample] [--texts DIR] [--gold DIR]
"""
import argparse
import json
import os
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(HERE.parent))
from build_gold import find_mentions  # noqa: E402  (data/gold/build_gold.py)

GOLD = pathlib.Path(os.environ.get("NEWSGRAPH_REAL_NEWS_GOLD",
                                   pathlib.Path.home() / ".cache" / "newsgraph-gold" / "polnear"))
TEXTS = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "train" / "texts"
TYPES = {"Person", "Organization", "Country", "Place", "Agreement"}
PREDICATES = {"affiliatedWith", "basedIn", "locatedIn", "partyTo", "nationality", "said"}
PER_OUTLET, DEV_PER_OUTLET, SEED = 6, 4, 2026


def sample(texts):
    """The fixed sample: (dev articles, devtest articles)."""
    by_outlet = {}
    for name in sorted(os.listdir(texts)):
        n = len((texts / name).read_text(encoding="utf-8"))
        if 1000 <= n <= 5000:
            by_outlet.setdefault(name.split("_")[0], []).append(name)
    rng = random.Random(SEED)
    dev, test = [], []
    for outlet in sorted(by_outlet):
        chosen = rng.sample(by_outlet[outlet], PER_OUTLET)
        dev += chosen[:DEV_PER_OUTLET]
        test += chosen[DEV_PER_OUTLET:]
    return dev, test


def parse(path):
    """A spec's entities and relations, as (entities, relations)."""
    entities, relations = [], []
    ids = set()
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        where = f"{path.name}:{no}"
        optional = line.startswith("?")
        words = line.lstrip("?").split()
        if len(words) < 2:
            sys.exit(f"{where}: expected 'ID Type Name' or 'ID predicate [OBJECT]': {raw!r}")
        eid, kind = words[0], words[1]
        if kind.split("/")[0] in TYPES:
            rest = line.lstrip("?").split(None, 2)[2] if len(words) > 2 else ""
            name, _, surfaces = rest.partition(":")
            name = name.strip()
            if not name:
                sys.exit(f"{where}: entity {eid} has no name")
            surfaces = [s.strip() for s in surfaces.split("|") if s.strip()] or [name]
            if eid in ids:
                sys.exit(f"{where}: entity {eid} declared twice")
            ids.add(eid)
            ty, _, cls = kind.partition("/")
            ent = {"id": eid, "name": name, "type": ty}
            if cls:
                ent["class"] = cls
            aliases = sorted({s for s in surfaces if s[:1].isupper() and s != name})
            if aliases:
                ent["aliases"] = aliases
            if optional:
                ent["optional"] = True
            ent["surfaces"] = surfaces
            entities.append(ent)
        elif kind in PREDICATES:
            rel = {"subject": eid, "predicate": kind, "object": None}
            if kind != "said":
                if len(words) < 3:
                    sys.exit(f"{where}: {kind} needs an object id")
                rel["object"] = words[2]
                role = " ".join(words[3:])
                if role:
                    rel["role"] = role
            if optional:
                rel["optional"] = True
            relations.append((where, rel))
        else:
            sys.exit(f"{where}: {kind!r} is neither a type ({', '.join(sorted(TYPES))}) "
                     f"nor a predicate ({', '.join(sorted(PREDICATES))})")
    for where, rel in relations:
        for end in ("subject", "object"):
            if rel[end] is not None and rel[end] not in ids:
                sys.exit(f"{where}: unknown entity {rel[end]!r}")
    return entities, [r for _, r in relations]


def polnear_pattern(surface):
    """A surface on word boundaries, any white space between its words (the texts hold
    no-break spaces)."""
    words = [re.escape(w) for w in surface.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def build(doc, spec, texts):
    text = (texts / doc).read_text(encoding="utf-8")
    entities, relations = parse(spec)
    mentions = find_mentions(text, entities, polnear_pattern, f"{spec.name} ({doc})")
    out = []
    for e in entities:
        ent = {k: v for k, v in e.items() if k != "surfaces"}
        ent["mentions"] = sorted(mentions[e["id"]])
        if not ent["mentions"]:
            sys.exit(f"{spec.name}: entity {e['id']} has no mention left in {doc}")
        out.append(ent)
    return {"doc": doc, "entities": out, "relations": relations}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", action="store_true", help="print the sample and stop")
    ap.add_argument("--texts", type=pathlib.Path, default=TEXTS)
    ap.add_argument("--gold", type=pathlib.Path, default=GOLD,
                    help="the annotations' folder (specs/ in, dev.jsonl and devtest.jsonl out)")
    args = ap.parse_args()
    if not args.texts.is_dir():
        sys.exit(f"no PolNeAR texts at {args.texts}: run ../shared/eval/polnear/prepare_polnear.py")
    dev, test = sample(args.texts)
    if args.sample:
        for part, docs in (("dev", dev), ("devtest", test)):
            for d in docs:
                print(part, d)
        return
    # Articles annotated in full beyond the sample (chosen for the identity set: see the
    # README) are development articles.
    sampled = set(dev) | set(test)
    dev += [spec.stem + ".txt" for spec in sorted((args.gold / "specs").glob("*.ann"))
            if spec.stem + ".txt" not in sampled]
    for part, docs in (("dev", dev), ("devtest", test)):
        lines = []
        for doc in docs:
            spec = args.gold / "specs" / (doc.removesuffix(".txt") + ".ann")
            if spec.exists():
                lines.append(json.dumps(build(doc, spec, args.texts), ensure_ascii=False))
        (args.gold / f"{part}.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        print(f"{part}: {len(lines)} of {len(docs)} articles annotated")


if __name__ == "__main__":
    main()
