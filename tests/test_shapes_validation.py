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


def test_shapes_build_refuses_a_violating_graph_and_names_document_and_facts(tmp_path):
    """A record whose decision has no known status would give a graph without skv:status: not stored, reported."""
    from extraction.records import Decision, Meeting, Record
    from graph.ingest import build_records
    good = Record(document="bra.txt", sha256="5" * 64, meeting=Meeting(body="Omsorgsrådet", date="2024-01-10"),
                  decisions=(Decision("3", "Omsorgsrådet", "decided", "att anta planen"),))
    bad = Record(document="trasig.txt", sha256="6" * 64, meeting=Meeting(body="Omsorgsrådet", date="2024-02-10"),
                 decisions=(Decision("4", "Omsorgsrådet", "kanske", "att fundera vidare"),))
    with EmbeddedStore(tmp_path / "store") as store:
        report = build_records(store, [good, bad])
        assert report.added == ["bra.txt"]
        [(name, message)] = report.failed
        assert name == "trasig.txt"
        assert message.startswith("trasig.txt: not stored, the graph breaks 1 rule of graph/shapes.ttl: ")
        assert "/meeting/omsorgsradet/2024-02-10/decision/4-" in message
        assert "A decision has exactly one status" in message and str(SKV.status) in message
        assert [d.name for d in store.documents()] == ["bra.txt"]
        # the store keeps what it had: a later good version of the same file is written as usual
        fixed = Record(document="trasig.txt", sha256="7" * 64, meeting=bad.meeting,
                       decisions=(Decision("4", "Omsorgsrådet", "postponed", "att fundera vidare"),))
        assert build_records(store, [fixed]).added == ["trasig.txt"]


def test_shapes_derived_follow_up_graph_conforms(seed_graph):
    from rdflib.namespace import RDF as _RDF
    assert set(seed_graph.subjects(_RDF.type, SKV.FollowUp)), "the shipped corpus has follow-ups"
    conforms, report = validate(seed_graph)
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize("edit", ["no_mandate", "two_statuses", "open_follow_up"])
def test_shapes_broken_follow_up_is_reported(edit):
    from rdflib.namespace import DCTERMS, XSD
    g = record_graph(sample_record_a())
    mandate = _first(g, SKV.Mandate)
    node = URIRef("https://samkarta.se/id/followup/x")
    g.add((node, RDF.type, SKV.FollowUp))
    g.add((node, SKV.followUpOf, mandate))
    g.add((node, SKV.followUpStatus, SKV.Closed))
    g.add((node, SKV.evidence, mandate))
    g.add((node, DCTERMS.date, Literal("2025-03-01", datatype=XSD.date)))
    assert validate(g)[0]
    if edit == "no_mandate":
        g.remove((node, SKV.followUpOf, None))
    elif edit == "two_statuses":
        g.add((node, SKV.followUpStatus, SKV.ReportedBack))
    else:
        g.set((node, SKV.followUpStatus, SKV.Open))
    conforms, report = validate(g)
    assert not conforms
    assert any((r, SH.focusNode, node) in report for r in report.subjects(RDF.type, SH.ValidationResult))
