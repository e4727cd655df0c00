"""The attendance table: persons, their municipality or regional organisation, and titles.

Two layouts are read. The side-by-side table of a network ("Kommun | Region X"), where each text
line interleaves a municipality cell (names, municipality) and a region cell (name, title), and the
list layout of protocols, headed Beslutande / Ersättare / Övriga deltagare / Frånvarande, with lines
like "Karin Berg (S), ordförande" or "Karin Berg, Kramfors".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.components.layout import Line
from extraction.components.people import is_title_word, parse_people, parse_title, person_at_start
from extraction.patterns import read_table

PARTY = re.compile(r"\s*\((?:S|M|C|V|L|KD|MP|SD|FP|-|Fi|ÖP|[A-ZÅÄÖ]{1,4})\)")


@dataclass(frozen=True)
class Attendance:
    name: str
    organization: str | None
    role: str | None
    present: bool
    line: int
    title: str | None = None
    role_body: str | None = None


@lru_cache(maxsize=1)
def _sections() -> tuple[tuple[str, str], ...]:
    """(label, kind) of the attendance headings, longest label first so 'ej närvarande' beats 'närvarande'."""
    rows = [(label.lower(), kind) for label, kind in read_table("attendance_sections.tsv")]
    return tuple(sorted(rows, key=lambda kv: -len(kv[0])))


def _section_of(text: str) -> tuple[str, str] | None:
    """('present'|'absent'|'other', rest of line) when the line opens an attendance section."""
    low = text.strip().lower()
    for label, kind in _sections():
        if low.startswith(label) and (len(low) == len(label) or not low[len(label)].isalpha()):
            return kind, text.strip()[len(label):].strip(" :\t")
    return None


def _municipality_at(words: list[str]) -> tuple[int, int, str] | None:
    """Index range and official name of the first municipality word(s) in a row of words."""
    for i, word in enumerate(words):
        for n in (2, 1):
            cand = " ".join(words[i:i + n]).strip(",|")
            if not cand or not cand[0].isupper():
                continue
            official = gazetteers.municipality_official(cand)
            if official and not (i > 0 and words[i - 1].endswith("-")):
                return i, i + n, official
    return None


def _default_region(text: str) -> str | None:
    counts = Counter()
    for m in re.finditer(r"\bRegion [A-ZÅÄÖ][a-zåäö]+\b|\b[A-ZÅÄÖ][a-zåäö]+regionen\b", text):
        if m[0] in gazetteers.regions().values() or m[0] in gazetteers.regions():
            counts[gazetteers.regions().get(m[0], m[0])] += 1
    return counts.most_common(1)[0][0] if counts else None


def read_attendance(lines: list[Line], end: int, text: str) -> list[Attendance]:
    """Attendance from the lines before the first agenda item (index `end`)."""
    table = _read_table(lines, end, text)
    if table:
        return table
    return _read_lists(lines, end)


# -- the two-column network table -------------------------------------------------------------

def _read_table(lines: list[Line], end: int, text: str) -> list[Attendance]:
    start = None
    for i in range(end):
        if re.match(r"^\s*(Närvarande|Deltagare)\b", lines[i].text) and "(" in lines[i].text or \
           re.match(r"^\s*Kommun(er)?\b", lines[i].text):
            start = i
    if start is None:
        start = 0
    rows = [i for i in range(start, end) if _municipality_at(_words(lines[i].text))]
    if len(rows) < 3:
        return []
    region_org = _default_region(text) or None
    right_org = region_org
    out: list[Attendance] = []
    pending: list[tuple[str, int]] = []
    for i in range(start, end):
        raw = lines[i].text
        if not raw.strip():
            continue
        if re.match(r"^\s*(Närvarande|Deltagare)\b", raw):
            continue
        words = _words(raw)
        header = re.match(r"^\s*Kommun(er)?\s+(?P<org>.+)$", raw.strip())
        if header:
            right_org = _org(header["org"]) or right_org
            continue
        found = _municipality_at(words)
        if found is None:
            # A line of the region cell alone (a new organisation, or a person with a title),
            # or names of the municipality cell that continue on the next line.
            right = " ".join(words)
            if _is_org_header(right):
                right_org = _org(right)
            elif _has_title(right) and person_at_start(right, strict=False):
                out.extend(_region_people(right, right_org, i))
            else:
                pending.append((right, i))
            continue
        a, b, official = found
        left = " ".join([p for p, _ in pending] + [" ".join(words[:a])])
        line_of = pending[0][1] if pending else i
        pending = []
        for name, role in _names(left):
            out.append(Attendance(name, official, role, True, line_of))
        right = " ".join(words[b:]).strip(" |")
        if not right:
            continue
        if _is_org_header(right):
            right_org = _org(right)
        else:
            out.extend(_region_people(right, right_org, i))
    return out


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s|]+", text.replace("\t", " ")) if w and w != "|"]


def _names(cell: str) -> list[tuple[str, str | None]]:
    """'Maria Jonsson, Arne Holmström' -> names; '(tf)' after a name is its role."""
    out = []
    for part in re.split(r",", cell):
        part = re.sub(r"\s+", " ", part).strip()
        if not part:
            continue
        role = None
        m = re.search(r"\(([^)]{1,12})\)\s*$", part)
        if m:
            role, part = m[1].strip(), part[:m.start()].strip()
        if re.match(r"^[A-ZÅÄÖÉ][\wåäöé-]+(\s+[A-ZÅÄÖÉ][\wåäöé-]+){1,2}$", part):
            out.append((part, role))
        elif re.match(r"^[A-ZÅÄÖÉa-zåäöé][\wåäöé]+-[A-ZÅÄÖÉ][\wåäöé]+$", part):
            # A struck-through name that the scan garbled into one hyphenated word.
            out.append((part, role))
    return out


def _is_org_header(text: str) -> bool:
    text = text.strip()
    if not text or person_at_start(text, strict=True):
        return False
    first = text.split()[0]
    return first.isupper() or first in ("Region", "Regionen") or "/" in text or text.lower() in gazetteers.body_types()


def _org(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" |\t")


def _has_title(text: str) -> bool:
    return any(is_title_word(w) for w in text.split())


def _region_people(cell: str, org: str | None, line: int) -> list[Attendance]:
    found = person_at_start(cell, strict=False)
    if not found or found[0].lower().startswith("vakant"):
        return []
    name, rest = found
    title = rest.strip(" ,") or None
    role, body = parse_title(title or "", None)
    return [Attendance(name, _canonical_org(org), title, True, line, title=title, role_body=body)]


def _canonical_org(org: str | None) -> str | None:
    if org is None:
        return None
    # "Stödenheten X / Hälsa och omsorg": the unit before the slash names the organisation.
    return org.split("/")[0].strip() or org


# -- the list layout of protocols -------------------------------------------------------------

def _read_lists(lines: list[Line], end: int) -> list[Attendance]:
    out: list[Attendance] = []
    kind = None
    for i in range(end):
        text = lines[i].stripped
        if not text:
            continue
        opened = _section_of(text)
        if opened:
            kind, text = opened
            if kind == "stop":
                kind = None
                continue
            if not text:
                continue
        if kind is None:
            continue
        present = kind != "absent"
        for entry in _list_entries(text):
            out.append(Attendance(entry[0], entry[1], entry[2], present, i, title=entry[2], role_body=entry[3]))
    return out


def _list_entries(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """'Karin Berg (S), ordförande Anna Ek (C)' -> entries (name, organisation, role, role body)."""
    text = PARTY.sub(",", text)
    entries = []
    for mention in parse_people(text):
        org, role, body = None, mention.role, mention.body
        if mention.title and not role:
            official = gazetteers.municipality_official(mention.title.strip())
            org = official or None
        if body:
            official = gazetteers.municipality_official(body.strip())
            if official:
                org, body = official, None
        entries.append((mention.name, org, role, body))
    return entries
