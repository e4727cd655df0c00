"""Hostile values reach SPARQL only as bound literals: the named questions, the CLI, reads and writes of the store."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from extraction.errors import SamkartaError, StoreError
from graph.ingest import build_records
from graph.questions import QuestionError, available, parameters, run_query
from graph.samples import sample_records
from graph.store import open_store, update_text

ROOT = Path(__file__).resolve().parent.parent
SAMKARTA = Path(sys.executable).with_name("samkarta")

HOSTILE = [
    '"} ; DROP ALL ; #',
    "'} ; DROP ALL ; #",
    '\\"} ; CLEAR DEFAULT ; #',
    '"""} } ; INSERT DATA { <http://x> <http://y> "z" } ; #',
    "x\n} ; DROP ALL ; #\n",
    "<http://example.org/> } UNION { ?s ?p ?o",
    "?s ?p ?o",
    "\\u0022 } ; DROP ALL ; #",
    "\x00\x1f\u2028",
]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "store"
    with open_store(path) as store:
        build_records(store, sample_records())
    return path


@pytest.fixture(scope="module")
def store(store_dir):
    with open_store(store_dir, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def dataset(store) -> bytes:
    return b"\n".join(sorted(store.nquads().splitlines()))


def literal_parameters() -> list[tuple[str, str]]:
    return [(name, param) for name in available() for param, kind in parameters(name).items() if kind == "literal"]


def test_robust_every_question_has_parameters_to_attack():
    assert len(literal_parameters()) >= 5


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name, param", literal_parameters())
def test_robust_hostile_parameter_is_a_plain_value(store, dataset, name, param, value):
    try:
        rows = run_query(store, name, **{param: value})
    except QuestionError as error:       # a parameter that takes a date or a flag may refuse the text, in words
        assert error.message
    else:
        assert isinstance(rows, list)
    assert b"\n".join(sorted(store.nquads().splitlines())) == dataset


@settings(max_examples=40, deadline=None, derandomize=True)
@given(value=st.text(max_size=40), index=st.integers(min_value=0))
def test_robust_any_parameter_text_never_breaks_the_query(store, value, index):
    name, param = literal_parameters()[index % len(literal_parameters())]
    try:
        run_query(store, name, **{param: value})
    except QuestionError:
        pass                             # refused in plain words: fine; a StoreError would be broken syntax


@pytest.mark.parametrize("iri", ["http://x> } ; DROP ALL ; { <y", "http://a b", 'http://x"', "http://x\n"])
def test_robust_hostile_iri_parameter_is_refused(store, iri):
    with pytest.raises(QuestionError):
        run_query(store, "path", agreement=iri)


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR DEFAULT", 'INSERT DATA { <http://x> <http://y> "z" }'])
def test_robust_query_never_runs_an_update(store, dataset, update):
    with pytest.raises(StoreError):
        store.query(update)
    assert b"\n".join(sorted(store.nquads().splitlines())) == dataset


@pytest.mark.parametrize("graph", ["http://x> } ; DROP ALL ; #", "http://a b", "", "http://x\n"])
def test_robust_write_refuses_an_iri_that_could_break_out(store_dir, graph):
    with open_store(store_dir) as writer:
        before = writer.nquads()
        with pytest.raises(StoreError):
            writer.replace_graph(graph, [])
        with pytest.raises(StoreError):
            writer.replace_graph("https://samkarta.se/graph/x", [], remove=[graph])
        with pytest.raises(StoreError):
            writer.remove_graph(graph)
        assert writer.nquads() == before


def test_robust_literal_values_are_escaped_in_writes(store_dir):
    graph = "https://samkarta.se/graph/safety"
    triples = [(URIRef("https://samkarta.se/id/x"), URIRef("https://samkarta.se/ns#text"), Literal(v)) for v in HOSTILE]
    assert "DROP ALL ;" in update_text(graph, triples)  # the text is there, but only inside string literals
    with open_store(store_dir) as writer:
        before = writer.triple_count()
        writer.replace_graph(graph, triples)
        assert {str(o) for _, _, o in writer.graph(graph)} == set(HOSTILE)
        assert writer.triple_count() == before + len(HOSTILE)
        writer.remove_graph(graph)
        assert writer.triple_count() == before


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_robust_cli_query_with_hostile_values(store_dir, dataset, value):
    command = [str(SAMKARTA)] if SAMKARTA.exists() else [sys.executable, str(ROOT / "cli.py")]
    result = subprocess.run([*command, "query", "--store", str(store_dir), "mandates", "--body", value,
                             "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    with open_store(store_dir, read_only=True) as opened:
        assert b"\n".join(sorted(opened.nquads().splitlines())) == dataset
