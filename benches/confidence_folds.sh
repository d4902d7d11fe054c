#!/usr/bin/env bash
# Relation precision and recall on real news the confidence model has not seen, on more than
# the 14 development-test articles: the 40 development articles in K folds (the confidence
# model trained on the other folds, our gold at 0.3 and CoNLL04 dev, as docs/models.md trains
# the shipped one; each fold scored with its own model), pooled, then the development test
# scored with the shipped model. Tells whether a change to the extractor or to the confidence
# features pays on unseen news without reading the development test's errors.
#
#   benches/confidence_folds.sh [PATH/TO/newsgraph] [K]
#
# CONFIDENCE_L2=x trains the fold models with that L2 penalty instead of the shipped one's (the
# devtest is still scored with the shipped model).
#
# Needs the real-news annotations (data/gold/polnear/README.md) and CoNLL04 dev in our gold
# format: python3 data/gold/roth_yih_to_gold.py ../shared/eval/conll04 dev /tmp/conll04-dev
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared"
bin="${1:-${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}}"
folds="${2:-4}"
real_news="${NEWSGRAPH_REAL_NEWS_GOLD:-$HOME/.cache/newsgraph-gold/polnear}"
texts="$shared/eval/polnear/data/train/texts"
# The real-news gold is built from our annotations in that folder (data/gold/polnear/README.md)
# where the PolNeAR texts are at hand and it was not built yet.
if [ ! -f "$real_news/dev.jsonl" ] && [ -d "$shared/eval/polnear/data/train/texts" ]; then
  NEWSGRAPH_REAL_NEWS_GOLD="$real_news" python3 "$root/data/gold/polnear/build_gold.py" > /dev/null
fi
conll04_dev="${CONLL04_DEV_GOLD:-/tmp/conll04-dev/gold.jsonl}"
[ -x "$bin" ] || { echo "no newsgraph binary at $bin" >&2; exit 2; }
[ -f "$real_news/dev.jsonl" ] || { echo "no real-news annotations in $real_news" >&2; exit 2; }
[ -f "$conll04_dev" ] || { echo "no CoNLL04 dev gold at $conll04_dev (see the header)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

grep -v '^\s*$' "$real_news/dev.jsonl" > "$work/dev.jsonl"
# Facts a reader judged in other training articles (docs/models.md), as the shipped model has.
judged=()
for sheet in "$real_news"/judged/*.tsv; do
  [ -f "$sheet" ] && judged+=("$sheet=$texts")
done
for ((k = 0; k < folds; k++)); do
  awk -v k="$k" -v n="$folds" '(NR - 1) % n == k' "$work/dev.jsonl" > "$work/test-$k.jsonl"
  awk -v k="$k" -v n="$folds" '(NR - 1) % n != k' "$work/dev.jsonl" > "$work/train-$k.jsonl"
  "$bin" -q train-confidence "$work/train-$k.jsonl=$texts" data/gold/gold.jsonl=data/articles@0.3 \
    "$conll04_dev" "${judged[@]}" ${CONFIDENCE_L2:+--l2 "$CONFIDENCE_L2"} -o "$work/conf-$k.model"
  NEWSGRAPH_CONFIDENCE_MODEL="$work/conf-$k.model" "$bin" eval --json "$work/test-$k.jsonl" "$texts" \
    > "$work/fold-$k.json"
done
"$bin" eval --json "$real_news/devtest.jsonl" "$texts" > "$work/devtest.json"

python3 - "$work" "$folds" <<'PY'
import json, os, sys
work, folds = sys.argv[1], int(sys.argv[2])
def pooled(reports, key):
    out = {}
    for r in reports:
        for pred, c in key(r).items():
            acc = out.setdefault(pred, [0, 0, 0])
            for i, f in enumerate(("tp", "fp", "fn")):
                acc[i] += c[f]
    return out
def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.2f} / {r:.2f} / {f:.3f} ({tp} right, {fp} wrong)"
folded = [json.load(open(os.path.join(work, f"fold-{k}.json"))) for k in range(folds)]
devtest = json.load(open(os.path.join(work, "devtest.json")))
for label, reports in ((f"dev, {folds}-fold", folded), ("devtest", [devtest])):
    print(f"## {label}: P / R / F1 at the default threshold")
    table = pooled(reports, lambda r: r["per_predicate"])
    total = [sum(v[i] for v in table.values()) for i in range(3)]
    for pred in sorted(table):
        print(f"  {pred:15} {prf(*table[pred])}")
    print(f"  {'all':15} {prf(*total)}")
    bins = {}
    for r in reports:
        for i, b in enumerate(r["calibration"]["bins"]):
            acc = bins.setdefault(i, [0, 0.0, 0.0])
            acc[0] += b["facts"]
            acc[1] += b["confidence"] * b["facts"]
            acc[2] += b["correct"] * b["facts"]
    facts = sum(n for n, _, _ in bins.values())
    ece = sum(abs(c - k) for n, c, k in bins.values() if n) / facts if facts else 0.0
    print(f"  expected calibration error {ece:.3f} over {facts} facts")
    for pred in ["all"] + sorted(p for p in table if sum(table[p]) and p != "said"):
        print(f"  {pred} by threshold:")
        for t in sorted(reports[0]["thresholds"], key=float):
            acc = [0, 0, 0]
            for r in reports:
                c = r["thresholds"][t].get(pred, {"tp": 0, "fp": 0, "fn": 0})
                for i, f in enumerate(("tp", "fp", "fn")):
                    acc[i] += c[f]
            print(f"    {float(t):.1f}  {prf(*acc)}")
PY
