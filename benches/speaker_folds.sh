#!/usr/bin/env bash
# How well the speaker model does on PolNeAR articles it was not trained on, with more quotes
# than the dev split holds: the training split in two folds by file name (alternate articles),
# a model trained on each fold by `newsgraph train-quotes` and scored on the other by
# `score_quotes.py` (direct quotes), from the JSON Lines output and from the Turtle output as
# `score_quotes.py --bin` reads it. Prints each fold's attribution lines and the JSON Lines
# recall by kind of gold source (named, pronoun, other).
#
#   benches/speaker_folds.sh [PATH/TO/newsgraph]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
train="$root/../shared/eval/polnear/data/train"
scorer="$root/../shared/eval/polnear/score_quotes.py"
bin="${1:-${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}}"
[ -x "$bin" ] || { echo "no newsgraph binary at $bin: cargo build --release, or pass its path" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$train" "$work" <<'PY'
import json, os, sys
train, work = sys.argv[1], sys.argv[2]
docs = sorted((json.loads(l) for l in open(os.path.join(train, "gold.jsonl")) if l.strip()),
              key=lambda d: d["doc"])
for fold in "AB":
    os.makedirs(os.path.join(work, fold, "texts"))
for i, d in enumerate(docs):
    fold = "AB"[i % 2]
    with open(os.path.join(work, fold, "gold.jsonl"), "a") as out:
        out.write(json.dumps(d) + "\n")
    os.symlink(os.path.join(train, "texts", d["doc"]), os.path.join(work, fold, "texts", d["doc"]))
PY

for fold in A B; do
  other=$([ "$fold" = A ] && echo B || echo A)
  "$bin" train-quotes "$work/$fold" -o "$work/$fold.model" 2> /dev/null
  NEWSGRAPH_QUOTE_MODEL="$work/$fold.model" "$bin" extract -q --format jsonl "$work/$other/texts/" \
    > "$work/on-$other.jsonl"
  NEWSGRAPH_QUOTE_MODEL="$work/$fold.model" "$bin" extract -q --format ttl -o "$work/on-$other.ttl" \
    "$work/$other/texts/"
  echo "trained on fold $fold, scored on fold $other:"
  python3 "$scorer" --pred "$work/on-$other.jsonl" --split "$work/$other" | sed -n '3p;5p'
  python3 - "$scorer" "$work/on-$other.ttl" "$work/$other/gold.jsonl" <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("score_quotes", sys.argv[1])
sq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sq)
pred = sq.read_newsgraph_ttl(sys.argv[2])
gold = {d["doc"]: d for d in map(json.loads, filter(str.strip, open(sys.argv[3])))}
a = sq.score_set(gold, pred, lambda q: q["direct"], lambda p: p["direct"])["attribution"]
print(f"  Turtle: attribution P={a['precision']:.3f} R={a['recall']:.3f} F1={a['f1']:.3f}")
PY
done
