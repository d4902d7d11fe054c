#!/usr/bin/env python3
"""Builds the real-news development set from our annotations of PolNeAR training articles.

The articles are PolNeAR's (../shared/eval/polnear/data/train/texts/: real US news of 2015-16
from seven outlets). Their texts are the publishers' and may not be redistributed: no word of
them is in this repository, nor are our annotations of them (they are data derived from
PolNeAR's articles). The annotations are written by hand as `specs/*.ann` in the folder
NEWSGRAPH_REAL_NEWS_GOLD names (default ~/.cache/newsgraph-gold/polnear), where they quote the
articles' words; `--freeze` writes each as `annotations/*.ann` in the same folder, a compact form
to keep or copy elsewhere, in which every surface and role is an offset into the article
(`@START+LENGTH`, its first occurrence), the entity ids are `e1`, `e2`, … and comments are left
out, and checks that it gives back the same gold; `--thaw` writes the specs back from them
where the folder has none. Judged sheets frozen the same way (benches/judge_sample.py freeze)
in `judged-frozen/` are written back to `judged/`. The script builds `dev.jsonl` and
`devtest.jsonl` in the gold folder from the hand-written spec of an article where there is
one, else from its frozen annotation, read against the text that
../shared/eval/polnear/prepare_polnear.py rebuilt (its sha256 is checked).

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

usage: python3 data/gold/polnear/build_gold.py [--sample] [--freeze] [--thaw] [--texts DIR] [--gold DIR]
"""
import argparse
import hashlib
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
sys.path.insert(0, str(ROOT / "benches"))
import judge_sample  # noqa: E402  (benches/judge_sample.py: judged sheets frozen and thawed)

GOLD = pathlib.Path(os.environ.get("NEWSGRAPH_REAL_NEWS_GOLD",
                                   pathlib.Path.home() / ".cache" / "newsgraph-gold" / "polnear"))
TEXTS = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "train" / "texts"
TYPES = {"Person", "Organization", "Country", "Place", "Agreement"}
PREDICATES = {"affiliatedWith", "basedIn", "locatedIn", "partyTo", "nationality", "said"}
PER_OUTLET, DEV_PER_OUTLET, SEED = 6, 4, 2026
# The frozen form of the specs, in the gold folder: every surface an offset into the article,
# no word of it; and of the judged sheets.
ANNOTATIONS = "annotations"
OFFSET = re.compile(r"@(\d+)\+(\d+)")
JUDGED = "judged-frozen"


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


def parse(spec):
    """A spec's entities and relations, as (entities, relations); `spec` is (path, source)."""
    path, source = spec
    entities, relations = [], []
    ids = set()
    for no, raw in enumerate(source.splitlines(), 1):
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


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def freeze(spec, text):
    """A spec with every surface, every name and every role the text holds written as
    `@START+LENGTH`, the offset of its first occurrence in the article, and the entities renamed
    `e1`, `e2`, … in their order: a compact form, no word of the article. Comments
    are left out; names and roles the text does not hold (a party's full name, "presumptive
    nominee") stay words of general knowledge."""
    source = spec.read_text(encoding="utf-8")
    lines = [f"# text sha256 {text_hash(text)}"]
    rows = []
    for no, raw in enumerate(source.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            rows.append((no, line))
    ids = {}
    for _, line in rows:
        words = line.lstrip("?").split()
        if len(words) >= 3 and words[1].split("/")[0] in TYPES:
            ids.setdefault(words[0], f"e{len(ids) + 1}")

    for no, line in rows:
        optional = line[: len(line) - len(line.lstrip("?"))]
        words = line.lstrip("?").split()

        def ref(surface, required):
            m = re.search(polnear_pattern(surface), text)
            if m is None:
                if required:
                    sys.exit(f"{spec.name}:{no}: surface {surface!r} not found")
                return surface
            return f"@{m.start()}+{m.end() - m.start()}"

        if len(words) >= 3 and words[1].split("/")[0] in TYPES:
            name, colon, surfaces = line.lstrip("?").split(None, 2)[2].partition(":")
            out = f"{optional}{ids[words[0]]} {words[1]} {ref(name.strip(), not colon)}"
            if colon:
                out += " : " + " | ".join(ref(x.strip(), True) for x in surfaces.split("|") if x.strip())
        elif len(words) >= 2 and words[1] in PREDICATES:
            out = f"{optional}{ids.get(words[0], words[0])} {words[1]}"
            if words[1] != "said" and len(words) >= 3:
                out += f" {ids.get(words[2], words[2])}"
                if len(words) > 3:
                    out += " " + ref(" ".join(words[3:]), False)
        else:
            out = line
        lines.append(out)
    return "".join(l + "\n" for l in lines)


def same_gold(a, b):
    """Whether two built articles hold the same gold up to the names of their entity ids."""
    def renamed(doc):
        ids = {e["id"]: i for i, e in enumerate(doc["entities"])}
        ents = [{**e, "id": ids[e["id"]]} for e in doc["entities"]]
        rels = [{**r, "subject": ids[r["subject"]],
                 "object": ids[r["object"]] if r["object"] is not None else None}
                for r in doc["relations"]]
        return {**doc, "entities": ents, "relations": rels}
    return renamed(a) == renamed(b)


def thaw(annotation, text):
    """The spec a frozen annotation was frozen from, its offsets read in the article (which
    must be the one it was frozen against: its hash is checked)."""
    source = annotation.read_text(encoding="utf-8")
    first = source.split("\n", 1)[0]
    if first != f"# text sha256 {text_hash(text)}":
        sys.exit(f"{annotation}:1: the article is not the one annotated (its sha256 differs): "
                 f"rebuild it with ../shared/eval/polnear/prepare_polnear.py")

    def word(m):
        start, length = int(m.group(1)), int(m.group(2))
        return " ".join(text[start:start + length].split())

    return OFFSET.sub(word, source)


def spec_text(doc, gold, texts):
    """The spec of an article: the hand-written one in the gold folder where there is one,
    else the frozen annotation read against the article; None when neither exists."""
    spec = gold / "specs" / (doc.removesuffix(".txt") + ".ann")
    if spec.exists():
        return spec, spec.read_text(encoding="utf-8")
    annotation = gold / ANNOTATIONS / spec.name
    if annotation.exists():
        return annotation, thaw(annotation, (texts / doc).read_text(encoding="utf-8"))
    return None


def build(doc, spec, texts):
    text = (texts / doc).read_text(encoding="utf-8")
    entities, relations = parse(spec)
    mentions = find_mentions(text, entities, polnear_pattern, f"{spec[0].name} ({doc})")
    out = []
    for e in entities:
        ent = {k: v for k, v in e.items() if k != "surfaces"}
        ent["mentions"] = sorted(mentions[e["id"]])
        if not ent["mentions"]:
            sys.exit(f"{spec[0].name}: entity {e['id']} has no mention left in {doc}")
        out.append(ent)
    return {"doc": doc, "entities": out, "relations": relations}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", action="store_true", help="print the sample and stop")
    ap.add_argument("--freeze", action="store_true",
                    help="write the hand-written specs as frozen annotations (offsets only) "
                         "to annotations/ in the gold folder, then build")
    ap.add_argument("--thaw", action="store_true",
                    help="write the frozen annotations that have no hand-written spec as specs "
                         "(the articles' words in place of the offsets), to edit them")
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
    if args.thaw:
        (args.gold / "specs").mkdir(parents=True, exist_ok=True)
        written = 0
        for annotation in sorted((args.gold / ANNOTATIONS).glob("*.ann")):
            spec = args.gold / "specs" / annotation.name
            if not spec.exists():
                text = (args.texts / (annotation.stem + ".txt")).read_text(encoding="utf-8")
                spec.write_text(thaw(annotation, text).split("\n", 1)[1], encoding="utf-8")
                written += 1
        print(f"{written} specs written from the frozen annotations to {args.gold / 'specs'}")
    specs = sorted((args.gold / "specs").glob("*.ann"))
    if args.freeze:
        (args.gold / ANNOTATIONS).mkdir(parents=True, exist_ok=True)
        for spec in specs:
            text = (args.texts / (spec.stem + ".txt")).read_text(encoding="utf-8")
            frozen = args.gold / ANNOTATIONS / spec.name
            frozen.write_text(freeze(spec, text), encoding="utf-8")
            # The frozen form must give back the same gold as the hand-written spec.
            source = (spec, spec.read_text(encoding="utf-8"))
            again = (frozen, thaw(frozen, text))
            if not same_gold(build(spec.stem + ".txt", source, args.texts),
                             build(spec.stem + ".txt", again, args.texts)):
                sys.exit(f"{frozen}: does not give back the gold of {spec}")
        print(f"{len(specs)} annotations frozen in {args.gold / ANNOTATIONS}")
    # Articles annotated in full beyond the sample (chosen for the identity set: see the
    # README) are development articles.
    sampled = set(dev) | set(test)
    annotated = {p.stem for p in specs} | {p.stem for p in (args.gold / ANNOTATIONS).glob("*.ann")}
    dev += [stem + ".txt" for stem in sorted(annotated) if stem + ".txt" not in sampled]
    args.gold.mkdir(parents=True, exist_ok=True)
    # The frozen judged sheets (offsets only) are written back as sheets where the gold folder
    # has none of that name (benches/judge_sample.py freeze, thaw).
    frozen = sorted((args.gold / JUDGED).glob("*.tsv"))
    if frozen:
        (args.gold / "judged").mkdir(exist_ok=True)
    for sheet in frozen:
        if not (args.gold / "judged" / sheet.name).exists():
            judge_sample.thaw(argparse.Namespace(frozen=str(sheet), texts=str(args.texts),
                                                 output=str(args.gold / "judged" / sheet.name)))
    for part, docs in (("dev", dev), ("devtest", test)):
        lines = []
        for doc in docs:
            spec = spec_text(doc, args.gold, args.texts)
            if spec is not None:
                lines.append(json.dumps(build(doc, spec, args.texts), ensure_ascii=False))
        (args.gold / f"{part}.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        print(f"{part}: {len(lines)} of {len(docs)} articles annotated")


if __name__ == "__main__":
    main()
