"""Tests of graph/analysis.py: the networkx view the app draws."""
from __future__ import annotations

import pytest

from graph.analysis import to_networkx
from graph.build import body_iri, meeting_iri, person_iri
from graph.ingest import build_records
from graph.samples import sample_record_a, sample_record_b
from graph.store import open_store


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("analysis") / "store") as store:
        build_records(store, [sample_record_a(), sample_record_b()])
        yield to_networkx(store), to_networkx(store, include_facts=True)


def _edge_labels(g, source, target):
    return {d["label"] for d in g.get_edge_data(str(source), str(target), default={}).values()}


def test_analysis_nodes_have_type_label_and_iri(network):
    g, _ = network
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"person", "body", "agreement", "meeting"}
    ulrika = g.nodes[str(person_iri("Ulrika Gärdsback"))]
    assert ulrika == {"iri": str(person_iri("Ulrika Gärdsback")), "type": "person", "label": "Ulrika Gärdsback"}
    assert g.nodes[str(body_iri("Länschefsnätverket"))]["label"] == "Länschefsnätverket"
    meeting = g.nodes[str(meeting_iri("Länschefsnätverket", "2025-02-07", None))]
    assert meeting["type"] == "meeting" and meeting["date"] == "2025-02-07"


def test_analysis_edges_are_labelled_in_swedish(network):
    g, _ = network
    ulrika, lchnv = person_iri("Ulrika Gärdsback"), body_iri("Länschefsnätverket")
    meeting_a = meeting_iri("Länschefsnätverket", "2025-02-07", None)
    meeting_b = meeting_iri("Välfärdsrådet", "2025-03-01", None)
    assert "deltog i" in _edge_labels(g, ulrika, meeting_a)
    assert "deltog i" in _edge_labels(g, ulrika, meeting_b)      # one person node across two documents
    assert "ordförande i" in _edge_labels(g, ulrika, lchnv)
    assert "gav uppdrag till" in _edge_labels(g, body_iri("Styrgruppen för Socialchefsnätverket"),
                                              body_iri("Arbetsgruppen för hemsjukvårdsavtalet"))
    agreement = "https://samkarta.se/id/agreement/hemsjukvardsavtalet"
    assert _edge_labels(g, agreement, meeting_a) == {"nämns i"}
    assert "fick uppdrag vid" in _edge_labels(g, body_iri("Region Dalarna"), meeting_b)
    assert "höll möte" in _edge_labels(g, lchnv, meeting_a)
    # absent Beat Axå did not attend
    assert "deltog i" not in _edge_labels(g, person_iri("Beat Axå"), meeting_a)
    mandate = next(d for *_, d in g.edges(data=True) if d["kind"] == "mandate")
    assert mandate["text"] == "sammanställa en rapport" and mandate["date"] == "2025-01-07"


def test_analysis_facts_as_nodes_on_request(network):
    g, with_facts = network
    kinds = {d["type"] for _, d in with_facts.nodes(data=True)}
    assert {"decision", "mandate"} <= kinds
    assert with_facts.number_of_nodes() == g.number_of_nodes() + 5   # 3 decisions, 2 mandates
