#!/usr/bin/env bash
# Main-text extraction candidates on the 182 pages of ../shared/eval/webpages, in one run:
# newsgraph's reader, the Rust crates considered for it (rs-trafilatura, dom_smoothie,
# readabilityrs, and scraper's plain text as the floor) and Python trafilatura, each scored by
# score_webpages.py and timed on one core. The crates are built in a throwaway project under
# a temporary folder (a few minutes the first time); none of them is a dependency of newsgraph.
#
#   benches/html_candidates.sh [PATH/TO/newsgraph]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared"
pages="$shared/eval/webpages/pages"
score="$shared/eval/webpages/score_webpages.py"
bin="${1:-${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/newsgraph}}"
[ -x "$bin" ] || { echo "no newsgraph binary at $bin" >&2; exit 2; }
work="${HTML_CANDIDATES_DIR:-${TMPDIR:-/tmp}/newsgraph-html-candidates}"
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "html-candidates"
version = "0.1.0"
edition = "2021"
[dependencies]
rs-trafilatura = "=0.2.2"
dom_smoothie = "=0.19.0"
readabilityrs = "=0.1.4"
scraper = "0.25"
serde_json = "1"
TOML
cat > "$work/src/main.rs" <<'RUST'
//! Reads every page of a folder with one extractor and prints {file: text} as JSON; the time
//! for all pages (read from memory, one thread) goes to stderr.
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args[1].as_str();
    let mut files: Vec<_> = std::fs::read_dir(&args[2]).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let pages: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).unwrap()))
        .collect();
    let mut out = serde_json::Map::new();
    let start = Instant::now();
    for (name, bytes) in &pages {
        let html = String::from_utf8_lossy(bytes);
        let text = std::panic::catch_unwind(|| match which {
            "rs-trafilatura" => rs_trafilatura::extract_bytes(bytes).map(|r| r.content_text).unwrap_or_default(),
            "dom_smoothie" => dom_smoothie::Readability::new(html.as_ref(), None, None)
                .ok()
                .and_then(|mut r| r.parse().ok())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default(),
            "readabilityrs" => readabilityrs::Readability::new(html.as_ref(), None, None)
                .ok()
                .and_then(|r| r.parse())
                .and_then(|a| a.text_content)
                .unwrap_or_default(),
            "scraper-all-text" => {
                let d = scraper::Html::parse_document(&html);
                d.root_element().text().collect::<Vec<_>>().join(" ")
            }
            _ => panic!("unknown extractor {which}"),
        })
        .unwrap_or_else(|_| {
            eprintln!("{which}: {name}: panicked");
            String::new()
        });
        out.insert(name.clone(), serde_json::Value::String(text));
    }
    eprintln!("{:.2}", start.elapsed().as_secs_f64());
    println!("{}", serde_json::Value::Object(out));
}
RUST
(cd "$work" && CARGO_TARGET_DIR="$work/target" cargo build --release -q)
echo "| extractor | main text (score_webpages.py) | seconds for 182 pages, one core |"
echo "|---|---|---|"
for which in rs-trafilatura dom_smoothie readabilityrs scraper-all-text; do
  secs=$("$work/target/release/html-candidates" "$which" "$pages" 2>&1 >"$work/$which.json" | tail -1)
  echo "| $which | $(python3 "$score" --pred "$work/$which.json" | tail -1) | $secs |"
done
python3 - "$pages" "$work/trafilatura.json" <<'PY' 2>"$work/trafilatura.time"
import json, sys, time
from pathlib import Path
import trafilatura
pages = sorted(Path(sys.argv[1]).iterdir())
raw = [(p.name, p.read_bytes()) for p in pages]
t = time.perf_counter()
out = {name: trafilatura.extract(b) or "" for name, b in raw}
print(f"{time.perf_counter() - t:.2f}", file=sys.stderr)
json.dump(out, open(sys.argv[2], "w"))
PY
echo "| trafilatura $(python3 -c 'import trafilatura; print(trafilatura.__version__)') | $(python3 "$score" --pred "$work/trafilatura.json" | tail -1) | $(tail -1 "$work/trafilatura.time") |"
start=$(date +%s.%N)
RAYON_NUM_THREADS=1 "$bin" --quiet extract --format text "$pages" > /dev/null 2>&1 || true
end=$(date +%s.%N)
echo "| newsgraph (extract --format text; scored on what reaches the graph) | $(python3 "$score" --bin "$bin" | tail -1) | $(python3 -c "print(f'{$end - $start:.2f}')") (process included) |"
