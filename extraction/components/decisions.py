"""Decision paragraphs: "X beslutade:" / "beslutar:" followed by its "att ..." clauses, and plain decision sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction.components.layout import PRESENTER, Line, Section
from extraction.patterns import read_jsonl, squeeze

ABBREVIATIONS = ("s.k.", "bl.a.", "t.ex.", "m.m.", "o.s.v.", "fr.o.m.", "t.o.m.", "ev.", "resp.", "ca.", "jfr.", "p.g.a.")


@dataclass(frozen=True)
class Clause:
    item: str | None
    subject: str              # the deciding body as written
    status: str               # decided | proposed | postponed
    text: str                 # "att ..." without the closing full stop
    start: int                # character offsets of the clause in the document
    end: int


@lru_cache(maxsize=1)
def _triggers() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in read_jsonl("decision_triggers.jsonl"):
        out.setdefault(row["label"], []).append(row)
    return out


@lru_cache(maxsize=1)
def trigger_regex() -> re.Pattern:
    forms = sorted({f for r in _triggers()["DECIDED"] + _triggers()["PROPOSED"] for f in r.get("forms", [])},
                   key=len, reverse=True)
    verbs = "|".join(re.escape(f) for f in forms)
    # Subject: one to six words at the start of a line, the first capitalised.
    return re.compile(
        rf"^\s*(?P<subject>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+(?!att\b)[\wåäöÅÄÖ-]+){{0,5}}?)\s+(?P<verb>{verbs})\b\s*:?\s*(?P<rest>.*)$")


# Speed only: trigger_regex().match(text), remembered. A pure function of the line; the trigger subjects, the
# decisions and the clauses after a trigger each ask it of the same lines (a match object is read only).
@lru_cache(maxsize=1 << 14)
def trigger_match(text: str) -> re.Match | None:
    return trigger_regex().match(text)


@lru_cache(maxsize=1)
def _proposal_heading() -> re.Pattern:
    phrases = [r["phrase"] for r in _triggers()["PROPOSAL_HEADING"]]
    return re.compile(r"^\s*(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _postponed() -> re.Pattern:
    words = []
    for r in _triggers()["POSTPONED"]:
        words += r.get("forms", []) + ([r["phrase"]] if "phrase" in r else [])
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _plain() -> list[re.Pattern]:
    return [re.compile(r["pattern"]) for r in read_jsonl("plain_decisions.jsonl")]


@lru_cache(maxsize=1)
def _plain_status() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r["pattern"]), r.get("status", "decided")) for r in read_jsonl("plain_decisions.jsonl")]


@lru_cache(maxsize=1)
def _conclusion_heading() -> re.Pattern:
    words = [r["phrase"] for r in _triggers().get("CONCLUSION_HEADING", [])]
    return re.compile(r"^(?:[A-ZÅÄÖ][\wåäöÅÄÖ:-]*\s+){0,3}(?i:" + "|".join(re.escape(w) for w in words) + r")\s*:\s*$")


@lru_cache(maxsize=1)
def _proposer() -> re.Pattern:
    verbs = [f for r in _triggers().get("PROPOSER_VERB", []) for f in r["forms"]]
    decide = "|".join(re.escape(f) for r in _triggers()["DECIDED"] + _triggers()["PROPOSED"] for f in r["forms"])
    return re.compile(r"^(?P<subject>[A-ZÅÄÖ][\wåäöÅÄÖ-]*)\s+(?:" + "|".join(verbs) + r")\s+"
                      r"(?:att\s+(?:[\wåäö-]+\s+){1,3}?(?:" + decide + r"|besluta)\s*:?\s+)?(?P<clause>att\s.+)$")


PRONOUNS = frozenset({"de", "vi", "han", "hon", "den", "det", "man", "jag", "ni", "dessa"})
COMMA = re.compile(r",\s+")
SENTENCE = re.compile(r"(?<=[a-zåäö0-9)])\s?[.!?](?:\s+|$)(?=[A-ZÅÄÖ]|$)")


def starts_decision(text: str) -> bool:
    """Whether text opens with a decision: a trigger ("X beslutade"), a proposal heading or a plain decision."""
    m = trigger_match(text)
    if m and (m["rest"] == "" or m["rest"].lower().startswith("att")):
        return True
    return bool(_proposal_heading().match(text)) or any(p.match(text) for p in _plain())


def is_decided_verb(verb: str) -> bool:
    return any(verb.lower() in r.get("forms", []) for r in _triggers()["DECIDED"])


def trigger_subjects(lines: list[Line]) -> list[tuple[str, str]]:
    """(subject, verb) of every decision trigger at a line start: used to find the meeting's body."""
    out = []
    for line in lines:
        m = trigger_match(line.text)
        if m and (m["rest"] == "" or m["rest"].lower().startswith("att")):
            out.append((m["subject"].strip(), m["verb"]))
    return out


def read_decisions(lines: list[Line], sections: list[Section], is_own_body, agenda: bool) -> list[Clause]:
    """Clauses of the meeting's own decisions; is_own_body(subject) tells the meeting's body apart."""
    out: list[Clause] = []
    for section in sections:
        if section.meta.get("toc"):
            continue
        proposal = False
        i = section.body_first
        prev = lines[section.first].stripped     # the line before: the heading opens the item
        while i <= section.last:
            text = lines[i].text
            stripped = text.strip()
            if not stripped:
                i += 1
                continue
            if _proposal_heading().match(text):
                proposal = True
                rest = _proposal_heading().sub("", text).strip(" :")
                inline = re.search(r"\b(?:" + "|".join(re.escape(f) for r in _triggers()["DECIDED"] + _triggers()["PROPOSED"]
                                                    for f in r["forms"]) + r")\s*:?\s+(?=att\s)", rest)
                if inline:
                    rest = rest[inline.end():]
                if rest.lower().startswith("att "):
                    clauses, i = _collect(lines, i, section.last, rest, lines[i].end - len(rest))
                    out.extend(_clauses(section, "", "proposed", clauses))
                    prev = stripped
                    continue
                i += 1
                prev = stripped
                continue
            m = trigger_match(text)
            if m and is_own_body(m["subject"]) and m["rest"].lower().startswith("att") and _restated(lines, i, section.last, m):
                # "X beslutade att anta avtalet." followed by "X beslutade" + its clauses in full: one decision.
                i += 1
                continue
            if m and is_own_body(m["subject"]) and (m["rest"] == "" or m["rest"].lower().startswith("att")):
                status = "proposed" if (proposal or (agenda and not is_decided_verb(m["verb"]))) else "decided"
                rest_start = lines[i].start + m.start("rest")
                clauses, i = _collect(lines, i, section.last, m["rest"], rest_start)
                out.extend(_clauses(section, m["subject"].strip(), status, clauses))
                prev = lines[i - 1].stripped
                continue
            if _conclusion_heading().match(stripped):
                found, i = _conclusions(lines, i + 1, section)
                out.extend(found)
                prev = lines[i - 1].stripped
                continue
            if stripped.startswith("att ") and (prev.endswith((".", "!", "?", ":")) or i == section.body_first):
                # An "att" clause of its own after a finished sentence: the decision of a protocol that
                # prints no "X beslutade" line.
                clauses, i = _collect(lines, i - 1, section.last, "", lines[i].start)
                out.extend(_clauses(section, "", "proposed" if agenda else "decided", clauses))
                prev = lines[i - 1].stripped
                continue
            found = _plain_in_line(lines, i, section, agenda)
            out.extend(found)
            prev = stripped
            i += 1
    return out


def _restated(lines: list[Line], i: int, last: int, m: re.Match) -> bool:
    """Whether the next line repeats the trigger with its clauses below it."""
    nxt = next((k for k in range(i + 1, min(last + 1, i + 3)) if lines[k].stripped), None)
    if nxt is None:
        return False
    n = trigger_match(lines[nxt].text)
    return bool(n and n["subject"].strip().lower() == m["subject"].strip().lower() and n["rest"].strip(" :") == "")


def _plain_in_line(lines: list[Line], i: int, section: Section, agenda: bool) -> list[Clause]:
    """Plain decision sentences ("Dagordningen fastställdes.") and proposals ("X föreslår att ...") in a line."""
    line = lines[i]
    text = line.text
    out = []
    pos = len(text) - len(text.lstrip())
    bounds = [m.end() for m in _sentence_ends(text)]
    starts = [pos] + [b for b in bounds if b < len(text)]
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(text)
        sentence = text[a:b].rstrip()
        if k + 1 == len(starts) and not sentence.endswith((".", "!", "?")):
            # The sentence may wrap onto lines that start in lower case.
            j = i + 1
            while j <= section.last and j <= i + 3 and lines[j].stripped[:1].islower():
                sentence += " " + lines[j].stripped
                j += 1
        sentence = squeeze(sentence)
        cut = next(_sentence_ends(sentence), None)
        if cut and cut.end() < len(sentence):
            sentence = sentence[:cut.start() + 1].strip()
        start = line.start + a
        if agenda:
            p = _proposer().match(sentence)
            if p and p["subject"].lower() not in PRONOUNS:
                c_start = start + sentence.index(p["clause"])
                for t, s0, e0 in _split([(p["clause"], c_start)]):
                    out.append(Clause(section.number, "", "proposed", t, s0, e0))
                continue
        parts = _comma_clauses(sentence)
        matched = [(part, off, st) for part, off in parts for st in [_plain_match(part)] if st]
        if len(parts) > 1 and len(matched) > 1:
            for part, off, st in matched:
                out.append(Clause(section.number, "", st, part.rstrip(" ."), start + off, start + off + len(part)))
            continue
        st = _plain_match(sentence)         # one part: the whole sentence, already asked (remembered)
        if st:
            body = sentence.rstrip(" .!?")
            out.append(Clause(section.number, "", st, body, start, start + len(body)))
    return out


def _sentence_ends(text: str):
    """As SENTENCE.finditer(text). Speed only: a match holds a full stop, "!" or "?" and starts at most one
    character before it, so the search starts there (the look-behind still sees the character before)."""
    first = min((at for at in (text.find("."), text.find("!"), text.find("?")) if at >= 0), default=-1)
    return SENTENCE.finditer(text, max(0, first - 1)) if first >= 0 else iter(())


def _comma_clauses(sentence: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for m in COMMA.finditer(sentence):
        out.append((sentence[pos:m.start()], pos))
        pos = m.end()
    out.append((sentence[pos:], pos))
    return out


@lru_cache(maxsize=1)
def _any_plain() -> re.Pattern | None:
    """The plain-decision patterns as one alternation, matching where any of them does; None when a pattern
    refers to its own groups and cannot be joined. Speed only: most sentence parts match none of them."""
    sources = [pattern.pattern for pattern, _ in _plain_status()]
    if any(re.search(r"\\\d|\(\?P=", s) for s in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{s})" for s in sources))
    except re.error:
        return None


# Speed only: a pure function of the text; standing sentences of minutes ("Protokollet lades till handlingarna")
# and their comma parts come again in document after document (about three calls in four in a synthetic corpus).
@lru_cache(maxsize=1 << 14)
def _plain_match(text: str) -> str | None:
    joined = _any_plain()
    if joined is not None and not joined.match(text):
        return None
    for pattern, status in _plain_status():
        if pattern.match(text):
            return status
    return None


def _conclusions(lines: list[Line], i: int, section: Section) -> tuple[list[Clause], int]:
    """The bullets under "Konklusion:" / "Beslut:": each sentence of a first-level bullet is a decision."""
    bullets: list[list[tuple[str, int]]] = []
    sub = False
    last_end = ""
    while i <= section.last:
        s = lines[i].stripped
        if not s:
            i += 1
            continue
        m = re.match(r"^[-–•]\s*(.*)$", s)
        if m:
            bullets.append([])
            sub = False
            if m[1]:
                bullets[-1].append((m[1], lines[i].start + lines[i].text.index(m[1])))
        elif re.match(r"^(o|◦|▪)\s+\S", s):
            sub = True
        elif bullets and (not bullets[-1] or not last_end.endswith((".", "!", "?"))):
            if not sub:
                bullets[-1].append((s, lines[i].start + lines[i].text.index(s)))
        else:
            break
        last_end = s
        i += 1
    out = []
    for pieces in bullets:
        if not pieces:
            continue
        joined, offsets = "", []
        for t, start in pieces:
            if joined:
                joined += " "
                offsets.append(start)
            for k in range(len(t)):
                offsets.append(start + k)
            joined += t
        pos = 0
        for m in list(SENTENCE.finditer(joined)) + [None]:
            end = m.start() if m else len(joined)
            text = joined[pos:end].strip().rstrip(" .:;")
            if len(text) > 4:
                a = offsets[min(pos, len(offsets) - 1)]
                out.append(Clause(section.number, "", "decided", text, a, a + len(text)))
            pos = m.end() if m else len(joined)
    return out, i


def _clauses(section: Section, subject: str, status: str, clauses: list[tuple[str, int, int]]) -> list[Clause]:
    out = []
    for text, start, end in clauses:
        st = "postponed" if _postponed().search(text) else status
        out.append(Clause(section.number, subject, st, text, start, end))
    return out


def _collect(lines: list[Line], i: int, last: int, first_rest: str, rest_start: int) -> tuple[list[tuple[str, int, int]], int]:
    """Gather the 'att' clauses that follow a trigger; returns them and the next line index."""
    pieces: list[tuple[str, int]] = []          # (text, offset) of each line of the paragraph
    if first_rest.strip():
        pieces.append((first_rest, rest_start))
    j = i + 1
    blank_run = 0
    while j <= last:
        line = lines[j]
        s = line.stripped
        if not s:
            blank_run += 1
            j += 1
            if blank_run > 3 and pieces:
                break
            continue
        blank_run = 0
        if trigger_match(line.text) or PRESENTER.match(s) or _proposal_heading().match(s):
            break
        if not pieces and not s.lower().startswith("att"):
            # A scrap of scanned text ("hel h ridad") between the trigger and its first clause.
            nxt = next((ln.stripped for ln in lines[j + 1:min(last + 1, j + 4)] if ln.stripped), "")
            if len(s) < 15 and s[:1].islower() and nxt.lower().startswith("att "):
                j += 1
                continue
            break
        if pieces and not s.lower().startswith("att") and _ends_sentence(pieces[-1][0]) and (s[0].isupper() or s[0] in "•-–"):
            break
        if pieces and s[0] in "•–":
            break
        pieces.append((line.text, line.start))
        j += 1
    return _split(pieces), j


def _ends_sentence(text: str) -> bool:
    t = text.rstrip(" *")
    if not t.endswith((".", "!", ":")):
        return False
    return not t.lower().endswith(ABBREVIATIONS)


ATT = re.compile(r"\batt\s")
SAMT_BEFORE_ATT = re.compile(r"\bsamt\s+$")
TRAILING_SAMT = re.compile(r"\s*\b(samt)$")


def _split(pieces: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Join the lines and cut at every 'att' that opens a line and at every 'samt att'."""
    if not pieces:
        return []
    joined, offsets, line_starts = "", [], set()
    for text, start in pieces:
        if joined:
            joined += " "
            offsets.append(None)
        line_starts.add(len(joined) + (len(text) - len(text.lstrip())))
        for k, ch in enumerate(text):
            joined += ch
            offsets.append(start + k)
    cuts = [m.start() for m in ATT.finditer(joined)
            if m.start() in line_starts or m.start() == 0 or SAMT_BEFORE_ATT.search(joined[:m.start()])]
    if not cuts:
        return []
    cuts.append(len(joined))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        text = squeeze(joined[a:b])
        text = TRAILING_SAMT.sub("", text).strip()
        text = text.rstrip(" .;*").strip()
        if len(text) <= 4:
            continue
        end_index = b - 1
        while end_index > a and (offsets[end_index] is None or joined[end_index].isspace()):
            end_index -= 1
        out.append((text, offsets[a], offsets[end_index] + 1))
    return out


