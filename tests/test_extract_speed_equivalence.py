"""The speed-only shortcuts of extraction give what the plain code they stand for gives."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import spacy

from extraction import pipeline
from extraction.components import decisions, entities, mandates
from extraction.patterns import may_match, read_jsonl, required_texts
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


def test_lemma_component_as_token_by_token():
    nlp = spacy.blank("sv")
    table = pipeline.lemma_table()
    for text in TEXTS + ["", "123 -- ?", "Mötet öppnades. Beslutade att anta planen."]:
        expected = nlp(text)
        for token in expected:
            if token.is_alpha:
                token.lemma_ = table.get(token.lower_) or token.lower_
        got = pipeline.lemma_component(nlp(text))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


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
