"""bench/floor.py: the floor figures come from the store's own mandates, in the order the script prints them."""
from __future__ import annotations

import re

from bench import floor
from graph.ingest import build_records
from graph.questions import run_query
from graph.samples import sample_records
from graph.store import EmbeddedStore


def test_bench_floor_counts_the_stores_mandates_in_every_step(tmp_path, capsys):
    store = EmbeddedStore(tmp_path / "store")
    build_records(store, sample_records())
    mandates = len(run_query(store, "mandates"))
    store.close()
    assert mandates > 0
    assert floor.main([str(tmp_path / "store"), "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0].strip() for line in lines] == [
        "open the store read-only", *floor.STEPS, "Python only: rows of 16 columns"]
    counts = [int(m[1].replace(",", "")) for m in (re.search(r"\s([\d,]+)\s+median", line) for line in lines) if m]
    assert counts == [mandates, mandates, mandates, mandates, min(200, mandates), mandates]
    assert all(re.search(r"median\s+\d+\.\d ms\s+max\s+\d+\.\d ms$", line) for line in lines)
