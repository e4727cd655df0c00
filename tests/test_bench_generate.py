"""The synthetic corpus of the benchmark: repeatable by seed, in the genre, and readable by the extraction."""
from __future__ import annotations

import re

import pytest

from bench.generate import county_world, counties, generate_corpus, generate_document, given_names, write_corpus
from extraction.extract import extract_text


def test_bench_generate_same_seed_same_corpus():
    assert list(generate_corpus(5, seed=11)) == list(generate_corpus(5, seed=11))


def test_bench_generate_other_seed_other_corpus():
    assert [t for _, t in generate_corpus(3, seed=11)] != [t for _, t in generate_corpus(3, seed=12)]


def test_bench_generate_document_does_not_depend_on_corpus_size():
    small = list(generate_corpus(3, seed=5))
    assert generate_document(5, 2) == small[2]


def test_bench_generate_writes_named_files(tmp_path):
    paths = write_corpus(tmp_path, 4, seed=2)
    assert [p.name for p in paths] == sorted(p.name for p in tmp_path.glob("*.txt"))
    assert all(re.match(r"^\d{5}_[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.txt$", p.name) for p in paths)


def test_bench_generate_names_come_from_the_gazetteer():
    world = county_world(3, sorted(counties())[0])
    people = world.region_staff + [p for ps in world.members.values() for p in ps]
    gazetteer = set(given_names())
    assert people and all(part in gazetteer for p in people for part in p.name.split(" ")[0].split("-"))


def _layout(text: str) -> str:
    return "protocol" if re.search(r"^(?:§ \d+|\d+ §) ", text, re.MULTILINE) else "network"


@pytest.fixture(scope="module")
def samples():
    """The first generated document of each layout (seed 4)."""
    found = {}
    for i in range(40):
        name, text = generate_document(4, i)
        found.setdefault(_layout(text), (name, text))
        if len(found) == 2:
            break
    return found


@pytest.mark.parametrize("layout", ["network", "protocol"])
def test_bench_generate_document_extracts_to_a_full_record(samples, layout):
    name, text = samples[layout]
    record = extract_text(text, name)
    assert record.meeting.date == re.search(r"_(\d{4}-\d{2}-\d{2})\.txt$", name)[1]
    assert record.attendees and all(a.name in text for a in record.attendees)
    assert record.meeting.body and record.meeting.body in text


def test_bench_generate_network_document_has_items_and_decisions(samples):
    name, text = samples["network"]
    record = extract_text(text, name)
    assert record.decisions and all(d.text.startswith("att ") for d in record.decisions)
    numbers = [i.number for i in record.items]
    assert numbers[:3] == ["1", "2", "3"]
    written = re.findall(r"^(\d+)\. ", text, re.MULTILINE)
    assert set(written) <= set(numbers)
