"""Headless tests of the viewer (app.py and app_pages/) with Streamlit's AppTest on a store built from data/."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from app_pages import network as nw
from graph.analysis import to_networkx
from graph.ingest import build_paths
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT = 120
COUNT = re.compile(r"\*\*(\d+) noder, (\d+) kopplingar\*\*")
EXTERNAL_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=", re.IGNORECASE)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("app") / "store"
    with open_store(path) as store:
        report = build_paths(store, [ROOT / "data"])
    assert report.documents >= 5 and not report.failed, report.summary()
    return path


@pytest.fixture(scope="module")
def graph(store_dir) -> nx.MultiDiGraph:
    with open_store(store_dir, read_only=True) as store:
        return to_networkx(store, include_facts=True)


@pytest.fixture
def app(store_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("SAMKARTA_STORE", str(store_dir))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def counts(at: AppTest) -> tuple[int, int]:
    for md in at.markdown:
        match = COUNT.search(md.value)
        if match:
            return int(match[1]), int(match[2])
    raise AssertionError(f"no 'N noder, M kopplingar' in {[m.value for m in at.markdown]}")


def network_page(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1, "the network iframe is missing"
    return frames[0].proto.srcdoc


def drawn_nodes(page: str) -> list[dict]:
    match = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert match, "no node data in the network page"
    return json.loads(match[1])


def test_app_main_renders_network_offline(app):
    at = app.run()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Nätverk"
    nodes, _ = counts(at)
    assert nodes > 10
    page = network_page(at)
    assert "new vis.Network" in page and "vis-network" in page
    assert not EXTERNAL_TAG.search(page), EXTERNAL_TAG.search(page)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert len(drawn_nodes(page)) == nodes
    for label in ("Person", "Organ/grupp", "Överenskommelse", "Möte"):
        assert label in page  # the legend


def test_app_main_type_filter_changes_count(app, graph):
    at = app.run()
    before, _ = counts(at)
    at.sidebar.multiselect(key="natverk_typer").set_value(["person"]).run()
    assert not at.exception
    after, _ = counts(at)
    persons = sum(1 for _, t in graph.nodes(data="type") if t == "person")
    assert after == persons != before
    assert {n["shape"] for n in drawn_nodes(network_page(at))} == {"dot"}


def test_app_main_search_keeps_matches_and_neighbours(app, graph):
    at = app.run()
    at.sidebar.text_input(key="natverk_sok").set_value("region dalarna").run()
    assert not at.exception
    nodes, _ = counts(at)
    labels = {n["label"] for n in drawn_nodes(network_page(at))}
    assert "Region Dalarna" in labels
    assert 1 < nodes < graph.number_of_nodes()
    at.sidebar.text_input(key="natverk_sok").set_value("ingen nod heter så här").run()
    assert counts(at)[0] == 0
    assert any("Inga noder matchar" in i.value for i in at.info)


def test_app_main_ego_view_limits_to_steps(app, graph):
    center = next(n for n, d in graph.nodes(data=True) if d["label"] == "Region Dalarna")
    at = app.run()
    at.sidebar.multiselect(key="natverk_typer").set_value(list(nw.STYLES)).run()
    at.sidebar.selectbox(key="natverk_utgang").set_value(center).run()
    one, _ = counts(at)
    assert one == 1 + len(set(nx.all_neighbors(graph, center)))
    at.sidebar.slider(key="natverk_steg").set_value(2).run()
    two, _ = counts(at)
    assert two > one


def test_app_mandat_table_lists_mandates_with_sources(app):
    at = app.run()
    at.switch_page("app_pages/mandat.py").run()
    assert not at.exception
    assert at.title[0].value == "Mandat"
    table = at.dataframe[0].value
    assert len(table) >= 1
    assert {"Uppdragsgivare", "Mottagare", "Uppdrag", "Datum", "Möte", "Dokument", "Källa"} <= set(table.columns)
    assert table["Källa"].str.len().gt(0).all()
    assert table["Uppdrag"].str.len().gt(0).all()


def test_app_mandat_body_filter_narrows_rows(app):
    at = app.run()
    at.switch_page("app_pages/mandat.py").run()
    total = len(at.dataframe[0].value)
    box = at.selectbox(key="mandat_organ")
    region = next(o for o in box.options if o == "Region Dalarna")
    box.select(region).run()
    assert not at.exception
    rows = at.dataframe[0].value
    assert 0 < len(rows) < total
    assert rows.apply(lambda r: "Region Dalarna" in (r["Uppdragsgivare"], r["Mottagare"]) or
                      "Region Dalarna" in r["Möte"], axis=1).any()


def test_app_dokument_lists_documents_and_their_facts(app):
    at = app.run()
    at.switch_page("app_pages/dokument.py").run()
    assert not at.exception
    overview = at.dataframe[0].value
    assert len(overview) == 5
    assert overview["Beslut"].sum() > 0
    heading = next(m.value for m in at.markdown if m.value.startswith("#### Beslut"))
    chosen = at.selectbox(key="dokument_val").value
    expected = int(re.search(r"\((\d+)\)", heading)[1])
    assert expected > 0, chosen
    assert len(at.dataframe[1].value) == expected
    assert at.dataframe[1].value["Källa"].str.len().gt(0).all()


def test_app_main_builds_an_absent_store_from_data(tmp_path, monkeypatch):
    store = tmp_path / "ny"
    monkeypatch.setenv("SAMKARTA_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert not at.error
    assert counts(at)[0] > 10
    with open_store(store, read_only=True) as built:
        assert len(built.documents()) == 5


def test_app_main_unusable_store_shows_swedish_error(tmp_path, monkeypatch):
    not_a_store = tmp_path / "fil.txt"
    not_a_store.write_text("inte ett lager", encoding="utf-8")
    monkeypatch.setenv("SAMKARTA_STORE", str(not_a_store))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("Kunskapsgrafen kunde inte öppnas")
    assert "är en fil" in at.error[0].value
    assert not at.get("iframe")


def test_network_html_escapes_entity_text_in_tooltips():
    g = nx.MultiDiGraph()
    g.add_node("a", label="<script>alert(1)</script>", type="person")
    g.add_node("b", label="Styrgruppen & <b>Co</b>", type="body")
    g.add_edge("a", "b", label="företräder", kind="represents", text="<img src=x onerror=alert(2)>")
    title = nw.node_title(g, "a")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "<script>" not in title and "<img" not in title
    assert "Styrgruppen &amp; &lt;b&gt;Co&lt;/b&gt;" in title
    page = nw.network_html(g, {"a": (0.0, 0.0), "b": (0.5, 0.5)})
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    titles = {n["id"]: n["title"] for n in drawn_nodes(page)}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in titles["a"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in titles["a"]


def test_network_html_uses_the_given_fixed_positions():
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", type="meeting")
    g.add_node("b", label="B", type="agreement")
    g.add_edge("b", "a", label="nämns i", kind="mentioned")
    page = nw.network_html(g, {"a": (0.1, -0.2), "b": (-0.3, 0.4)}, degrees={"a": 9, "b": 1})
    nodes = {n["id"]: n for n in drawn_nodes(page)}
    assert (nodes["a"]["x"], nodes["a"]["y"]) == (0.1 * nw.spread(2), -0.2 * nw.spread(2))
    assert (nodes["b"]["shape"], nodes["a"]["shape"]) == ("diamond", "triangle")
    assert nodes["a"]["size"] > nodes["b"]["size"]
    assert all(n["physics"] is False for n in nodes.values())
    assert '"physics": {"enabled": false' in page.replace("\n", "")
