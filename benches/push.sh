#!/usr/bin/env bash
# Push benchmark: `newsgraph push` of a store of N articles into a running Oxigraph server,
# against `oxigraph`'s own way in, a POST of the same N-Quads to its /store, into a second
# server of the same kind; same machine, same run. Both servers start empty.
#
#   benches/push.sh [--articles N] [--jobs J] [--work DIR] [--bin PATH]
#
# The corpus: PolNeAR's articles (../shared/eval/polnear, train and dev), copied under new
# names up to N (default 1000). Needs the oxigraph CLI (pip install oxigraph) and curl.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
articles=1000
jobs=4
work=""
bin="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}"
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "usage: benches/push.sh [--articles N] [--jobs J] [--work DIR] [--bin PATH]" >&2; exit 2 ;;
  esac
done
# shellcheck source=benches/servers.sh
. "$root/benches/servers.sh"
need_tools "$bin"
polnear="$root/../shared/eval/polnear/data"
use_work "$work"
mkdir -p "$work/corpus"
rm -rf "$work/store" "$work/ox-load" "$work/ox-push" "$work/corpus"/*
sources=("$polnear"/train/texts/*.txt "$polnear"/dev/texts/*.txt)
for i in $(seq 0 $((articles - 1))); do
  f="${sources[$((i % ${#sources[@]}))]}"
  cp "$f" "$work/corpus/c$((i / ${#sources[@]}))-$(basename "$f")"
done
"$bin" --quiet --store "$work/store" build "$work/corpus"
# Compacted, as after any large build (docs/serving.md): push reads the store as it sends.
"$bin" --quiet --store "$work/store" optimize
"$bin" --quiet --store "$work/store" export -f nq -o "$work/all.nq"
quads=$(wc -l < "$work/all.nq")
mb=$(du -m "$work/all.nq" | cut -f1)

start_server() { # location: starts a server there, its port in $port (stopped at exit)
  port=$(free_port)
  oxigraph serve --location "$1" --bind "127.0.0.1:$port" > /dev/null 2>&1 &
  pids+=($!)
  wait_up "http://127.0.0.1:$port/query?query=ASK%7B%7D"
}
# Quads outside the ontology graph (push sends the ontology as well; the N-Quads export does not).
count() { curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/newsgraph/ontology>) }' "http://127.0.0.1:$1/query" | tail -1 | tr -d '\r'; }
now() { date +%s.%N; }

start_server "$work/ox-load"; p1=$port
t0=$(now)
curl -s -f -X POST -H 'Content-Type: application/n-quads' --data-binary @"$work/all.nq" "http://127.0.0.1:$p1/store" > /dev/null
t_load=$(echo "$(now) - $t0" | bc)
n_load=$(count "$p1")

start_server "$work/ox-push"; p2=$port
t0=$(now)
"$bin" --quiet --store "$work/store" push --jobs "$jobs" "http://127.0.0.1:$p2/store"
t_push=$(echo "$(now) - $t0" | bc)
n_push=$(count "$p2")
graphs=$(cut -f2 "$work/store/push-state.tsv" | sort -u | wc -l)

echo "corpus: $articles articles; $quads quads in the N-Quads export ($mb MB); push sends $graphs named graphs (the same and the ontology)"
echo "| way in | seconds | quads in the server |"
echo "|---|---|---|"
printf '| oxigraph /store POST of the N-Quads (one request) | %.2f | %s |\n' "$t_load" "$n_load"
printf '| newsgraph push (one PUT per graph, %s connections) | %.2f | %s |\n' "$jobs" "$t_push" "$n_push"
echo "push speed relative to the POST: $(echo "scale=2; $t_load / $t_push" | bc)"
[ "$n_load" = "$n_push" ] || { echo "the two servers hold different quad counts" >&2; exit 1; }
