"""Flat PDF text: a whole page on one line. Cut it back into logical lines.

Text copied out of a PDF often comes with one line per page (or per column): the agenda items,
the attendance headings and the sentences all run on. The grammar used here:

- item numbers: "14. Title", "14 Title", "§ 14 Title", "14 § Title" inside the line count as
  headings only when they form a chain of increasing numbers (steps of one, a few lost ones
  allowed) across the document; a number outside the chain is a page number or part of the text;
- an item's title ends where its body begins: a dnr ("SKF 2019/12", "ABC2019-0007"), an "att"
  clause, a person's name, a decision sentence, or a closing bracket before a new capital word;
  numbers that the PDF text lost are recovered when the dnr column accounts for them exactly;
- a label of the header or the attendance part ("Plats", "Beslutande", "Övriga") and a part
  heading ("Tjänsteutlåtande", "Förslag till beslut") start a line of their own;
- the rest is cut at sentence ends.

Every logical line keeps its character offset in the document, so facts still point into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction.patterns import read_lines, read_table, word_set

FLAT_LENGTH = 600        # a document with a line this long is flat text
CUT_LENGTH = 150         # in a flat document, lines longer than this are cut apart

CANDIDATE = re.compile(r"(?:(?<=\s)|^)(?P<para>§\s*)?(?P<n>\d{1,3})(?P<after>\s*§)?(?P<punct>[.)])?\s+(?=[A-ZÅÄÖ\"”])")
HEADING_LINE = re.compile(r"^\s*(?:§\s*\d{1,3}|\d{1,3}\s*§|\d{1,2}[.)])\s+[A-ZÅÄÖ]")
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s+(?=\S)")
DNR = re.compile(r"(?<![\w/-])(?:Dnr:?\s*)?(?:[A-ZÅÄÖ]{2,6}\s?(?:19|20)\d{2}\s?[-/:]\s?\d*|\d{2,4}-\d{1,4}-(?:19|20)\d{2})(?![\w])")
SENTENCE_END = re.compile(r"(?<=[a-zåäö0-9)”\"%])[.!?]\s+(?=[A-ZÅÄÖ]|att\s)")
BRACKET_END = re.compile(r"\)\s+(?=[A-ZÅÄÖ])")
ABBREVIATIONS = ("bl.a", "t.ex", "m.m", "s.k", "o.s.v", "fr.o.m", "t.o.m", "p.g.a", "kl", "ca", "nr", "jfr", "resp")


@dataclass
class _Cut:
    pos: int                  # offset in the line's text
    heading: str | None = None
    kind: str | None = None
    end: int | None = None    # for headings: where the title ends


@lru_cache(maxsize=1)
def _labels() -> re.Pattern:
    """Header labels, attendance headings and part headings, capitalised, as words of their own."""
    words = [label for label, _ in read_table("header_labels.tsv")]
    words += [label for label, _ in read_table("attendance_sections.tsv")]
    words += read_lines("part_headings.txt")
    forms = set()
    for w in words:
        forms.add(w[:1].upper() + w[1:])
        forms.add(w.upper())
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\wåäöÅÄÖ])(?:{alts})(?=[\s:]|$)")


@lru_cache(maxsize=1)
def _head_only() -> frozenset[str]:
    """Attendance headings cut a line only in the head of the document (they also occur in prose)."""
    return frozenset(label.lower() for label, _ in read_table("attendance_sections.tsv"))


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    return word_set("item_kinds.txt")


def group_kind(text: str) -> str | None:
    """'Yttranden', 'Information/Rapporter': a group heading of an agenda list that names the items' kind."""
    text = text.strip(" :")
    if not text or len(text) > 40:
        return None
    words = [w for w in re.split(r"\s*(?:/|&|\boch\b)\s*", text.lower()) if w]
    return text if words and all(w in _kinds() for w in words) else None


def unflatten(lines):
    from extraction.components.layout import Line
    cands = []          # (line index, match)
    for i, line in enumerate(lines):
        if len(line.text) > CUT_LENGTH:
            for m in CANDIDATE.finditer(line.text):
                cands.append((i, m))
    chain = _chain(cands)
    # Flat: a page-long line, or item numbers running on inside lines.
    inside = sum(1 for i, m in chain if lines[i].text[:m.start()].strip() and not PAGE_NUMBER.fullmatch(lines[i].text[:m.start()] + " "))
    longest = max((len(line.text) for line in lines), default=0)
    if longest <= FLAT_LENGTH and inside < 3:
        return lines
    # A document with headings of its own on short lines: a numbered list inside a paragraph is not flat text.
    own = sum(1 for line in lines if len(line.text) <= CUT_LENGTH and HEADING_LINE.match(line.text))
    if longest <= FLAT_LENGTH and own >= 3:
        return lines
    first_heading = min(((i, m.start()) for i, m in chain), default=(len(lines), 0))
    by_line: dict[int, list] = {}
    for i, m in chain:
        by_line.setdefault(i, []).append(m)
    text_all = "\n".join(line.text for line in lines)
    prefixes = _dnr_prefixes(text_all)
    out = []
    state = {"kind": None}
    for i, line in enumerate(lines):
        if len(line.text) <= CUT_LENGTH:
            out.append(line)
            continue
        in_head = (i, 0) < first_heading
        for start, end, heading, kind in _cut_line(line.text, by_line.get(i, []), prefixes, in_head, i, first_heading, state):
            piece = line.text[start:end]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                out.append(Line(len(out), line.start + start + lead, piece, heading, kind))
    return [Line(k, ln.start, ln.text, ln.heading, ln.kind) for k, ln in enumerate(out)]


def _chain(cands):
    """The longest chain of increasing item numbers (steps 1-3, style kept) among the candidates."""
    if not cands:
        return []
    style = lambda m: (bool(m["para"] or m["after"]), bool(m["punct"]))
    best = [(1.0, -1)] * len(cands)
    for k, (_, m) in enumerate(cands):
        n = int(m["n"])
        score, prev = 1.0, -1
        for j in range(max(0, k - 300), k):
            step = n - int(cands[j][1]["n"])
            if 1 <= step <= 3:
                s = best[j][0] + 1 - 0.3 * (step - 1) - (0.5 if style(cands[j][1]) != style(m) else 0)
                if s > score:
                    score, prev = s, j
        best[k] = (score, prev)
    k = max(range(len(cands)), key=lambda x: best[x][0])
    chain = []
    while k != -1:
        chain.append(cands[k])
        k = best[k][1]
    chain.reverse()
    return chain if len(chain) >= 3 else []


def _dnr_prefixes(text: str) -> frozenset[str]:
    """The document's own dnr series ("SKF" of "SKF 2019/12"): a bare prefix also ends a title."""
    out = set()
    for m in DNR.finditer(text):
        p = re.match(r"(?:Dnr:?\s*)?([A-ZÅÄÖ]{2,6})", m[0])
        if p:
            out.add(p[1])
    return frozenset(out)


def _dnr_matches(text: str, prefixes) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in DNR.finditer(text)]
    if prefixes:
        bare = re.compile(r"(?<![\wåäöÅÄÖ])(?:" + "|".join(re.escape(p) for p in prefixes) + r")(?![\wåäöÅÄÖ])")
        for m in bare.finditer(text):
            if not any(a <= m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _title_end(text: str, start: int, stop: int, prefixes) -> int:
    """Where the title that starts at `start` ends (before `stop`)."""
    from extraction.components import decisions
    from extraction.components.people import is_given_name
    seg = text[start:stop]
    ends = [len(seg)]
    dnrs = _dnr_matches(seg, prefixes)
    if dnrs and dnrs[0][0] > 0:
        ends.append(dnrs[0][0])
    m = re.search(r"\satt\s", seg)
    if m:
        ends.append(m.start())
    m = BRACKET_END.search(seg)
    if m:
        ends.append(m.start() + 1)
    for w in re.finditer(r"(?<=\s)[A-ZÅÄÖ][\wåäöé-]+", seg[:300]):
        rest = seg[w.start():]
        nxt = re.match(r"[A-ZÅÄÖ][\wåäöé-]+\s+([A-ZÅÄÖ][\wåäöé-]+)", rest)
        if nxt and is_given_name(w[0]) or \
           decisions.starts_decision(rest) or _labels().match(rest) and _labels().match(rest)[0].lower() not in _head_only():
            ends.append(w.start())
            break
    end = min(ends)
    if end == len(seg) and len(seg) > 120:
        m = SENTENCE_END.search(seg)
        if m:
            end = m.start() + 1
    return start + len(seg[:end].rstrip())


def _cut_line(text, headings, prefixes, in_head, i, first_heading, state):
    """(start, end, heading number, kind) of the logical lines of one flat line."""
    cuts: list[_Cut] = []
    page = PAGE_NUMBER.match(text)
    if page and not any(m.start() == page.start() for m in headings):
        cuts.append(_Cut(page.end()))
    else:
        cuts.append(_Cut(0))
    marks = [m.start() for m in headings] + [len(text)]
    for k, m in enumerate(headings):
        stop = marks[k + 1]
        end = _title_end(text, m.end(), stop, prefixes)
        cuts.append(_Cut(m.start(), heading=m["n"], end=end))
        # A number the PDF text lost: the dnr column splits the rest into exactly the missing items.
        nxt = int(headings[k + 1]["n"]) if k + 1 < len(headings) else None
        rest_cuts = _recover(text, end, stop, int(m["n"]), nxt, prefixes)
        cuts.extend(rest_cuts)
    # Labels, part headings and sentence ends outside titles.
    titles = [(c.pos, c.end) for c in cuts if c.heading is not None]
    inside = lambda p: any(a <= p < b for a, b in titles)
    for m in _labels().finditer(text):
        if inside(m.start()):
            continue
        if m[0].lower() in _head_only() and not in_head and (i, m.start()) >= first_heading:
            continue
        cuts.append(_Cut(m.start()))
    for m in SENTENCE_END.finditer(text):
        if inside(m.start()) or text[:m.start()].lower().endswith(ABBREVIATIONS):
            continue
        cuts.append(_Cut(m.end()))
    for a, b in titles:
        cuts.append(_Cut(b))
    for a, b in _dnr_matches(text, prefixes):
        if not inside(a):
            cuts.append(_Cut(a))
            cuts.append(_Cut(b))
    cuts.sort(key=lambda c: (c.pos, c.heading is None))
    out = []
    merged: list[_Cut] = []
    for c in cuts:
        if merged and merged[-1].pos == c.pos:
            if c.heading is not None and merged[-1].heading is None:
                merged[-1] = c
            continue
        merged.append(c)
    pieces = []
    for k, c in enumerate(merged):
        end = merged[k + 1].pos if k + 1 < len(merged) else len(text)
        pieces.append((c, end))
    for k, (c, end) in enumerate(pieces):
        if c.heading is not None:
            num = CANDIDATE.match(text[c.pos:end])
            out.append((c.pos + (num.end() if num else 0), end, c.heading, state["kind"]))
            continue
        piece = text[c.pos:end].strip()
        if not piece or piece in prefixes:
            continue
        # A short piece right before an item heading is a group heading of the list ("Yttranden").
        later = [p for p, _ in pieces[k + 1:] if text[p.pos:_].strip() and text[p.pos:_].strip() not in prefixes
                 and not DNR.fullmatch(text[p.pos:_].strip())]
        if later and later[0].heading is not None and len(piece.split()) <= 3 and piece[:1].isupper() and not DNR.fullmatch(piece):
            state["kind"] = group_kind(piece)
            continue
        out.append((c.pos, end, None, None))
    return out


def _recover(text, end, stop, n, nxt, prefixes) -> list[_Cut]:
    if nxt is None or nxt - n < 2:
        return []
    rest = text[end:stop]
    spans = _dnr_matches(rest, prefixes)
    pieces, pos = [], 0
    for a, b in spans:
        piece = rest[pos:a]
        if piece.strip():
            pieces.append((pos + len(piece) - len(piece.lstrip()), a))
        pos = b
    if len(pieces) != nxt - n:       # the item's own title part + one per lost number
        pieces = [p for p in pieces if rest[p[0]:p[1]].strip()]
    lost = nxt - n - 1
    titles = [p for p in pieces if p[0] > 0 or rest[:p[0]].strip()]
    if len(titles) != lost:
        return []
    return [_Cut(end + a, heading=str(n + 1 + k), end=end + b) for k, (a, b) in enumerate(titles)]
