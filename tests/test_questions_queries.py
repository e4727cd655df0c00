"""Tests of graph/questions.py and graph/queries/*.rq: columns, the path of a topic, filters, bound parameters."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.ingest import build_paths, build_records
from graph.questions import QuestionError, available, bind, columns, format_rows, run_query
from graph.samples import sample_records
from graph.store import EmbeddedStore

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"

EXPECTED_COLUMNS = {
    "mandates": ["giver", "receiver", "task", "date", "deadline", "reportsTo", "meeting", "item", "quote",
                 "source", "mandate", "status", "followUpDate", "followUp", "age", "overdue"],
    "path": ["date", "kind", "body", "text", "receiver", "status", "meeting", "item", "quote", "source", "step"],
    "inventory": ["name", "type", "mandatedBy", "parent", "members", "firstMention", "lastMention", "documents",
                  "sources", "iri", "purpose", "representatives"],
    "person": ["person", "relation", "target", "detail", "date", "meeting", "quote", "source", "fact"],
    "body": ["name", "relation", "target", "detail", "date", "meeting", "quote", "source", "fact"],
}

NASTY = ['x" } ; DROP ALL ; {', "x' } ; DROP ALL ; {", 'x\\" } DROP ALL {', '"""', "a\nb\r\"c", "} } }",
         "?body", "\\", "x\\u0022 } ; DROP ALL ; {"]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("questions") / "seeds")
    report = build_paths(store, [SEEDS])  # the real extraction, about 10 s
    assert not report.failed, report.failed
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("questions") / "samples")
    build_records(store, sample_records())
    yield store
    store.close()


@pytest.fixture(params=["seeds", "samples"])
def store(request, seed_store, sample_store):
    return seed_store if request.param == "seeds" else sample_store


def test_questions_available_are_the_five_named_queries():
    assert available() == sorted(EXPECTED_COLUMNS)


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_questions_each_query_returns_rows_with_expected_columns(store, name):
    assert columns(name) == EXPECTED_COLUMNS[name]
    rows = run_query(store, name)
    assert rows, name
    for row in rows:
        assert list(row) == EXPECTED_COLUMNS[name]


def _dates_in_order(rows):
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates[:len(dated)] == dated, "undated steps come last"


def test_questions_path_follows_hemsjukvard_by_date_across_bodies(store):
    rows = run_query(store, "path", topic="hemsjukvård")
    assert rows
    _dates_in_order(rows)
    assert len({r["body"] for r in rows if r["body"]}) >= 2
    for r in rows:
        assert r["kind"] in ("möte", "ärende", "beslut", "uppdrag", "hänvisning")
        if r["kind"] != "möte":
            haystack = f"{r['text']} {r['quote'] or ''} {r['item'] or ''}".lower()
            assert "hemsjukvård" in haystack


def test_questions_path_topic_is_case_insensitive(seed_store):
    assert run_query(seed_store, "path", topic="HEMSJUKVÅRD") == run_query(seed_store, "path", topic="hemsjukvård")


def test_questions_path_by_agreement_iri(sample_store):
    rows = run_query(sample_store, "path", topic="https://samkarta.se/id/agreement/hemsjukvardsavtalet")
    kinds = {r["kind"] for r in rows}
    assert "möte" in kinds and "beslut" in kinds
    assert len({r["meeting"] for r in rows if r["kind"] == "möte"}) == 2  # both samples mention the agreement


@pytest.mark.parametrize("store_name,body", [("seeds", "styrgrupp"), ("seeds", "Välfärdsrådet"),
                                             ("samples", "socialchef"), ("samples", "ARBETSGRUPPEN")])
def test_questions_mandates_filtered_by_body(seed_store, sample_store, store_name, body):
    store = seed_store if store_name == "seeds" else sample_store
    rows = run_query(store, "mandates", body=body)
    assert rows
    assert len(rows) < len(run_query(store, "mandates")) or store_name == "samples"
    for r in rows:
        assert body.lower() in f"{r['giver'] or ''}\x00{r['receiver']}".lower()


def test_questions_person_and_body_filter(seed_store):
    person = run_query(seed_store, "person", name="gärdsback")
    assert person and {r["person"] for r in person} == {"Ulrika Gärdsback"}
    assert {"deltog i", "föredrog", "roll"} <= {r["relation"] for r in person}
    body = run_query(seed_store, "body", body="Styrgruppen för Länschefsnätverket")
    assert {"fick uppdrag av", "är undergrupp till"} <= {r["relation"] for r in body}


def test_questions_inventory_has_parent_mandator_and_mentions(seed_store):
    rows = {r["name"]: r for r in run_query(seed_store, "inventory")}
    steering = rows["Styrgruppen för Länschefsnätverket"]
    assert steering["parent"] == "Länschefsnätverket"
    assert "Länschefsnätverket" in steering["mandatedBy"]
    assert steering["type"] == "styrgrupp"
    network = rows["Länschefsnätverket"]
    assert network["documents"] == 5 and network["firstMention"] <= network["lastMention"]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("name,param", [("path", "topic"), ("mandates", "body"), ("inventory", "body"),
                                        ("person", "name"), ("body", "body")])
def test_questions_parameters_are_plain_values(sample_store, name, param, text):
    before = sample_store.triple_count()
    rows = run_query(sample_store, name, **{param: text})
    assert rows == []
    assert sample_store.triple_count() == before


@pytest.mark.parametrize("text", NASTY + ["hemsjukvård", ""])
def test_questions_bound_value_round_trips(sample_store, text):
    from rdflib import Literal
    rows = sample_store.query(bind("SELECT ?v WHERE { }", {"v": Literal(text)}))
    assert rows == [{"v": text}]


@pytest.mark.parametrize("iri", ["http://x> } ; DROP ALL ; { <y", "https://a b", "javascript:alert(1)"])
def test_questions_bad_iri_is_refused(sample_store, iri):
    with pytest.raises(QuestionError):
        run_query(sample_store, "path", agreement=iri)


def test_questions_unknown_name_and_parameter(sample_store):
    with pytest.raises(QuestionError, match="no question named"):
        run_query(sample_store, "nodes")
    with pytest.raises(QuestionError, match="takes no"):
        run_query(sample_store, "inventory", topic="x")


def test_questions_format_rows(sample_store):
    rows = run_query(sample_store, "mandates")
    assert json.loads(format_rows(rows, "json")) == rows
    parsed = list(csv.reader(io.StringIO(format_rows(rows, "csv"))))
    assert parsed[0] == EXPECTED_COLUMNS["mandates"] and len(parsed) == len(rows) + 1
    table = format_rows(rows, "table")
    assert table.splitlines()[0].startswith("Uppdragsgivare")
    assert format_rows([], "csv", columns("path")).splitlines() == [",".join(EXPECTED_COLUMNS["path"])]
    with pytest.raises(QuestionError):
        format_rows(rows, "xml")


def test_questions_path_of_the_most_mentioned_agreement_is_dated_and_quoted(seed_store):
    """Done-when, without naming the corpus: the agreement most documents mention has a path of several bodies'
    steps in date order, and every step other than a meeting carries its quoted sentence and its document."""
    counts = seed_store.query("PREFIX skv: <https://samkarta.se/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                              "PREFIX dcterms: <http://purl.org/dc/terms/> "
                              "SELECT ?name (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m dcterms:references ?a . "
                              "?a a skv:Agreement ; skos:prefLabel ?name } GROUP BY ?name ORDER BY DESC(?n) ?name")
    topic = counts[0]["name"]
    rows = run_query(seed_store, "path", topic=topic)
    _dates_in_order(rows)
    dated = [r for r in rows if r["date"]]
    assert len({r["date"][:4] for r in dated}) >= 2, "the path spans more than one year"
    assert len({r["body"] for r in rows if r["body"]}) >= 2
    for r in rows:
        assert r["source"], r
        if r["kind"] != "möte":
            assert r["quote"], r
    assert {"uppdrag", "beslut", "ärende"} <= {r["kind"] for r in rows}


def test_questions_inventory_names_who_mandated_each_group(seed_store):
    """Every body that some stored mandate with a known giver names as receiver lists that giver."""
    inventory = {r["iri"]: r for r in run_query(seed_store, "inventory")}
    checked = 0
    for m in seed_store.query("PREFIX skv: <https://samkarta.se/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                              "SELECT DISTINCT ?receiver ?giverName WHERE { ?m a skv:Mandate ; skv:receiver ?receiver ; "
                              "skv:giver/skos:prefLabel ?giverName }"):
        if m["receiver"] in inventory:
            assert m["giverName"] in (inventory[m["receiver"]]["mandatedBy"] or "").split("; ")
            checked += 1
    assert checked >= 3


def test_questions_bind_pairs_values_and_fills_every_mark():
    from rdflib import Literal, URIRef
    text = "SELECT * WHERE {\n  {\n    #@values\n    ?a ?p ?o\n  } UNION {\n    #@values\n    ?o ?p ?a\n  }\n}"
    pairs = [(URIRef("https://x.se/1"), Literal('Ett "citat"')), (URIRef("https://x.se/2"), Literal("Två"))]
    out = bind(text, {("a", "label"): pairs, "asOf": Literal("2024-01-01")})
    block = ('VALUES (?a ?label ?asOf) { (<https://x.se/1> "Ett \\"citat\\"" "2024-01-01") '
             '(<https://x.se/2> "Två" "2024-01-01") }')
    assert out.count(block) == 2 and "#@values" not in out


@pytest.mark.parametrize("question, param, word", [("person", "name", "gärdsback"), ("body", "body", "nätverket")])
def test_questions_anchored_answers_name_each_node_one_way(seed_store, question, param, word):
    # The anchor (persons or bodies found by name first) gives the same rows as asking for everyone and keeping
    # the named ones: one name per node, whichever search word found it.
    everyone = run_query(seed_store, question)
    key = "person" if question == "person" else "name"
    wanted = [r for r in everyone if word in r[key].lower()]
    found = run_query(seed_store, question, **{param: word})
    assert found and len(found) == len(wanted)
    assert {(r[key], r["relation"], r["fact"]) for r in found} == {(r[key], r["relation"], r["fact"]) for r in wanted}


@pytest.mark.parametrize("word", ["styrgruppen", "nätverket", "rss"])
def test_questions_mandates_by_body_are_the_mandates_naming_it(seed_store, word):
    # mandates --body finds the givers and receivers first (party_nodes.rq) and starts from them: the same
    # mandates as keeping, among all, those whose giver or receiver is named with the word.
    everyone = run_query(seed_store, "mandates")
    wanted = [r for r in everyone if word in (r["giver"] or "").lower() or word in (r["receiver"] or "").lower()]
    found = run_query(seed_store, "mandates", body=word)
    assert found and [r["mandate"] for r in found] == [r["mandate"] for r in wanted]
    assert found == wanted          # the follow-up columns too (a second query, joined in Python)
