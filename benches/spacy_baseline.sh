#!/usr/bin/env bash
# Times spaCy's small English pipeline (full pipeline and NER only, one thread) on the same
# texts the extraction benchmark uses: CoNLL-2003 training text re-assembled into 20-sentence
# documents. spaCy is installed into benches/.venv; it is not a dependency of newsgraph.
# usage: benches/spacy_baseline.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q spacy
  .venv/bin/pip install -q en-core-web-sm || .venv/bin/python -m spacy download en_core_web_sm
fi
cat ../../shared/data/conll2003/train.txt ../../shared/data/conll2003/valid.txt > .conll-all.txt
.venv/bin/python - "${1:-.conll-all.txt}" <<'PY'
import sys, time, spacy
path = sys.argv[1]
docs, sent, cur, n = [], [], [], 0
for line in open(path, encoding="utf-8"):
    parts = line.split()
    if len(parts) >= 2 and not parts[0].startswith("-DOCSTART-"):
        sent.append(parts[0])
    elif sent:
        cur.append(" ".join(sent)); sent = []; n += 1
        if n % 20 == 0:
            docs.append("\n".join(cur)); cur = []
if cur:
    docs.append("\n".join(cur))
nlp = spacy.load("en_core_web_sm")
words = sum(len(d.split()) for d in docs)
for name, disable in (("full pipeline", []), ("NER only", [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")])):
    start = time.time()
    for _ in nlp.pipe(docs, disable=disable, batch_size=64):
        pass
    t = time.time() - start
    print(f"spaCy en_core_web_sm {name}: {words} words in {t:.1f} s = {words / t:.0f} words/s (1 process)")
PY
