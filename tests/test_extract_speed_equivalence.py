"""The speed-only shortcuts of extraction give what the plain code they stand for gives."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from extraction import pipeline
from extraction.components import decisions, entities, mandates, roles
from extraction.patterns import any_needed, may_match, read_jsonl, required_texts
from extraction.reading import collect_paths, read_path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [read_path(p).text for p in collect_paths([ROOT / "data" / "seeds"])]

# Texts made of the pieces the patterns look for, in random order: matches and near misses.
PIECES = ["Styrgruppen för ", "uppdras att ", "uppdrag ", "uppdrar åt ", "får i uppdrag att ", "Nätverket ",
          "SKR", " (SKR)", "(AB)", "Sveriges Kommuner och Regioner", "avtalet", "Överenskommelse om ", "plan ",
          "Region Uppsala", "ger ", "Anna Berg", " och ", ", ", ". ", "\n", "  ", "beslutade", "att ", "-", "x"]


def _random_texts(count: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12))) for _ in range(count)]


def _sentences() -> list[str]:
    return [s for t in TEXTS for s in re.split(r"(?<=[.:])\s+|\n", t) if s.strip()] + _random_texts(3000)


PATTERNS = ([("mandates", p, 3) for _, p, _ in mandates._patterns()]
            + [("roles", p, 3) for p in (roles.APPOINT, roles.TOOK_POST, roles.CHAIR_BEFORE, roles.SIGNATURE)]
            + [("entity_shapes", re.compile(r["pattern"]), 2) for r in read_jsonl("entity_shapes.jsonl")]
            + [("plain_decisions", p, 3) for p in decisions._plain()])


@pytest.mark.parametrize("source,pattern,shortest", PATTERNS, ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(PATTERNS)])
def test_required_texts_never_rule_out_a_match(source, pattern, shortest):
    needs = required_texts(pattern, shortest)
    for text in _sentences():
        if pattern.search(text):
            assert may_match(needs, text), (source, pattern.pattern, text)


def test_required_texts_read_alternatives_after_a_shared_start():
    assert required_texts(re.compile(r"x\s+(?:uppdras|uppdrogs)\s+att")) == (("uppdras", "uppdrogs"), ("att",))
    assert required_texts(re.compile(r"(?i)uppdras")) == ()
    assert required_texts(re.compile(r"abc(?i:uppdras)")) == (("abc",),)


def test_abbreviation_matches_as_the_whole_text_search():
    for text in TEXTS + _random_texts(3000, seed=2):
        expected = [(m.span(), m.group()) for m in pipeline.ABBREVIATION.finditer(text)]
        assert [(m.span(), m.group()) for m in pipeline._abbreviation_matches(text)] == expected, text


def test_agreement_head_check_as_one_test_per_head():
    heads = entities._agreement_heads()
    for text in _sentences():
        low = text.lower()
        assert bool(entities._any_head().search(low)) == ("plan" in low or any(h in low for h in heads))


GENRE = ROOT.parent / "shared" / "corpus" / "genre"


def _token_lemmas(doc):
    """The lemma step the pipeline had: every alphabetic token's lemma from the lookup table, token by token."""
    table = pipeline.lemma_table()
    for token in doc:
        if token.is_alpha:
            token.lemma_ = table.get(token.lower_) or token.lower_
    return doc


def test_no_component_reads_token_lemmas():
    """The pipeline sets no token lemmas: with a lemma step put back in front, every fact is the same."""
    if not Language.has_factory("test_token_lemmas"):
        Language.component("test_token_lemmas", func=_token_lemmas)
    plain = pipeline.build_nlp()
    with_lemmas = spacy.blank("sv")
    with_lemmas.add_pipe("test_token_lemmas")
    for name in pipeline.PIPES:
        with_lemmas.add_pipe(name)
    genre = [read_path(p).text for p in collect_paths([GENRE])] if GENRE.is_dir() else []
    lemmatised = 0
    for text in TEXTS + genre + ["", "123 -- ?", "Mötet öppnades. Beslutade att anta planen."]:
        expected = with_lemmas(text)
        lemmatised += sum(t.lemma_ not in ("", t.text) for t in expected)
        assert repr(plain(text)._.facts) == repr(expected._.facts)
    assert lemmatised > 1000      # the lemma step did set lemmas that differ from the words


def test_minutes_words_test_as_the_language_warnings():
    from extraction import reading
    cut = [t[:n] for t in TEXTS for n in (0, 40, 200, 400, 1000, 3000)]
    odd = ["§", "§ §", "protokoll", "protokoll mötet", "Protokoll " + "och " * 50, "ordet " * 60,
           "a " * 45 + "möte", "the minutes of the meeting " * 20, "Mötet öppnades och " * 30 + "§ 1"]
    for text in TEXTS + cut + odd + _random_texts(3000, seed=3):
        expected = not any("does not look like minutes" in w for w in reading._language_warnings(text))
        assert reading.looks_like_minutes(text) == expected, text
    assert not reading.looks_like_minutes("Ta två ägg och en kopp mjöl och rör om i skålen. " * 10)


def test_gazetteer_spans_as_the_case_insensitive_search():
    odd = ["İNSPEKTIONEN", "ſocialſtyrelsen", "µ Region Skåne", "Socialstyrelsen – ”IVO” •"]
    for text in _sentences() + odd:
        expected = [m.span() for m in entities._gazetteer_regex().finditer(text)]
        assert entities._gazetteer_spans(text) == expected, text


def test_plain_decision_match_as_one_test_per_pattern():
    assert decisions._any_plain() is not None
    for text in _sentences():
        expected = next((status for pattern, status in decisions._plain_status() if pattern.match(text)), None)
        assert decisions._plain_match(text) == expected, text


# -- references: the dates and the meeting word are read only once a body may be named -------------------

from extraction.components.references import (  # noqa: E402  (the names the plain copy below reads)
    DEN_DAY, FUTURE, GENITIVE_MEETING, IN_COMMISSION, MEETING_WORDS, PASSIVE_BEFORE, PRESENTER,
    SUBJECT_VERB, THIS_MEETING, ReferenceMatch, _bare_groups, _fold, _passive, _preterite, _word_regex, find_dates)

SPACES = re.compile(r"\s+")     # the modules' own constant before squeeze() replaced it (the copies below read it)


# find_reference as it was before the shortcut, word for word.
def _plain_find_reference(sentence: str, offset: int, bodies: list[tuple[str, int]], year: int | None,
                   is_past, own_body: str | None = None, meeting_date: str | None = None) -> ReferenceMatch | None:
    """A sentence that reports what another body did on another occasion.

    Either a body, as the subject of a verb in the past tense ("Omsorgsrådet beslutade ..."), or a
    meeting with a date and a body ("vid styrgruppens planeringsdag den 11 december").
    bodies: (canonical name, position in sentence) of the bodies mentioned, in order."""
    if not (bodies or own_body) or PRESENTER.match(sentence):
        return None
    dates = [d for d in find_dates(sentence, year) if d.iso and d.iso != meeting_date
             and not FUTURE.search(sentence[max(0, d.start - 40):d.start])]
    meets = MEETING_WORDS.search(sentence)
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
    action = SPACES.sub(" ", sentence).strip()
    return ReferenceMatch(body, date, action, offset, offset + len(sentence))


def _calls_of(module, name: str, texts: list[str]) -> list[tuple]:
    """The arguments of every call the pipeline makes to module.name while it reads the texts."""
    calls, real = [], getattr(module, name)

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    setattr(module, name, spy)
    try:
        for text in texts:
            pipeline.build_nlp()(text)
    finally:
        setattr(module, name, real)
    return calls


def _pipeline_texts() -> list[str]:
    from bench.generate import write_corpus
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), 40, seed=5)
        generated = [read_path(p).text for p in collect_paths([Path(folder)])]
    genre = [read_path(p).text for p in collect_paths([GENRE])] if GENRE.is_dir() else []
    return TEXTS + genre + generated


def test_find_reference_as_before_the_shortcut():
    from extraction.components import references
    calls = _calls_of(references, "find_reference", _pipeline_texts())
    found = 0
    for args, kwargs in calls:
        expected = _plain_find_reference(*args, **kwargs)
        assert references.find_reference(*args, **kwargs) == expected, args[0]
        found += expected is not None
    assert len(calls) > 1000 and found > 20


def test_sentence_ends_as_the_whole_search():
    odd = ["", ".", " .", "a.", "a .", "a. B", "a . B", "x!Y", "1) ? Z", "ab.\nCd", "a.b. C", "Ö. Å", "?!. A"]
    for text in _sentences() + TEXTS + odd + _random_texts(2000, seed=4):
        expected = [m.span() for m in decisions.SENTENCE.finditer(text)]
        assert [m.span() for m in decisions._sentence_ends(text)] == expected, text


ROLE_SENTENCES = ["Styrelsen utsåg Anna Berg till ordförande för Omsorgsrådet 2024.",
                  "Nämnden valde Per Olof Ek, socialchef i Mora kommun, till vice ordförande.",
                  "Anna Berg har tillträtt som utvecklingsledare vid RSS Nord.",
                  "Karin Lund har anställts som ny chef för Enheten Vård.",
                  "Ordförande Anna Berg hälsade välkommen.", "Sekreterare är Per Silverliden",
                  "Ordförande. Ulf Olsson", "Mötessekreterare: Eva Holm", "vice ordförande Lars Ek öppnade"]


def test_role_patterns_only_where_their_texts_are():
    """find_roles and signature_roles with the cheap tests give what the patterns run on every text give."""
    texts = _sentences() + ROLE_SENTENCES + [line for t in TEXTS for line in t.splitlines()]
    needs = roles._needs()
    assert set(needs) == {"appoint", "took_post", "chair_before", "signature"} and all(needs.values())
    found = 0
    for text in texts:
        got = roles.find_roles(text, 7) + roles.signature_roles(text, 7)
        try:
            roles._needs.cache_clear()
            roles.may_match = lambda needs, text: True       # every pattern run on every text
            expected = roles.find_roles(text, 7) + roles.signature_roles(text, 7)
        finally:
            roles.may_match = may_match
            roles._needs.cache_clear()
        assert got == expected, text
        found += len(expected)
    assert found >= len(ROLE_SENTENCES)


# -- one search for all the patterns of a kind (extraction.patterns.any_needed) ----------------------------

MANDATE_SENTENCES = ["Styrgruppen ger Anna Berg i uppdrag att ta fram en plan.", "Nätverket uppdrar åt kansliet att utreda frågan.",
                     "Kansliet får i uppdrag att återkomma.", "Frågan tas vidare till styrgruppen för beslut.",
                     "Ärendet ska beredas vidare i presidiet.", "Regionen tar hem frågan.", "Gruppen utser Per Ek som sammankallande.",
                     "Kommunerna uppmanas att svara senast 1 mars.", "Arbetsgruppen inrättades med uppdrag att se över avtalet."]


def test_any_needed_finds_something_where_a_pattern_matches():
    groups = {"mandates": [(p, n) for _, p, n in mandates._patterns()],
              "entity shapes": [(p, n) for label, _, p, _, n in entities._shape_patterns() if label != "AGREEMENT"]}
    texts = _sentences() + MANDATE_SENTENCES + [line for t in TEXTS for line in t.splitlines()]
    for name, patterns in groups.items():
        gate = any_needed(n for _, n in patterns)
        assert gate is not None, name
        matched = 0
        for text in texts:
            if any(p.search(text) for p, _ in patterns):
                matched += 1
                assert gate.search(text), (name, text)
        assert matched > 50, name
    assert any_needed([(("abc",),), ()]) is None
    assert any_needed([(("a", "b"), ("long",))]).pattern == "long"


def _without_gate(module, gate: str, func, *args):
    real = getattr(module, gate)
    setattr(module, gate, lambda: None)
    try:
        return func.__wrapped__(*args)
    finally:
        setattr(module, gate, real)


def test_mandates_as_without_the_one_search():
    texts = _sentences() + MANDATE_SENTENCES + [line for t in TEXTS for line in t.splitlines()]
    found = 0
    for text in texts:
        expected = _without_gate(mandates, "_any_pattern", mandates._mandates, text, 2024, pipeline.lemma)
        assert mandates._mandates.__wrapped__(text, 2024, pipeline.lemma) == expected, text
        found += len(expected)
    assert found > len(MANDATE_SENTENCES)


def test_own_body_test_as_the_plain_expression():
    bodies = [None, "", "Styrgruppen", "Styrgruppen för hemsjukvård", "Region-styrelsen", "Nätverket", "Hjälpmedels nämnden"]
    subjects = ["Styrgruppen", "styrgruppen", "Regionstyrelsen", "Region styrelsen", "Mötet", "Nätverket", "Gruppen",
                "Hjälpmedelsnämnden", "Nämnden", "Styrgruppen för", "X", "İstanbul", "Direktionen"]
    subjects += [s for _, s, _ in [(0, line.split(" beslutade")[0].strip(), 0) for t in TEXTS for line in t.splitlines()
                                    if " beslutade" in line]]
    agree = 0
    for body in bodies + [s for s in subjects[:12]]:
        own = pipeline.own_body_test(body)
        for subject in subjects:
            expected = (pipeline._same_body(subject, body) or (body or "").lower().startswith(subject.lower() + " ")
                        or subject.lower() in ("mötet", "nätverket", "gruppen", "nämnden", "direktionen", "styrelsen"))
            assert own(subject) == expected, (subject, body)
            agree += expected
    assert agree > 30


# -- plain decisions in a line: the sentence search from the first full stop, one match per whole sentence -----

# decisions._plain_in_line as it was before the shortcuts, word for word (module names qualified).
def _plain_in_line_before(lines: list[decisions.Line], i: int, section: decisions.Section, agenda: bool) -> list[decisions.Clause]:
    """Plain decision sentences ("Dagordningen fastställdes.") and proposals ("X föreslår att ...") in a line."""
    line = lines[i]
    text = line.text
    out = []
    pos = len(text) - len(text.lstrip())
    bounds = [m.end() for m in decisions.SENTENCE.finditer(text)]
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
        sentence = SPACES.sub(" ", sentence).strip()
        cut = decisions.SENTENCE.search(sentence)
        if cut and cut.end() < len(sentence):
            sentence = sentence[:cut.start() + 1].strip()
        start = line.start + a
        if agenda:
            p = decisions._proposer().match(sentence)
            if p and p["subject"].lower() not in decisions.PRONOUNS:
                c_start = start + sentence.index(p["clause"])
                for t, s0, e0 in decisions._split([(p["clause"], c_start)]):
                    out.append(decisions.Clause(section.number, "", "proposed", t, s0, e0))
                continue
        parts = decisions._comma_clauses(sentence)
        matched = [(part, off, st) for part, off in parts for st in [decisions._plain_match(part)] if st]
        if len(parts) > 1 and len(matched) > 1:
            for part, off, st in matched:
                out.append(decisions.Clause(section.number, "", st, part.rstrip(" ."), start + off, start + off + len(part)))
            continue
        st = decisions._plain_match(sentence)
        if st:
            body = sentence.rstrip(" .!?")
            out.append(decisions.Clause(section.number, "", st, body, start, start + len(body)))
    return out


# Made-up minutes full of plain decisions (the synthetic corpus has few, and ../shared's genre set is absent in CI).
PLAIN_TEXTS = [
    "1. Mötets öppnande\nDagordningen fastställdes. Till justerare valdes Anna Berg.\n"
    "2. Föregående protokoll\nProtokollet lades till handlingarna. Minnesanteckningarna godkändes.\n"
    "3. Rapporter\nRapporten godkändes, planen antogs. Nämnden godkände budgeten.\n"
    "4. Val\nEva Lund (S) utses till sekreterare. Per Ek valdes till ordförande.\n"
    "5. Övrigt\nArbetsgruppen får fortsatt mandat. Föreslås att anta planen. Föredragningslistan godkänns.",
    "§ 1 Öppnande\nÄrendelistan antogs.\nTill protokollsjusterare utsågs Lars Holm.\n"
    "§ 2 Yttrande\nYttrandet tillstyrks. Styrelsen biföll förslaget. Direktionen antog budgeten.\n"
    "§ 3 Anmälningar\nInformationen läggs till handlingarna. Anteckningarna justerades.\n"
    "§ 4 Uppdrag\nKansliet ges förnyat förtroende. Beslutet fastställdes.\nFöreslås att ärendet bordläggs.",
    "Punkt 1\nMötet valde Karin Ström till ordförande. Dagordningen godkändes med tillägg.\n"
    "Punkt 2\nDen nya planen fastställs. Gruppen beslöt att avvakta. Rådet avslog motionen.\n"
    "Punkt 3\nFörslaget antas. Lena Berg-Ek utsågs att justera protokollet.",
]


def test_plain_in_line_as_before_the_shortcuts():
    from extraction.components import layout
    texts = _pipeline_texts() + PLAIN_TEXTS + ["Dagordningen fastställdes. Protokollet lades till handlingarna, mötet avslutades.\n"
                                 "Anna Berg utses till justerare, Per Ek valdes till ordförande.\nFöreslås att anta planen.",
                                 "1. Mötets öppnande\nDagordningen \t fastställdes.\xa0 Protokollet\u2003lades  till handlingarna,\x1cmötet avslutades."]
    found = 0
    for text in texts:
        lines = layout.split_lines(text)
        for section in layout.find_sections(lines):
            for i in range(section.body_first, section.last + 1):
                for agenda in (False, True):
                    expected = _plain_in_line_before(lines, i, section, agenda)
                    assert decisions._plain_in_line(lines, i, section, agenda) == expected, lines[i].text
                    found += len(expected)
    assert found > 10


# -- a mandate pattern's gate: a piece of the pattern searched first (mandates.jsonl "gate") ---------------------

GATED_SENTENCES = ["Kansliet får i uppdrag av styrgruppen att ta fram en plan.", "Anna Berg fick uppdraget av nämnden att utreda.",
                   "Gruppen har fått i uppdrag av Regionen att svara.", "Kansliet får i uppdrag att återkomma av hänsyn till x.",
                   "Kansliet får i uppdrag av", "Kansliet får i uppdragav styrgruppen att x.", "Kansliet får uppdrag\tav\nRSS att gå."]


def test_mandate_gates_are_pieces_of_their_patterns():
    gates = mandates._gates()
    assert gates, "no gate in mandates.jsonl"
    sources = {r["id"]: r["pattern"] for r in read_jsonl("mandates.jsonl")}
    for pid, gate in gates.items():
        assert gate.pattern in sources[pid], pid          # the gate is a piece of the pattern (see _gates)


def test_mandates_as_without_the_gates():
    texts = _sentences() + MANDATE_SENTENCES + GATED_SENTENCES + [line for t in TEXTS for line in t.splitlines()]
    patterns = {pid: p for pid, p, _ in mandates._patterns()}
    gated = 0
    for text in texts:
        for pid, gate in mandates._gates().items():
            if patterns[pid].search(text):
                assert gate.search(text), (pid, text)
        real = mandates._gates
        mandates._gates = lambda: {}
        try:
            expected = mandates._mandates.__wrapped__(text, 2024, pipeline.lemma)
        finally:
            mandates._gates = real
        assert mandates._mandates.__wrapped__(text, 2024, pipeline.lemma) == expected, text
        gated += any(m.pattern == "far_i_uppdrag_av" for m in expected)
    assert gated >= 3


# -- pipeline.SENTENCE_END with its look-behind after the full stop ----------------------------------------------

SENTENCE_END_BEFORE = re.compile(r"(?<=[a-zåäö0-9)”\"])[.!?](?=\s+[A-ZÅÄÖ•])|\n\s*\n|\n(?=[ \t]*(?:•|Föredragande))")


def test_sentence_end_as_the_look_behind_first():
    odd = ["", ".", ". A", "a. B", "A. B", ").\n•", "”! Å", "\n\n", "\n \n", "\n•", "\nFöredragande", "x?\tÖ", "1.  C", ".a. B"]
    pieces = PIECES + [".", "!", "?", ") ", "”", "\n\n", "\n • ", "\nFöredragande: ", "A", "é. ", "1"]
    rnd = random.Random(7)
    texts = odd + TEXTS + _sentences() + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 20))) for _ in range(4000)]
    for text in texts:
        expected = [m.span() for m in SENTENCE_END_BEFORE.finditer(text)]
        assert [m.span() for m in pipeline.SENTENCE_END.finditer(text)] == expected, text


# -- extraction.patterns.squeeze for re.sub(r"\s+", " ", text).strip() -----------------------------------------------------

def test_squeeze_as_the_whitespace_regex():
    import sys
    from extraction import gazetteers
    from extraction.patterns import squeeze
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))
    blanks = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u2028", "\u3000", "\u200b", "\ufeff"]
    rnd = random.Random(8)
    texts = TEXTS + _sentences() + ["".join(rnd.choice(blanks + ["a", "Ö", "-", "SKR"]) for _ in range(rnd.randint(0, 15)))
                                    for _ in range(3000)]
    for text in texts:
        plain = re.sub(r"\s+", " ", text).strip()
        assert squeeze(text) == plain, text
        assert gazetteers._key(text) == plain.casefold(), text


# -- attendance._section_of: one startswith for all the labels first ---------------------------------------------

def _section_of_before(text: str):
    from extraction.components import attendance
    text = re.sub(r"^\s*\d{1,2}\s+(?=[A-ZÅÄÖ])", "", text.strip())      # a page number run into the line
    low = text.lower()
    for label, kind in attendance._sections():
        if low.startswith(label) and (len(low) == len(label) or not low[len(label)].isalpha()):
            return kind, text[len(label):].strip(" :\t")
    return None


def test_section_of_as_one_test_per_label():
    from extraction.components import attendance
    labels = [label for label, _ in attendance._sections()]
    rnd = random.Random(9)
    made = [rnd.choice(["", " ", "12 ", "3 "]) + rnd.choice([label, label.upper(), label.capitalize(), label[:-1], "x" + label])
            + rnd.choice(["", ":", ": Anna Berg", "a", " Olle Ek", "\t", "-"]) for label in labels for _ in range(20)]
    texts = made + [line for t in TEXTS for line in t.splitlines()] + _sentences()
    found = 0
    for text in texts:
        expected = _section_of_before(text)
        assert attendance._section_of(text) == expected, text
        found += expected is not None
    assert found > 100


# -- attendance._official: the municipality of a word, remembered -------------------------------------------------

def test_official_as_the_lookups():
    from extraction import gazetteers
    from extraction.components import attendance
    words = {w for t in TEXTS for line in t.splitlines() for w in attendance._words(line)}
    words |= {" ".join(pair) for t in TEXTS for line in t.splitlines()
              for pair in zip(attendance._words(line), attendance._words(line)[1:])}
    words |= {m.name for m in gazetteers.municipality_list()} | {"Harnosand", "Falu kommun", "Gagnef  kommun", "Malung-Sälen"}
    found = 0
    for word in sorted(words):
        cand = word.strip(",|")
        expected = gazetteers.municipality_official(cand) or attendance._folded_municipality(cand)
        assert attendance._official(cand) == expected, cand
        found += expected is not None
    assert found > 290


def test_plain_match_remembered_as_computed():
    texts = [args[0] for args, _ in _calls_of(decisions, "_plain_match", _pipeline_texts() + PLAIN_TEXTS)] + _sentences()
    decisions._plain_match.cache_clear()
    found = 0
    for text in texts + texts:
        expected = decisions._plain_match.__wrapped__(text)
        assert decisions._plain_match(text) == expected, text
        found += expected is not None
    assert found > 20 and decisions._plain_match.cache_info().hits > len(texts) // 2


# -- entities._exact_regex: the look-behind after each name's first character -------------------------------------

def test_exact_regex_as_the_look_behind_first():
    from extraction import gazetteers
    names = list(gazetteers.national_bodies_exact())
    before = re.compile(r"(?<![\wåäöÅÄÖ-])(" + entities._trie(names) + r")(?![\wåäöÅÄÖ-])")
    rnd = random.Random(10)
    edges = ["", " ", "-", "x", "Å", "ö", "\n", "(", "1", "_", ",", "é"]
    made = ["".join(rnd.choice(edges) + rnd.choice(names) + rnd.choice(edges) for _ in range(rnd.randint(1, 4)))
            for _ in range(4000)]
    found = 0
    for text in made + TEXTS + _sentences():
        expected = [(m.span(), m.groups()) for m in before.finditer(text)]
        assert [(m.span(), m.groups()) for m in entities._exact_regex().finditer(text)] == expected, text
        found += len(expected)
    assert found > 1000
    for words in (["ab", "ac", "b"], ["a"], ["", "a"], []):      # the tree's shapes, and the empty word
        plain = re.compile(r"(?<!x)(" + entities._trie(words) + ")")
        guarded = re.compile("(" + entities._trie(words, behind="x") + ")")
        for text in ["ab", "xab", "b xb ac", "", "x", "aa", "\nab"]:
            assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)], (words, text)


# -- decisions.trigger_match: the trigger pattern's match of a line, remembered ----------------------------------

def _facts_of(texts: list[str]) -> list[dict]:
    nlp = pipeline.build_nlp()
    out = []
    for text in texts:
        facts = nlp(text)._.facts
        out.append({k: facts[k] for k in ("triggers", "body_written", "kind", "decisions", "mandates")})
    return out


def test_trigger_match_as_the_pattern():
    texts = _pipeline_texts()
    lines = [line for t in texts + TEXTS for line in t.splitlines()] + _sentences()
    decisions.trigger_match.cache_clear()
    matched = 0
    for text in lines + lines:
        m, expected = decisions.trigger_match(text), decisions.trigger_regex().match(text)
        assert (m and (m.span(), m.groupdict())) == (expected and (expected.span(), expected.groupdict())), text
        matched += expected is not None
    assert matched > 100
    got = _facts_of(texts)
    real = decisions.trigger_match
    decisions.trigger_match = lambda text: decisions.trigger_regex().match(text)
    try:
        assert got == _facts_of(texts)
    finally:
        decisions.trigger_match = real
