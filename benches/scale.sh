#!/usr/bin/env bash
# Scale benchmark: a corpus of N articles made from a CoNLL file (10 sentences per article,
# copies under different names until N), then, on this machine and in the same run:
#   - extraction alone (`newsgraph extract`, JSON Lines to /dev/null);
#   - `newsgraph build` into a new store (time, peak RSS, quads, size on disk; after optimize);
#   - a re-build of the unchanged corpus (incremental: every file skipped), and one with one
#     article changed (the store's entities read for identity across articles);
#   - every query under queries/ on the store (seconds each; over the whole corpus also with
#     Oxigraph's own join plan, --joins lookup, given at most --lookup-limit seconds, default
#     120), and one default-graph query against its `GRAPH ?g` form;
#   - the baseline: Oxigraph's own `oxigraph load` of the same quads (the article graphs,
#     exported as N-Quads) into an empty store (`pip install oxigraph` provides the CLI), its
#     time, RSS and size; and of the store's whole content (`oxigraph dump`: article graphs and
#     the merged default graph).
#
#   benches/scale.sh [--articles N] [--conll FILE] [--work DIR] [--bin PATH] [--lookup-limit S]
#
# Default: 2000 articles from ../shared/data/conll2003/train.txt. The corpus and stores stay in
# --work (default a temp folder, removed at the end) and are never part of the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
articles=2000
lookup_limit=120
conll="$root/../shared/data/conll2003/train.txt"
work=""
bin="${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}"
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles="$2"; shift 2 ;;
    --conll) conll="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --lookup-limit) lookup_limit="$2"; shift 2 ;;
    *) echo "usage: benches/scale.sh [--articles N] [--conll FILE] [--work DIR] [--bin PATH] [--lookup-limit SECONDS]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "no newsgraph binary at $bin: cargo build --release, or pass --bin" >&2; exit 2; }
[ -f "$conll" ] || { echo "no CoNLL file at $conll: pass --conll" >&2; exit 2; }
command -v oxigraph >/dev/null || { echo "the oxigraph CLI is missing: pip install oxigraph" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
if [ -z "$work" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
corpus="$work/corpus"

python3 - "$conll" "$corpus" "$articles" <<'PY'
import os, sys
conll, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sentences, words = [], []
for line in open(conll, encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("-DOCSTART-"):
        if words:
            sentences.append(words)
            words = []
        continue
    words.append(line.split()[0])
if words:
    sentences.append(words)
def detok(ws):
    text = " ".join(ws)
    for p in [" ,", " .", " 's", " n't", " ;", " :", " )", " ?", " !"]:
        text = text.replace(p, p.strip())
    return text.replace("( ", "(")
texts = [" ".join(detok(s) for s in sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
os.makedirs(out, exist_ok=True)
for i in range(n):
    copy, k = divmod(i, len(texts))
    with open(os.path.join(out, f"a{copy:02d}-{k:05d}.txt"), "w", encoding="utf-8") as f:
        f.write(texts[k] + "\n")
PY
words=$(cat "$corpus"/*.txt | wc -w)

measure() { # label, command...: prints "seconds peak_rss_kb"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.$label" "$@" > /dev/null 2> "$work/err.$label" || {
    cat "$work/err.$label" >&2; exit 1; }
  cat "$work/time.$label"
}
size_mb() { du -sm "$1" | cut -f1; }

read -r t_extract rss_extract < <(measure extract "$bin" --quiet extract "$corpus")
read -r t_build rss_build < <(measure build "$bin" --quiet --store "$work/store" build "$corpus")
read -r t_rebuild rss_rebuild < <(measure rebuild "$bin" --quiet --store "$work/store" build "$corpus")
# One article changed: its graph is replaced, after the store's entities are read for identity
# across articles.
articles_in=("$corpus"/*.txt)
printf 'The statement was issued on Monday.\n' >> "${articles_in[0]}"
read -r t_touched rss_touched < <(measure touched "$bin" --quiet --store "$work/store" build "$corpus")
size_built=$(size_mb "$work/store")
read -r t_opt _ < <(measure optimize "$bin" --quiet --store "$work/store" optimize)
size_opt=$(size_mb "$work/store")
quads=$("$bin" --store "$work/store" query -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' --format csv | tail -1 | tr -d '\r')

"$bin" --quiet --store "$work/store" export --with-ontology --format nq -o "$work/all.nq"
read -r t_oxload rss_oxload < <(measure oxload oxigraph load --location "$work/oxstore" --file "$work/all.nq")
size_ox_loaded=$(size_mb "$work/oxstore")
oxigraph optimize --location "$work/oxstore" > /dev/null 2>&1 || true
size_ox=$(size_mb "$work/oxstore")
# The same content as newsgraph's store: the article graphs and the merged default graph.
oxigraph dump --location "$work/store" --file "$work/full.nq" > /dev/null 2>&1
full_quads=$(wc -l < "$work/full.nq")
read -r t_oxfull rss_oxfull < <(measure oxfull oxigraph load --location "$work/oxfull" --file "$work/full.nq")
oxigraph optimize --location "$work/oxfull" > /dev/null 2>&1 || true
size_oxfull=$(size_mb "$work/oxfull")
rm -f "$work/full.nq" "$work/all.nq"

echo "| step | seconds | peak RSS MB | notes |"
echo "|---|---|---|---|"
printf "| extraction (extract → /dev/null) | %s | %d | %d articles, %d words |\n" "$t_extract" $((rss_extract / 1024)) "$articles" "$words"
printf "| oxigraph load of the same quads | %s | %d | %s MB on disk after optimize |\n" "$t_oxload" $((rss_oxload / 1024)) "$size_ox"
printf "| newsgraph build | %s | %d | %s quads in named graphs; %s MB on disk, %s MB after optimize (%.2f× oxigraph's) |\n" "$t_build" $((rss_build / 1024)) "$quads" "$size_built" "$size_opt" "$(echo "$size_opt / $size_ox" | bc -l)"
printf "| oxigraph load of the store's whole content | %s | %d | %s quads (article graphs and merged default graph); %s MB on disk after optimize |\n" "$t_oxfull" $((rss_oxfull / 1024)) "$full_quads" "$size_oxfull"
printf "| build ÷ (extraction + oxigraph load) | %.2f | | against the whole content: %.2f; store size against it: %.2f× |\n" "$(echo "$t_build / ($t_extract + $t_oxload)" | bc -l)" "$(echo "$t_build / ($t_extract + $t_oxfull)" | bc -l)" "$(echo "$size_opt / $size_oxfull" | bc -l)"
printf "| re-build, unchanged | %s | %d | %.1f%% of the first build |\n" "$t_rebuild" $((rss_rebuild / 1024)) "$(echo "100 * $t_rebuild / $t_build" | bc -l)"
printf "| re-build, one article changed | %s | %d | %.1f%% of the first build (the store's entities read for identity) |\n" "$t_touched" $((rss_touched / 1024)) "$(echo "100 * $t_touched / $t_build" | bc -l)"
printf "| optimize | %s | | |\n" "$t_opt"
echo
# Each query over the whole corpus (no parameter) and, when it has a ?file variable, about one
# article (--param file=…; a parameter the query does not have is an error).
files=("$corpus"/*.txt)
one="$(basename "${files[0]}")"
# The whole-corpus column also runs with Oxigraph's own plan (--joins lookup: index lookups
# for every join), the baseline of newsgraph's join planning.
echo "| query | seconds, whole corpus | the same, --joins lookup | seconds, --param file=$one |"
echo "|---|---|---|---|"
for q in "$root"/queries/*.rq; do
  # Once untimed, so that both plans find the store's files in the page cache.
  "$bin" --store "$work/store" query "$q" --format csv > /dev/null
  read -r t _ < <(measure "q.$(basename "$q")" "$bin" --store "$work/store" query "$q" --format csv)
  # Oxigraph's own plan may take very long over the whole corpus: bounded by --lookup-limit.
  if timeout "$lookup_limit" /usr/bin/time -f "%e %M" -o "$work/time.ql" "$bin" --store "$work/store" query "$q" --format csv --joins lookup > /dev/null 2>&1; then
    read -r tl _ < "$work/time.ql"
  else
    tl="> $lookup_limit"
  fi
  if grep -q '?file' "$q"; then
    read -r t1 _ < <(measure "q1.$(basename "$q")" "$bin" --store "$work/store" query "$q" --format csv --param "file=$one")
  else
    t1="–"
  fi
  printf "| %s | %s | %s | %s |\n" "$(basename "$q")" "$t" "$tl" "$t1"
done
top='SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { ?p a ng:Person ; ng:mentionedIn ?a } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10'
topg='SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?p a ng:Person ; ng:mentionedIn ?a } } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10'
read -r t_top _ < <(measure top "$bin" --store "$work/store" query -e "$top" --format csv)
read -r t_topg _ < <(measure topg "$bin" --store "$work/store" query -e "$topg" --format csv)
printf "| top persons by articles, default graph | %s |\n" "$t_top"
printf "| the same with GRAPH ?g | %s |\n" "$t_topg"
