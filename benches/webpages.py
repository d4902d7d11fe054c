#!/usr/bin/env python3
"""Web pages in, article out: main-text quality, speed, furniture in the graph and metadata, on
the 182 real pages of ../shared/eval/webpages, with trafilatura measured in the same run.

  python3 benches/webpages.py [--bin PATH/TO/newsgraph] [--skip-trafilatura]

1. Main text: ../shared/eval/webpages/score_webpages.py --bin (what reaches the graph: the
   sentences of `extract --format nq`), and the same scorer on trafilatura's output.
2. Reading speed on one core: `extract --format text` (main text and metadata, no NLP) over
   the 182 pages with RAYON_NUM_THREADS=1, best of three, against trafilatura.extract (with
   its metadata) over the same bytes in one Python process.
3. Extraction cost of pages: `extract --format nq` on the pages against the same main texts
   saved as plain .txt files, one core, seven alternating runs (median ratio and range).
4. Furniture in the graph: the entities extracted from each page that are not extracted from
   the article body alone. The set gives no full article bodies, so the body is trafilatura's
   main text of the page (an outside reading, ~0.93 F1 here); an entity counts as found when
   its name (case-insensitive) is among the body's entity names or occurs in the body's text.
5. Metadata: data/gold/webpages-metadata.jsonl (our gold of 40 pages) against what
   `extract --format text` reports: headline, date and publisher, exact after whitespace,
   case and Unicode (NFC) normalisation (headline and publisher: one contains the other, allowing site suffixes
   and "Media" or "Inc." after a name).

Needs trafilatura (pip install trafilatura lxml_html_clean) for 1, 2 and 4."""
import argparse, json, os, re, subprocess, sys, tempfile, time, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "eval" / "webpages" / "pages"


def default_bin():
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    return os.environ.get("NEWSGRAPH_BIN", os.path.join(target, "release", "newsgraph"))


def as_read(binary, folder):
    """{file: (metadata dict, text)} from `extract --format text`."""
    run = subprocess.run([binary, "--quiet", "extract", "--format", "text", str(folder)],
                         capture_output=True, text=True)
    out = {}
    for block in run.stdout.split("=== ")[1:]:
        head, _, text = block.partition("\n---\n")
        lines = head.split("\n")
        meta = {}
        for line in lines[1:]:
            key, _, value = line.partition(": ")
            meta[key] = value
        out[lines[0]] = (meta, text.rstrip("\n"))
    return out, run.stderr


def best_of(n, fn):
    best = None
    for _ in range(n):
        t = time.perf_counter()
        fn()
        el = time.perf_counter() - t
        best = el if best is None else min(best, el)
    return best


def entities(binary, folder):
    """{doc: set of lower-cased entity names} from `extract --format jsonl`."""
    run = subprocess.run([binary, "--quiet", "extract", "--format", "jsonl", str(folder)],
                         capture_output=True, text=True)
    out = {}
    for line in run.stdout.splitlines():
        d = json.loads(line)
        out[d["doc"]] = {e["name"].lower() for e in d["entities"]}
    return out


def norm(s):
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", s or "").strip().lower())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--skip-trafilatura", action="store_true")
    args = ap.parse_args()
    binary = args.bin
    pages = sorted(p for p in PAGES.iterdir())
    work = Path(tempfile.mkdtemp())
    one_core = dict(os.environ, RAYON_NUM_THREADS="1")

    # 1. main text
    score = subprocess.run([sys.executable, str(SHARED / "eval/webpages/score_webpages.py"), "--bin", binary],
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print(f"main text, newsgraph: {score}")
    traf = {}
    if not args.skip_trafilatura:
        import trafilatura
        raw = [(p.name, p.read_bytes()) for p in pages]
        t = time.perf_counter()
        for name, b in raw:
            traf[name] = trafilatura.extract(b, with_metadata=True, output_format="txt") or ""
        traf_time = time.perf_counter() - t
        # The scorer reads plain text: drop the metadata header trafilatura adds.
        plain = {n: re.sub(r"^---\n.*?\n---\n", "", t, flags=re.S) for n, t in traf.items()}
        (work / "traf.json").write_text(json.dumps(plain))
        tscore = subprocess.run([sys.executable, str(SHARED / "eval/webpages/score_webpages.py"), "--pred",
                                 str(work / "traf.json")], capture_output=True, text=True).stdout.strip()
        print(f"main text, trafilatura {trafilatura.__version__}: {tscore}")
        traf = plain

    # 2. reading speed, one core
    read_time = best_of(3, lambda: subprocess.run([binary, "--quiet", "extract", "--format", "text", str(PAGES)],
                                                 capture_output=True, env=one_core))
    line = f"reading 182 pages (main text + metadata), one core: newsgraph {read_time:.2f} s"
    if traf:
        line += f", trafilatura {traf_time:.2f} s: {traf_time / read_time:.1f}x"
    print(line)

    # 3. extraction cost of pages against their texts
    docs, _ = as_read(binary, PAGES)
    txt = work / "texts"
    txt.mkdir()
    for name, (_, text) in docs.items():
        (txt / (name + ".txt")).write_text(text)
    # Alternating runs, so that a slow spell of a shared machine falls on both sides.
    ratios, pages_t, texts_t = [], [], []
    for _ in range(7):
        tp = best_of(1, lambda: subprocess.run([binary, "--quiet", "extract", "--format", "nq", str(PAGES)],
                                               capture_output=True, env=one_core))
        tt = best_of(1, lambda: subprocess.run([binary, "--quiet", "extract", "--format", "nq", str(txt)],
                                               capture_output=True, env=one_core))
        pages_t.append(tp)
        texts_t.append(tt)
        ratios.append(tp / tt)
    med = lambda xs: sorted(xs)[len(xs) // 2]
    print(f"extract --format nq, one core, medians of 7 alternating runs: pages {med(pages_t):.2f} s, "
          f"their main texts as .txt {med(texts_t):.2f} s: {med(ratios):.2f}x "
          f"(runs {min(ratios):.2f}-{max(ratios):.2f}x)")

    # 4. furniture in the graph
    if traf:
        body = work / "bodies"
        body.mkdir()
        for name, text in traf.items():
            if text.strip():
                (body / (name + ".txt")).write_text(text)
        from_pages = entities(binary, PAGES)
        from_bodies = entities(binary, body)
        total = extra = 0
        for name, ents in from_pages.items():
            ref = from_bodies.get(name + ".txt")
            if ref is None:
                continue
            text = norm(traf[name])
            for e in ents:
                total += 1
                if e not in ref and e not in text:
                    extra += 1
        print(f"entities from pages not from their bodies: {extra}/{total} = {extra / max(total, 1):.1%}")

    # 5. metadata
    gold_path = ROOT / "data/gold/webpages-metadata.jsonl"
    if gold_path.exists():
        gold = [json.loads(l) for l in gold_path.read_text().splitlines() if l.strip()]
        found = {"headline": 0, "published": 0, "publisher": 0}
        wanted = dict.fromkeys(found, 0)
        for g in gold:
            meta = docs.get(g["file"], ({}, ""))[0]
            for key in found:
                if not g.get(key):
                    continue
                wanted[key] += 1
                got, want = norm(meta.get(key)), norm(g[key])
                ok = got == want or bool(key != "published" and got and (want in got or got in want))
                found[key] += ok
                if not ok and os.environ.get("VERBOSE"):
                    print(f"  {g['file']}: {key} {meta.get(key)!r} != {g[key]!r}")
        parts = [f"{k} {found[k]}/{wanted[k]} = {found[k] / max(wanted[k], 1):.1%}" for k in found]
        print(f"metadata on {len(gold)} pages: " + ", ".join(parts))


if __name__ == "__main__":
    main()
