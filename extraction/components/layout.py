"""The document's own structure: lines with offsets, agenda item headings and the text under each."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extraction.components import flat
from extraction.gazetteers import is_given_name, unit_head
from extraction.patterns import squeeze, word_set


@dataclass(frozen=True)
class Line:
    no: int
    start: int          # character offset of the line in the document text
    text: str
    heading: str | None = None      # item number when the line was cut out of flat text as a heading
    kind: str | None = None         # the kind its group heading gave it ("Yttranden")

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
    """Logical lines: the physical lines, with flat PDF text (a page on one line) cut apart."""
    lines, pos = [], 0
    for no, raw in enumerate(text.split("\n")):
        lines.append(Line(no, pos, raw))
        pos += len(raw) + 1
    return flat.unflatten(lines)


# "4. Title", "§ 14 Title", "14 § Title", "SN 12 Title", "a) Title"
NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(?P<title>\S.*)$")
PARAGRAPH = re.compile(r"^\s*(?:[A-ZÅÄÖ]{1,6}\s+)?§\s*(\d{1,3})\s*(?P<title>.*)$")
PARAGRAPH_AFTER = re.compile(r"^\s*(\d{1,3})\s*§\s+(?P<title>\S.*)$")
PREFIXED = re.compile(r"^\s*(?P<prefix>[A-ZÅÄÖ]{2,6})\s+(?:§\s*)?(\d{1,3})\s+(?P<title>[A-ZÅÄÖ].*)$")
LETTERED = re.compile(r"^\s*([a-h])\s*\)\s+(?P<title>\S.*)$")
PRESENTER = re.compile(r"^\s*[*_]*(?:Föredragande|Föredragare|Presentatör|Ansvarig)[*_]*\s*:\s*[*_]*(?P<who>.*?)[*_]*\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    return word_set("item_kinds.txt")


KIND_LABEL = re.compile(r"^(?P<label>[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ/& ]{2,40}?)\s*:\s+(?P<rest>\S.*)$")
KIND_SEPARATOR = re.compile(r"\s*(?:/|&|\boch\b)\s*")


def split_kind(title: str) -> tuple[str | None, str]:
    """'Information/dialog: X' -> ('Information/dialog', 'X'); only known labels count as a kind."""
    m = KIND_LABEL.match(title)
    if not m:
        return None, title
    words = [w for w in KIND_SEPARATOR.split(m["label"].strip().lower()) if w]
    if words and all(w in _kinds() for w in words):
        return m["label"].strip(), m["rest"].strip()
    return None, title


def _clean_title(title: str) -> str:
    title = squeeze(title)
    return title.rstrip(" .:")


def _looks_like_title(title: str) -> bool:
    title = title.strip()
    return bool(title) and (title[0].isupper() or title[0] in "§\"”") and len(title) < 200


TOC_ENTRY = re.compile(r"(?:\s*\.{2,}|\s*…+)\s*\d{1,3}\s*(?:_+)?\s*$")
BULLET = re.compile(r"^\s*[\ue000-\uf8ff•▪■◦●]\s*(?P<title>[A-ZÅÄÖ].*)$")
TITLE_STOP = re.compile(r"\s+(?:Dnr\b|Diarienr\b).*$")
CONTINUES = ("för", "av", "om", "och", "i", "till", "med", "inom", "mellan", "på", "från", "det", "den", "de",
             "en", "ett", "samt", "inför", "vid", "över", "under", "mot", "efter", "s.k.", "-", "–", ",")


def find_sections(lines: list[Line]) -> list[Section]:
    """Headings in order; a lettered heading belongs to the last numbered one."""
    sections: list[Section] = []
    current_top: str | None = None
    last_top = 0
    prefixes = _item_prefixes(lines)
    for i, line in enumerate(lines):
        text = line.text
        number = title = None
        m = PREFIXED.match(text)
        if m and m["prefix"] in prefixes and _looks_like_title(m["title"]):
            n = int(m.group(2))
            number, title, last_top, current_top = str(n), m["title"], n, str(n)
            sections.append(Section(number=number, title=title, kind=None, first=i, last=i, body_first=i + 1))
            continue
        if line.heading is not None:
            number, title, last_top, current_top = line.heading, line.text, int(line.heading), line.heading
            sections.append(Section(number=number, title=title, kind=line.kind, first=i, last=i, body_first=i + 1,
                                    meta={"flat": True}))
            continue
        m = NUMBERED.match(text) or PARAGRAPH_AFTER.match(text)
        if m and _looks_like_title(m["title"]):
            n = int(m.group(1))
            # Numbers must move forward a little: a list inside the text ("1. ...") restarts at 1.
            if last_top < n <= last_top + 3 or (n == 1 and last_top == 0) or PARAGRAPH_AFTER.match(text):
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
    if not sections:
        sections = _bullet_sections(lines)
    for k, section in enumerate(sections):
        section.last = (sections[k + 1].first - 1) if k + 1 < len(sections) else len(lines) - 1
        if not section.meta.get("flat"):
            _complete_title(section, lines)
        section.start = lines[section.first].start
        section.end = lines[section.last].end
    _mark_toc(sections, lines)
    sections = _split_unlettered(sections, lines)
    _attach_by_dnr(sections, lines)
    return sections


def _item_prefixes(lines: list[Line]) -> frozenset[str]:
    """The body's initials before item numbers ("SN 12 Title", "KS § 45 Title"): a prefix that opens at
    least two lines with increasing numbers."""
    seen: dict[str, list[int]] = {}
    for line in lines:
        m = PREFIXED.match(line.text)
        if m:
            seen.setdefault(m["prefix"], []).append(int(m.group(2)))
    return frozenset(p for p, ns in seen.items() if len(ns) >= 2 and ns == sorted(ns) and len(set(ns)) == len(ns))


def _bullet_sections(lines: list[Line]) -> list[Section]:
    """Notes without numbers: short bulleted headings, each followed by its paragraph, are the items."""
    out = []
    for i, line in enumerate(lines):
        m = BULLET.match(line.text)
        if not m:
            continue
        title = m["title"].strip()
        nxt = next((ln.stripped for ln in lines[i + 1:i + 3] if ln.stripped), "")
        if len(title) > 100 or title.endswith((".", ",", ";")) or not nxt or BULLET.match(nxt):
            continue
        out.append(Section(number="", title=title, kind=None, first=i, last=i, body_first=i + 1))
    return out if len(out) >= 2 else []


def _mark_toc(sections: list[Section], lines: list[Line]) -> None:
    """A table of contents ("§ 4 Title ... 5"): its entries are items without a body of their own."""
    for section in sections:
        last_line = lines[section.body_first - 1].stripped if section.body_first > section.first else lines[section.first].stripped
        raw = " ".join(lines[k].stripped for k in range(section.first, section.body_first))
        if TOC_ENTRY.search(raw) or TOC_ENTRY.search(last_line):
            section.meta["toc"] = True
            section.title = _clean_title(TOC_ENTRY.sub("", section.title))
            section.last = section.body_first - 1
            section.end = lines[section.last].end


def head_end(sections: list[Section], lines: list[Line]) -> int:
    """Index of the first line after the document's head (header, table of contents, attendance)."""
    real = [s for s in sections if not s.meta.get("toc") and not s.meta.get("attached")]
    if real:
        return real[0].first
    if sections:
        return min(len(lines), sections[-1].last + 80)
    return min(len(lines), 60)


def item_dnr(text: str) -> str | None:
    from extraction.components.flat import DNR
    m = DNR.search(text)
    return re.sub(r"^Dnr:?\s*|\s+", "", m[0]) if m else None


def _attach_by_dnr(sections: list[Section], lines: list[Line]) -> None:
    """An attached document ("Tjänsteskrivelse ... Dnr ABC 2019/7") belongs to the listed item with that dnr."""
    dnrs = {}
    for section in sections:
        for k in range(section.first, min(section.body_first + 1, section.last + 1)):
            d = item_dnr(lines[k].text)
            if d:
                dnrs.setdefault(d, section)
                section.meta["dnr"] = d
                break
    if len(dnrs) < 2:
        return
    added = []
    for section in list(sections):
        for k in range(section.body_first + 1, section.last + 1):
            text = lines[k].stripped
            if not re.match(r"^(Dnr|Diarienr)\b", text):
                continue
            d = item_dnr(text)
            target = dnrs.get(d) if d else None
            if target is None or target is section:
                continue
            added.append(Section(number=target.number, title=target.title, kind=target.kind, first=k, last=section.last,
                                 body_first=k + 1, start=lines[k].start, end=section.end, meta={"attached": True}))
            section.last = k - 1
            section.end = lines[k - 1].end
    if added:
        sections.extend(added)
        sections.sort(key=lambda s: s.first)
        for k, section in enumerate(sections):
            if section.meta.get("attached"):
                section.last = (sections[k + 1].first - 1) if k + 1 < len(sections) else len(lines) - 1
                section.end = lines[section.last].end


@lru_cache(maxsize=1)
def _presenter_sentence() -> re.Pattern:
    verbs = "|".join(re.escape(v) for v in sorted(word_set("presenter_verbs.txt"), key=len, reverse=True))
    name = r"[A-ZÅÄÖÉ][\wåäöé-]+(?:\s+[A-ZÅÄÖÉ][\wåäöé-]+){1,2}"
    return re.compile(rf"^(?P<who>{name}(?:(?:\s*,\s*|\s+och\s+){name})*)(?:\s+(?:från|vid|på)\s+[^.]{{1,60}}?)?\s+(?:{verbs})\b")


def presenter_text(section: Section, lines: list[Line]) -> tuple[str, int] | None:
    """Who presents an item, as written: the 'Föredragande:' line (wrapping over blank lines and onto a
    next 'Name, title' line), a name in brackets closing the heading ("(Karin)"), or a first sentence
    "Anna Berg och Per Ek från X informerar"."""
    from extraction.components.people import person_at_start
    for i in range(section.body_first, min(section.last + 1, section.body_first + 4)):
        m = PRESENTER.match(lines[i].text)
        if not m:
            continue
        who = m["who"].strip()
        j = i + 1
        while j <= section.last:
            k = next((n for n in range(j, min(section.last + 1, j + 3)) if lines[n].stripped), None)
            if k is None:
                break
            nxt = lines[k].stripped
            if who.endswith((",", "och", "-", "&")) or nxt[0].islower() or wraps_unit_name(who, nxt):
                who += " " + nxt
            elif (found := person_at_start(nxt, strict=True)) and found[1].lstrip().startswith(",") and len(nxt) < 100 \
                    and k - i <= 2:
                who += ", " + nxt
            else:
                break
            j = k + 1
        return who, lines[i].start
    if section.meta.get("presenter"):
        return section.meta["presenter"], section.start
    first = next((lines[n] for n in range(section.body_first, min(section.last + 1, section.body_first + 3)) if lines[n].stripped), None)
    if first is not None:
        m = _presenter_sentence().match(first.stripped)
        if m:
            return m["who"], first.start
    return None


def ends_on_unit_head(text: str) -> bool:
    """'..., Utvecklingsenheten Division': a line that ends on the head word of a unit's name goes on."""
    words = text.split()
    return bool(words) and words[-1][:1].isupper() and unit_head(words[-1]) is not None


def wraps_unit_name(text: str, nxt: str) -> bool:
    """A unit's name wrapped onto the next line: '..., Division' / 'Kirurgi', or '..., Stödenheten' /
    'Division Kirurgi'. The next line must be short and read as a name, not a sentence."""
    words = nxt.split()
    if not words or len(words) > 8 or not words[0][:1].isupper() or nxt.rstrip().endswith((".", ":", "!", "?")):
        return False
    if ends_on_unit_head(text):
        return True
    return unit_head(words[0]) is not None and len(words) > 1 and words[1][:1].isupper()


def _strip_dnr(title: str) -> str:
    """'Budgetuppföljning ON 2023/12': the dnr column of an agenda list is not part of the title."""
    from extraction.components.flat import DNR
    m = None
    for m in DNR.finditer(title):
        pass
    if m and m.start() > 0 and not title[m.end():].strip(" .") and not TOC_ENTRY.search(title):
        return title[:m.start()].rstrip(" ,–-")
    return title


def _open_end(text: str) -> bool:
    """A heading line that ends on a word that cannot end a title ("för", "och", "Norr-")."""
    words = text.lower().split()
    return bool(words) and (words[-1] in CONTINUES or words[-1].endswith(("-", ",")))


WRAPPED_HYPHEN = re.compile(r"(?<=\w)- (?=[A-ZÅÄÖ])")
BRACKETED_NAME = re.compile(r"\s*\((?P<who>[A-ZÅÄÖ][a-zåäöé-]+(?:\s+[A-ZÅÄÖ][a-zåäöé-]+)?)\)\s*$")


def _complete_title(section: Section, lines: list[Line]) -> None:
    """A heading may wrap onto following lines (over a blank line after a word that cannot end it)."""
    parts = [section.title.strip()]
    i = section.first + 1
    while i <= section.last and i <= section.first + 4:
        text = lines[i].stripped
        if not text:
            ahead = next((lines[k].stripped for k in range(i + 1, min(section.last + 1, i + 4)) if lines[k].stripped), "")
            if ahead and (_open_end(parts[-1]) or TOC_ENTRY.search(ahead) and not TOC_ENTRY.search(parts[-1])
                          and not TOC_ENTRY.search(" ".join(parts)) and not NUMBERED.match(ahead) and not PARAGRAPH.match(ahead)):
                i += 1
                continue
            break
        if PRESENTER.match(text) or _starts_statement(text):
            break
        wraps = (text[:1].islower() and not text.lower().startswith("att ")) or _open_end(parts[-1]) \
            or TOC_ENTRY.search(text) and not TOC_ENTRY.search(parts[-1])
        if not wraps and (parts[-1].endswith((".", ":", ")")) or len(parts[-1]) < 40 or len(text) > 60 or text.endswith(".")):
            break
        if TOC_ENTRY.search(parts[-1]):
            break
        parts.append(text)
        i += 1
    section.body_first = i
    joined = WRAPPED_HYPHEN.sub("-", " ".join(parts))
    joined = TITLE_STOP.sub("", joined)
    joined = _strip_dnr(joined)
    # "Föregående anteckningar (Karin)": the name in brackets is the presenter.
    m = BRACKETED_NAME.search(joined)
    if m and is_given_name(m["who"].split()[0]):
        section.meta["presenter"] = m["who"]
        joined = joined[:m.start()]
    kind, title = split_kind(joined)
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
