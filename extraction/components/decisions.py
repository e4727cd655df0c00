"""Decision paragraphs: "X beslutade:" / "beslutar:" followed by its "att ..." clauses, and plain decision sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction.components.layout import PRESENTER, Line, Section
from extraction.patterns import read_jsonl

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


def is_decided_verb(verb: str) -> bool:
    return any(verb.lower() in r.get("forms", []) for r in _triggers()["DECIDED"])


def trigger_subjects(lines: list[Line]) -> list[tuple[str, str]]:
    """(subject, verb) of every decision trigger at a line start: used to find the meeting's body."""
    out = []
    for line in lines:
        m = trigger_regex().match(line.text)
        if m and (m["rest"] == "" or m["rest"].lower().startswith("att")):
            out.append((m["subject"].strip(), m["verb"]))
    return out


def read_decisions(lines: list[Line], sections: list[Section], is_own_body, agenda: bool) -> list[Clause]:
    """Clauses of the meeting's own decisions; is_own_body(subject) tells the meeting's body apart."""
    out: list[Clause] = []
    for section in sections:
        proposal = False
        i = section.body_first
        while i <= section.last:
            text = lines[i].text
            if _proposal_heading().match(text):
                proposal = True
                rest = _proposal_heading().sub("", text).strip(" :")
                if rest.lower().startswith("att "):
                    clauses, i = _collect(lines, i, section.last, rest, lines[i].end - len(rest))
                    out.extend(_clauses(section, "", "proposed", clauses))
                    continue
                i += 1
                continue
            m = trigger_regex().match(text)
            if m and is_own_body(m["subject"]) and (m["rest"] == "" or m["rest"].lower().startswith("att")):
                status = "proposed" if (proposal or (agenda and not is_decided_verb(m["verb"]))) else "decided"
                rest_start = lines[i].start + m.start("rest")
                clauses, i = _collect(lines, i, section.last, m["rest"], rest_start)
                out.extend(_clauses(section, m["subject"].strip(), status, clauses))
                continue
            stripped = text.strip()
            for pattern in _plain():
                if pattern.match(stripped):
                    sentence = re.split(r"(?<=[a-zåäö0-9)])\.\s", stripped)[0].rstrip(" .")
                    start = lines[i].start + text.index(stripped[:1])
                    out.append(Clause(section.number, "", "decided", sentence, start, start + len(sentence)))
                    break
            i += 1
    return out


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
        if trigger_regex().match(line.text) or PRESENTER.match(s) or _proposal_heading().match(s):
            break
        if not pieces and not s.lower().startswith("att"):
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
    cuts = [m.start() for m in re.finditer(r"\batt\s", joined)
            if m.start() in line_starts or m.start() == 0 or re.search(r"\bsamt\s+$", joined[:m.start()])]
    if not cuts:
        return []
    cuts.append(len(joined))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        text = re.sub(r"\s+", " ", joined[a:b]).strip()
        text = re.sub(r"\s*\b(samt)$", "", text).strip()
        text = text.rstrip(" .;*").strip()
        if len(text) <= 4:
            continue
        end_index = b - 1
        while end_index > a and (offsets[end_index] is None or joined[end_index].isspace()):
            end_index -= 1
        out.append((text, offsets[a], offsets[end_index] + 1))
    return out


