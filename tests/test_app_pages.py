"""AppTest tests of every page's main interaction: filters, selections, links to Dokument, upload, downloads, SPARQL."""
from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import networkx as nx
import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from app_pages import data as app_data
from app_pages import network as nw
from app_pages import sparql
from extraction.records import Decision, Mandate, Meeting, Record, Source
from graph.analysis import to_networkx
from graph.ingest import build_paths, build_records
from graph.questions import run_query
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SEEDS = sorted((ROOT / "data" / "seeds").glob("*.txt"))
TIMEOUT = 120
COUNT = re.compile(r"\*\*(\d+) noder, (\d+) kopplingar\*\*")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "store"
    with open_store(path) as store:
        report = build_paths(store, [ROOT / "data"])
    assert not report.failed, report.summary()
    return path


@pytest.fixture(scope="module")
def graph(store_dir) -> nx.MultiDiGraph:
    with open_store(store_dir, read_only=True) as store:
        return to_networkx(store, include_facts=True)


def node(graph: nx.MultiDiGraph, label: str, kind: str) -> str:
    return next(n for n, d in graph.nodes(data=True) if d["label"] == label and d["type"] == kind)


@pytest.fixture
def app(store_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("SAMKARTA_STORE", str(store_dir))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def page(at: AppTest, name: str) -> AppTest:
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def count(at: AppTest, pattern: str) -> int:
    for md in at.markdown:
        match = re.search(pattern, md.value)
        if match:
            return int(match[1])
    raise AssertionError(f"no {pattern!r} in {[m.value for m in at.markdown]}")


def drawn(at: AppTest, index: int = 0) -> list[dict]:
    srcdoc = at.get("iframe")[index].proto.srcdoc
    return json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", srcdoc, re.DOTALL)[1])


def link_params(url: str) -> dict[str, str]:
    parsed = urlparse(url)
    assert parsed.path == "dokument", url
    return {k: v[0] for k, v in parse_qs(parsed.query).items()}


def stored_sentence(store_dir: Path, doc: str, at: int) -> str:
    with open_store(store_dir, read_only=True) as store:
        rows = store.query(f"""PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?quote WHERE {{ GRAPH <{doc}> {{ ?p oa:start {at} . ?span oa:hasSelector ?p , ?q .
            ?q oa:exact ?quote }} }}""")
    assert rows, (doc, at)
    return rows[0]["quote"]


# ---------------------------------------------------------------- Nätverk

def test_app_natverk_body_filter_and_period_narrow_the_network(app, graph):
    at = page(app, "natverk")
    before = count(at, COUNT.pattern)
    at.sidebar.multiselect(key="natverk_organ").select(node(graph, "Länschefsnätverket", "body")).run()
    assert not at.exception
    chosen = count(at, COUNT.pattern)
    assert 0 < chosen < before
    assert "Länschefsnätverket" in {n["label"] for n in drawn(at)}
    at.sidebar.multiselect(key="natverk_organ").set_value([]).run()
    slider = at.sidebar.slider(key="natverk_period")
    first, last = slider.value
    slider.set_value((first, first)).run()
    assert not at.exception
    narrowed = count(at, COUNT.pattern)
    assert narrowed < before
    meetings = [n for n in drawn(at) if n["shape"] == "triangle"]
    assert meetings and all(first.isoformat() in n["title"] for n in meetings)


def test_app_natverk_center_lists_facts_with_links_to_their_sentence(app, graph):
    at = page(app, "natverk")
    center = max((n for n, t in graph.nodes(data="type") if t == "body"), key=graph.degree)
    at.sidebar.selectbox(key="natverk_utgang").set_value(center).run()
    assert not at.exception
    assert any(s.value.startswith("Fakta om ") for s in at.subheader)
    links = at.get("page_link")
    assert links, "no links to the Dokument page"
    target = links[0].proto
    assert target.page.endswith("dokument") or "dokument" in target.page_script_hash or target.page
    query = dict(parse_qs(target.query_string)) if getattr(target, "query_string", "") else {}
    assert query.get("doc") and query.get("at"), target


def synthetic(n: int = 2000, seed: int = 3) -> nx.MultiDiGraph:
    """An invented network of n nodes: a random tree plus as many random extra edges."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    kinds = ["person"] * 10 + ["body"] * 3 + ["meeting"] * 4 + ["agreement"]
    for i in range(n):
        kind = kinds[rnd.randrange(len(kinds))]
        extra = {"date": f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"} if kind == "meeting" else {}
        g.add_node(f"urn:x:{i}", label=f"Nod {i}", type=kind, iri=f"urn:x:{i}", **extra)
    for i in range(1, n):
        g.add_edge(f"urn:x:{i}", f"urn:x:{rnd.randrange(i)}", label="deltog i", kind="attended")
    for _ in range(n):
        g.add_edge(f"urn:x:{rnd.randrange(n)}", f"urn:x:{rnd.randrange(n)}", label="nämns i", kind="mentioned")
    return g


def test_app_natverk_stays_usable_at_2000_nodes(app, monkeypatch):
    big = synthetic()
    positions = nw.fixed_layout(big)
    assert len(positions) == 2000
    monkeypatch.setattr(app_data, "network", lambda path, stamp: big)
    monkeypatch.setattr(app_data, "layout", lambda path, stamp: positions)
    at = page(app, "natverk")
    at.sidebar.multiselect(key="natverk_typer").set_value(list(nw.STYLES)).run()
    assert not at.exception
    assert count(at, COUNT.pattern) == nw.MAX_DRAWN
    assert len(drawn(at)) == nw.MAX_DRAWN
    assert any("Filtren ger 2000 noder" in w.value for w in at.warning)
    # The most connected nodes are the ones drawn.
    degree = dict(big.degree())
    shown = {n["id"] for n in drawn(at)}
    assert min(degree[n] for n in shown) >= max(degree[n] for n in big if n not in shown)
    # The ego view brings it under the cap: no notice, every node within 1 step drawn.
    center = max(big, key=degree.get)
    at.sidebar.selectbox(key="natverk_utgang").set_value(center).run()
    assert not at.warning
    assert count(at, COUNT.pattern) == 1 + len(set(nx.all_neighbors(big, center)))


# ---------------------------------------------------------------- Mandat

def test_app_mandat_period_filter_network_and_links(app, store_dir):
    at = page(app, "mandat")
    total = count(at, r"\*\*(\d+) uppdrag\*\*")
    table = at.dataframe[0].value
    assert len(table) == total
    giver_arrows = sum(1 for g in table["Uppdragsgivare"] if g)
    assert drawn(at), "the mandate network is missing"
    params = link_params(table["Länk"][0])
    assert params["at"].isdigit()
    assert stored_sentence(store_dir, params["doc"], int(params["at"])) == table["Källa"][0]
    assert giver_arrows > 0
    slider = at.slider(key="mandat_period")
    first, last = slider.value
    slider.set_value((last, last)).run()
    assert not at.exception
    rows = at.dataframe[0].value
    dated = rows[rows["Datum"] != ""]
    assert 0 < len(rows) < total
    assert set(dated["Datum"]) == {last.isoformat()}
    at.checkbox(key="mandat_odaterade").uncheck().run()
    assert (at.dataframe[0].value["Datum"] == last.isoformat()).all()


def test_app_mandat_status_filter(app, store_dir):
    at = page(app, "mandat")
    with open_store(store_dir, read_only=True) as store:
        rows = run_query(store, "mandates")
    status = rows[0]["status"]
    at.multiselect(key="mandat_status").select(status).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == sum(1 for r in rows if r["status"] == status)
    assert table["Status"].str.startswith(status).all()


# ---------------------------------------------------------------- Ärendespår

def test_app_arendespar_topic_gives_timeline_and_steps_with_sources(app, store_dir):
    at = page(app, "arendespar")
    at.radio(key="spar_satt").set_value("Ämne").run()
    at.text_input(key="spar_amne").set_value("hemsjukvård").run()
    assert not at.exception
    with open_store(store_dir, read_only=True) as store:
        expected = run_query(store, "path", topic="hemsjukvård")
    steps = count(at, r"\*\*(\d+) steg\*\*")
    assert steps == len(expected) > 2
    assert len(at.expander) == steps
    assert at.expander[0].label.startswith(expected[0]["date"])
    chart = at.get("vega_lite_chart")
    assert chart, "the timeline is missing"
    spec = json.loads(chart[0].proto.spec)
    assert spec["encoding"]["x"]["field"] == "Datum" and spec["encoding"]["y"]["field"] == "Organ"
    links = at.get("page_link")
    assert len(links) >= sum(1 for r in expected if r["source"])


def test_app_arendespar_agreement_selection(app, store_dir):
    at = page(app, "arendespar")
    with open_store(store_dir, read_only=True) as store:
        agreements = {r["a"]: r["l"] for r in store.query(
            "SELECT ?a (MIN(STR(?n)) AS ?l) WHERE { ?a a <https://samkarta.se/ns#Agreement> ; "
            "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n } GROUP BY ?a")}
        steps = {a: len(run_query(store, "path", agreement=a)) for a in agreements}
    default = at.selectbox(key="spar_avtal").value
    assert steps[default] == max(steps.values())  # the agreement with the longest path is shown first
    assert count(at, r"\*\*(\d+) steg\*\*") == steps[default]
    other = min(steps, key=lambda a: (steps[a] == 0, steps[a], a))
    at.selectbox(key="spar_avtal").set_value(other).run()
    assert not at.exception
    assert count(at, r"\*\*(\d+) steg\*\*") == steps[other]
    assert f"*{agreements[other]}*" in next(m.value for m in at.markdown if "steg**" in m.value)


# ---------------------------------------------------------------- Samverkansgrupper

@pytest.fixture
def downloads(monkeypatch) -> list[tuple[bytes, str, str | None]]:
    """Every file a download button offers during the test: (content, mimetype, file name)."""
    seen = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        seen.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return seen


def test_app_grupper_filter_flags_and_downloads(app, store_dir, downloads):
    at = page(app, "grupper")
    with open_store(store_dir, read_only=True) as store:
        inventory = run_query(store, "inventory")
    table = at.dataframe[0].value
    assert len(table) == len(inventory)
    assert {"Grupp", "Typ", "Mandat", "Mandat från", "Överordnat organ", "Först nämnd", "Senast nämnd",
            "Antal omnämnanden"} <= set(table.columns)
    without = sum(1 for r in inventory if not r["mandatedBy"])
    assert (table["Mandat"] == "⚠ inget känt mandat").sum() == without > 0
    at.checkbox(key="grupper_utan_mandat").check().run()
    flagged = at.dataframe[0].value
    assert len(flagged) == without and (flagged["Mandat från"] == "").all()
    downloads.clear()
    at.text_input(key="grupper_sok").set_value("styrgrupp").run()
    shown = at.dataframe[0].value
    assert 0 < len(shown) < without and shown["Grupp"].str.lower().str.contains("styrgrupp").all()
    files = {name: content for content, _, name in downloads}
    rows = list(csv.DictReader(io.StringIO(files["samverkansgrupper.csv"].decode("utf-8-sig")), delimiter=";"))
    assert [r["Grupp"] for r in rows] == list(shown["Grupp"])
    book = openpyxl.load_workbook(io.BytesIO(files["samverkansgrupper.xlsx"]))
    sheet = book["Samverkansgrupper"]
    assert [c.value for c in sheet[1]][:2] == ["Grupp", "Mandat"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == list(shown["Grupp"])


# ---------------------------------------------------------------- Personer och roller

def test_app_personer_person_and_body_profiles(app, store_dir):
    at = page(app, "personer")
    with open_store(store_dir, read_only=True) as store:
        rows = run_query(store, "person")
    busiest = max({r["person"] for r in rows}, key=lambda p: sum(1 for r in rows if r["person"] == p))
    mine = [r for r in rows if r["person"] == busiest]
    at.selectbox(key="profil_person").set_value(busiest).run()
    assert not at.exception
    assert at.subheader[0].value == busiest
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Möten närvarande"] == sum(1 for r in mine if r["relation"] == "deltog i")
    assert metrics["Roller"] == sum(1 for r in mine if r["relation"] == "roll")
    shown = sum(len(df.value) for df in at.dataframe)
    assert shown == len(mine)
    at.radio(key="profil_typ").set_value("Organ").run()
    at.selectbox(key="profil_organ").set_value("Länschefsnätverket").run()
    assert not at.exception
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Möten"] >= 3
    assert any(m.value.startswith("#### Gav uppdrag") for m in at.markdown)
    links = [u for df in at.dataframe for u in df.value["Länk"] if u]
    assert links and all(link_params(u)["doc"] for u in links)


# ---------------------------------------------------------------- Dokument

def test_app_dokument_opens_at_the_linked_sentence(app, store_dir):
    at = page(app, "mandat")
    table = at.dataframe[0].value
    url, quote = table["Länk"][0], table["Källa"][0]
    params = link_params(url)
    app.query_params.update(params)
    at = page(app, "dokument")
    assert at.selectbox(key="dokument_val").value == params["doc"]
    focus = at.info[0].value
    assert " ".join(quote.split()) in " ".join(focus.split())
    html = at.get("iframe")[0].proto.srcdoc
    marked = re.search(r'<mark id="fokus" class="fokus"[^>]*>(.*?)</mark>', html, re.DOTALL)
    assert marked and quote.startswith(marked[1].replace("&#x27;", "'").replace("&quot;", '"')[:20])
    assert html.count("<mark") > 5  # the other facts are marked too


def test_app_dokument_unknown_link_warns_and_shows_the_list(app):
    app.query_params.update({"doc": "https://samkarta.se/graph/finns-inte", "at": "12"})
    at = page(app, "dokument")
    assert any("finns inte längre" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 5


# ---------------------------------------------------------------- Lägg till protokoll

@pytest.fixture
def four_seed_store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "fyra"
    folder.mkdir()
    for seed in SEEDS[:-1]:
        shutil.copy(seed, folder / seed.name)
    store = tmp_path / "store"
    with open_store(store) as s:
        build_paths(s, [folder])
    monkeypatch.setenv("SAMKARTA_STORE", str(store))
    return store


def dataset(store: Path) -> bytes:
    with open_store(store, read_only=True) as s:
        return b"\n".join(sorted(s.nquads().splitlines()))


def test_app_ladda_upp_reviews_before_writing_then_saves(four_seed_store):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at = page(at, "ladda_upp")
    before = dataset(four_seed_store)
    seed = SEEDS[-1]
    at.file_uploader(key="protokoll_fil").set_value((seed.name, seed.read_bytes(), "text/plain")).run()
    assert not at.exception and not at.error
    assert at.subheader[0].value == f"Granska: {seed.name}"
    found = next(m.value for m in at.markdown if m.value.startswith("**Hittades:**"))
    assert re.search(r"[1-9]\d* beslut", found)
    assert at.button(key="protokoll_spara")
    assert dataset(four_seed_store) == before  # nothing written before the confirmation
    at.button(key="protokoll_spara").click().run()
    assert not at.exception and not at.error
    assert at.success and "lades till" in at.success[0].value
    with open_store(four_seed_store, read_only=True) as s:
        assert seed.name in {d.name for d in s.documents()}
        assert len(s.documents()) == len(SEEDS)


@pytest.mark.parametrize("name, content", [
    ("trasig.pdf", b"%PDF-1.4 trasig"),
    ("bild.txt", bytes(range(256)) * 40),
    ("tom.docx", b""),
])
def test_app_ladda_upp_bad_file_shows_swedish_error_and_changes_nothing(four_seed_store, name, content):
    at = page(AppTest.from_file(APP, default_timeout=TIMEOUT), "ladda_upp")
    before = dataset(four_seed_store)
    at.file_uploader(key="protokoll_fil").set_value((name, content, "application/octet-stream")).run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Filen kunde inte läsas in:")
    assert "Inget har sparats" in at.error[0].value
    assert not at.button  # nothing to confirm
    assert dataset(four_seed_store) == before


# ---------------------------------------------------------------- Fråga (SPARQL)

def test_app_fraga_named_question_with_parameter(app, store_dir):
    at = page(app, "fraga")
    at.selectbox(key="fraga_namn").set_value("mandates").run()
    at.text_input(key="fraga_param_mandates_body").set_value("styrgrupp").run()
    assert not at.exception and not at.error
    with open_store(store_dir, read_only=True) as store:
        expected = run_query(store, "mandates", body="styrgrupp")
    table = at.dataframe[0].value
    assert len(table) == len(expected) > 0
    assert table["Uppdragsgivare"].fillna("").tolist() == [r["giver"] or "" for r in expected]


def test_app_fraga_free_box_runs_select_and_refuses_updates(app, store_dir):
    at = page(app, "fraga")
    before = dataset(store_dir)
    at.text_area(key="fraga_sparql").set_value(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").run()
    at.button(key="fraga_kor").click().run()
    assert not at.error
    n = at.dataframe[-1].value["n"][0]
    with open_store(store_dir, read_only=True) as store:
        assert n == store.triple_count()
    at.text_area(key="fraga_sparql").set_value("INSERT DATA { <urn:a> <urn:b> <urn:c> }").run()
    at.button(key="fraga_kor").click().run()
    assert len(at.error) == 1 and "skrivskyddad" in at.error[0].value
    at.text_area(key="fraga_sparql").set_value("DROP ALL").run()
    at.button(key="fraga_kor").click().run()
    assert "skrivskyddad" in at.error[0].value
    assert dataset(store_dir) == before


def test_app_fraga_free_box_stops_a_slow_query(app, monkeypatch):
    monkeypatch.setattr(sparql, "TIME_LIMIT", 1.0)
    at = page(app, "fraga")
    at.text_area(key="fraga_sparql").set_value(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }").run()
    at.button(key="fraga_kor").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "längre tid än 1 sekunder" in at.error[0].value


# ---------------------------------------------------------------- escaping

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile_store(tmp_path, monkeypatch) -> Path:
    """A store of one invented document whose body and person names hold HTML."""
    text = (f"Protokoll {SCRIPT} Styrgrupp 2025-03-04\n"
            f"§ 1 {SCRIPT} Styrgrupp beslutade att ge Ola <b>Fet</b> i uppdrag att skriva en plan.\n")
    start = text.index(f"§ 1")
    sentence = text[start:].strip()
    source = Source(start, start + len(sentence), sentence)
    body = f"{SCRIPT} Styrgrupp"
    record = Record(document="farlig.txt", meeting=Meeting(body=body, date="2025-03-04", kind="minutes"),
                    decisions=(Decision("1", body, "decided", "att ge Ola <b>Fet</b> i uppdrag", source),),
                    mandates=(Mandate(body, "Ola <b>Fet</b>", "skriva en plan", "2025-03-04", "1", source=source),),
                    bodies=(body,))
    store = tmp_path / "store"
    with open_store(store) as s:
        build_records(s, [record], texts={"farlig.txt": text})
    monkeypatch.setenv("SAMKARTA_STORE", str(store))
    return store


def test_app_escapes_entity_text_in_every_html_view(hostile_store):
    at = page(AppTest.from_file(APP, default_timeout=TIMEOUT), "natverk")
    network = at.get("iframe")[0].proto.srcdoc
    assert SCRIPT not in network and "<b>Fet</b>" not in network
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; Styrgrupp" in n["title"] for n in drawn(at))
    at.switch_page("app_pages/mandat.py").run()
    assert not at.exception
    assert SCRIPT not in at.get("iframe")[0].proto.srcdoc
    assert at.dataframe[0].value["Uppdragsgivare"][0] == f"{SCRIPT} Styrgrupp"  # shown as text
    url = at.dataframe[0].value["Länk"][0]
    at.query_params.update(link_params(url))
    at.switch_page("app_pages/dokument.py").run()
    assert not at.exception
    page_html = at.get("iframe")[0].proto.srcdoc
    assert SCRIPT not in page_html and "<b>Fet</b>" not in page_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    assert "Ola &lt;b&gt;Fet&lt;/b&gt;" in page_html
