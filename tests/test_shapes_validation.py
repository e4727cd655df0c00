"""Tests of graph/shapes.ttl: the graph built from the shipped corpus conforms; broken graphs are reported."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH

from graph.build import record_graph
from graph.ingest import build_paths
from graph.samples import sample_record_a
from graph.store import EmbeddedStore
from graph.vocabulary import SKV

pyshacl = pytest.importorskip("pyshacl")

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "graph" / "shapes.ttl"


def validate(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES, format="turtle"))
    return conforms, report


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Graph:
    with EmbeddedStore(tmp_path_factory.mktemp("shapes") / "store") as store:
        report = build_paths(store, [ROOT / "data" / "seeds"])  # the real extraction, about 10 s
        assert not report.failed, report.failed
        return Graph().parse(data=store.export("nt"), format="nt")


def test_shapes_seed_graph_conforms(seed_graph):
    assert len(seed_graph) > 500
    conforms, report = validate(seed_graph)
    assert conforms, report.serialize(format="turtle")


def test_shapes_sample_graph_conforms():
    assert validate(record_graph(sample_record_a()))[0]


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _drop(p):
    def edit(g: Graph, node: URIRef) -> None:
        g.remove((node, p, None))
    return edit


def _bad_status(g: Graph, node: URIRef) -> None:
    g.set((node, SKV.status, SKV.Decision))


def _second_status(g: Graph, node: URIRef) -> None:
    g.add((node, SKV.status, SKV.Postponed if (node, SKV.status, SKV.Decided) in g else SKV.Decided))


def _meeting_bare(g: Graph, node: URIRef) -> None:
    from rdflib.namespace import DCTERMS
    g.remove((node, DCTERMS.date, None))
    g.remove((node, PROV.hadPrimarySource, None))


@pytest.mark.parametrize("cls,edit,path", [
    (SKV.Decision, _drop(SKV.status), SKV.status),
    (SKV.Decision, _bad_status, SKV.status),
    (SKV.Decision, _second_status, SKV.status),
    (SKV.Decision, _drop(SKV.text), SKV.text),
    (SKV.Mandate, _drop(SKV.receiver), SKV.receiver),
    (SKV.Mandate, _drop(SKV.task), SKV.task),
    (SKV.Mandate, _drop(PROV.hadPrimarySource), PROV.hadPrimarySource),
    (SKV.AgendaItem, _drop(PROV.hadPrimarySource), PROV.hadPrimarySource),
    (SKV.Meeting, _meeting_bare, None),
])
def test_shapes_broken_graph_is_reported(cls, edit, path):
    g = record_graph(sample_record_a())
    node = _first(g, cls)
    edit(g, node)
    conforms, report = validate(g)
    assert not conforms
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    assert any((r, SH.focusNode, node) in report for r in results)
    if path is not None:
        assert any((r, SH.focusNode, node) in report and (r, SH.resultPath, path) in report for r in results)
