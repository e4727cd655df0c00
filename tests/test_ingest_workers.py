"""The worker pool of graph/ingest.py: chunked map() gives what the items one by one give, in order; records
pickle to equal records."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from extraction import records
from extraction.extract import analyse_text
from extraction.reading import collect_paths, read_path
from graph.ingest import _analyse_clean, _Workers

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [read_path(p) for p in collect_paths([ROOT / "data" / "seeds"])]


def _square_with_pid(x: int) -> tuple[int, int]:
    import os
    return x * x, os.getpid()


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 8, 9, 17, 64, 101])
def test_map_in_two_processes_as_one_by_one(count):
    items = list(range(count))
    with _Workers(2) as workers:
        got = workers.map(_square_with_pid, items)
        assert [r for r, _ in got] == [x * x for x in items]
        assert [r for r, _ in got] == [r for r, _ in workers.imap(_square_with_pid, items)]
    if count >= 2:
        assert {pid for _, pid in got} != {os.getpid()}    # done in the workers


def test_map_hands_out_chunks():
    with _Workers(2) as workers:
        sizes = []
        real = workers._bounded
        workers._bounded = lambda func, tasks: (sizes.append(len(tasks)), real(func, tasks))[1]
        assert workers.map(_square_with_pid, list(range(200)))[-1][0] == 199 ** 2
    assert sizes == [25]          # 200 items in chunks of CHUNK = 8


def test_analyses_in_two_processes_as_in_one():
    items = [(d.text, d.name, d.sha256, d.warnings) for d in SEEDS]
    with _Workers(1) as one, _Workers(2) as two:
        assert repr(two.map(_analyse_clean, items)) == repr(one.map(_analyse_clean, items))


def _dataclass_state_copy(obj):
    """A copy through the state methods dataclasses give a frozen class with slots (the plain pickling)."""
    cls = type(obj)
    copy = object.__new__(cls)
    cls.__setstate__(copy, cls.__getstate__(obj))
    return copy


def test_records_pickle_as_the_dataclass_state():
    done = 0
    for d in SEEDS:
        record, context = analyse_text(d.text, d.name, d.sha256, d.warnings)
        copy = pickle.loads(pickle.dumps((record, context), protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == (record, context) and repr(copy) == repr((record, context))
        assert _dataclass_state_copy(record) == record
        parts = [record, record.meeting, *record.attendees, *record.items, *record.decisions, *record.mandates,
                 *record.roles, *record.references]
        for part in parts:
            again = pickle.loads(pickle.dumps(part))
            assert type(again) is type(part) and again == part == _dataclass_state_copy(part)
            done += 1
    assert done > 100
    for cls in (records.Source, records.Meeting, records.Attendee, records.Item, records.Decision, records.Mandate,
                records.Role, records.Reference, records.Record):
        assert "__reduce__" in vars(cls)
