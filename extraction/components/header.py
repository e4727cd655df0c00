"""The meeting header: date of the meeting (not of the writing), time, place, dnr, kind and body."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extraction.components.layout import Line
from extraction.dates import find_dates
from extraction.patterns import read_table

AGENDA_WORDS = re.compile(r"^\s*(Kallelse|Föredragningslista|Dagordning|Ärendelista|[\wåäö ]*kallas till sammanträde)", re.IGNORECASE | re.MULTILINE)
MINUTES_WORDS = re.compile(r"^\s*(Protokoll|Minnesanteckningar|Mötesanteckningar|Anteckningar|Sammanträdesprotokoll|[A-ZÅÄÖ][\wåäö]*protokoll)\b", re.MULTILINE)
HEADING_BODY = re.compile(
    r"^\s*(?:Minnesanteckningar|Protokoll|Mötesanteckningar|Anteckningar|Kallelse)\s+(?:från\s+|för\s+)?(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ-]+(?:\s+(?:för|i)\s+[\wåäöÅÄÖ-]+)*)\s*$"
    r"|^\s*(?P<body2>[A-ZÅÄÖ][\wåäöÅÄÖ-]+?)s\s+(?:protokoll|minnesanteckningar)\b"
    r"|^\s*(?P<body3>[A-ZÅÄÖ][\wåäö]+?)s?protokoll\b",
    re.MULTILINE)


@lru_cache(maxsize=1)
def _labels() -> list[tuple[str, str]]:
    return sorted(((label, field) for label, field in read_table("header_labels.tsv")), key=lambda r: -len(r[0]))


def labelled(lines: list[Line], limit: int) -> list[tuple[int, str, str]]:
    """(line index, field, value) for 'Label: value' lines in the first `limit` lines."""
    out = []
    for i, line in enumerate(lines[:limit]):
        text = line.stripped
        for label, field in _labels():
            m = re.match(rf"^{re.escape(label)}\b\s*:?\s*(?P<value>.*)$", text, re.IGNORECASE)
            if m and m["value"].strip():
                out.append((i, field, m["value"].strip()))
                break
    return out


def meeting_date(lines: list[Line], limit: int) -> str | None:
    """The meeting's own date: a meeting-date label wins; among plain 'Datum' lines, the one near 'Tid'."""
    fields = labelled(lines, limit)
    candidates = []
    time_lines = [i for i, f, _ in fields if f in ("time", "time_place")]
    for i, field, value in fields:
        for d in find_dates(value):
            if d.has_year and d.iso:
                distance = min((abs(i - t) for t in time_lines), default=99)
                rank = 0 if field == "meeting_date" else 1
                if field in ("date", "meeting_date", "time_place"):
                    candidates.append((rank, distance, i, d.iso))
                break
    if candidates:
        return sorted(candidates)[0][3]
    # No labels: a heading line with a full date ("Direktionens protokoll 9 december 2022").
    for line in lines[:limit]:
        s = line.stripped
        if s and len(s) < 120:
            dates = [d for d in find_dates(s) if d.has_year and d.iso]
            if dates and not re.search(r"anslag|justera|bilaga|skrivelse|tjänsteskrivelse", s, re.IGNORECASE):
                return dates[0].iso
    return None


def field_value(lines: list[Line], limit: int, wanted: str) -> str | None:
    for _, field, value in labelled(lines, limit):
        if field == wanted or (wanted == "place" and field == "time_place"):
            value = re.sub(r"\s+", " ", value).strip(" .")
            return value or None
    return None


def meeting_time(lines: list[Line], limit: int) -> str | None:
    value = field_value(lines, limit, "time")
    if not value:
        return None
    m = re.search(r"(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})", value)
    return f"{m[1]}–{m[2]}" if m else value


def document_kind(text: str, decided: int, proposed: int) -> str:
    """'agenda' for a notice with proposals, 'minutes' for a record of what was decided."""
    if proposed > decided:
        return "agenda"
    if decided == 0 and AGENDA_WORDS.search(text[:2000]) and not MINUTES_WORDS.search(text[:2000]):
        return "agenda"
    return "minutes"


def heading_body(lines: list[Line], limit: int) -> str | None:
    """A body named by the document's heading ("Minnesanteckningar Nätverket", "Direktionsprotokoll")."""
    for line in lines[:limit]:
        m = HEADING_BODY.match(line.text)
        if m:
            body = m["body"] or m["body2"] or m["body3"]
            if body and len(body) > 3:
                if m["body3"]:
                    return body[:1].upper() + body[1:] + "en" if not body.endswith("en") else body
                return body
    return None


def dominant_subject(subjects: list[str]) -> str | None:
    counts = Counter(subjects)
    return counts.most_common(1)[0][0] if counts else None
