"""References to other meetings: which body did what, when ("Styrgruppen ... vid möte den 250121 godkände ...")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction.dates import find_dates
from extraction.patterns import squeeze

PREVIOUS = re.compile(r"\b(föregående|förra|senaste)\s+(minnesanteckningar|protokoll|mötesprotokoll|möte|mötes|"
                      r"sammanträde|sammanträdes|sammanträdesprotokoll)", re.IGNORECASE)
MEETING_WORDS = re.compile(r"\b(möte|mötet|sammanträde|sammanträdet|planeringsdag|planeringsdagen|sammankomst|"
                           r"arbetsmöte|styrgruppsmöte|nätverksmöte|workshop)\b", re.IGNORECASE)
# "vid sammanträdet", "till mötet" without a date: this meeting, not another one.
THIS_MEETING = re.compile(r"\b(?:vid|på|under|till|inför|i)\s+(?:dagens\s+)?(?:sammanträdet|mötet)\b(?!\s+(?:den|i|med)\s)",
                          re.IGNORECASE)
FUTURE = re.compile(r"\b(?:inför|till|kommande|nästa|planeras|ska|skall|senast)\b[^.]{0,30}$", re.IGNORECASE)
PRESENTER = re.compile(r"^\s*(?:Föredragande|Ansvarig|Deltagare|Närvarande)\b", re.IGNORECASE)
GENITIVE_MEETING = re.compile(r"\b(?P<owner>[\wåäöÅÄÖ-]+?)(?::s|s)\s+(?:\w+\s+)?(?:möte|sammanträde|planeringsdag|"
                              r"arbetsmöte|beslut)\b", re.IGNORECASE)

# Compiled once (speed only): find_reference runs on every sentence.
SUBJECT_VERB = re.compile(r"(?:[^\s,.;:]*(?:\s+(?:för|i|inom)\s+[^\s,.;:]+)*)\s+(?P<aux>har\s+|hade\s+)?"
                          r"(?:därefter\s+|också\s+|även\s+|då\s+|tidigare\s+)?"
                          r"(?:vid\s+[^.;:]{0,60}?\s+)?(?P<verb>[a-zåäö]+)\b(?P<rest>\s+\w+\s+\w+)?")
IN_COMMISSION = re.compile(r"\s+i\s+uppdrag")
PASSIVE_BEFORE = re.compile(r"\b(?P<verb>[a-zåäö]+)\s+(?:av|i|hos|för)\s+$")
DEN_DAY = re.compile(r"\bden\s+\d")
SPACES_HYPHENS = re.compile(r"[\s-]+")


@lru_cache(maxsize=1)
def _bare_groups() -> re.Pattern:
    from extraction.components.entities import BARE_GROUPS
    return re.compile(rf"\b(?:{'|'.join(BARE_GROUPS)})\b", re.IGNORECASE)


@lru_cache(maxsize=256)   # speed only: one pattern per meeting body's head word, asked for every sentence
def _word_regex(word: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


IRREGULAR_PAST = {"gav", "tog", "fick", "beslöt", "gjorde", "höll", "såg", "stod", "gick", "kom", "lät", "drog", "bad",
                  "fann", "sköt", "valde", "antog", "godkände", "fastställde", "lämnade", "beslutade"}


def _preterite(verb: str, after_aux: bool, is_past) -> bool:
    """A verb in the past tense: preterite ('beslutade', 'gav'), or a supine after 'har'/'hade'.
    A bare supine ('fått medel') belongs to a subordinate clause about the present."""
    low = verb.lower()
    if low in IRREGULAR_PAST:
        return True
    if low.endswith(("rt", "tt", "it")) and low not in ("fått", "haft", "varit", "blivit", "mycket", "litet", "rätt"):
        from extraction.pipeline import lemma_table
        lem = lemma_table().get(low)           # "att rådet gjort en inventering": a supine for the perfect
        if lem and lem != low and lem.endswith(("a", "å")):
            return True
    if not is_past(low):
        if not after_aux:
            return False
        from extraction.pipeline import lemma_table
        lem = lemma_table().get(low)           # "har lyft": a supine the past-tense test misses
        return bool(lem) and lem != low and lem.startswith(low) and lem.endswith("a")
    # A bare supine stands for the perfect in a subordinate clause ("att rådet gjort en inventering");
    # "fått", "haft", "varit" describe a state, not something the body did.
    return after_aux or low.endswith(("ade", "de", "te", "dde")) or (low.endswith(("rt", "tt", "at", "it"))
                                                                      and low not in ("fått", "haft", "varit", "blivit"))


def _passive(verb: str) -> bool:
    """'godkändes', 'bereddes', 'antagna', 'beslutad': a passive or participle of a verb."""
    from extraction.pipeline import lemma_table
    low = verb.lower()
    if not low.endswith(("des", "tes", "ts", "gs", "na", "da", "ad", "ades")) or len(low) < 5:
        return False
    if low.endswith(("etts", "ätts", "ånts", "änts", "ades")):
        return True                            # "har beretts", "har godkänts", "presenterades": passive
    lem = lemma_table().get(low) or lemma_table().get(low[:-1])
    if not lem and low.endswith(("ades", "ddes", "ndes", "ldes", "etts", "ätts", "ånts", "änts", "ats")):
        return True                            # "bereddes", "presenterades": a past passive
    return bool(lem) and lem != low and lem.endswith(("a", "å"))


def _fold(name: str) -> str:
    return SPACES_HYPHENS.sub("", name.lower())


@dataclass(frozen=True)
class ReferenceMatch:
    body: str | None
    date: str | None
    action: str
    start: int
    end: int


def previous_meeting(title: str, year: int | None, body_text: str = "") -> tuple[bool, str | None]:
    """'Föregående minnesanteckningar 241219': (True, its date); the date may also stand in the item's first lines."""
    if not PREVIOUS.search(title):
        return False, None
    for text in (title, body_text[:400]):
        for d in find_dates(text, year):
            if d.iso and d.has_year:
                return True, d.iso
    return True, None


def find_reference(sentence: str, offset: int, bodies: list[tuple[str, int]], year: int | None,
                   is_past, own_body: str | None = None, meeting_date: str | None = None) -> ReferenceMatch | None:
    """A sentence that reports what another body did on another occasion.

    Either a body, as the subject of a verb in the past tense ("Omsorgsrådet beslutade ..."), or a
    meeting with a date and a body ("vid styrgruppens planeringsdag den 11 december").
    bodies: (canonical name, position in sentence) of the bodies mentioned, in order."""
    if not (bodies or own_body) or PRESENTER.match(sentence):
        return None
    body = None
    # A body that is the subject of a past-tense verb: "Styrgruppen för X beslutade", "SKR har lämnat".
    for name, pos, *end in bodies:
        after = sentence[end[0]:] if end else sentence[pos:]
        m = SUBJECT_VERB.match(after)
        if m and _preterite(m["verb"], bool(m["aux"]), is_past) and not IN_COMMISSION.match(m["rest"] or ""):
            body = name
            break
    bodies = [(b[0], b[1]) for b in bodies]
    passive = False
    if body is None:
        # "godkändes av direktionen den 10 december 2021", "antagna av Regionfullmäktige 8 november 2016"
        candidates = list(bodies)
        candidates += [(m[0][:1].upper() + m[0][1:].lower(), m.start()) for m in _bare_groups().finditer(sentence)]
        if own_body:
            candidates += [(own_body, m.start()) for m in _word_regex(own_body.split()[0].lower()).finditer(sentence)]
        for name, pos in candidates:
            m = PASSIVE_BEFORE.search(sentence[:pos])
            if m and _passive(m["verb"]):
                body, passive = name, True
                break
    # Speed only: the dates and the meeting word are read once a body may be named.
    if body is None and not bodies:
        return None
    dates = [d for d in find_dates(sentence, year) if d.iso and d.iso != meeting_date
             and not FUTURE.search(sentence[max(0, d.start - 40):d.start])]
    if body is None and not dates:
        return None
    meets = MEETING_WORDS.search(sentence)
    if body is None and dates and meets and bodies:
        owner = GENITIVE_MEETING.search(sentence)
        if owner:
            stem = owner["owner"].lower()
            body = next((name for name, _ in bodies if name.lower().startswith(stem) or stem.startswith(name.lower().split()[0])), None)
        if body is None:
            before = [name for name, pos in bodies if pos < meets.start()]
            body = before[-1] if before else bodies[0][0]
    if body is None:
        return None
    date = dates[0].iso if dates and (meets or passive or DEN_DAY.search(sentence)) else None
    own = bool(own_body) and _fold(body) == _fold(own_body)
    if date is None and (THIS_MEETING.search(sentence) or own):
        return None
    if own and not meets and not (passive and date):
        return None              # the meeting's own body with a deadline: a decision, not another meeting
    action = squeeze(sentence)
    return ReferenceMatch(body, date, action, offset, offset + len(sentence))
