"""Parallel and incremental builds: -j 2 gives the same dataset as -j 1, and a rebuild redoes only what changed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.generate import write_corpus
from graph.incremental import CACHE_FOLDER
from graph.ingest import build_paths
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def _quads(store) -> list[str]:
    return sorted(line for line in store.nquads().decode("utf-8").splitlines() if line.strip())


def _build(folder: Path, source: Path, jobs: int, cache: bool | Path = False):
    cache_dir = cache if isinstance(cache, Path) else folder / CACHE_FOLDER if cache else None
    with open_store(folder) as store:
        report = build_paths(store, [source], jobs=jobs, cache_dir=cache_dir)
        return report, _quads(store)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    write_corpus(folder, 6, seed=3)
    return folder


def test_build_parallel_seeds_same_dataset_as_one_process(tmp_path):
    one, quads_one = _build(tmp_path / "one", SEEDS, jobs=1)
    two, quads_two = _build(tmp_path / "two", SEEDS, jobs=2)
    assert one.added == two.added and len(one.added) == len(list(SEEDS.glob("*.txt")))
    assert not one.failed and not two.failed
    assert quads_one == quads_two


def test_build_parallel_generated_same_dataset_as_one_process(tmp_path, generated):
    _, quads_one = _build(tmp_path / "one", generated, jobs=1)
    _, quads_two = _build(tmp_path / "two", generated, jobs=2, cache=True)
    assert quads_one == quads_two


def test_build_parallel_cached_rebuild_equals_fresh_build(tmp_path, generated):
    """Analyses taken from the cache give the same graphs as analyses made now."""
    _, fresh = _build(tmp_path / "fresh", generated, jobs=1)
    cache = tmp_path / "cache"
    _build(tmp_path / "cached", generated, jobs=1, cache=cache)
    report, quads = _build(tmp_path / "again", generated, jobs=1, cache=cache)   # a new store, a full cache
    assert len(report.added) == 6
    assert quads == fresh


def test_build_parallel_unchanged_rebuild_writes_and_analyses_nothing(tmp_path, generated, monkeypatch):
    folder = tmp_path / "store"
    first, quads = _build(folder, generated, jobs=1, cache=True)
    assert len(first.added) == 6

    import extraction.extract as extract
    import extraction.names as names

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged rebuild must not analyse or resolve")
    monkeypatch.setattr(extract, "analyse_text", fail)
    monkeypatch.setattr(names, "resolve", fail)
    second, after = _build(folder, generated, jobs=1, cache=True)
    assert second.unchanged == first.added
    assert not second.added and not second.updated and second.triples_written == 0
    assert after == quads


def test_build_parallel_changed_document_is_the_only_one_analysed(tmp_path, generated, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(generated, corpus)
    folder = tmp_path / "store"
    _build(folder, corpus, jobs=1, cache=True)
    changed = sorted(corpus.glob("*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nInga fler frågor togs upp.\n", encoding="utf-8")

    import extraction.extract as extract
    analysed = []
    real = extract.analyse_text

    def counting(text, name, *args, **kwargs):
        analysed.append(name)
        return real(text, name, *args, **kwargs)
    monkeypatch.setattr(extract, "analyse_text", counting)
    report, _ = _build(folder, corpus, jobs=1, cache=True)
    assert analysed == [changed.name]
    assert report.updated == [changed.name]
    assert len(report.unchanged) == 5


def test_build_parallel_no_cache_analyses_again(tmp_path, generated, monkeypatch):
    folder = tmp_path / "store"
    _build(folder, generated, jobs=1, cache=True)
    import extraction.extract as extract
    analysed = []
    real = extract.analyse_text
    monkeypatch.setattr(extract, "analyse_text", lambda text, name, *a, **k: analysed.append(name) or real(text, name, *a, **k))
    report, _ = _build(folder, generated, jobs=1, cache=False)
    assert len(analysed) == 6 and len(report.unchanged) == 6
