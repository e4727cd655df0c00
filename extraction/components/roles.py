"""Posts the text states: chair and vice chair of a body (with periods), titles beside names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.components.people import NAME_WORD

CHAIR_BEFORE = re.compile(rf"\b(?P<role>[Oo]rdförande|[Oo]rdföranden|[Vv]ice ordförande|[Ss]ekreterare)\s+(?P<name>{NAME_WORD}\s+{NAME_WORD})")
APPOINT = re.compile(
    rf"\b(?:utse|utses|utsåg|välja|väljs|valdes|valde)\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})(?:,[^,]{{1,80}},)?\s+till\s+"
    r"(?P<role>(?:vice\s+|1:e\s+vice\s+|2:e\s+vice\s+)?ordförande|sekreterare|representant|ersättare|ledamot)"
    r"(?:\s+(?:för|i)\s+(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[\wåäöÅÄÖ-]+)?))?(?:\s+(?:under|för)\s+(?:år\s+)?(?P<year>\d{4}))?")


@dataclass(frozen=True)
class RoleMatch:
    person: str
    role: str
    body: str | None
    start_date: str | None
    end_date: str | None
    start: int
    end: int


def find_roles(sentence: str, offset: int) -> list[RoleMatch]:
    out = []
    for m in APPOINT.finditer(sentence):
        year = m["year"]
        body = m["body"]
        if body:
            body = re.sub(r"\s+(under|för|år)$", "", body)
        out.append(RoleMatch(m["name"], m["role"].lower(), body,
                             f"{year}-01-01" if year else None, f"{year}-12-31" if year else None,
                             offset + m.start(), offset + m.end()))
    for m in CHAIR_BEFORE.finditer(sentence):
        role = m["role"].lower().replace("ordföranden", "ordförande")
        out.append(RoleMatch(m["name"], role, None, None, None, offset + m.start(), offset + m.end()))
    return out
