#!/usr/bin/env python3
"""PolNeAR's gold with the typewriter's quotation marks read as quotation marks.

`../shared/eval/polnear/prepare_polnear.py` marks a quotation direct when most of its
characters lie between “ ” or straight " marks; The New York Times' texts in PolNeAR quote with
two apostrophes (''This isn't tax reform,'' he said), which it does not read, so their quotations
are all indirect in its gold and a quotation found between '' counts as a false hit. This writes
the same gold with those quotations direct as well (pairs of '' or `` in a paragraph, in order,
as the builder pairs straight marks), for `benches/quality.sh`'s second PolNeAR row.

usage: polnear_typewriter_gold.py GOLD.jsonl OUT.jsonl   (texts in texts/ beside GOLD)
"""
import json
import pathlib
import re
import sys


def typewriter_mask(text):
    """A boolean per character: inside a pair of '' or `` marks of one paragraph."""
    mask = [False] * len(text)
    for para in re.finditer(r"[^\n]+", text):
        opened = None
        for mark in re.finditer(r"''|``", para.group(0)):
            if opened is None:
                opened = mark.start()
            else:
                for x in range(para.start() + opened, para.start() + mark.end()):
                    mask[x] = True
                opened = None
        if opened is not None:
            for x in range(para.start() + opened, para.end()):
                mask[x] = True
    return mask


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    gold, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    texts = gold.parent / "texts"
    lines = []
    for no, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = (texts / record["doc"]).read_text(encoding="utf-8")
        except (ValueError, KeyError, OSError) as err:
            sys.exit(f"{gold}:{no}: {err}")
        if "''" in text or "``" in text:
            mask = typewriter_mask(text)
            for q in record.get("quotes", []):
                chars = [k for a, b in q["spans"] for k in range(a, b) if not text[k].isspace()]
                if chars and sum(mask[k] for k in chars) * 2 >= len(chars):
                    q["direct"] = True
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("".join(l + "\n" for l in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
