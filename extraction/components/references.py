"""References to other meetings: which body did what, when ("Styrgruppen ... vid möte den 250121 godkände ...")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.dates import find_dates

PREVIOUS = re.compile(r"\b(föregående|förra)\s+(minnesanteckningar|protokoll|möte|mötes|sammanträde)", re.IGNORECASE)
MEETING_WORDS = re.compile(r"\b(möte|mötet|sammanträde|sammanträdet|planeringsdag|planeringsdagen|sammankomst)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReferenceMatch:
    body: str | None
    date: str | None
    action: str
    start: int
    end: int


def previous_meeting(title: str, year: int | None) -> str | None:
    """'Föregående minnesanteckningar 241219' names the previous meeting's date."""
    if not PREVIOUS.search(title):
        return None
    for d in find_dates(title, year):
        if d.iso:
            return d.iso
    return None


def find_reference(sentence: str, offset: int, bodies: list[tuple[str, int]], year: int | None,
                   is_past) -> ReferenceMatch | None:
    """A sentence that reports what another body did (past tense) or when it met.

    bodies: (canonical name, position in sentence) of the bodies mentioned, in order."""
    if not bodies:
        return None
    words = re.findall(r"[\wåäöÅÄÖ]+", sentence)
    past = any(is_past(w) for w in words)
    dates = [d for d in find_dates(sentence, year) if d.iso]
    meets = MEETING_WORDS.search(sentence)
    if not past and not (dates and meets):
        return None
    body = bodies[0][0]
    date = dates[0].iso if dates and (meets or re.search(r"\bden\s+\d", sentence)) else None
    action = re.sub(r"\s+", " ", sentence).strip()
    return ReferenceMatch(body, date, action, offset, offset + len(sentence))
