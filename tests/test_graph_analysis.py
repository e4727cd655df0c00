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


# ---------------------------------------------------------------- analyses (invented minutes)

from extraction.errors import SamkartaError  # noqa: E402
from extraction.records import Attendee, Mandate, Meeting, Record  # noqa: E402
from graph.analysis import (body_centrality, mandate_chain, mandate_graph,  # noqa: E402
                            unmandated_groups)


def chain_records() -> list[Record]:
    """A council mandates a preparation group, which mandates a working group; a network stands apart; a
    steering group nobody mandated; one person sits in the council and in the network."""
    return [
        Record(document="x1.txt", sha256="c" * 64,
               meeting=Meeting(body="Länsrådet för omsorg", date="2024-03-01", kind="minutes"),
               attendees=(Attendee("Vera Lindqvist", "Norrby kommun"),),
               mandates=(Mandate("Länsrådet för omsorg", "Beredningsgruppen för omsorg", "bereda frågan om nattillsyn",
                                 "2024-03-01"),),
               bodies=("Länsrådet för omsorg", "Beredningsgruppen för omsorg", "Styrgruppen för e-hälsa")),
        Record(document="x2.txt", sha256="d" * 64,
               meeting=Meeting(body="Beredningsgruppen för omsorg", date="2024-04-02", kind="minutes"),
               mandates=(Mandate("Beredningsgruppen för omsorg", "Arbetsgruppen för nattillsyn",
                                 "ta fram ett förslag till rutin", "2024-04-02"),
                         Mandate("Beredningsgruppen för omsorg", "Arbetsgruppen för nattillsyn",
                                 "redovisa kostnader", "2024-04-02")),
               bodies=("Beredningsgruppen för omsorg", "Arbetsgruppen för nattillsyn")),
        Record(document="x3.txt", sha256="e" * 64,
               meeting=Meeting(body="Socialchefsnätverket i länet", date="2024-05-03", kind="minutes"),
               attendees=(Attendee("Vera Lindqvist", "Norrby kommun"),),
               bodies=("Socialchefsnätverket i länet",)),
    ]


@pytest.fixture(scope="module")
def chain_store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("chain") / "store") as store:
        build_records(store, chain_records())
        yield store


def test_analysis_mandate_chain_is_the_shortest_path_of_mandates(chain_store):
    rows = mandate_chain(chain_store, "länsrådet", "Arbetsgruppen för nattillsyn")
    assert [(r["link"], r["giver"], r["receiver"]) for r in rows] == [
        (1, "Länsrådet för omsorg", "Beredningsgruppen för omsorg"),
        (2, "Beredningsgruppen för omsorg", "Arbetsgruppen för nattillsyn")]
    assert rows[1]["task"] == "redovisa kostnader" or rows[1]["task"] == "ta fram ett förslag till rutin"
    assert rows[0]["date"] == "2024-03-01" and rows[0]["mandate"].startswith("https://samkarta.se/id/")
    # mandates run one way: no chain back up, and none to a body outside the chain
    assert mandate_chain(chain_store, "Arbetsgruppen för nattillsyn", "länsrådet") == []
    assert mandate_chain(chain_store, "länsrådet", "Socialchefsnätverket") == []


def test_analysis_mandate_graph_keeps_every_mandate_on_an_edge(chain_store):
    g = mandate_graph(chain_store)
    edge = g.edges[str(body_iri("Beredningsgruppen för omsorg")), str(body_iri("Arbetsgruppen för nattillsyn"))]
    assert sorted(m["task"] for m in edge["mandates"]) == ["redovisa kostnader", "ta fram ett förslag till rutin"]


@pytest.mark.parametrize("name, message", [("nosuchbody", "no body is named like"),
                                           ("för", "matches several bodies")])
def test_analysis_chain_with_unknown_or_ambiguous_body_is_an_error(chain_store, name, message):
    with pytest.raises(SamkartaError, match=message):
        mandate_chain(chain_store, name, "Arbetsgruppen för nattillsyn")


def test_analysis_centrality_ranks_the_connecting_body_first(chain_store):
    rows = body_centrality(chain_store)
    assert rows[0]["body"] == "Beredningsgruppen för omsorg"      # between the council and the working group
    assert rows[0]["mandatesGiven"] == 2 and rows[0]["mandatesReceived"] == 1
    assert [r["betweenness"] for r in rows] == sorted((r["betweenness"] for r in rows), reverse=True)
    assert len(body_centrality(chain_store, top=2)) == 2


def test_analysis_unmandated_groups_are_the_groups_nobody_mandated(chain_store):
    names = [r["name"] for r in unmandated_groups(chain_store)]
    assert "Styrgruppen för e-hälsa" in names
    assert "Socialchefsnätverket i länet" in names
    assert "Arbetsgruppen för nattillsyn" not in names and "Beredningsgruppen för omsorg" not in names
    assert "Norrby kommun" not in names                            # a municipality is not a group
