"""Persons and titles in short phrases: "Anna Berg, utvecklingsledare, Stödenheten", "Tf bitr förvaltningschef ABC"."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction import gazetteers
from extraction.components.entities import unit_owner
from extraction.patterns import squeeze

NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüæøß]+(?:-[A-ZÅÄÖÉÜ]?[a-zåäöéüæøß]+)*"
PERSON = re.compile(rf"^(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})")
TITLE_SUFFIXES = ("chef", "ledare", "direktör", "samordnare", "sekreterare", "strateg", "handläggare",
                  "utredare", "ansvarig", "ordförande", "koordinator", "controller", "konsult", "rådgivare")


@dataclass(frozen=True)
class PersonMention:
    name: str
    title: str | None = None        # the title as written ("Divisionschef Kirurgi")
    role: str | None = None         # the post in lower case ("divisionschef")
    body: str | None = None         # the unit the title names ("Kirurgi")


def is_title_word(word: str) -> bool:
    w = word.lower().strip(".,:;()")
    if not w:
        return False
    if w in gazetteers.titles():
        return True
    return len(w) > 5 and w.endswith(TITLE_SUFFIXES)


def is_prefix_word(word: str) -> bool:
    return word.lower().strip(",:;()") in gazetteers.title_prefixes()


def is_given_name(word: str) -> bool:
    parts = word.split("-")
    return all(p.lower() in gazetteers.given_names() for p in parts if p)


def _is_org_word(word: str) -> bool:
    w = word.lower().strip(".,")
    return (gazetteers.municipality_official(word) is not None or w in gazetteers.body_types()
            or w in ("region", "regionen", "kommun", "rss", "vakant", "landstinget", "division", "avdelning")
            or is_title_word(word) or is_prefix_word(word))


WORD = re.compile(r"\S+")


def person_at_start(text: str, strict: bool = True) -> tuple[str, str] | None:
    """(name, rest) when text starts with a person's name.

    strict: the first word must be a known given name; otherwise any two capitalised
    words that are not titles, organisations or municipalities count."""
    text = text.strip()
    m = PERSON.match(text)
    if not m:
        return None
    words = []
    for w in WORD.finditer(m["name"]):
        after = text[w.end():w.end() + 2]
        # "Verks.chef", "Hälso- och": the first part of a compound word, not a name.
        if words and (after[:1] == "-" or (after[:1] == "." and after[1:2].isalpha())):
            break
        words.append(w[0])
    # Stop the name at the first word that is a title, an organisation or a municipality.
    keep: list[str] = []
    for k, word in enumerate(words):
        if k > 0 and _is_org_word(word):
            break
        keep.append(word)
    if len(keep) < 2:
        return None
    if _is_org_word(keep[0]):
        return None
    if strict and not is_given_name(keep[0]):
        return None
    # A third capitalised word is part of the name only if the first two are both given names
    # ("Anna Karin Berg") or it is hyphen-free and the second is a given name ("Eva Larsdotter Holm").
    if len(keep) == 3 and not (is_given_name(keep[1]) or not strict):
        # A third capitalised word that closes the name before a comma or bracket: "Olle Berg Strand, ..."
        closes = re.match(rf"^{re.escape(' '.join(keep))}\s*(?:[,(]|$)", text)
        if not closes or is_given_name(keep[2]):
            keep = keep[:2]
    name = " ".join(keep)
    rest = text[len(name):] if text.startswith(name) else text[m.end():]
    return name, rest


def parse_title(text: str, default_body: str | None = None) -> tuple[str | None, str | None]:
    """'Tf bitr Förvaltningschef DHC' -> ('tf bitr förvaltningschef', 'DHC'); body falls back to default_body."""
    text = squeeze(text.strip(" ,–-:;"))
    if not text:
        return None, default_body
    words = text.split(" ")
    k = 0
    while k < len(words) and is_prefix_word(words[k]):
        k += 1
    # Multi-word titles from the list ("hälso- och sjukvårdsdirektör", "vice ordförande").
    for n in (4, 3, 2):
        phrase = " ".join(words[k:k + n]).lower().strip(",")
        if phrase in gazetteers.titles():
            role = " ".join(words[:k + n]).lower().strip(",")
            return role, _body(words[k + n:], default_body)
    if k < len(words) and is_title_word(words[k]):
        role = " ".join(words[:k + 1]).lower().strip(",")
        return role, _body(words[k + 1:], default_body, gazetteers.chief_unit(words[k]))
    if k and k == len(words):
        return " ".join(words).lower(), default_body
    return None, default_body


def _body(words: list[str], default: str | None, unit: str | None = None) -> str | None:
    """The unit a title names: 'divisionschef Kirurgi' leads 'Division Kirurgi' (unit: the head word)."""
    rest = " ".join(words).strip(" ,–-:;*_")      # "*...*": markdown emphasis around the line
    rest = re.sub(r"^(för|i|vid|på|inom)\s+", "", rest, flags=re.IGNORECASE).strip(" ,")
    if rest and unit and rest[:1].isupper() and not rest.lower().startswith(unit.lower()):
        rest = f"{unit} {rest}"
    return unit_owner(rest) or default


PERSON_SEPARATOR = re.compile(r",|\s[–-]\s|;|\s+och\s+(?=[A-ZÅÄÖ])")


def parse_people(text: str, default_body: str | None = None) -> list[PersonMention]:
    """A list of persons with optional titles: 'A B, titel, Org, C D – titel Org, E F'."""
    segments = [s.strip() for s in PERSON_SEPARATOR.split(text) if s.strip()]
    people: list[tuple[str, list[str]]] = []
    for seg in segments:
        first = seg.split()[0]
        found = None
        if not (is_title_word(first) or is_prefix_word(first)):
            found = person_at_start(seg, strict=bool(people))
        if found:
            name, rest = found
            people.append((name, [rest.strip()] if rest.strip() else []))
        elif people:
            people[-1][1].append(seg)
    return [_mention(name, info, default_body) for name, info in people]


def _mention(name: str, info: list[str], default_body: str | None) -> PersonMention:
    for k, seg in enumerate(info):
        role, body = parse_title(seg, None)
        if role is None:
            continue
        written = body
        if body is None:
            later = [s for s in info[k + 1:] if parse_title(s, None)[0] is None]
            # "Anna Berg, divisionschef, Kirurgi": the unit after a comma, named as the title names it.
            written = later[0] if later else None
            body = _body([written], None, gazetteers.chief_unit(role)) if written else default_body
        title = " ".join(info[k:k + 2]) if written and written in info[k + 1:k + 2] else seg
        return PersonMention(name, title, role, body)
    return PersonMention(name)
