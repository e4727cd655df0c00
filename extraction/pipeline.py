"""The spaCy pipeline: blank Swedish and our rule components that fill doc._.facts.

The rules look words up in spacy-lookups-data's Swedish lemma table (lemma_table, lemma) where they need a
lemma; no component reads the tokens' lemma attribute, so the pipeline sets none (a component that filled it
for every token cost about 4 % of the extraction; tests/test_extract_speed_equivalence.py checks that the facts
are the same with it)."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extraction.components import attendance as attendance_rules
from extraction.components import decisions as decision_rules
from extraction.components import entities as entity_rules
from extraction.components import header as header_rules
from extraction.components import layout
from extraction.components import mandates as mandate_rules
from extraction.components import references as reference_rules
from extraction.components import roles as role_rules
from extraction.components.people import parse_people
from extraction.dates import find_dates
from extraction.patterns import settled, squeeze

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)


@lru_cache(maxsize=1)
def lemma_table():
    """spacy-lookups-data's Swedish lemma table (a spaCy Table: keys are hashed, look up with .get(word))."""
    from spacy.lookups import load_lookups
    return settled(load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup"))


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, str]:
    from extraction.patterns import read_table
    return {form: inf for form, inf in read_table("verb_forms.tsv")}


def lemma(word: str) -> str:
    low = word.lower()
    return verb_forms().get(low) or lemma_table().get(low) or low


def is_verb_form(word: str) -> bool:
    """A present-tense verb: its lemma is an infinitive ending in -a/-å and differs from the word."""
    low = word.lower()
    if low in verb_forms():
        return True
    lem = lemma_table().get(low)
    return bool(lem and lem != low and lem.endswith(("a", "å")) and low.endswith("r"))


MODALS = frozenset({"kunde", "skulle", "ska", "skall", "kan", "bör", "måste", "vill", "får", "fick", "blir", "blev"})


def is_verbish(word: str) -> bool:
    """Any finite verb form: present, past, modal (used to end a name's complement)."""
    low = word.lower()
    return low in MODALS or is_verb_form(low) or is_past_verb(low)


def is_past_verb(word: str) -> bool:
    low = word.lower()
    lem = lemma_table().get(low)
    if not lem or lem == low or not lem.endswith(("a", "å")):
        return False
    return low.endswith(("ade", "de", "te", "ades", "des", "tes", "at", "it", "tt", "ts")) or low in ("gav", "tog", "fick", "beslöt", "var", "gjorde", "lämnade")


# -- components ---------------------------------------------------------------------------------

@Language.component("samkarta_structure")
def structure_component(doc: Doc) -> Doc:
    # The text as given (see analyse_text); Doc.text would join every token again. Kept for the components after.
    text = doc.user_data.get("text") or doc.text
    lines = layout.split_lines(text)
    sections = layout.find_sections(lines)
    head_end = layout.head_end(sections, lines)
    facts = {"text": text, "lines": lines, "sections": sections, "head_end": head_end}
    facts["date"] = header_rules.meeting_date(lines, head_end)
    facts["place"] = header_rules.field_value(lines, head_end, "place")
    facts["dnr"] = header_rules.field_value(lines, head_end, "dnr")
    facts["time"] = header_rules.meeting_time(lines, head_end)
    facts["year"] = int(facts["date"][:4]) if facts["date"] else _document_year(text)
    facts["triggers"] = decision_rules.trigger_subjects(lines)
    facts["body_written"] = header_rules.meeting_body([s for s, _ in facts["triggers"]], lines, head_end)
    facts["attendance"] = attendance_rules.read_attendance(lines, head_end, text)
    doc._.facts = facts
    return doc


def _document_year(text: str) -> int | None:
    years = [int(d.iso[:4]) for d in find_dates(text[:3000]) if d.has_year and d.iso]
    return max(set(years), key=years.count) if years else None


SPACES_HYPHENS = re.compile(r"[\s-]+")


def _same_body(a: str, b: str | None) -> bool:
    if not b:
        return False
    fold = lambda s: SPACES_HYPHENS.sub("", s.lower())
    return fold(a) == fold(b)


OWN_SUBJECTS = ("mötet", "nätverket", "gruppen", "nämnden", "direktionen", "styrelsen")


def own_body_test(body: str | None):
    """Whether a decision's subject is the meeting's own body: as
    `_same_body(subject, body) or (body or "").lower().startswith(subject.lower() + " ") or subject.lower() in
    OWN_SUBJECTS`, with the body folded and lower-cased once, not for every subject (speed only)."""
    folded = SPACES_HYPHENS.sub("", body.lower()) if body else None
    low_body = (body or "").lower()

    def own(subject: str) -> bool:
        low = subject.lower()
        return (folded is not None and SPACES_HYPHENS.sub("", low) == folded) or low_body.startswith(low + " ") \
            or low in OWN_SUBJECTS
    return own


PROPOSAL_LINE = re.compile(r"(?i)\s*förslag till beslut")


@Language.component("samkarta_decisions")
def decisions_component(doc: Doc) -> Doc:
    facts = doc._.facts
    body = facts["body_written"]
    own = own_body_test(body)
    subjects = facts["triggers"]
    decided = sum(1 for _, v in subjects if decision_rules.is_decided_verb(v))
    proposed = len(subjects) - decided + sum(1 for line in facts["lines"] if PROPOSAL_LINE.match(line.text))
    facts["kind"] = header_rules.document_kind(facts["lines"], decided, proposed)
    facts["decisions"] = decision_rules.read_decisions(facts["lines"], facts["sections"], own, facts["kind"] == "agenda")
    return doc


# A full stop after a small letter, digit or closing bracket/quote before a capital or a bullet; a blank line; a
# line break before a bullet or a presenter. The look-behind comes after the stop ("[.!?](?<=X[.!?])" is
# "(?<=X)[.!?]"): speed only, a pattern that opens with a character class lets the regex engine skip to the
# next ".", "!", "?" or line break instead of trying the look-behind at every character.
SENTENCE_END = re.compile(r"[.!?](?<=[a-zåäö0-9)”\"][.!?])(?=\s+[A-ZÅÄÖ•])|\n\s*\n|\n(?=[ \t]*(?:•|Föredragande))")


def _sentences(doc: Doc) -> list[tuple]:
    """(section, sentence, offset) of every item's body, split once per document and kept in doc._.facts."""
    facts = doc._.facts
    if "sentences" not in facts:
        facts["sentences"] = list(_split_sentences(doc))
    return facts["sentences"]


def _split_sentences(doc: Doc):
    """Sentences of each item's body: lines joined, cut at full stops before a capital letter.

    A blank line ends a sentence only after closing punctuation or a 'Föredragande:' line: PDF
    text often has a blank line after every printed line, also inside sentences."""
    facts = doc._.facts
    lines = facts["lines"]
    full = facts["text"]
    for section in facts["sections"]:
        start = lines[section.body_first].start if section.body_first <= section.last else section.end
        text = full[start:section.end]
        pos = 0
        cuts = []
        for m in SENTENCE_END.finditer(text):
            if m[0].strip() == "" and "\n\n" in m[0].replace(" ", "").replace("\t", ""):
                before = text[pos:m.start()].rstrip()
                last_line = before.rsplit("\n", 1)[-1].strip()
                after = text[m.end():].split("\n", 1)[0]
                if layout.ends_on_unit_head(last_line) and layout.wraps_unit_name(last_line, after):
                    continue        # "Föredragande: Anna Berg, chef, Division" / "Kirurgi": the name goes on
                # The sentence so far opens with "Föredragande" when the presenter's line wrapped.
                opening = text[cuts[-1] if cuts else 0:m.start()].lstrip()
                if not (before.endswith((".", ":", "!", "?")) or last_line.startswith("Föredragande")
                        or opening.startswith("Föredragande") or len(last_line) < 3):
                    continue
            cuts.append(m.end())
        for end in cuts + [len(text)]:
            chunk = text[pos:end]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                yield section, squeeze(chunk), start + pos + lead
            pos = end


@Language.component("samkarta_mandates")
def mandates_component(doc: Doc) -> Doc:
    facts = doc._.facts
    year = facts["year"]
    found = []
    decision_spans = [(c.start, c.end) for c in facts["decisions"]]
    for clause in facts["decisions"]:
        ms = mandate_rules.find_mandates(clause.text, clause.start, year, lemma)
        for m in ms:
            found.append((clause.item, m, "decision"))
        if not ms:
            subject_task = mandate_rules.clause_subject_mandate(clause.text, lemma, is_verb_form)
            if subject_task:
                subj, task = subject_task
                for receiver in mandate_rules.clean_receiver(subj):
                    found.append((clause.item, mandate_rules.MandateMatch(None, receiver, task, None, clause.start, clause.end, "clause_subject"), "decision"))
    for section, sentence, offset in _sentences(doc):
        if any(offset < b and a < offset + len(sentence) for a, b in decision_spans):
            continue
        for m in mandate_rules.find_mandates(sentence, offset, year, lemma):
            found.append((section.number, m, "text"))
    facts["mandates"] = found
    return doc


@Language.component("samkarta_entities")
def entities_component(doc: Doc) -> Doc:
    """Mentions per sentence (a name may wrap onto the next line), each with its item."""
    facts = doc._.facts
    mentions = []
    for line in facts["lines"][:facts["head_end"]]:
        mentions.extend((None, m) for m in entity_rules.find_entities(line.text, line.start, is_verbish) if m.kind == "body")
    for section in facts["sections"]:
        mentions.extend((section.number, m) for m in entity_rules.find_entities(section.title, section.start, is_verbish))
    for section, sentence, offset in _sentences(doc):
        mentions.extend((section.number, m) for m in entity_rules.find_entities(sentence, offset, is_verbish))
    # Text outside the items (a layout without item headings, a table of contents): line by line.
    spans = [(m.start, m.end) for _, m in mentions]
    for line in facts["lines"][facts["head_end"]:]:
        for m in entity_rules.find_entities(line.text, line.start, is_verbish):
            if not any(a < m.end and m.start < b for a, b in spans):
                mentions.append((_section_at(facts["sections"], m.start), m))
    facts["mentions"] = [m for _, m in mentions]
    facts["mention_items"] = mentions
    text = facts["text"]
    facts["abbreviations"] = _abbreviations(text)
    facts["header_aliases"] = _header_aliases(text[:lines_end(facts)])
    return doc


def _section_at(sections, offset: int) -> str | None:
    for section in sections:
        if section.start <= offset < section.end:
            return section.number
    return None


def lines_end(facts) -> int:
    lines = facts["lines"]
    return lines[facts["head_end"] - 1].end if facts["head_end"] else 0


def _header_aliases(head: str) -> dict[str, str]:
    """'Nätverket för chefer, (Chefsnätverket, CNV)': the long name is another name of the one in brackets."""
    out = {}
    for m in re.finditer(r"(?P<long>[A-ZÅÄÖ][^\n(]{3,80}?)[,\s]*\(\s*(?P<canon>[A-ZÅÄÖ][\wåäö-]+)\s*,\s*(?P<abbr>[A-ZÅÄÖ]{2,8})\s*\)", head):
        long = re.sub(r"\s+", " ", m["long"]).strip(" ,")
        out[long] = m["canon"]
        out[long.split(" ")[0]] = m["canon"]
        out[m["abbr"]] = m["canon"]
    # "RSS Nord (Avdelningen för stöd)" on a line of its own: the bracket is another name of the body.
    for m in re.finditer(r"(?m)^\s*(?P<canon>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[A-ZÅÄÖ][\wåäö-]*)?)\s*\((?P<long>[A-ZÅÄÖ][^()\n]{3,80})\)\s*$", head):
        out.setdefault(re.sub(r"\s+", " ", m["long"]).strip(), m["canon"])
    return out


ABBREVIATION = re.compile(r"\b(?P<long>[A-ZÅÄÖ][\wåäö-]+(?:\s+(?:och\s+)?[A-ZÅÄÖa-zåäö][\wåäö-]+){0,5})\s*"
                          r"\((?P<short>[A-ZÅÄÖ]{2,8})\)")
SHORT_FORM = re.compile(r"\([A-ZÅÄÖ]{2,8}\)")
NAME_CHAR = re.compile(r"[\w\s-]")


def _abbreviations(text: str) -> dict[str, str]:
    """'Sveriges Kommuner och Regioner (SKR)' and '(Nätverket, NTV)' define short forms."""
    out = {}
    for m in _abbreviation_matches(text):
        long = m["long"]
        initials = "".join(w[0] for w in long.split() if w[0].isupper())
        if initials.upper().startswith(m["short"][:2]) or len(long.split()) == 1:
            out[m["short"]] = long
    for m in re.finditer(r"\((?P<long>[A-ZÅÄÖ][\wåäö-]+),\s*(?P<short>[A-ZÅÄÖ]{2,8})\)", text):
        out[m["short"]] = m["long"]
    return out


def _abbreviation_matches(text: str):
    """As ABBREVIATION.finditer(text), searched only where a match can be: a match is a run of word characters,
    spaces and hyphens ending in "(SHORT)", so the run before each "(SHORT)" is searched alone. Speed only: the
    pattern tried at every capital of the text, its words taken and given back, was a tenth of the entities."""
    for short in SHORT_FORM.finditer(text):
        start = short.start()
        while start > 0 and NAME_CHAR.match(text, start - 1):
            start -= 1
        yield from ABBREVIATION.finditer(text, start, short.end())


@Language.component("samkarta_references")
def references_component(doc: Doc) -> Doc:
    facts = doc._.facts
    year = facts["year"]
    refs = []
    full = facts["text"]
    for section in facts["sections"]:
        body_text = full[section.start:section.end]
        previous, date = reference_rules.previous_meeting(section.title, year, body_text[len(section.title):])
        if previous:
            refs.append((section.number, reference_rules.ReferenceMatch(facts["body_written"], date, section.title, section.start, section.start + len(section.title))))
    decision_spans = [(c.start, c.end) for c in facts["decisions"]]
    mentions = [m for m in facts["mentions"] if m.kind in ("body", "group")]
    for section, sentence, offset in _sentences(doc):
        if any(a <= offset < b for a, b in decision_spans):
            continue
        in_sentence = [(m.name, m.start - offset, m.end - offset) for m in mentions if offset <= m.start < offset + len(sentence) + 5]
        ref = reference_rules.find_reference(sentence, offset, in_sentence, year, is_past_verb,
                                             facts["body_written"], facts["date"])
        if ref:
            refs.append((section.number, ref))
    facts["references"] = refs
    return doc


@Language.component("samkarta_roles")
def roles_component(doc: Doc) -> Doc:
    facts = doc._.facts
    found = []
    lines = facts["lines"]
    presenters = {}
    attending = [a.name for a in facts["attendance"]]
    for section in facts["sections"]:
        found_who = layout.presenter_text(section, lines)
        if found_who:
            who, start = found_who
            people = parse_people(who)
            if not people and " " not in who.strip():
                # A given name alone ("(Gunnel)"): the one person of the attendance list with that name.
                full = [n for n in attending if n.split()[0] == who.strip()]
                people = parse_people(full[0]) if len(set(full)) == 1 else []
            presenters[section.number + "|" + section.title] = (people, start)
    facts["presenters"] = presenters
    for section, sentence, offset in _sentences(doc):
        for r in role_rules.find_roles(sentence, offset):
            found.append(r)
    for clause in facts["decisions"]:
        found.extend(role_rules.find_roles(clause.text, clause.start))
    for line in lines:
        found.extend(role_rules.signature_roles(line.text, line.start))
    facts["role_matches"] = found
    return doc


PIPES = ["samkarta_structure", "samkarta_decisions", "samkarta_mandates",
         "samkarta_entities", "samkarta_references", "samkarta_roles"]


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = spacy.blank("sv")
    for name in PIPES:
        nlp.add_pipe(name)
    return settled(nlp)
