#!/usr/bin/env bash
# Extraction quality on every annotated set, in one table (docs/benchmarks.md):
# entities, typed entities, relations (P/R/F1), role accuracy, direct quotations found and
# attributed to the right speaker.
#
#   benches/quality.sh [PATH/TO/newsgraph]
#
# Sets: our own gold (data/gold/gold.jsonl over data/articles, and the quotation articles of
# data/gold/quotes), the seed article's gold, GUM news dev, our real-news development set
# (PolNeAR training articles annotated by us, dev and devtest, kept outside the repository:
# data/gold/polnear/README.md; left out when absent), CoNLL04 dev and PolNeAR dev from
# ../shared/eval, each scored by `newsgraph eval` except CoNLL04, which its own scorer
# (score_conll04.py: lenient names, the three mapped relation types) scores. CoNLL-2003 dev NER
# F1 comes from `newsgraph ner`. PolNeAR's gold builder reads only “ ” and " as quotation
# marks; a second PolNeAR row reads The New York Times' '' as well
# (benches/polnear_typewriter_gold.py). Our own articles were written with the rules in view; the
# shared sets were not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared"
bin="${1:-${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}}"
[ -x "$bin" ] || { echo "no newsgraph binary at $bin: cargo build --release, or pass its path" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

"$bin" eval --json data/gold/gold.jsonl data/articles > "$work/own.json"
"$bin" eval --json data/gold/quotes/gold.jsonl > "$work/own-quotes.json"
"$bin" eval --json "$shared/eval/seed-gold.jsonl" data/articles > "$work/seed.json"
"$bin" eval --json "$shared/eval/gum-news/gold.jsonl" > "$work/gum.json"
polnear_texts="$shared/eval/polnear/data/train/texts"
real_news="${NEWSGRAPH_REAL_NEWS_GOLD:-$HOME/.cache/newsgraph-gold/polnear}"
# The real-news gold is built from our annotations in that folder (data/gold/polnear/README.md)
# where the PolNeAR texts are at hand and it was not built yet.
if [ ! -f "$real_news/dev.jsonl" ] && [ -d "$shared/eval/polnear/data/train/texts" ]; then
  NEWSGRAPH_REAL_NEWS_GOLD="$real_news" python3 "$root/data/gold/polnear/build_gold.py" > /dev/null
fi
for part in dev devtest; do
  if [ -f "$real_news/$part.jsonl" ]; then
    "$bin" eval --json "$real_news/$part.jsonl" "$polnear_texts" > "$work/real-$part.json"
    grep -c . "$real_news/$part.jsonl" > "$work/real-$part.n"
  fi
done
"$bin" eval --json "$shared/eval/polnear/data/dev/gold.jsonl" > "$work/polnear.json"
python3 benches/polnear_typewriter_gold.py "$shared/eval/polnear/data/dev/gold.jsonl" "$work/polnear-tw.jsonl"
"$bin" eval --json "$work/polnear-tw.jsonl" "$shared/eval/polnear/data/dev/texts" > "$work/polnear-tw.json"
python3 "$shared/eval/conll04/score_conll04.py" --bin "$bin" --split dev --work "$work/conll04" \
  --json "$work/conll04.json" > /dev/null
"$bin" ner --conll "$shared/data/conll2003/valid.txt" 2> "$work/ner.txt" > /dev/null

python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def load(name):
    with open(os.path.join(work, name + ".json")) as f:
        return json.load(f)
def f1(x):
    return f"{x['f1']:.3f}"
def prf(x):
    return f"{x['f1']:.3f} (P {x['precision']:.2f}, R {x['recall']:.2f})"
rows = []
for label, name in [("own articles (15)", "own"), ("seed article", "seed"), ("GUM news dev", "gum"),
                    ("real news dev", "real-dev"), ("real news devtest", "real-devtest")]:
    if not os.path.exists(os.path.join(work, name + ".json")):
        continue
    if name.startswith("real-"):
        label += " (" + open(os.path.join(work, name + ".n")).read().strip() + ")"
    r = load(name)
    has_rel = r["relations"]["tp"] + r["relations"]["fn"] > 0
    role = r.get("role_accuracy")
    rows.append([label, f1(r["entities"]), f1(r["entities_typed"]),
                 prf(r["relations"]) if has_rel else "–",
                 f"{role:.2f}" if role is not None else "–", "–", "–"])
c = load("conll04")
rows.append(["CoNLL04 dev (its scorer)", f1(c["entities"]["untyped"]), f1(c["entities"]["typed"]),
             prf(c["relations"]["micro"]), "–", "–", "–"])
for label, name in [("own quotation articles", "own-quotes"), ("PolNeAR dev", "polnear"),
                    ("PolNeAR dev, '' read as quotation marks", "polnear-tw")]:
    q = load(name)
    rows.append([label, "–", "–", "–", "–", prf(q["quotes"]), prf(q["attribution"])])
ner = [l for l in open(os.path.join(work, "ner.txt")) if l.startswith("all")]
head = ["set", "entities F1", "typed F1", "relations F1", "roles", "quotes found F1",
        "quotes attributed F1"]
print("| " + " | ".join(head) + " |")
print("|" + "|".join("---" for _ in head) + "|")
for r in rows:
    print("| " + " | ".join(r) + " |")
if ner:
    print(f"\nCoNLL-2003 dev NER (newsgraph ner): {ner[0].strip()}")
PY
