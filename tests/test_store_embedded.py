"""Tests of graph/store.py on an embedded Oxigraph folder: atomic replace, export, locking, bad paths."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from extraction.errors import StoreError
from graph.build import document_iri, graph_iri, record_graph
from graph.ingest import build_records
from graph.samples import sample_record_a, sample_record_b
from graph.store import EmbeddedStore, default_store_path, open_store
from graph.vocabulary import DERIVED_GRAPH

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def filled(store_dir):
    with open_store(store_dir) as store:
        build_records(store, [sample_record_a(), sample_record_b()])
        yield store


def _graph_of(record):
    return graph_iri(document_iri(record.document, record.sha256))


def test_store_replace_graph_leaves_other_documents_untouched(filled):
    a, b = sample_record_a(), sample_record_b()
    before_b = filled.graph(_graph_of(b))
    assert len(before_b) > 0
    new_a = Graph()
    new_a.add((URIRef("https://samkarta.se/id/x"), URIRef("https://samkarta.se/ns#text"), Literal("ny", lang="sv")))
    filled.replace_graph(_graph_of(a), new_a)
    assert len(filled.graph(_graph_of(a))) == 1          # the old triples of a are gone
    assert isomorphic(filled.graph(_graph_of(b)), before_b)


def test_store_replace_graph_is_one_transaction(filled):
    """A failing update leaves the old graph in place (DROP and INSERT are one SPARQL update)."""
    a = sample_record_a()
    before = filled.graph(_graph_of(a))
    bad = [(URIRef("https://samkarta.se/id/x"), URIRef("https://samkarta.se/ns#text"), Literal("ok"))]
    with pytest.raises(StoreError):
        filled.replace_graph(_graph_of(a), bad, remove=["not an iri with spaces"])
    assert isomorphic(filled.graph(_graph_of(a)), before)


def test_store_graph_round_trips_the_built_graph(filled):
    a = sample_record_a()
    assert isomorphic(filled.graph(_graph_of(a)), record_graph(a))


def test_store_remove_graph(filled):
    filled.remove_graph(_graph_of(sample_record_a()))
    assert [d.name for d in filled.documents()] == [sample_record_b().document]


def test_store_documents_lists_name_and_sha(filled):
    docs = {d.name: d for d in filled.documents()}
    assert set(docs) == {sample_record_a().document, sample_record_b().document}
    a = docs[sample_record_a().document]
    assert a.sha256 == "a" * 64
    assert a.iri == str(document_iri(a.name, a.sha256))
    assert a.graph == str(_graph_of(sample_record_a()))
    assert a.content_hash and len(a.content_hash) == 64


def test_store_query_returns_plain_values(filled):
    rows = filled.query("""PREFIX skv: <https://samkarta.se/ns#>
        SELECT ?a ?present (COUNT(*) AS ?n) WHERE { ?a skv:present ?present } GROUP BY ?a ?present ORDER BY ?a""")
    assert rows and all(isinstance(r["present"], bool) and isinstance(r["n"], int) for r in rows)
    assert {r["present"] for r in rows} == {True, False}
    assert all(isinstance(r["a"], str) and r["a"].startswith("https://samkarta.se/id/") for r in rows)
    assert filled.query("ASK { ?s ?p ?o }") is True
    with pytest.raises(StoreError):
        filled.query("SELEKT nothing")


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_store_export_parses_back(filled, fmt, rdflib_format):
    data = filled.export(fmt)
    union = set()
    for g in (filled.graph(_graph_of(sample_record_a())), filled.graph(_graph_of(sample_record_b())),
              filled.graph(str(DERIVED_GRAPH))):     # the documents' graphs and the derived follow-up graph
        union |= set(g)
    if fmt in ("ttl", "nt"):
        parsed = Graph().parse(data=data, format=rdflib_format)
        assert set(parsed) == union
    else:
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        named = {str(c.identifier) for c in ds.graphs() if len(c)}
        assert {str(_graph_of(sample_record_a())), str(_graph_of(sample_record_b()))} <= named
        assert sum(len(ds.graph(URIRef(n))) for n in named) == filled.triple_count()


def test_store_export_is_deterministic(filled):
    assert filled.export("nt") == filled.export("nt")
    assert filled.export("trig") == filled.export("trig")
    with pytest.raises(StoreError):
        filled.export("xml")


def test_store_second_writer_is_refused(store_dir):
    with open_store(store_dir):
        with pytest.raises(StoreError) as err:
            open_store(store_dir)
        assert "being written by another process" in err.value.message
    with open_store(store_dir):      # released on close
        pass


def test_store_second_writer_in_another_process_is_refused(store_dir):
    code = ("import sys; from graph.store import open_store\n"
            "from extraction.errors import StoreError\n"
            "try:\n    open_store(sys.argv[1])\nexcept StoreError as e:\n    print(e.message); sys.exit(3)\n")
    with open_store(store_dir):
        run = subprocess.run([sys.executable, "-c", code, str(store_dir)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 3, run.stderr
    assert "being written by another process" in run.stdout


def test_store_reader_beside_writer_is_refused_then_reads(store_dir):
    with open_store(store_dir) as writer:
        build_records(writer, [sample_record_a()])
        count = writer.triple_count()
        reader = open_store(store_dir, read_only=True)
        with pytest.raises(StoreError) as err:
            reader.triple_count()
        assert "being written" in err.value.message
    assert reader.triple_count() == count
    with pytest.raises(StoreError):
        reader.remove_graph(_graph_of(sample_record_a()))
    reader.close()


def test_store_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / "not-a-store.txt"
    path.write_text("hej")
    for read_only in (False, True):
        with pytest.raises(StoreError) as err:
            open_store(path, read_only=read_only)
        assert "is a file" in err.value.message
        assert err.value.message_sv != err.value.message


def test_store_folder_of_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hej")
    with pytest.raises(StoreError) as err:
        open_store(tmp_path)
    assert "not a Samkarta store" in err.value.message
    assert not (tmp_path / "CURRENT").exists()


def test_store_read_only_without_a_store_is_refused(tmp_path):
    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "nothing", read_only=True)
    assert "no store" in err.value.message


def test_store_reopens_with_its_data(store_dir):
    with open_store(store_dir) as store:
        build_records(store, [sample_record_a()])
        count = store.triple_count()
    with open_store(store_dir) as store:
        assert store.triple_count() == count > 0


def test_store_default_location(monkeypatch, tmp_path):
    monkeypatch.delenv("SAMKARTA_STORE", raising=False)
    assert default_store_path() == ROOT / "var" / "store"
    monkeypatch.setenv("SAMKARTA_STORE", str(tmp_path / "s"))
    assert default_store_path() == tmp_path / "s"
    store = open_store()
    try:
        assert isinstance(store, EmbeddedStore) and store.path == tmp_path / "s"
    finally:
        store.close()


def test_store_gold_records_round_trip(tmp_path):
    gold = Path("/work/shared/eval/gold/dev")
    if not gold.is_dir():
        pytest.skip(f"gold records not found at {gold}")
    from extraction.records import Record
    records = [Record.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(gold.glob("*.json"))]
    with open_store(tmp_path / "store") as store:
        report = build_records(store, records)
        assert len(report.added) == len(records)
        assert sum(len(record_graph(r)) for r in records) == report.triples_written
        assert store.triple_count() == report.triples_written + report.derived_triples
        for r in records:
            assert isomorphic(store.graph(_graph_of(r)), record_graph(r))
        assert len(Graph().parse(data=store.export("ttl"), format="turtle")) > 0
