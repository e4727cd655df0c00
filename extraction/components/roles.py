"""Posts the text states: chair and vice chair of a body (with periods), titles beside names."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.components.people import NAME_WORD, is_given_name
from extraction.patterns import may_match, read_lines, required_texts

CHAIR_BEFORE = re.compile(rf"\b(?P<role>[Oo]rdförande|[Oo]rdföranden|[Vv]ice ordförande|[Ss]ekreterare)\s+(?P<name>{NAME_WORD}\s+{NAME_WORD})")
APPOINT = re.compile(
    rf"\b(?:utse|utses|utsåg|välja|väljs|valdes|valde)\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})(?:,(?P<title>[^,]{{1,80}}?),?)?\s+till\s+"
    r"(?P<role>(?:vice\s+|1:e\s+vice\s+|2:e\s+vice\s+)?ordförande|sekreterare|representant|ersättare|ledamot)"
    r"(?:\s+(?:för|i)\s+(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[a-zåäöA-ZÅÄÖ-]+)?))?(?:\s+(?:(?:under|för)\s+)?(?:år\s+)?(?P<year>\d{4})\b)?")
# "Anna Berg har tillträtt som utvecklingsledare för X vid RSS Nord", "har anställts som ny chef för Enheten Y".
TOOK_POST = re.compile(
    rf"\b(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})\s+(?:har\s+)?(?:[a-zåäö ]{{0,40}}?\s)?"
    r"(?:tillträtt|tillträder|tillträdde|anställts|anställdes|utsetts|utsågs|rekryterats|rekryterades|börjat|börjar)\s+"
    r"som\s+(?:ny\s+|tillförordnad\s+|tf\.?\s+)?(?P<role>[a-zåäö-]+)(?:\s+för\s+[a-zåäö ,-]+?)?\s+(?:vid|för|på|i|inom)\s+"
    r"(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[A-ZÅÄÖ][\wåäöÅÄÖ-]*)?)")
# Signature blocks and attendance labels: "Sekreterare Peter Notini", "Sekreterare är Per Silverliden", "Ordförande. Ulf Olsson".
SIGNATURE = re.compile(rf"(?:^|(?<=\s))(?P<role>Ordförande|Sekreterare|Vice ordförande|Mötessekreterare|Nämndsekreterare)"
                       rf"(?:\s+är|[.:])?\s+(?P<name>{NAME_WORD}(?:\s+(?!Ordförande|Sekreterare|Justerare|Justeras|Vice\b){NAME_WORD}){{1,2}})")
TITLE_AT = re.compile(r"^\s*(?P<role>[\wåäöÅÄÖ.-]+)\s+(?:i|på|vid)\s+(?P<body>[A-ZÅÄÖ].+?)\s*$")


@dataclass(frozen=True)
class RoleMatch:
    person: str
    role: str
    body: str | None
    start_date: str | None
    end_date: str | None
    start: int
    end: int


@lru_cache(maxsize=1)
def _needs() -> dict[str, tuple]:
    """The texts a match of each pattern needs (extraction.patterns.required_texts), read once. Speed only:
    most sentences and lines lack them, and the patterns are not run there."""
    return {name: required_texts(pattern) for name, pattern in
            (("appoint", APPOINT), ("took_post", TOOK_POST), ("chair_before", CHAIR_BEFORE), ("signature", SIGNATURE))}


def find_roles(sentence: str, offset: int) -> list[RoleMatch]:
    out = []
    needs = _needs()
    for m in APPOINT.finditer(sentence) if may_match(needs["appoint"], sentence) else ():
        year = m["year"]
        body = m["body"]
        if body:
            body = re.sub(r"\s+(under|för|år)$", "", body)
        out.append(RoleMatch(m["name"], m["role"].lower(), body,
                             f"{year}-01-01" if year else None, f"{year}-12-31" if year else None,
                             offset + m.start(), offset + m.end()))
        title = TITLE_AT.match(m["title"] or "")
        if title and gazetteers.is_title(title["role"]):
            # "utse Anna Berg, socialchef i Mora kommun, till ordförande": her post at home as well.
            out.append(RoleMatch(m["name"], title["role"].lower(), title["body"], None, None,
                                 offset + m.start(), offset + m.end()))
        elif m["title"] and not title:
            # "utse Anna Berg, divisionschef Kirurgi, till ...": a title with its unit, read as everywhere else.
            from extraction.components.people import parse_title
            role, home = parse_title(m["title"])
            if role and home and gazetteers.is_title(role):
                out.append(RoleMatch(m["name"], role, home, None, None, offset + m.start(), offset + m.end()))
    for m in TOOK_POST.finditer(sentence) if may_match(needs["took_post"], sentence) else ():
        if not is_given_name(m["name"].split()[0]) or not gazetteers.is_title(m["role"]):
            continue
        start = None
        when = re.search(r"\b(?:tillträder|tillträdde|från och med|fr\.o\.m\.?)\s+(?:tjänsten\s+)?(?:den\s+)?(?P<d>\d{1,2}\s+[a-zåäö]+\s+\d{4}|\d{4}-\d{2}-\d{2})", sentence)
        if when:
            from extraction.dates import find_dates
            found = [d.iso for d in find_dates(when["d"]) if d.iso]
            start = found[0] if found else None
        out.append(RoleMatch(m["name"], m["role"].lower(), m["body"], start, None, offset + m.start(), offset + m.end()))
    for m in CHAIR_BEFORE.finditer(sentence) if may_match(needs["chair_before"], sentence) else ():
        role = m["role"].lower().replace("ordföranden", "ordförande")
        out.append(RoleMatch(m["name"], role, None, None, None, offset + m.start(), offset + m.end()))
    return out


ORDINAL_CHAIR = re.compile(r"^(?:\d+\s*[:-]\s*[ae]\s+|förste\s+|andre\s+)?vice\s+ordförande$")


@lru_cache(maxsize=1)
def _body_posts() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("body_posts.txt"))


@lru_cache(maxsize=1)
def _board_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("board_words.txt"))


def is_body_post(role: str) -> bool:
    """A post in the meeting's own body: ordförande, 1:e vice ordförande, sekreterare ..."""
    low = re.sub(r"\s+", " ", role.lower()).strip(" .")
    return low in _body_posts() or bool(ORDINAL_CHAIR.match(low))


def owner_of(body: str | None) -> str | None:
    """'Direktionen för Norra Räddningsförbundet' -> 'Norra Räddningsförbundet':
    the organisation whose board a body is, when its name says so."""
    if not body:
        return None
    m = re.match(r"^(?P<head>[\wåäöÅÄÖ-]+)\s+(?:för|i)\s+(?P<owner>[A-ZÅÄÖ].+)$", body)
    if m and m["head"].lower() in _board_words():
        return m["owner"]
    return None


def is_board_word(word: str) -> bool:
    return word.strip().lower() in _board_words()


def default_body(role: str, meeting_body: str | None, owner: str | None = None) -> str | None:
    """The unit of a role whose text names none: the meeting's body for its own posts,
    else the organisation that owns the meeting's body."""
    if is_body_post(role):
        return meeting_body
    return owner or owner_of(meeting_body)


def signature_roles(line: str, offset: int) -> list[RoleMatch]:
    """Posts named by a label before a person: signature blocks, 'Sekreterare är X'."""
    out = []
    if not may_match(_needs()["signature"], line):
        return out
    for m in SIGNATURE.finditer(line):
        name = m["name"]
        if not is_given_name(name.split()[0]):
            continue
        out.append(RoleMatch(name, m["role"].lower(), None, None, None, offset + m.start(), offset + m.end()))
    return out


@lru_cache(maxsize=1)
def _title_abbreviations() -> dict[str, str]:
    from extraction.patterns import read_table
    return {row[0].lower(): row[1] for row in read_table("title_abbreviations.tsv") if len(row) == 2}


def attendee_roles(title: str, organization: str | None) -> list[tuple[str, str | None]]:
    """(role, body) of the title written beside a name in the attendance list.

    'HR-chef och avdelningschef Verksamhetsstöd' holds two posts; 'ordf.' is 'ordförande'. A post in
    the meeting's own body (ordförande, sekreterare) gets no body here: it is the meeting's body."""
    from extraction.components.people import is_title_word, parse_title
    text = re.sub(r"\s+", " ", title).strip(" ,()")
    parts = [text]
    m = re.match(r"^(?P<a>.+?)\s+[Oo]ch\s+(?P<b>\S+.*)$", text)
    if m and is_title_word(m["b"].split()[0]) and is_title_word(m["a"].split()[-1]):
        parts = [m["a"], m["b"]]
        if all(parse_title(part, None)[1] is None for part in parts) and len(m["b"].split()) == 1:
            parts = [text]       # "expert och utredare": one title of two words
    if len(parts) == 1 and m and is_title_word(m["b"].split()[0]) and len(m["b"].split()) == 1 \
            and is_title_word(m["a"].split()[-1]):
        return [(text.lower(), organization)]
    out = []
    for part in parts:
        low = part.lower().strip(" ,")
        full = _title_abbreviations().get(low) or _title_abbreviations().get(low.split(",")[0].strip())
        if full:
            out.append((full, None))
            continue
        role, body = parse_title(part, None)
        if not role or role in gazetteers.title_prefixes():
            continue
        role = _title_abbreviations().get(role, role)
        if is_body_post(role) and body and not (gazetteers.body_type(body.split()[-1]) or body.split()[0].isupper()):
            body = None          # "sekr. Östergötland": a place, not the unit of the post
        out.append((role, None if is_body_post(role) and not body else (body or organization)))
    return out
