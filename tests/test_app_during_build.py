"""While a build holds the store, the pages keep showing the graph as it was before the build."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from app_pages import data as app_data
from extraction.errors import StoreError
from extraction.records import Meeting, Record
from graph.ingest import build_records
from graph.store import open_store


def _record(name: str, body: str) -> Record:
    return Record(document=name, meeting=Meeting(body=body, date="2024-03-05", kind="minutes"))


def _hold_writer(path) -> subprocess.Popen:
    """Another process that opens the store for writing and keeps it open until killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from graph.store import open_store
        with open_store({str(path)!r}) as store:
            print("open", flush=True)
            time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_pages_show_the_old_graph_while_another_process_writes(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        build_records(store, [_record("a.txt", "Omsorgsrådet")])
    reader = open_store(path, read_only=True)
    stamp = app_data.version(reader)
    before = app_data.mandates(str(path), stamp)
    graph_before = app_data.network(str(path), stamp)

    writer = _hold_writer(path)
    try:
        with pytest.raises(StoreError):
            reader.documents()                      # the store itself refuses readers now ...
        assert app_data.version(reader) == stamp    # ... but the pages keep the last complete graph
        assert app_data.mandates(str(path), stamp) == before
        assert sorted(app_data.network(str(path), stamp).nodes) == sorted(graph_before.nodes)
    finally:
        writer.kill()
        writer.wait()
    time.sleep(0.05)
    assert app_data.version(reader) == stamp        # the lock is gone: a fresh read, same content


def test_a_store_never_read_before_a_build_still_says_so(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        build_records(store, [_record("a.txt", "Omsorgsrådet")])
    writer = _hold_writer(path)
    try:
        with pytest.raises(StoreError, match="being written"):
            app_data.version(_fresh(path))
    finally:
        writer.kill()
        writer.wait()


def _fresh(path):
    """A handle whose stamp was never read (another folder key than the first test's)."""
    app_data._LAST_STAMP.pop(str(path), None)
    return open_store(path, read_only=True)
