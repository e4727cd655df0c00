"""Done-when checks of the whole build on the shipped corpus: two builds give the same dataset, and editing one
document changes that document's graph only (the derived follow-up graph is recomputed beside them)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.ingest import build_paths
from graph.store import open_store
from graph.vocabulary import DERIVED_GRAPH

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def _graphs(store) -> dict[str, set]:
    """document name -> the set of triples of its graph."""
    return {d.name: set(store.graph(d.graph)) for d in store.documents()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def first_build(corpus, tmp_path_factory):
    location = tmp_path_factory.mktemp("dataset") / "first"
    with open_store(location) as store:
        report = build_paths(store, [corpus])
        assert not report.failed, report.failed
        return location, store.export("trig"), store.export("nt")


def test_dataset_building_twice_gives_the_same_dataset(corpus, first_build, tmp_path):
    _, trig, nt = first_build
    with open_store(tmp_path / "second") as store:
        build_paths(store, [corpus])
        assert store.export("trig") == trig    # same named graphs, same triples, byte for byte
        assert store.export("nt") == nt
    assert len(nt.splitlines()) > 1000


def test_dataset_edit_one_document_changes_only_its_graph(corpus, first_build, tmp_path):
    location, _, _ = first_build
    work = tmp_path / "store"
    shutil.copytree(location, work)
    edited = sorted(corpus.glob("*.txt"))[-1]
    with open_store(work) as store:
        before = _graphs(store)
        derived_before = set(store.graph(str(DERIVED_GRAPH)))
        assert len(before) == len(list(corpus.glob("*.txt")))
        original = edited.read_text(encoding="utf-8")
        try:
            edited.write_text(original + "\nÖvriga frågor\nInga övriga frågor anmäldes.\n", encoding="utf-8")
            report = build_paths(store, [corpus])
        finally:
            edited.write_text(original, encoding="utf-8")
        after = _graphs(store)
        assert report.updated == [edited.name]
        assert sorted(report.unchanged) == sorted(n for n in before if n != edited.name)
        assert set(after) == set(before)
        for name in before:
            if name != edited.name:
                assert after[name] == before[name], name
        assert after[edited.name] != before[edited.name]
        # only one graph per document: the edited document's old graph is gone
        assert len(store.documents()) == len(before)
        # the derived graph is not a document's graph, and it is still there after the rebuild
        assert derived_before and store.graph(str(DERIVED_GRAPH))
        assert str(DERIVED_GRAPH) not in {d.graph for d in store.documents()}
