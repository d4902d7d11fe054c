#!/usr/bin/env python3
"""Writes a CoNLL04 split (Roth & Yih 2004) as CoNLL IOB2 NER data, for `newsgraph train`
beside CoNLL-2003.

    python3 data/gold/roth_yih_to_iob.py ../shared/eval/conll04 train > OUT.txt

Peop → PER, Org → ORG, Loc → LOC. CoNLL04's Other holds both names of other kinds ("World War
II", "Americans"), which CoNLL-2003 tags MISC, and dates and quantities ("Dec.", "42 percent"),
which it leaves untagged: an Other span with a digit or a calendar word is O, any other MISC.

CoNLL04 is research data without a licence for redistribution: OUT.txt must lie outside the
repository (the trained model may be shipped).
"""
import json
import os
import sys

TYPE_MAP = {"Peop": "PER", "Org": "ORG", "Loc": "LOC", "Other": "MISC"}
CALENDAR = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "gmt", "a.m", "p.m",
}


def spans(tags):
    """(start, end, type) of the BILOU-tagged entities."""
    out, start = [], None
    for i, tag in enumerate(tags):
        if tag == "O":
            start = None
            continue
        prefix, etype = tag.split("-", 1)
        if prefix == "U":
            out.append((i, i + 1, etype))
        elif prefix == "B":
            start = i
        elif prefix == "L" and start is not None:
            out.append((start, i + 1, etype))
            start = None
    return out


def is_name(words):
    return not any(
        any(c.isdigit() for c in w) or w.lower().rstrip(".") in CALENDAR for w in words
    )


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    conll04_dir, split = sys.argv[1:]
    path = os.path.join(conll04_dir, "data", f"conll04_{split}.json")
    with open(path, encoding="utf-8") as f:
        sentences = json.load(f)
    out = sys.stdout
    for sentence in sentences:
        words = sentence["tokens"]
        labels = ["O"] * len(words)
        for start, end, etype in spans(sentence["tags"]):
            if etype == "Other" and not is_name(words[start:end]):
                continue
            label = TYPE_MAP[etype]
            labels[start] = f"B-{label}"
            for k in range(start + 1, end):
                labels[k] = f"I-{label}"
        for word, label in zip(words, labels):
            out.write(f"{word} {label}\n")
        out.write("\n")


if __name__ == "__main__":
    main()
