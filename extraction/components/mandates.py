"""Mandates: every assignment of a task ("ger X i uppdrag att", "X får i uppdrag av Y att", "uppdrar åt X att" ...)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extraction.dates import find_dates
from extraction.patterns import any_needed, may_match, read_jsonl, required_texts, squeeze

# Words that end the clause before a receiver: the receiver is the noun phrase after the last of them.
CUT = re.compile(r"^.*\b(?:har|hade|som|att|är|var|nu|även|också|därefter|sedan|därför|dessutom|men|samt|då|vilket|"
                 r"beslutade|beslutar|beslöt|föreslår|föreslog|vidare|information|inom|genom|där)\s+", re.IGNORECASE)
PROPOSAL = re.compile(r"\b(föreslår|föreslog|föreslås|förslag)\b", re.IGNORECASE)
PRONOUNS = {"Hon", "Han", "De", "Vi", "Det", "Den", "Man", "Dessa", "Denna", "Detta", "Ni", "Jag", "Hen"}
SUBJECT = re.compile(r"^(?P<giver>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+(?:för|i)\s+[A-ZÅÄÖ][\wåäöÅÄÖ-]*)?)\s+"
                     r"(?:har\s+|hade\s+)?(?:beslutade|beslöt|beslutat|beslutar|ställde|gav|ger|har|hade)\b")
GROUP_HEAD = re.compile(r"^(samtliga|alla|varje|respektive|berörda)\s+\w+", re.IGNORECASE)


@dataclass(frozen=True)
class MandateMatch:
    giver: str | None
    receiver: str
    task: str
    date: str | None
    start: int
    end: int
    pattern: str
    deadline: str | None = None
    report_to: str | None = None


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, tuple]]:
    """(id, pattern, the texts a match needs): the needs are read once here (speed only: looking them up
    per sentence hashed the whole compiled pattern every time)."""
    out = []
    for r in read_jsonl("mandates.jsonl"):
        pattern = re.compile(r["pattern"])
        out.append((r["id"], pattern, required_texts(pattern)))
    return out


@lru_cache(maxsize=1)
def _gates() -> dict[str, re.Pattern]:
    """id -> a pattern found in every sentence in which that mandate pattern matches (mandates.jsonl "gate": a
    piece of the pattern that every match must pass through). Speed only: a pattern that starts with a lazy
    run ("får i uppdrag av") is tried from every letter of a sentence that lacks its later words, and one
    search for those words rules that out."""
    return {r["id"]: re.compile(r["gate"]) for r in read_jsonl("mandates.jsonl") if r.get("gate")}


@lru_cache(maxsize=1)
def _any_pattern() -> re.Pattern | None:
    """Found in every sentence in which a pattern of _patterns() may match (extraction.patterns.any_needed)."""
    return any_needed(needs for _, _, needs in _patterns())


@lru_cache(maxsize=1)
def _extras() -> dict[str, list[re.Pattern]]:
    out: dict[str, list[re.Pattern]] = {}
    for r in read_jsonl("mandate_extras.jsonl"):
        out.setdefault(r["label"], []).append(re.compile(r["pattern"], re.IGNORECASE))
    return out


LEADING_ADVERBIAL = re.compile(r"^(?:vid|på|under|i)\s+[^,]*,\s*")
COMMA_NOT_AFTER_HYPHEN = re.compile(r"(?<!-),")
GENITIVE_MEMBERS = re.compile(r"(?<=[a-zåäö])(?::s|s)\s+(?:ledamöter|medlemmar|representanter|deltagare)$")
LEADING_ALL = re.compile(r"^(?:samtliga|alla)\s+(?=[A-ZÅÄÖ])")
OCH = re.compile(r"\s+och\s+")
DEFINITE_GROUP = re.compile(r"^\w+(gruppen|rådet|nätverket|delegationen)\b")


def clean_receiver(text: str) -> list[str]:
    """The noun phrase(s) that receive a task; 'A och B' gives both when both are names."""
    text = squeeze(text).strip(" ,")
    text = CUT.sub("", text) if CUT.match(text) else text
    text = LEADING_ADVERBIAL.sub("", text)
    text = COMMA_NOT_AFTER_HYPHEN.split(text)[0].strip()
    text = re.sub(r"^(?:representanter|företrädare|ledamöter(?:na)?)\s+(?:för|från|i)\s+", "", text, flags=re.IGNORECASE)
    text = GENITIVE_MEMBERS.sub("", text)
    if text.split(" ")[0] in PRONOUNS:
        return []
    text = LEADING_ALL.sub("", text)
    parts = [p.strip(" ,") for p in OCH.split(text)]
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        return parts
    if len(parts) > 1:
        tail = [p for p in parts if p[:1].isupper()]
        text = tail[-1] if tail and not parts[0][:1].isupper() else text
    if not text or len(text.split()) > 8:
        return []
    if not (text[0].isupper() or GROUP_HEAD.match(text) or DEFINITE_GROUP.match(text)):
        return []
    return [text]


SENTENCE_BREAK = re.compile(r"(?<=[a-zåäö0-9)”\"])\.\s+(?=[A-ZÅÄÖ])")
NEW_CLAUSE = re.compile(r",\s+(?:det|den|detta|vilket)\s+(?:finns|är|var|har|blir)\b")
LEADING_ATT = re.compile(r"^att\s+")


def clean_task(task: str, lemma) -> str:
    """The task up to the end of its sentence, its first verb in the infinitive ('skickar ut' -> 'skicka ut')."""
    task = squeeze(task).strip(" ,")
    task = SENTENCE_BREAK.split(task)[0]
    task = NEW_CLAUSE.split(task)[0]   # a new clause
    task = LEADING_ATT.sub("", task).rstrip(" .;")
    words = task.split(" ")
    if words and words[0] and (words[0].lower().endswith(("r", "de", "te")) or lemma(words[0]).endswith(("a", "å"))) \
            and not words[0].lower().endswith(("tt", "at")):
        words[0] = lemma(words[0])
    return " ".join(words)


def find_mandates(sentence: str, offset: int, year: int | None, lemma) -> list[MandateMatch]:
    """All mandates in one sentence; offsets are shifted by `offset` into the document."""
    found = _mandates(sentence, year, lemma)
    if not offset:
        return list(found)
    return [replace(m, start=offset + m.start, end=offset + m.end) for m in found]


# Speed only: a pure function of the sentence and year; standing phrases of minutes come again and again.
@lru_cache(maxsize=1 << 13)
def _mandates(sentence: str, year: int | None, lemma) -> tuple[MandateMatch, ...]:
    out: list[MandateMatch] = []
    taken: list[tuple[int, int]] = []
    gate = _any_pattern()
    if gate is not None and not gate.search(sentence):
        return ()                # cheap test first: no pattern can match (speed only)
    gates = _gates()
    for pid, pattern, needs in _patterns():
        if not may_match(needs, sentence):
            continue             # cheap test first: no match is possible without these texts
        if pid in gates and not gates[pid].search(sentence):
            continue             # nor without the piece of the pattern its gate is
        for m in pattern.finditer(sentence):
            if any(a <= m.start("task") < b or a <= m.start() < b for a, b in taken):
                continue
            if PROPOSAL.search(sentence[:m.start("task")]):
                continue
            giver = m.groupdict().get("giver")
            receivers = clean_receiver(m["receiver"])
            if giver:
                giver = re.sub(r"\s+(?:beslutade|beslutar|beslöt|har|hade|som)\b.*$", "", giver.strip())
                giver_parts = clean_receiver(giver) if pid != "far_i_uppdrag_av" else [giver.strip()]
                giver = giver_parts[0] if giver_parts else None
            if not receivers:
                continue
            task = m["task"]
            if "verb" in m.groupdict() and m["verb"]:
                # "X ska beredas vidare i Y innan ..." -> Y: "bereda vidare X innan ..."
                obj = re.sub(r"^att\s+", "", m["object"].strip())
                task = f"{m['verb'][:-1]} {(m['adv'] or '').strip()} {obj}{m['task'] or ''}".replace("  ", " ")
            task = clean_task(task, lemma)
            if giver is None and pid not in ("far_i_uppdrag_av",):
                subject = SUBJECT.match(sentence[:m.start("task")] if pid != "bereds_i" else sentence)
                if subject and subject["giver"] not in PRONOUNS and not receivers[0].startswith(subject["giver"]):
                    giver = subject["giver"]
            if len(task) < 4:
                continue
            dates = [d for d in find_dates(sentence[:m.start("task")], year) if d.iso]
            date = dates[-1].iso if dates else None
            deadline = _first(_extras()["DEADLINE"], m["task"], "when")
            report_to = _first(_extras()["REPORT_TO"], sentence, "body")
            for receiver in receivers:
                out.append(MandateMatch(giver, receiver, task, date, m.start(), len(sentence.rstrip()),
                                        pid, deadline, report_to))
            taken.append((m.start(), m.end()))
    return tuple(out)


def _first(patterns: list[re.Pattern], text: str, group: str) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m[group].strip()
    return None


SUBJECT_GLUE = ("och", "samt")
ADVERBS = ("därefter", "också", "även", "sedan", "nu", "själva", "gemensamt")


def clause_subject_mandate(clause: str, lemma, is_verb) -> tuple[str, str] | None:
    """'att Styrgruppen får jobba vidare med X' -> ('Styrgruppen', 'jobba vidare med X').

    A decision clause whose subject is a body, a person or 'samtliga huvudmän' and whose
    verb is in the present tense assigns work to that subject."""
    words = clause.split()
    if len(words) < 3 or words[0].lower() != "att":
        return None
    subject: list[str] = []
    for k in range(1, min(len(words) - 1, 9)):
        word = words[k]
        low = word.lower()
        if subject and low in ADVERBS:
            continue
        if subject and is_verb(word) and not word[:1].isupper():
            subj = " ".join(subject).strip(",")
            if low in ("ska", "skall", "kommer", "blir", "är", "har", "kan", "bör", "måste"):
                return None
            rest = " ".join(words[k + 1:])
            if low in ("får", "ges"):
                if rest.startswith(("i uppdrag", "mandat")):
                    return None
                task = rest
            else:
                task = f"{lemma(word)} {rest}"
            if not (subj[:1].isupper() or GROUP_HEAD.match(subj)):
                return None
            return subj, task.rstrip(" .")
        if word[:1].isupper() or low in SUBJECT_GLUE or (subject and GROUP_HEAD.match(" ".join(subject + [word]))) \
                or (not subject and low in ("samtliga", "alla", "berörda", "respektive")):
            subject.append(word)
            continue
        return None
    return None
