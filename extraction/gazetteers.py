"""Gazetteers: Swedish municipalities, regions, national bodies, titles, body and agreement words, given names.

The lists are data in ``patterns/``; this module only reads them, once, and answers lookups.
Keys of the lookup dicts are case-folded unless a function says otherwise: abbreviations such as
"LAG" or "Vision" are kept case-sensitive because their lower-case forms are ordinary words.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extraction.patterns import squeeze

PATTERNS = Path(__file__).parent / "patterns"

BODY_TYPES = frozenset({
    "network", "council", "steering_group", "working_group", "board", "committee",
    "federation", "department", "unit", "programme_group", "authority",
})
AGREEMENT_TYPES = frozenset({"agreement", "directive", "plan", "rules"})

# Official forms end in one of these; what is left is the genitive stem ("Falu", "Gagnefs").
_OFFICIAL_SUFFIXES = (" kommun", " stad", " Stad")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Municipality:
    name: str                   # bare name: "Falun", "Malung-Sälen"
    official: str               # "Falu kommun", "Göteborgs Stad", "Region Gotland"
    county: str                 # "Dalarnas län"
    aliases: tuple[str, ...] = ()
    ambiguous: str = ""         # "word" or "person" when the bare name is also a common word or name

    @property
    def stem(self) -> str | None:
        """The genitive stem of the official form ("Falu", "Gagnefs"), if it has one."""
        for suffix in _OFFICIAL_SUFFIXES:
            if self.official.endswith(suffix):
                return self.official[: -len(suffix)]
        return None


def _key(text: str) -> str:
    return squeeze(text).casefold()


def _lines(filename: str) -> list[str]:
    text = (PATTERNS / filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _rows(filename: str) -> list[dict[str, str]]:
    reader = csv.DictReader(_lines(filename), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(",") if part.strip())


# --- municipalities and counties -------------------------------------------------------------

@lru_cache(maxsize=None)
def municipality_list() -> tuple[Municipality, ...]:
    """All 290 municipalities in file order."""
    return tuple(
        Municipality(r["name"], r["official"], r["county"], _split(r.get("aliases", "")), r.get("ambiguous", ""))
        for r in _rows("municipalities.tsv")
    )


@lru_cache(maxsize=None)
def municipalities() -> dict[str, Municipality]:
    """Case-folded bare name, official form, genitive stem and aliases -> Municipality.

    Names, official forms and stems win over aliases when two would share a key.
    """
    index: dict[str, Municipality] = {}
    for m in municipality_list():
        for form in (m.name, m.official, m.stem):
            if form:
                index.setdefault(_key(form), m)
    for m in municipality_list():
        for form in m.aliases:
            index.setdefault(_key(form), m)
    return index


def municipality(name: str) -> Municipality | None:
    """The municipality a name denotes: "Falun", "Falu kommun", "falun", "Gagnef kommun"."""
    index = municipalities()
    key = _key(name)
    if key in index:
        return index[key]
    for suffix in (" kommun", " stad", " kommuns", " stads"):
        if key.endswith(suffix):
            return index.get(key[: -len(suffix)])
    return None


def municipality_official(name: str) -> str | None:
    """The official form: "Falun" -> "Falu kommun", "Göteborg" -> "Göteborgs Stad"."""
    m = municipality(name)
    return m.official if m else None


@lru_cache(maxsize=None)
def counties() -> frozenset[str]:
    """The 21 counties, as written: "Dalarnas län"."""
    return frozenset(m.county for m in municipality_list())


def county_short(county: str) -> str:
    """The name without "län" and genitive s: "Dalarnas län" -> "Dalarna", "Skåne län" -> "Skåne"."""
    base = county.removesuffix(" län")
    return base[:-1] if base.endswith("s") else base


# --- regions and national bodies -------------------------------------------------------------

@lru_cache(maxsize=None)
def region_list() -> tuple[tuple[str, str], ...]:
    """(region, county) for the 21 regions."""
    return tuple((r["name"], r["county"]) for r in _rows("regions.tsv"))


@lru_cache(maxsize=None)
def regions() -> dict[str, str]:
    """Case-folded name or older form ("landstinget dalarna") -> canonical region name."""
    index: dict[str, str] = {}
    for r in _rows("regions.tsv"):
        for form in (r["name"], *_split(r.get("aliases", ""))):
            index.setdefault(_key(form), r["name"])
    return index


def region(name: str) -> str | None:
    """The canonical region a name denotes, or None."""
    return regions().get(_key(name))


@lru_cache(maxsize=None)
def county_regions() -> dict[str, str]:
    """County -> its region: "Dalarnas län" -> "Region Dalarna"."""
    return {county: name for name, county in region_list()}


def _county_administrations() -> dict[str, str]:
    # "Länsstyrelsen i Dalarnas län", "Länsstyrelsen Dalarnas län", "Länsstyrelsen Dalarna", ...
    index: dict[str, str] = {}
    for county in counties():
        canonical = f"Länsstyrelsen i {county}"
        for place in (county, county_short(county)):
            for form in (f"Länsstyrelsen i {place}", f"Länsstyrelsen {place}"):
                index.setdefault(_key(form), canonical)
    return index


@lru_cache(maxsize=None)
def national_bodies() -> dict[str, str]:
    """Case-folded name or alias -> canonical name of a national authority or organisation.

    Includes "Länsstyrelsen i <län>" for every county. Forms that are only safe in their exact
    case (Vision, Kommunal, IVO) are in national_bodies_exact() instead.
    """
    index: dict[str, str] = {}
    rows = _rows("national_bodies.tsv")
    exact = {form for r in rows for form in _split(r.get("exact", ""))}
    for r in rows:
        for form in (r["name"], *_split(r.get("aliases", ""))):
            if form not in exact:
                index.setdefault(_key(form), r["name"])
    for key, canonical in _county_administrations().items():
        index.setdefault(key, canonical)
    return index


@lru_cache(maxsize=None)
def national_bodies_exact() -> dict[str, str]:
    """Case-sensitive form -> canonical name: "Vision", "IVO", "SKR"."""
    return {form: r["name"] for r in _rows("national_bodies.tsv") for form in _split(r.get("exact", ""))}


def national_body(name: str) -> str | None:
    """The canonical national body a name denotes, trying the exact form first."""
    text = squeeze(name)
    return national_bodies_exact().get(text) or national_bodies().get(_key(text))


# --- words: titles, bodies, agreements, names ------------------------------------------------

def compound_head(word: str, table: dict[str, str] | frozenset[str], min_stem: int = 3) -> str | None:
    """The longest entry of table that word is or ends with, as a Swedish compound head.

    "omsorgsnätverket" -> "nätverket", "tandvårdsavtalet" -> "avtalet". At least min_stem
    letters must stand before the head. A suffix match is a guess ("målgruppen" ends in
    "gruppen"): callers still check capitals and context.
    """
    key = _key(word)
    if key in table:
        return key
    for start in range(min_stem, len(key) - 2):
        if key[start:] in table:
            return key[start:]
    return None


def body_type(word: str) -> str | None:
    """Type of a body word, also for compounds: "Hjälpmedelsnämnden" -> "committee"."""
    head = compound_head(word, body_types())
    return body_types()[head] if head else None


def agreement_type(word: str) -> str | None:
    """Type of an agreement word, also for compounds: "tandvårdsavtalet" -> "agreement"."""
    head = compound_head(word, agreement_types())
    return agreement_types()[head] if head else None


def is_title(words: str) -> bool:
    """Whether words are a title, compounds included: "anhörigsamordnare", "tf. socialchef"."""
    key = _key(words)
    first, _, rest = key.partition(" ")
    if rest and first in title_prefixes():
        key = rest
    return compound_head(key, titles()) is not None

@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Case-folded titles and posts: "ordförande", "hälso- och sjukvårdsdirektör", "mas"."""
    return frozenset(_key(line) for line in _lines("titles.txt"))


@lru_cache(maxsize=None)
def title_prefixes() -> frozenset[str]:
    """Case-folded words put before a title: "tf.", "bitr.", "tillförordnad"."""
    return frozenset(_key(line) for line in _lines("title_prefixes.txt"))


def _typed(filename: str, form: str) -> list[dict[str, str]]:
    return [r for r in _rows(filename) if r.get("form", "word") == form]


@lru_cache(maxsize=None)
def body_types() -> dict[str, str]:
    """Case-folded head word of a body -> type: "styrgruppen" -> "steering_group"."""
    return {_key(r["word"]): r["type"] for r in _typed("body_types.tsv", "word")}


@lru_cache(maxsize=None)
def _unit_rows() -> tuple[dict[str, str], ...]:
    return tuple(_rows("unit_heads.tsv"))


@lru_cache(maxsize=None)
def unit_heads() -> dict[str, str]:
    """Case-folded word that heads a unit's name before it -> the word as written: "division" -> "Division"."""
    return {_key(r["head"]): r["head"] for r in _unit_rows()}


def unit_head(word: str) -> str | None:
    """The head word as written when word heads a unit's name ("Division", "Sektor"), else None."""
    return unit_heads().get(_key(word.strip(".,:;()")))


def chief_unit(title: str) -> str | None:
    """The head word of the unit that a chief's title names with it: "divisionschef" -> "Division"."""
    words = _key(title).split(" ")
    for r in _unit_rows():
        stem = _key(r["chief"]) if r["chief"] else ""
        if stem and words[-1].startswith(stem) and words[-1] != stem:
            return r["head"]
    return None


@lru_cache(maxsize=None)
def body_abbreviations() -> dict[str, str]:
    """Case-sensitive abbreviation of a body kind -> type: "RMPG" -> "programme_group"."""
    return {r["word"]: r["type"] for r in _typed("body_types.tsv", "abbreviation")}


@lru_cache(maxsize=None)
def agreement_types() -> dict[str, str]:
    """Case-folded word for an agreement or governing document -> type: "avtalet" -> "agreement"."""
    return {_key(r["word"]): r["type"] for r in _typed("agreement_types.tsv", "word")}


@lru_cache(maxsize=None)
def agreement_abbreviations() -> dict[str, tuple[str, str]]:
    """Case-sensitive abbreviation -> (type, expansion): "RÖK" -> ("agreement", "regional ...")."""
    return {r["word"]: (r["type"], r.get("expansion", "")) for r in _typed("agreement_types.tsv", "abbreviation")}


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """Case-folded single given names: "anna", "mohammed"."""
    return frozenset(_key(line) for line in _lines("given_names.txt"))


def is_given_name(word: str) -> bool:
    """Whether a word is a given name, double names included: "Anna-Karin", "Per-Olof"."""
    parts = word.split("-")
    return all(part and _key(part) in given_names() for part in parts)
