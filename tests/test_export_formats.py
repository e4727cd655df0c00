"""Tests of graph/exports.py and 'samkarta export': every format parses back with its own reader."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from graph.build import body_iri
from graph.exports import FORMATS, export
from graph.ingest import build_records
from graph.questions import columns, run_query
from extraction.records import Attendee, Mandate, Meeting, Record
from graph.store import EmbeddedStore, StoreError

ROOT = Path(__file__).resolve().parent.parent


def invented_records() -> list[Record]:
    """Two invented minutes: a council mandates a working group; the group meets."""
    return [
        Record(document="rad.txt", sha256="f" * 64,
               meeting=Meeting(body="Omsorgsrådet", date="2024-02-01", kind="minutes"),
               attendees=(Attendee("Vera Lindqvist", "Norrby kommun", "ordförande"),),
               mandates=(Mandate("Omsorgsrådet", "Arbetsgruppen för nattillsyn", "utreda nattillsyn", "2024-02-01"),),
               bodies=("Omsorgsrådet", "Arbetsgruppen för nattillsyn")),
        Record(document="grupp.txt", sha256="9" * 64,
               meeting=Meeting(body="Arbetsgruppen för nattillsyn", date="2024-03-01", kind="minutes"),
               attendees=(Attendee("Vera Lindqvist", "Norrby kommun"),)),
    ]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    with EmbeddedStore(path) as store:
        build_records(store, invented_records())
    return path


@pytest.fixture(scope="module")
def store(store_dir):
    with EmbeddedStore(store_dir, read_only=True) as s:
        yield s


def test_export_formats_are_the_issue_list():
    assert FORMATS == ("ttl", "nt", "trig", "jsonld", "graphml", "gexf", "csv", "xlsx")


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt")])
def test_export_rdf_triples(store, fmt, rdflib_format):
    g = Graph().parse(data=export(store, fmt), format=rdflib_format)
    assert len(g) == len({(s, p, o) for s, p, o, _ in _quads(store)})


@pytest.mark.parametrize("fmt, rdflib_format", [("trig", "trig"), ("jsonld", "json-ld")])
def test_export_rdf_named_graphs(store, fmt, rdflib_format):
    ds = Dataset()
    ds.parse(data=export(store, fmt), format=rdflib_format)
    named = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert named == {d.graph for d in store.documents()} | {"https://samkarta.se/graph/derived"}


def _quads(store):
    ds = Dataset()
    ds.parse(data=store.nquads(), format="nquads")
    return list(ds.quads())


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_for_gephi(store, fmt, reader, tmp_path):
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(export(store, fmt))
    g = reader(path)
    node = str(body_iri("Omsorgsrådet"))
    assert node in g
    attrs = g.nodes[node]
    assert attrs.get("type") == "body" and attrs.get("label") == "Omsorgsrådet"
    kinds = {d.get("kind") for *_, d in g.edges(data=True)}
    assert {"mandate", "attended", "held"} <= kinds
    assert g.number_of_nodes() >= 7    # 1 person, 4 bodies, 2 meetings (+ the mandate as a fact node)


def test_export_inventory_csv_is_the_inventory_question(store):
    rows = list(csv.reader(io.StringIO(export(store, "csv").decode("utf-8"))))
    assert rows[0] == columns("inventory")
    assert [r[0] for r in rows[1:]] == [r["name"] for r in run_query(store, "inventory")]


def test_export_inventory_xlsx_has_swedish_headings_and_every_group(store):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(export(store, "xlsx")))
    sheet = book.active
    values = list(sheet.values)
    assert values[0][:3] == ("Namn", "Typ av organ", "Uppdrag från")
    inventory = run_query(store, "inventory")
    assert len(values) == len(inventory) + 1
    by_name = {v[0]: v for v in values[1:]}
    group = by_name["Arbetsgruppen för nattillsyn"]
    assert group[2] == "Omsorgsrådet"
    assert sheet.freeze_panes == "A2"


def test_export_unknown_format_is_refused(store):
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, "pdf")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "xlsx"])
def test_export_cli_writes_each_format(store_dir, fmt):
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--store", str(store_dir), "--format", fmt],
                            cwd=ROOT, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout[:2] == b"PK" if fmt == "xlsx" else result.stdout.strip()
