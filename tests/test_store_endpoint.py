"""Tests of graph/store.py against a real 'oxigraph serve' started for the test and stopped after it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from extraction.errors import StoreError
from graph.analysis import to_networkx
from graph.build import document_iri, graph_iri
from graph.ingest import build_records
from graph.samples import sample_record_a, sample_record_b
from graph.store import EndpointStore, open_store
from servers import free_port, serving


def _oxigraph_command() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    command = _oxigraph_command()
    if command is None:
        pytest.skip("the oxigraph server command is not installed")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    location = tmp_path_factory.mktemp("oxigraph-server")
    args = [command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with serving(args, f"{url}/query?query=ASK%7B%7D", timeout=20, what="oxigraph serve",
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE):
        yield url


def _graph_of(record):
    return graph_iri(document_iri(record.document, record.sha256))


def test_store_endpoint_builds_the_same_graph_as_embedded(server, tmp_path):
    records = [sample_record_a(), sample_record_b()]
    with open_store(endpoint=server) as remote:
        assert isinstance(remote, EndpointStore)
        for d in remote.documents():          # the server is shared by this module's tests
            remote.remove_graph(d.graph)
        report = build_records(remote, records)
        assert len(report.added) == 2
        with open_store(tmp_path / "store") as local:
            build_records(local, records)
            assert remote.triple_count() == local.triple_count() > 0
            assert remote.documents() == local.documents()
            for r in records:
                assert isomorphic(remote.graph(_graph_of(r)), local.graph(_graph_of(r)))
            assert remote.query_file("edges") == local.query_file("edges")
            remote_net, local_net = to_networkx(remote), to_networkx(local)
            assert sorted(remote_net.nodes) == sorted(local_net.nodes)
            assert remote_net.number_of_edges() == local_net.number_of_edges()
            assert remote.export("nt") == local.export("nt")
        # unchanged documents are not written again
        assert build_records(remote, records).unchanged == [r.document for r in records]


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_store_endpoint_export_parses_back(server, fmt, rdflib_format):
    with open_store(endpoint=server) as remote:
        build_records(remote, [sample_record_a()])
        data = remote.export(fmt)
    if fmt in ("ttl", "nt"):
        assert len(Graph().parse(data=data, format=rdflib_format)) > 0
    else:
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        assert str(_graph_of(sample_record_a())) in {str(g.identifier) for g in ds.graphs() if len(g)}


def test_store_endpoint_read_only_refuses_writes(server):
    with open_store(endpoint=server + "/query", read_only=True) as remote:
        assert remote.base == server
        with pytest.raises(StoreError):
            remote.remove_graph(_graph_of(sample_record_a()))


def test_store_endpoint_unreachable_is_a_store_error():
    with pytest.raises(StoreError) as err:
        open_store(endpoint=f"http://127.0.0.1:{free_port()}")
    assert "cannot reach the SPARQL server" in err.value.message


SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def _seed_records():
    """The shipped corpus extracted once: (records, texts) for build_records."""
    import dataclasses

    from extraction.extract import extract_corpus
    from extraction.reading import collect_paths, read_path
    pairs = extract_corpus([read_path(p) for p in collect_paths([SEEDS])])
    records = [dataclasses.replace(r, sha256=r.sha256 or d.sha256) for d, r in pairs]
    return records, {d.name: d.text for d, _ in pairs}


def test_store_endpoint_every_named_query_answers_as_the_embedded_store(server, tmp_path):
    from graph.analysis import body_centrality, mandate_chain, unmandated_groups
    from graph.questions import available, parameters, run_query
    from graph.vocabulary import DERIVED_GRAPH
    records, texts = _seed_records()
    with open_store(endpoint=server) as remote, open_store(tmp_path / "store") as local:
        for d in remote.documents():          # the server is shared by this module's tests
            remote.remove_graph(d.graph)
        remote.remove_graph(str(DERIVED_GRAPH))
        for store in (remote, local):
            report = build_records(store, records, texts=texts)
            assert not report.failed and len(report.added) == len(records)
        assert remote.triple_count() == local.triple_count() > 1000
        assert remote.export("trig") == local.export("trig")
        names = available()
        assert names == ["body", "inventory", "mandates", "path", "person"]
        # each question without parameters, and the parameters that change how the query runs
        cases = [(name, {}) for name in names] + [
            ("path", {"topic": "avtal"}), ("mandates", {"open": True, "asOf": "2025-06-30"}),
            ("person", {"asOf": "2025-06-30"}), ("inventory", {"body": "grupp"})]
        for name, params in cases:
            assert set(params) <= set(parameters(name))
            local_rows = run_query(local, name, **params)
            assert local_rows, (name, params)
            assert run_query(remote, name, **params) == local_rows, (name, params)
        for analysis in (body_centrality, unmandated_groups):
            assert analysis(remote) == analysis(local)
        giver = next(r["giver"] for r in run_query(local, "mandates") if r["giver"])
        receiver = next(r["receiver"] for r in run_query(local, "mandates") if r["giver"] == giver)
        assert mandate_chain(remote, giver, receiver) == mandate_chain(local, giver, receiver)
