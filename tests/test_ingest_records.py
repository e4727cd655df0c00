"""Tests of graph/ingest.py: skipping unchanged documents, replacing changed ones, the report, the file path."""
from __future__ import annotations

import dataclasses
import hashlib
import sys
import types
from pathlib import Path

import pytest

from extraction.errors import ReadError
from extraction.records import Decision, Record, Source
from graph.build import document_iri, graph_iri
from graph.ingest import BuildReport, build_paths, build_records, check_quotes
from graph.samples import TEXT_A, sample_record_a, sample_record_b
from graph.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "store") as s:
        yield s


def test_ingest_second_build_is_unchanged(store):
    first = build_records(store, [sample_record_a(), sample_record_b()])
    assert first.added == [sample_record_a().document, sample_record_b().document]
    assert first.triples_written + first.derived_triples == store.triple_count()   # + the derived graph
    second = build_records(store, [sample_record_a(), sample_record_b()])
    assert second.unchanged == first.added and not second.added and second.triples_written == 0
    assert second.summary() == "2 documents: 2 unchanged; 0 triples written"


def test_ingest_changed_record_replaces_its_graph_only(store):
    a, b = sample_record_a(), sample_record_b()
    build_records(store, [a, b])
    b_before = store.graph(graph_iri(document_iri(b.document, b.sha256)))
    fewer = dataclasses.replace(a, decisions=a.decisions[:1])
    report = build_records(store, [fewer])
    assert report.updated == [a.document]
    rows = store.query("PREFIX skv: <https://samkarta.se/ns#> SELECT ?d WHERE { ?d a skv:Decision ; skv:decidedIn ?m . "
                       "FILTER(CONTAINS(STR(?m), 'lanschefsnatverket')) }")
    assert len(rows) == 1
    assert set(store.graph(graph_iri(document_iri(b.document, b.sha256)))) == set(b_before)


def test_ingest_new_version_of_same_file_removes_the_old_graph(store):
    a = sample_record_a()
    build_records(store, [a], paths={a.document: "/data/a.txt"})
    newer = dataclasses.replace(a, sha256="c" * 64, agreements=())
    report = build_records(store, [newer], paths={a.document: "/data/a.txt"})
    assert report.updated == [a.document]
    docs = store.documents()
    assert [d.sha256 for d in docs] == ["c" * 64]
    old_graph = str(graph_iri(document_iri(a.document, a.sha256)))
    assert store.query(f"ASK {{ GRAPH <{old_graph}> {{ ?s ?p ?o }} }}") is False


def test_ingest_two_files_with_one_name_in_different_folders_both_stay(store):
    a = sample_record_a()
    other = dataclasses.replace(a, sha256="d" * 64)
    report = build_records(store, [a, other], paths={})
    assert len(report.added) == 2 and len(store.documents()) == 2


def test_ingest_sha_from_text_when_the_record_has_none(store):
    record = Record(document="utan_hash.txt")
    build_records(store, [record], texts={"utan_hash.txt": "hej"})
    assert store.documents()[0].sha256 == hashlib.sha256(b"hej").hexdigest()


def test_ingest_quotes_are_checked_against_the_text(store):
    good = sample_record_a()
    assert check_quotes(good, TEXT_A) == []
    bad = dataclasses.replace(good, decisions=(Decision("4b", None, "decided", "x", source=Source(0, 5, "fel!")),))
    notes = check_quotes(bad, TEXT_A)
    assert notes == [f"{bad.document}: 1 quoted source does not match the text at its offsets (first: decision at 0-5)"]
    spaced = dataclasses.replace(good, decisions=(Decision("4b", None, "decided", "x", source=Source(
        good.decisions[0].source.start, good.decisions[0].source.end, "att  godkänna\nHemsjukvårdsavtalet")),))
    assert check_quotes(spaced, TEXT_A) == []          # spacing differences are not reported
    report = build_records(store, [bad], texts={bad.document: TEXT_A})
    assert report.warnings == notes
    assert report.summary().endswith("; 1 warning")


@pytest.mark.parametrize("report, line", [
    (BuildReport(added=["a", "b"], unchanged=["c"], triples_written=1234), "3 documents: 2 added, 1 unchanged; 1234 triples written"),
    (BuildReport(updated=["a"], triples_written=5), "1 document: 1 updated; 5 triples written"),
    (BuildReport(), "0 documents: nothing to do; 0 triples written"),
    (BuildReport(added=["a"], failed=[("b", "empty")], triples_written=9), "2 documents: 1 added, 1 failed; 9 triples written"),
])
def test_ingest_summary_line(report, line):
    assert report.summary() == line


@dataclasses.dataclass(frozen=True)
class FakeDocument:
    name: str
    path: Path
    text: str
    sha256: str
    format: str = "txt"
    warnings: tuple[str, ...] = ()


def test_ingest_build_paths_reads_extracts_together_and_writes(store, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b.txt").write_text("Välfärdsrådet", encoding="utf-8")
    (folder / "broken.txt").write_text("", encoding="utf-8")
    calls = []

    def read_path(path):
        if path.name == "broken.txt":
            raise ReadError("the file is empty", "filen är tom")
        text = path.read_text(encoding="utf-8")
        return FakeDocument(path.name, path, text, hashlib.sha256(text.encode()).hexdigest(),
                            warnings=("no meeting date found",) if path.name == "b.txt" else ())

    def analyse_text(text, name, sha256=None, warnings=()):
        by_name = {"a.txt": sample_record_a(), "b.txt": sample_record_b()}
        return dataclasses.replace(by_name[name], document=name, sha256=None), {}

    def resolve(analysed, **kwargs):
        calls.append([r.document for r, _ in analysed])
        return [r for r, _ in analysed]

    import extraction.extract
    import extraction.names
    reading = types.ModuleType("extraction.reading")
    reading.collect_paths = lambda paths: sorted(p for root in paths for p in Path(root).glob("*.txt"))
    reading.read_path = read_path
    monkeypatch.setitem(sys.modules, "extraction.reading", reading)
    monkeypatch.setattr(extraction.extract, "analyse_text", analyse_text)
    monkeypatch.setattr(extraction.extract, "is_damaged", lambda text: False)
    monkeypatch.setattr(extraction.names, "resolve", resolve)

    report = build_paths(store, [folder])
    assert calls == [["a.txt", "b.txt"]]        # names resolved in one call, across documents
    assert report.added == ["a.txt", "b.txt"]
    assert report.failed == [(str(folder / "broken.txt"), "the file is empty")]
    assert report.warnings == ["b.txt: no meeting date found"]
    docs = {d.name: d for d in store.documents()}
    assert docs["a.txt"].sha256 == hashlib.sha256(TEXT_A.encode()).hexdigest()
    assert docs["a.txt"].path == str((folder / "a.txt").resolve())
    assert build_paths(store, [folder]).unchanged == ["a.txt", "b.txt"]
