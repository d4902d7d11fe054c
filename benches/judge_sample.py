#!/usr/bin/env python3
"""The judged sample: a fixed random sample of the facts newsgraph states about unseen news,
written as a worksheet for a reader to judge against the articles, and the tally of the
verdicts.

    benches/judge_sample.py draw --bin PATH/TO/newsgraph --texts DIR -o sheet.tsv
        [--relations 60] [--statements 40] [--articles 10] [--seed 2026] [--min-confidence P]
    benches/judge_sample.py tally sheet.tsv
    benches/judge_sample.py freeze sheet.tsv --texts DIR -o frozen.tsv
    benches/judge_sample.py thaw frozen.tsv --texts DIR -o sheet.tsv

A sheet drawn from articles that no measure uses (--exclude the annotated sets, --predicates to
judge the predicates the annotations hold few of, --min-confidence 0 to judge the doubtful
facts too) and judged is training data for the confidence model: `newsgraph train-confidence
sheet.tsv=TEXTS` labels each relation fact by its verdict (docs/models.md).

draw runs `newsgraph extract` over the articles of DIR (for the figure of docs/benchmarks.md:
../shared/eval/polnear/data/dev/texts, 84 US political news articles of 2016 that no rule or
model was written or tuned on), takes every relation the articles state (not those known from
the gazetteers) and every statement with a speaker, and draws a sample of each with the seed
(the same binary and articles give the same sample). Each row holds the fact, its confidence,
the sentence that gave it and an empty verdict column. With --articles N it also draws N
articles (by the same seed, the articles in a shuffled order) and lists every entity extracted
from them, with its type, its number of mentions and the sentence of its first mention.

The reader opens each article, reads the sentence and its surroundings, and writes the verdict:
  right   the article states the fact (for a relation: subject, predicate, object and, where
          given, the role; for a statement: the speaker said those words)
  partly  the right pair with a wrong role, or a name cut short or run together; for a
          statement, the right speaker with content that starts or ends in the wrong place
  wrong   anything else: a relation the article does not state, the wrong speaker; for an
          entity, clearly wrong: not a name, the wrong coarse type, a fragment of a name, or
          two names run together (an entity has no "partly")

tally prints the share of each verdict per kind (relations, statements), and per predicate.

A sheet quotes the articles, so it stays out of the repository (its frozen form too: it is
derived from the articles); freeze writes a compact form of a judged sheet to keep a copy of: each judged relation's kind, article, predicate, verdict
and its fact with every name (and role) the article holds written as `@START+LENGTH`, the
offset of its first occurrence, with the article's sha256 (no sentence, no word of the
article); thaw writes the sheet back from it against the same texts, in the form
`newsgraph train-confidence` reads.
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import random
import re
import subprocess
import sys

KINDS = ("relation", "statement", "entity")
VERDICTS = ("right", "partly", "wrong")


def chars(text, span):
    a, b = span
    return " ".join(text[a:b].split())


def sentence_of(text, span):
    """The sentence around a mention, roughly: from the last full stop or line break before it
    to the next after it."""
    a, b = span
    start = max(text.rfind(". ", 0, a) + 2, text.rfind("\n", 0, a) + 1, 0)
    ends = [i for i in (text.find(". ", b), text.find("\n", b)) if i >= 0]
    return " ".join(text[start:min(ends) + 1 if ends else len(text)].split())


def draw(args):
    cmd = [args.bin, "--quiet", "extract", args.texts, "--min-confidence", str(args.min_confidence)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    relations, statements = [], []
    docs = [json.loads(line) for line in out.splitlines()]
    # Articles of the annotated sets are left out (their facts are judged by the gold already).
    skip = set()
    for gold in args.exclude:
        with open(gold, encoding="utf-8", newline="") as f:
            if gold.endswith(".tsv"):
                # A judged sheet: its articles are left out as well, so that a sheet kept apart
                # to test the confidence model shares no article with the sheets it learnt from.
                skip.update(row["doc"] for row in csv.DictReader(f, delimiter="\t"))
            else:
                skip.update(json.loads(line)["doc"] for line in f if line.strip())
    docs = [d for d in docs if d["doc"] not in skip]
    predicates = set(args.predicates.split(",")) if args.predicates else None
    shuffled = sorted(d["doc"] for d in docs)
    random.Random(args.seed).shuffle(shuffled)
    order = {name: i for i, name in enumerate(shuffled)}
    entities = {}
    for doc in docs:
        name = doc["doc"]
        path = os.path.join(args.texts, os.path.basename(name))
        text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        names = {e["id"]: e["name"] for e in doc["entities"]}
        if order[name] < args.articles:
            entities[name] = [
                ("entity", name, e["type"], f"{e['name']} ({e['type']}, {len(e['mentions'])} mentions)",
                 None, sentence_of(text, e["mentions"][0]))
                for e in doc["entities"]
            ]
        for r in doc["relations"]:
            if predicates and r["predicate"] not in predicates:
                continue
            obj = names.get(r.get("object"), "")
            fact = f"{names[r['subject']]} {r['predicate']} {obj}".strip()
            if r.get("role"):
                fact += f" [{r['role']}]"
            ev = chars(text, r["evidence"]) if "evidence" in r else ""
            relations.append(("relation", name, r["predicate"], fact, r.get("confidence"), ev))
        for s in doc.get("statements", []):
            if not s.get("speaker_id"):
                continue
            fact = f"{s['speaker']} said: {s['content']}"
            statements.append(("statement", name, "said", fact, None, chars(text, (s["start"], s["end"]))))
    rng = random.Random(args.seed)
    rows = rng.sample(relations, min(args.relations, len(relations)))
    rows += rng.sample(statements, min(args.statements, len(statements)))
    rows += [row for doc in sorted(entities, key=lambda d: order[d]) for row in entities[doc]]
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["n", "kind", "doc", "predicate", "fact", "confidence", "sentence", "verdict"])
        for i, (kind, doc, pred, fact, conf, sentence) in enumerate(rows, 1):
            w.writerow([i, kind, doc, pred, fact, "" if conf is None else conf, sentence, ""])
    n_entities = sum(len(v) for v in entities.values())
    print(f"{len(rows)} facts ({len(relations)} relations, {len(statements)} statements drawn from; "
          f"{n_entities} entities of {len(entities)} articles) "
          f"in {args.output}: fill the verdict column with {', '.join(VERDICTS)}")


def tally(args):
    counts = collections.defaultdict(collections.Counter)
    with open(args.sheet, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            verdict = row["verdict"].strip().lower()
            if verdict not in VERDICTS:
                sys.exit(f"{args.sheet}: row {row['n']} has verdict {row['verdict']!r}, "
                         f"expected one of {', '.join(VERDICTS)}")
            counts[row["kind"]][verdict] += 1
            if row["kind"] in ("relation", "entity"):
                counts[row["kind"] + " " + row["predicate"]][verdict] += 1
    for kind in sorted(counts):
        c = counts[kind]
        n = sum(c.values())
        shares = "  ".join(f"{v} {100 * c[v] / n:.0f} %" for v in VERDICTS)
        print(f"{kind:28} {n:3}   {shares}")


FROZEN = ["n", "kind", "doc", "sha256", "predicate", "subject", "object", "role", "verdict"]
OFFSET = re.compile(r"^@(\d+)\+(\d+)$")


def split_fact(fact, predicate):
    """(subject, object, role) of a relation as a sheet writes it: "S predicate O [role]"."""
    role = ""
    m = re.search(r" \[([^\]]*)\]$", fact)
    if m:
        fact, role = fact[: m.start()], m.group(1)
    subject, _, obj = fact.partition(f" {predicate}")
    return subject, obj.strip(), role


def join_fact(subject, predicate, obj, role):
    fact = f"{subject} {predicate} {obj}".strip()
    return fact + f" [{role}]" if role else fact


def freeze(args):
    texts = {}
    rows = []
    with open(args.sheet, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["kind"] != "relation" or not row["verdict"].strip():
                continue
            doc = row["doc"]
            if doc not in texts:
                texts[doc] = open(os.path.join(args.texts, os.path.basename(doc)), encoding="utf-8").read()
            text = texts[doc]

            def ref(words):
                i = text.find(words) if words else -1
                if i < 0 or words.startswith("@"):
                    return words
                return f"@{i}+{len(words)}"

            subject, obj, role = split_fact(row["fact"], row["predicate"])
            rows.append([row["n"], row["kind"], doc, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                         row["predicate"], ref(subject), ref(obj), ref(role), row["verdict"].strip()])
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(FROZEN)
        w.writerows(rows)
    print(f"{len(rows)} judged relations frozen in {args.output}")


def thaw(args):
    out = []
    with open(args.frozen, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f, delimiter="\t"), 2):
            text = open(os.path.join(args.texts, os.path.basename(row["doc"])), encoding="utf-8").read()
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
                sys.exit(f"{args.frozen}:{line}: {row['doc']} is not the article judged (its sha256 differs)")

            def words(value):
                m = OFFSET.match(value)
                return text[int(m.group(1)):int(m.group(1)) + int(m.group(2))] if m else value

            fact = join_fact(words(row["subject"]), row["predicate"], words(row["object"]), words(row["role"]))
            out.append([row["n"], row["kind"], row["doc"], row["predicate"], fact, "", "", row["verdict"]])
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["n", "kind", "doc", "predicate", "fact", "confidence", "sentence", "verdict"])
        w.writerows(out)
    print(f"{len(out)} judged relations in {args.output}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--bin", required=True)
    d.add_argument("--texts", required=True)
    d.add_argument("-o", "--output", required=True)
    d.add_argument("--relations", type=int, default=60)
    d.add_argument("--statements", type=int, default=40)
    d.add_argument("--articles", type=int, default=0)
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--min-confidence", type=float, default=0.4)
    d.add_argument("--predicates", help="only relations of these predicates (comma-separated)")
    d.add_argument("--exclude", action="append", default=[],
                   help="leave out the articles of this gold file (JSON Lines) or judged "
                        "sheet (.tsv); repeatable")
    t = sub.add_parser("tally")
    t.add_argument("sheet")
    fz = sub.add_parser("freeze")
    fz.add_argument("sheet")
    fz.add_argument("--texts", required=True)
    fz.add_argument("-o", "--output", required=True)
    th = sub.add_parser("thaw")
    th.add_argument("frozen")
    th.add_argument("--texts", required=True)
    th.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    {"draw": draw, "tally": tally, "freeze": freeze, "thaw": thaw}[args.cmd](args)


if __name__ == "__main__":
    main()
