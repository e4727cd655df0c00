"""The meeting header: date of the meeting (not of the writing), time, place, dnr, kind and body."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extraction import gazetteers
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


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern, re.Pattern]]]:
    """A test for any label at a line's start, then (field, 'Label value' pattern, 'Label:' pattern) per label."""
    labels = _labels()
    any_label = re.compile("^(?:" + "|".join(re.escape(label) for label, _ in labels) + r")\b", re.IGNORECASE)
    return any_label, [(field, re.compile(rf"^{re.escape(label)}\b\s*(?P<colon>:?)\s*(?P<value>.*)$", re.IGNORECASE),
                        re.compile(rf"^{re.escape(label)}\b\s*:", re.IGNORECASE)) for label, field in labels]


def labelled(lines: list[Line], limit: int) -> list[tuple[int, str, str]]:
    """(line index, field, value) for 'Label: value' lines in the first `limit` lines."""
    any_label, patterns = _label_patterns()
    out = []
    for i, line in enumerate(lines[:limit]):
        text = line.stripped
        if not any_label.match(text):
            continue                 # most lines start with no label: one test instead of one per label
        for field, pattern, _ in patterns:
            m = pattern.match(text)
            if not m:
                continue
            value = m["value"].strip()
            if not value and m["colon"]:
                # "Dag:" alone, its value on the next line.
                value = next((ln.stripped for ln in lines[i + 1:min(limit, i + 3)] if ln.stripped), "")
                if _labels_match(value):
                    value = ""
            if value:
                out.append((i, field, value))
                break
    return out


def _labels_match(text: str) -> bool:
    return any(colon.match(text) for _, _, colon in _label_patterns()[1])


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
    # No labels: a heading line with a full date ("Nämndens protokoll 4 maj 2021").
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
            if field == "time_place":
                # "onsdagen den 8 februari 2017 kl 09.00-11.15 Rådhuset, Karlshamn": the place is what is left.
                for d in find_dates(value):
                    value = value.replace(d.text, " ")
                value = re.sub(r"\b(?:[a-zåäö]+dag(?:en)?|den)\b", " ", value, flags=re.IGNORECASE)
                value = re.sub(r"\b[Kk]l\.?\s*(?:\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)?", " ", value)
                value = re.sub(r"\s+", " ", value).strip(" ,.")
            return value or None
    return None


def meeting_time(lines: list[Line], limit: int) -> str | None:
    value = field_value(lines, limit, "time")
    if not value:
        return None
    m = re.search(r"(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})", value)
    return f"{m[1]}–{m[2]}" if m else value


def _title_lines(lines: list[Line], n: int = 4) -> list[str]:
    """The first few non-empty lines: the document's title block (page marks like "(1)" skipped)."""
    out = []
    for line in lines[:40]:
        s = line.stripped
        if s and not re.fullmatch(r"[\d()\s/]+|S\s?I\s?D\s?A\s?N\s.*|Sida\s+\d.*", s, re.IGNORECASE):
            out.append(s)
        if len(out) == n:
            break
    return out


TITLE_MINUTES = re.compile(r"protokoll\b|\b(minnes|mötes)?anteckningar\b", re.IGNORECASE)
TITLE_AGENDA = re.compile(r"\b(kallelse|föredragningslista|dagordning|ärendelista)\b|kallas till sammanträde", re.IGNORECASE)


def document_kind(lines: list[Line], decided: int, proposed: int) -> str:
    """'agenda' for a notice with proposals, 'minutes' for a record of what was decided.

    The title says it first ("Protokoll", "Minnesanteckningar" / "Kallelse", "Föredragningslista");
    without one, proposals ("Förslag till beslut", "beslutar") against decisions ("beslutade")."""
    for title in _title_lines(lines, 3):
        if TITLE_MINUTES.search(title):
            return "minutes"
        if TITLE_AGENDA.search(title):
            return "agenda"
    if proposed > decided:
        return "agenda"
    head = "\n".join(line.text for line in lines[:200])[:3000]
    if decided == 0 and AGENDA_WORDS.search(head) and not MINUTES_WORDS.search(head):
        return "agenda"
    return "minutes"


BODY_BEFORE = re.compile(
    r"^(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+(?:för|i|och|[A-ZÅÄÖ][\wåäöÅÄÖ-]*)){0,4}?)"
    r"\s+(?i:protokoll|sammanträdesprotokoll|minnesanteckningar|kallas till sammanträde|kallelse)\b")
BODY_AFTER = re.compile(
    r"^(?i:minnesanteckningar|protokoll|mötesanteckningar|anteckningar|kallelse|sammanträdesprotokoll)\s+(?:från\s+|för\s+)?"
    r"(?P<body>[A-ZÅÄÖ][\wåäöÅÄÖ:-]*(?:\s+[\wåäöÅÄÖ:-]+){0,5})")
COMPOUND = re.compile(r"^(?P<body>[A-ZÅÄÖ][a-zåäö]{3,}?)s?(?:protokoll|kallelse)\b")


def heading_body(lines: list[Line], limit: int) -> str | None:
    """The body that the title block names: "Minnesanteckningar Regional programgrupp X", "Nämndens protokoll",
    "Styrelseprotokoll", "SAMORDNINGSFÖRBUNDET PROTOKOLL / I X LÄN", "Styrelsen kallas till sammanträde", or a letterhead line above "MINNESANTECKNINGAR"."""
    titles = _title_lines(lines, 4)
    for k, title in enumerate(titles):
        m = COMPOUND.match(title)
        if m and (m["body"].lower() in gazetteers.body_types() or m["body"].lower() + "en" in gazetteers.body_types()):
            body = m["body"]
            return body if body.lower().endswith(("en", "et")) else body + ("n" if body.endswith("e") else "en")
        m = BODY_BEFORE.match(title)
        if m and not TITLE_MINUTES.fullmatch(m["body"]) and len(m["body"]) > 3:
            body = m["body"]
            if re.search(r"(?:ens|ets)$", body):       # "Nämndens protokoll": the genitive names the body
                body = body[:-1]
            nxt = titles[k + 1] if k + 1 < len(titles) else ""
            cont = re.match(r"^(i|för)\s+([A-ZÅÄÖ][\wåäöÅÄÖ]+\s+(?:LÄN|län|KOMMUN|kommun|REGION|region))\b", nxt, re.IGNORECASE)
            if cont:
                body += " " + cont[1] + " " + cont[2]
            return _case(body)
        m = BODY_AFTER.match(title)
        if m:
            body = re.split(r"\s+(?:\d|den\b|Datum\b|Dag\b|[Kk]l\b|[a-zåäö]+dag(?:en)?\b|[A-ZÅÄÖ][a-zåäö]+dag(?:en)?\b)", m["body"])[0]
            return _case(body.strip())
        if TITLE_MINUTES.search(title) and k > 0:
            letterhead = titles[k - 1]
            if letterhead.isupper() and len(letterhead.split()) <= 5 and not re.search(r"\d", letterhead):
                return _case(letterhead)
    # A title line that opens with a body ("Gemensam nämnd för X Tisdag 4 maj ...").
    first = titles[0] if titles else ""
    m = re.match(r"^(?P<body>[A-ZÅÄÖ][\wåäö-]*(?:\s+[a-zåäö][\wåäö-]*){0,4})", first)
    if m:
        words = m["body"].split()
        if any(w.lower() in gazetteers.body_types() for w in words[:3]) and 2 <= len(words):
            body = re.split(r"\s+(?:den|kl|i)\b", m["body"])[0]
            return body
    return None


def _case(text: str) -> str:
    """An all-caps heading in the case of a name: first word and place names capitalised."""
    if not text.isupper():
        return text
    words = text.lower().split()
    out = []
    for k, w in enumerate(words):
        if k == 0 or gazetteers.municipality_official(w.capitalize()) or w.upper() == w and len(w) <= 3 and False:
            out.append(w.capitalize())
        else:
            out.append(w)
    return " ".join(out)


def meeting_body(subjects: list[str], lines: list[Line], limit: int) -> str | None:
    """The deciding subject named most often; the heading's fuller name when it begins with that subject
    ("Arbetsgruppen beslutade" under "Minnesanteckningar Arbetsgruppen för X")."""
    subject = dominant_subject(subjects)
    heading = heading_body(lines, limit)
    if subject and heading and heading.lower().startswith(subject.lower() + " "):
        return heading
    return subject or heading


def dominant_subject(subjects: list[str]) -> str | None:
    counts = Counter(subjects)
    return counts.most_common(1)[0][0] if counts else None
