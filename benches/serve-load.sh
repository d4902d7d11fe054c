#!/usr/bin/env bash
# Load test of `newsgraph serve` against `oxigraph serve-read-only` on the same store, in the
# same run: N concurrent clients send a fixed count of requests over the SELECT queries of
# queries/ (each article-scoped one bound to a random article), one server at a time on this
# machine; throughput, p50 and p99 latency and failures of each (benches/load_client.py).
#
#   benches/serve-load.sh [--copies K] [--clients N] [--requests R] [--work DIR] [--bin PATH]
#
# The corpus: the PolNeAR articles of ../shared/eval/polnear (train and dev, 924 real news
# articles), K copies under different names (default 3: 2,772 articles), built into one store.
# Oxigraph's server (`pip install oxigraph`) opens that same store read-only, so both answer
# from the same data with the same engine, and the difference is the serving.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copies=3
clients=16
requests=2000
work=""
bin="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}"
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "usage: benches/serve-load.sh [--copies K] [--clients N] [--requests R] [--work DIR] [--bin PATH]" >&2; exit 2 ;;
  esac
done
# shellcheck source=benches/servers.sh
. "$root/benches/servers.sh"
need_tools "$bin"
polnear="$root/../shared/eval/polnear/data"
[ -d "$polnear/train/texts" ] || { echo "no PolNeAR texts at $polnear" >&2; exit 2; }
use_work "$work"
mkdir -p "$work/corpus"

if [ ! -d "$work/store" ]; then
  for k in $(seq 1 "$copies"); do
    for f in "$polnear"/train/texts/*.txt "$polnear"/dev/texts/*.txt; do
      cp "$f" "$work/corpus/c$k-$(basename "$f")"
    done
  done
  "$bin" --quiet --store "$work/store" build "$work/corpus"
fi
ls "$work/corpus" > "$work/files.txt"
articles=$(wc -l < "$work/files.txt")
quads=$("$bin" --store "$work/store" stats | awk '/^quads/ {print $2}')

run_load() { # label url
  python3 "$root/benches/load_client.py" "$2" --queries "$root/queries" --files "$work/files.txt" \
    --clients "$clients" --requests "$requests" --json "$work/load-$1.json" > /dev/null
}

port=$(free_port)
"$bin" --quiet --store "$work/store" serve --bind "127.0.0.1:$port" --timeout 120 --max-rows 10000000 2> "$work/newsgraph-serve.log" &
pids=($!)
wait_up "http://127.0.0.1:$port/sparql"
run_load newsgraph "http://127.0.0.1:$port/sparql"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

port=$(free_port)
oxigraph serve-read-only --location "$work/store" --bind "127.0.0.1:$port" 2> "$work/oxigraph-serve.log" &
pids=($!)
wait_up "http://127.0.0.1:$port/query"
run_load oxigraph "http://127.0.0.1:$port/query"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

python3 - "$work" "$articles" "$quads" "$clients" "$requests" <<'PY'
import json, os, sys
work, articles, quads, clients, requests = sys.argv[1:6]
n = json.load(open(os.path.join(work, "load-newsgraph.json")))
o = json.load(open(os.path.join(work, "load-oxigraph.json")))
print(f"store: {articles} articles, {quads} quads; {clients} clients, {requests} requests each run; "
      f"mix: {', '.join(n['queries'])}")
print("| server | throughput (req/s) | p50 (ms) | p99 (ms) | failed |")
print("|---|---|---|---|---|")
for label, r in (("newsgraph serve", n), ("oxigraph serve-read-only", o)):
    print(f"| {label} | {r['throughput']} | {r['p50_ms']} | {r['p99_ms']} | {r['failed']} |")
print(f"throughput ratio newsgraph / oxigraph: {n['throughput'] / o['throughput']:.2f}")
PY
