"""The attendance table: persons, their municipality or regional organisation, and titles.

Two layouts are read. The side-by-side table of a network ("Kommun | Region X"), where each text
line interleaves a municipality cell (names, municipality) and a region cell (name, title), and the
list layout of protocols, headed Beslutande / Ersättare / Övriga deltagare / Frånvarande, with lines
like "Karin Berg (S), ordförande" or "Karin Berg, Kramfors".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from extraction import gazetteers
from extraction.components.layout import Line
from extraction.components.people import is_prefix_word, is_title_word, parse_title, person_at_start
from extraction.patterns import read_table, squeeze

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


@lru_cache(maxsize=1)
def _section_labels() -> tuple[str, ...]:
    return tuple(label for label, _ in _sections())


PAGE_NUMBER = re.compile(r"^\s*\d{1,2}\s+(?=[A-ZÅÄÖ])")


def _section_of(text: str) -> tuple[str, str] | None:
    """('present'|'absent'|'stop', rest of line) when the line opens an attendance section."""
    text = PAGE_NUMBER.sub("", text.strip())      # a page number run into the line
    low = text.lower()
    if not low.startswith(_section_labels()):
        return None              # speed only: one test for all the labels, as most lines open with none
    for label, kind in _sections():
        if low.startswith(label) and (len(low) == len(label) or not low[len(label)].isalpha()):
            return kind, text[len(label):].strip(" :\t")
    return None


@lru_cache(maxsize=1)
def _inline_labels() -> re.Pattern:
    """A capitalised attendance heading inside a line ("... enhetschef ABC Närvarande Olle Ek")."""
    labels = sorted({label for label, _ in _sections()}, key=len, reverse=True)
    alts = "|".join(re.escape(label[:1].upper() + label[1:]) for label in labels)
    return re.compile(rf"(?<=\s)(?:{alts})(?=\s+[A-ZÅÄÖ]|\s*:|\s*$)")


def _municipality_at(words: list[str]) -> tuple[int, int, str] | None:
    """Index range and official name of the first municipality word(s) in a row of words."""
    for i, word in enumerate(words):
        for n in (2, 1):
            cand = " ".join(words[i:i + n]).strip(",|")
            if not cand or not cand[0].isupper():
                continue
            official = _official(cand)
            if official and not (i > 0 and words[i - 1].endswith("-")):
                return i, i + n, official
    return None


# Speed only: a pure function of the word(s), asked for every word of every row of an attendance table; the
# same names and words come again in the next table.
@lru_cache(maxsize=1 << 14)
def _official(cand: str) -> str | None:
    return gazetteers.municipality_official(cand) or _folded_municipality(cand)


@lru_cache(maxsize=1)
def _folded_index() -> dict[str, str | None]:
    """Municipality names without å/ä/ö (as OCR loses them) -> official form, where that is unambiguous."""
    out: dict[str, str | None] = {}
    for m in gazetteers.municipality_list():
        key = _fold(m.name)
        out[key] = None if key in out and out[key] != m.official else m.official
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _folded_municipality(word: str) -> str | None:
    """'Harnosand' in a scanned table: Härnösands kommun, when only one municipality folds to that form."""
    if len(word) < 4 or _fold(word) == word.lower() and gazetteers.municipality_official(word):
        return None
    return _folded_index().get(_fold(word))


def _default_region(text: str) -> str | None:
    counts = Counter()
    for m in re.finditer(r"\bRegion [A-ZÅÄÖ][a-zåäö]+\b|\b[A-ZÅÄÖ][a-zåäö]+regionen\b", text):
        if m[0] in gazetteers.regions().values() or m[0] in gazetteers.regions():
            counts[gazetteers.regions().get(m[0], m[0])] += 1
    return counts.most_common(1)[0][0] if counts else None


KOMMUN_HEADER = re.compile(r"^\s*Kommun(er)?\b")


def read_attendance(lines: list[Line], end: int, text: str) -> list[Attendance]:
    """Attendance from the lines before the first agenda item (index `end`)."""
    labelled = any(_section_of(lines[i].stripped) for i in range(min(end, len(lines))))
    kommun_header = any(KOMMUN_HEADER.match(lines[i].text) for i in range(min(end, len(lines))))
    if kommun_header or not labelled:
        table = _read_table(lines, end, text)
        if table:
            return table
    return _read_lists(lines, end)


# -- the two-column network table -------------------------------------------------------------

PRESENT_HEADER = re.compile(r"^\s*(Närvarande|Deltagare)\b")
KOMMUN_ORG_HEADER = re.compile(r"^\s*Kommun(er)?\s+(?P<org>.+)$")


def _read_table(lines: list[Line], end: int, text: str) -> list[Attendance]:
    start = None
    for i in range(end):
        if PRESENT_HEADER.match(lines[i].text) and "(" in lines[i].text or \
           KOMMUN_HEADER.match(lines[i].text):
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
        if PRESENT_HEADER.match(raw):
            continue
        words = _words(raw)
        header = KOMMUN_ORG_HEADER.match(raw.strip())
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


SPACES_OR_BARS = re.compile(r"[\s|]+")


def _words(text: str) -> list[str]:
    return [w for w in SPACES_OR_BARS.split(text.replace("\t", " ")) if w and w != "|"]


COMMA = re.compile(r",")
TRAILING_ROLE = re.compile(r"\(([^)]{1,12})\)\s*$")
FULL_NAME = re.compile(r"^[A-ZÅÄÖÉ][\wåäöé-]+(\s+[A-ZÅÄÖÉ][\wåäöé-]+){1,2}$")
HYPHENATED_WORD = re.compile(r"^[A-ZÅÄÖÉa-zåäöé][\wåäöé]+-[A-ZÅÄÖÉ][\wåäöé]+$")


def _names(cell: str) -> list[tuple[str, str | None]]:
    """'Karin Berg, Olle Ek' -> names; '(tf)' after a name is its role."""
    out = []
    parts = []
    for part in COMMA.split(cell):
        part = squeeze(part)
        starts = _person_starts(part) if len(part.split()) >= 3 else []
        if len(starts) > 1 or starts and starts[0][0] > 0:
            # Names of several lines run together: "Stina Dahl Anna-Lena Ek".
            bounds = [a for a, _ in starts] + [len(part)]
            parts.extend(part[a:b].strip() for a, b in zip(bounds, bounds[1:]))
        else:
            parts.append(part)
    for part in parts:
        if not part:
            continue
        role = None
        m = TRAILING_ROLE.search(part)
        if m:
            role, part = m[1].strip(), part[:m.start()].strip()
        if FULL_NAME.match(part):
            out.append((part, role))
        elif HYPHENATED_WORD.match(part):
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

@lru_cache(maxsize=4)
def _header_heads(labels: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rf"^{re.escape(h)}\b\s*:?", re.IGNORECASE) for h in labels)


def _read_lists(lines: list[Line], end: int) -> list[Attendance]:
    """Sections headed Beslutande / Ersättare / Övriga / Frånvarande ...: each a run of persons."""
    from extraction.components.header import _labels as header_labels
    out: list[Attendance] = []
    runs: list[tuple[str, list[tuple[str, int]]]] = []      # (kind, [(text, line index)])
    kind = None
    heads = _header_heads(tuple(label for label, _ in header_labels()))
    for i in range(min(end, len(lines))):
        text = lines[i].stripped
        if not text:
            continue
        opened = _section_of(text)
        if opened is None and any(h.match(text) for h in heads):
            kind = None          # a header field ("Plats: ...") ends the attendance part
            continue
        if opened:
            kind, text = opened
            kind = None if kind == "stop" else kind
            if kind is not None:
                runs.append((kind, []))
        if kind is None or not text:
            continue
        # Headings inside the line start new sections.
        pos = 0
        for m in _inline_labels().finditer(text):
            runs[-1][1].append((text[pos:m.start()], i))
            sub = _section_of(text[m.start():])
            if sub is None:
                continue
            kind = None if sub[0] == "stop" else sub[0]
            runs.append((kind or "stop", []))
            pos = m.end()
        runs[-1][1].append((text[pos:], i))
    seen = set()
    for run_kind, pieces in runs:
        if run_kind == "stop":
            continue
        present = run_kind != "absent"
        for name, org, role, body, line in _run_entries(pieces):
            if name in seen:        # the secretary listed again under "Sekreterare"
                continue
            seen.add(name)
            out.append(Attendance(name, org, role, present, line, title=role, role_body=body))
    return out


NAME_TOKEN = re.compile(r"[A-ZÅÄÖÉÜ][a-zåäöéüæøß]+(?:-[A-ZÅÄÖÉÜ]?[a-zåäöéüæøß]+)*")
NOISE = re.compile(r"^(deltog|deltar|närvarande|ej\b|fr\.?o\.?m|t\.?o\.?m|från\s+§|till\s+§|§|via\b|på distans|digitalt|kl\b|ersättare för|för\s+[A-ZÅÄÖ])", re.IGNORECASE)
PARTIES = frozenset({"s", "m", "c", "v", "l", "kd", "mp", "sd", "fp", "-", "fi", "öp", "pp", "sjvp", "ssp", "kv"})


TRAILING_NAME_WORD = re.compile(r"(?:^|,)\s*[A-ZÅÄÖÉ][a-zåäöéü-]+$")
LEADING_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉ][a-zåäöéü-]+(?:,|\s*$)")
JOINED_NAME = re.compile(r"([A-ZÅÄÖ][a-zåäö]+)-([A-ZÅÄÖ][a-zåäö]+)")


def _run_entries(pieces: list[tuple[str, int]]) -> list[tuple[str, str | None, str | None, str | None, int]]:
    """Persons in a run of text: 'Karin Berg (S), ordförande Anna Ek (C)', 'Karin Berg, Kramfors', one or many a line."""
    text, where = "", []
    for piece, line in pieces:
        if text:
            # "..., Karl" + "Dahl, ...": a name broken over two lines.
            broken = TRAILING_NAME_WORD.search(text) and LEADING_NAME_WORD.match(piece)
            text += " " if broken else "\n"
        where.append((len(text), line))
        text += piece
    starts = _person_starts(text)
    paired = _columns_run_together(text, starts)
    if paired:
        return paired(where, pieces)
    out = []
    for k, (a, b) in enumerate(starts):
        info_end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        name = squeeze(text[a:b])
        m = JOINED_NAME.fullmatch(name)
        if m and gazetteers.is_given_name(m[1]) and not gazetteers.is_given_name(m[2]):
            name = f"{m[1]} {m[2]}"       # "Anna-Berg": a space lost in the PDF text
        line = max((ln for off, ln in where if off <= a), default=pieces[0][1])
        org, role, body = _entry_info(text[b:info_end])
        out.append((name, org, role, body, line))
    return out


def _columns_run_together(text: str, starts: list[tuple[int, int]]):
    """All the names, then all the organisations (a two-column table that PDF text ran together):
    the n lines after the n names are their organisations, in order."""
    if len(starts) < 2:
        return None
    between = [text[b:starts[k + 1][0]] for k, (_, b) in enumerate(starts[:-1])]
    if any(part.strip(" \n\t") for part in between):
        return None
    tail = [ln.strip(" ,\t") for ln in text[starts[-1][1]:].split("\n")]
    first, rest = tail[0], [ln for ln in tail[1:] if ln]
    if first or len(rest) != len(starts) or not all(ln[:1].isupper() and len(ln.split()) <= 5 for ln in rest):
        return None

    def pair(where, pieces):
        out = []
        for (a, b), org in zip(starts, rest):
            line = max((ln for off, ln in where if off <= a), default=pieces[0][1])
            out.append((re.sub(r"\s+", " ", text[a:b]).strip(), _org_name(org), None, None, line))
        return out
    return pair


def _name_word(word: str) -> bool:
    return bool(NAME_TOKEN.fullmatch(word)) and not is_title_word(word) and not _org_word(word)


def _surname(word: str) -> bool:
    """The word after a given name: a surname, also when it is spelled like a place ("Berg", "Lund")."""
    return bool(NAME_TOKEN.fullmatch(word)) and not is_title_word(word) and word.lower() not in gazetteers.title_prefixes() \
        and word.lower() not in gazetteers.body_types() and word.lower() not in ("region", "regionen", "kommun")


def _org_word(word: str) -> bool:
    w = word.lower()
    return (gazetteers.municipality_official(word) is not None or w in gazetteers.body_types()
            or w in ("region", "regionen", "kommun", "landstinget", "division", "avdelning", "högskolan", "universitet")
            or w in gazetteers.title_prefixes())


RUN_TOKEN = re.compile(r"[^\s,()]+|[,()]|\n")


def _person_starts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each person's name in a run; a name starts with a given name, or with two
    capitalised words at the start of a line, after a comma or after a bracket."""
    tokens = list(RUN_TOKEN.finditer(text))
    words = [t[0] for t in tokens]
    out = []
    k = 0
    while k < len(tokens):
        w = words[k]
        boundary = k == 0 or words[k - 1] in ("\n", ",", ")")
        single = JOINED_NAME.fullmatch(w)
        if single and boundary and gazetteers.is_given_name(single[1]) and not gazetteers.is_given_name(single[2]) \
                and (k + 1 == len(words) or words[k + 1] in (",", "(", "\n")):
            out.append((tokens[k].start(), tokens[k].end()))
            k += 1
            continue
        if k + 1 < len(tokens) and NAME_TOKEN.fullmatch(w) and _surname(words[k + 1]):
            given = gazetteers.is_given_name(w) and not is_title_word(w)
            # A name not in the list of given names: at a line start or after a bracket, and closed by a
            # bracket or comma ("Xiu Zhang (V)", "Noor Alavi Berg, Kirurgen Umeå").
            loose = (k == 0 or words[k - 1] in ("\n", ")")) and _name_word(w) and _name_word(words[k + 1]) and \
                any(words[j] in ("(", ",") for j in range(k + 2, min(k + 4, len(words))) if j == k + 2 or _name_word(words[j - 1]))
            if given or loose:
                # A given name followed by a given name that starts its own name: this word is not a name.
                if not given and k + 2 < len(words) and gazetteers.is_given_name(words[k + 1]) and _name_word(words[k + 2]):
                    k += 1
                    continue
                n = 2
                if k + 2 < len(tokens) and _name_word(words[k + 2]) and not (
                        gazetteers.is_given_name(words[k + 2]) and k + 3 < len(words) and _name_word(words[k + 3])):
                    n = 3
                out.append((tokens[k].start(), tokens[k + n - 1].end()))
                k += n
                continue
        k += 1
    return out


BRACKET_CONTENT = re.compile(r"\(([^)]{0,40})\)")
ABBREVIATION = re.compile(r"[A-ZÅÄÖ]{2,5}")
BRACKET = re.compile(r"\([^)]{0,40}\)")
COMMA_OR_NEWLINE = re.compile(r"[,\n]")
ORDINAL = re.compile(r"^\d:?[ea]\b|^\d-e\b")


def _entry_info(info: str) -> tuple[str | None, str | None, str | None]:
    """(organisation, role as written, unit the role names) from what follows a name."""
    role = None
    # Brackets: a party mark is dropped; a title or an abbreviation in brackets is the role.
    for m in BRACKET_CONTENT.finditer(info):
        content = m[1].strip()
        if content.lower().rstrip(".") in PARTIES or not content:
            continue
        if is_title_word(content.split()[0]) or content.lower() in gazetteers.title_prefixes() \
                or ABBREVIATION.fullmatch(content):
            role = role or content
    info = BRACKET.sub(",", info)
    parts = [squeeze(p).strip(" .:;–-") for p in COMMA_OR_NEWLINE.split(info)]
    parts = [p for p in parts if p and not NOISE.match(p)]
    org, body = None, None
    title_org = None
    for p in parts:
        words = p.split()
        at = next((j for j, w in enumerate(words[:3]) if is_title_word(w)), None)
        if at is not None or is_prefix_word(words[0]) or ORDINAL.match(words[0]) or parse_title(p, None)[0]:
            if role is None or role == "tjänstgörande":
                role = p if role is None else role
            t_role, t_body = parse_title(" ".join(words[at:]) if at else p, None)
            if t_body and _is_org_name(t_body):
                title_org = title_org or _org_name(t_body)
            elif t_body:
                body = t_body
            continue
        if org is None and p[:1].isupper():
            org = _org_name(p)
    return org or title_org, role, body


def _is_org_name(text: str) -> bool:
    """An organisation rather than a unit: an abbreviation (KHS), a municipality, or an organisation word."""
    words = text.split()
    return bool(re.fullmatch(r"[A-ZÅÄÖ]{2,6}", text)) or gazetteers.municipality_official(text) is not None \
        or any(_org_word(w) for w in words[:1])


def _org_name(text: str) -> str:
    return gazetteers.municipality_official(text) or text
