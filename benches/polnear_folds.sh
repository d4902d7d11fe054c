#!/usr/bin/env bash
# How well the speaker model does on PolNeAR articles it was not trained on, with more quotes
# than the dev split holds: the training split in two folds by file name (alternate articles),
# a model trained on each fold by `newsgraph train-quotes` and scored on the other by
# `score_quotes.py --pred` (JSON Lines, direct quotes). Prints each fold's attribution line
# and its recall by kind of gold source (named, pronoun, other).
#
#   benches/polnear_folds.sh [PATH/TO/newsgraph]
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
  echo "trained on fold $fold, scored on fold $other:"
  python3 "$scorer" --pred "$work/on-$other.jsonl" --split "$work/$other" | sed -n '3p;5p'
done
