"""The document's own structure: lines with offsets, agenda item headings and the text under each."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extraction.patterns import word_set


@dataclass(frozen=True)
class Line:
    no: int
    start: int          # character offset of the line in the document text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class Section:
    """One agenda item: its heading and the lines up to the next heading."""
    number: str
    title: str
    kind: str | None
    first: int                  # index of the heading line
    last: int                   # index of the last line of the item (inclusive)
    body_first: int             # first line after the heading (and its continuation)
    presenters_line: int | None = None
    parent: str | None = None
    start: int = 0
    end: int = 0
    meta: dict = field(default_factory=dict)


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for no, raw in enumerate(text.split("\n")):
        lines.append(Line(no, pos, raw))
        pos += len(raw) + 1
    return lines


# "4. Title", "§ 14 Title", "14 § Title", "SN 12 Title", "a) Title"
NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(?P<title>\S.*)$")
PARAGRAPH = re.compile(r"^\s*(?:[A-ZÅÄÖ]{1,6}\s+)?§\s*(\d{1,3})\s*(?P<title>.*)$")
PARAGRAPH_AFTER = re.compile(r"^\s*(\d{1,3})\s*§\s+(?P<title>\S.*)$")
PREFIXED = re.compile(r"^\s*[A-ZÅÄÖ]{2,6}\s+(\d{1,3})\s+(?P<title>[A-ZÅÄÖ].*)$")
LETTERED = re.compile(r"^\s*([a-h])\s*\)\s+(?P<title>\S.*)$")
PRESENTER = re.compile(r"^\s*(?:Föredragande|Föredragare|Presentatör|Ansvarig)\s*:\s*(?P<who>.*)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    return word_set("item_kinds.txt")


def split_kind(title: str) -> tuple[str | None, str]:
    """'Information/dialog: X' -> ('Information/dialog', 'X'); only known labels count as a kind."""
    m = re.match(r"^(?P<label>[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ/& ]{2,40}?)\s*:\s+(?P<rest>\S.*)$", title)
    if not m:
        return None, title
    words = [w for w in re.split(r"\s*(?:/|&|\boch\b)\s*", m["label"].strip().lower()) if w]
    if words and all(w in _kinds() for w in words):
        return m["label"].strip(), m["rest"].strip()
    return None, title


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    return title.rstrip(" .:")


def _looks_like_title(title: str) -> bool:
    title = title.strip()
    return bool(title) and (title[0].isupper() or title[0] in "§\"”") and len(title) < 200


def find_sections(lines: list[Line]) -> list[Section]:
    """Headings in order; a lettered heading belongs to the last numbered one."""
    sections: list[Section] = []
    current_top: str | None = None
    last_top = 0
    for i, line in enumerate(lines):
        text = line.text
        number = title = None
        m = NUMBERED.match(text) or PARAGRAPH_AFTER.match(text)
        if m and _looks_like_title(m["title"]):
            n = int(m.group(1))
            # Numbers must move forward a little: a list inside the text ("1. ...") restarts at 1.
            if last_top < n <= last_top + 3 or (n == 1 and last_top == 0) or (sections and PARAGRAPH_AFTER.match(text)):
                number, title, last_top, current_top = str(n), m["title"], n, str(n)
        if number is None:
            m = PARAGRAPH.match(text)
            if m and (m["title"].strip() == "" or _looks_like_title(m["title"])):
                n = int(m.group(1))
                number, title, last_top, current_top = str(n), m["title"], n, str(n)
        if number is None:
            m = LETTERED.match(text)
            if m and current_top is not None and _looks_like_title(m["title"]):
                number, title = current_top + m.group(1), m["title"]
        if number is None:
            continue
        sections.append(Section(number=number, title=title, kind=None, first=i, last=i, body_first=i + 1,
                                parent=current_top if number != current_top else None))
    for k, section in enumerate(sections):
        section.last = (sections[k + 1].first - 1) if k + 1 < len(sections) else len(lines) - 1
        _complete_title(section, lines)
        section.start = lines[section.first].start
        section.end = lines[section.last].end
    return _split_unlettered(sections, lines)


def _complete_title(section: Section, lines: list[Line]) -> None:
    """A heading may wrap onto following lines; it ends at a blank line, 'Föredragande:' or a sentence."""
    parts = [section.title.strip()]
    i = section.first + 1
    while i <= section.last and i <= section.first + 3:
        text = lines[i].stripped
        if not text or PRESENTER.match(text) or _starts_statement(text):
            break
        if parts[-1].endswith((".", ":")) or len(parts[-1]) < 40:
            break
        parts.append(text)
        i += 1
    section.body_first = i
    kind, title = split_kind(" ".join(parts))
    section.kind = kind
    section.title = _clean_title(title)


def _starts_statement(text: str) -> bool:
    return bool(re.match(r"^(Förslag till beslut|[A-ZÅÄÖ][\wåäö-]+ beslut(ar|ade)\b)", text))


def _split_unlettered(sections: list[Section], lines: list[Line]) -> list[Section]:
    """'4. Rapporter' followed by 'Information: X' + 'Föredragande:' is an unlettered sub-item of 4."""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        if section.kind is not None:
            continue
        for i in range(section.body_first, min(section.last + 1, section.body_first + 4)):
            text = lines[i].stripped
            if not text:
                continue
            kind, title = split_kind(text)
            if kind is None:
                break
            sub = Section(number=section.number, title=title, kind=kind, first=i, last=section.last,
                          body_first=i + 1, parent=section.number)
            _complete_title(sub, lines)
            sub.kind = kind
            sub.start, sub.end = lines[i].start, section.end
            section.last = i - 1
            section.end = lines[i - 1].end
            out.append(sub)
            break
    return out
