"""Idempotent ingest: the same bytes under two names are one document, a rebuild changes nothing, and a changed
file's new facts replace its old ones."""
from __future__ import annotations

import shutil

import pytest

from graph.ingest import build_paths
from graph.store import open_store
from test_robust_kill import minutes

DECISIONS = "PREFIX skv: <https://samkarta.se/ns#> SELECT ?text WHERE { ?d a skv:Decision ; skv:text ?text }"


def dump(store) -> list[bytes]:
    return sorted(store.nquads().splitlines())


def document_graphs(store) -> list[str]:
    return sorted(d.graph for d in store.documents())


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "protokoll"
    path.mkdir()
    (path / "styrgrupp-1.txt").write_text(minutes(1, 1), encoding="utf-8")
    (path / "styrgrupp-2.txt").write_text(minutes(2, 1), encoding="utf-8")
    return path


def test_robust_same_bytes_under_two_names_is_one_document(tmp_path, folder):
    (folder / "x-kopior").mkdir()
    shutil.copy(folder / "styrgrupp-1.txt", folder / "x-kopior" / "kopia.txt")  # read after the original
    with open_store(tmp_path / "store") as store:
        report = build_paths(store, [folder])
        assert len(document_graphs(store)) == 2
        assert sorted(report.added) == ["styrgrupp-1.txt", "styrgrupp-2.txt"]
        assert [n for n in report.unchanged if "kopia" in n]
        assert any("same content as" in w and "kopia" in w for w in report.warnings)
        before = dump(store)
        again = build_paths(store, [folder])
        assert not again.added and not again.updated and again.triples_written == 0
        assert dump(store) == before


def test_robust_copy_given_later_under_another_name_is_not_doubled(tmp_path, folder):
    with open_store(tmp_path / "store") as store:
        build_paths(store, [folder])
        graphs, decisions = document_graphs(store), len(store.query(DECISIONS))
        copy = tmp_path / "annan mapp"
        copy.mkdir()
        shutil.copy(folder / "styrgrupp-2.txt", copy / "protokoll från mejl.txt")
        build_paths(store, [copy])
        assert document_graphs(store) == graphs
        assert len(store.query(DECISIONS)) == decisions


def test_robust_changed_file_replaces_its_old_facts(tmp_path, folder):
    with open_store(tmp_path / "store") as store:
        build_paths(store, [folder])
        graphs = document_graphs(store)
        old = {r["text"] for r in store.query(DECISIONS)}
        assert any("version 1" in t for t in old)
        (folder / "styrgrupp-1.txt").write_text(minutes(1, 2), encoding="utf-8")
        report = build_paths(store, [folder])
        assert report.updated == ["styrgrupp-1.txt"] and report.unchanged == ["styrgrupp-2.txt"]
        assert len(document_graphs(store)) == 2 and document_graphs(store) != graphs
        new = [r["text"] for r in store.query(DECISIONS)]
        assert len([t for t in new if "handlingsplanen" in t]) == 2   # one per file, not three
        assert any("version 2" in t for t in new)
        # The other file still says version 1; file 1's version-1 decision is gone.
        assert sum("version 1" in t for t in new) == 1
