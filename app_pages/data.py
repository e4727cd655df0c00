"""What the pages read: the store (built from data/ once if empty), cached, and the SPARQL results they show."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import streamlit as st

from rdflib import URIRef

from app_pages.network import fixed_layout
from extraction.errors import SamkartaError, StoreError
from graph.analysis import to_networkx
from graph.questions import bind, run_query
from graph.store import Store, default_store_path, open_store

if TYPE_CHECKING:
    from graph.ingest import BuildReport

#: The shipped corpus: the data/ folder beside app.py.
REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_DIR / "data"
QUERIES_DIR = Path(__file__).resolve().parent / "queries"
BUILD_MESSAGE = "Bygger kunskapsgrafen från protokollen i data/ ..."

# One build at a time in this process: Oxigraph allows a single writer per folder.
_BUILD_LOCK = threading.Lock()
_BUILT: set[str] = set()


def store_path() -> Path:
    """$SAMKARTA_STORE, else graph.store's default folder (read at call time, so tests can set it)."""
    env = os.environ.get("SAMKARTA_STORE")
    return Path(env).expanduser() if env else default_store_path()


def _has_documents(path: Path) -> bool:
    if not (path / "CURRENT").is_file():
        return False
    with open_store(path, read_only=True) as store:
        return bool(store.documents())


def needs_build(path: Path) -> bool:
    """True when the store folder is absent or holds no documents, and this process has not built it yet."""
    return str(path) not in _BUILT and not _has_documents(path)


def build_store(path: Path, data_dir: Path = DATA_DIR) -> "BuildReport | None":
    """Build the store at `path` from `data_dir` (once per process); None if another session already did."""
    from graph.ingest import build_paths  # the extraction pipeline: loaded only when a build is needed

    with _BUILD_LOCK:
        if str(path) in _BUILT or _has_documents(path):
            _BUILT.add(str(path))
            return None
        with open_store(path) as store:
            report = build_paths(store, [data_dir])
        _BUILT.add(str(path))
        get_store.clear()
        return report


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """A read-only handle on the store folder; every query reads a fresh snapshot."""
    return open_store(Path(path), read_only=True)


def current_store() -> Store:
    return get_store(str(store_path()))


def opened() -> tuple[str, str]:
    """The store's path and the stamp of the graph the page shows: the keys of every cached read."""
    path = str(store_path())
    return path, version(get_store(path))


# The last stamp read from each store: while a build holds the store, pages keep showing the graph
# as it was before the build (their cached results are keyed on this stamp), never half of the new one.
_LAST_STAMP: dict[str, str] = {}


def version(store: Store) -> str:
    """A short stamp of the stored documents' content: cached results are keyed on it."""
    key = str(getattr(store, "path", id(store)))
    try:
        parts = sorted(f"{d.iri} {d.content_hash}" for d in store.documents())
    except StoreError:
        if key not in _LAST_STAMP:
            raise
        st.info("Lagret uppdateras just nu. Sidan visar grafen som den var före uppdateringen; "
                "ladda om sidan när uppdateringen är klar.")
        return _LAST_STAMP[key]
    stamp = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
    _LAST_STAMP[key] = stamp
    return stamp


def read_query(name: str) -> str:
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


# ---------------------------------------------------------------- cached plain results
# The store handle is not hashable: cached functions take the folder and the version stamp instead.

@st.cache_data(show_spinner=False)
def network(path: str, stamp: str) -> nx.MultiDiGraph:
    """The whole drawable network, decisions and mandates included as nodes."""
    return to_networkx(get_store(path), include_facts=True)


@st.cache_data(show_spinner=False)
def layout(path: str, stamp: str) -> dict[str, tuple[float, float]]:
    """Fixed positions for every node of the whole network, so a filtered view keeps its places."""
    return fixed_layout(network(path, stamp))


@st.cache_data(show_spinner=False)
def mandates(path: str, stamp: str) -> list[dict[str, Any]]:
    """One row per mandate (graph/queries/mandates.rq): giver, receiver, task, date, meeting, quote, mandate IRI."""
    return run_query(get_store(path), "mandates")


@st.cache_data(show_spinner=False)
def question(path: str, stamp: str, query: str, /, **params: Any) -> list[dict[str, Any]]:
    """Rows of a named question of graph/queries/ with its parameters bound (graph.questions.run_query)."""
    return run_query(get_store(path), query, **params)


@st.cache_data(show_spinner=False)
def sources(path: str, stamp: str) -> dict[str, dict[str, Any]]:
    """Fact IRI -> where it was read: document graph `g`, `start`/`end` offsets (None without a sentence), `type`.

    A fact named by several documents points to the first one (by graph IRI) that has its sentence.
    """
    found: dict[str, dict[str, Any]] = {}
    for row in get_store(path).query(read_query("sources")):
        have = found.get(row["fact"])
        if have is None or (have["start"] is None and row["start"] is not None):
            found[row["fact"]] = row
    return found


def source_of(path: str, stamp: str, fact: str | None) -> dict[str, Any] | None:
    return sources(path, stamp).get(fact) if fact else None


@st.cache_data(show_spinner=False)
def spans(path: str, stamp: str, graph: str) -> list[dict[str, Any]]:
    """Every fact span of one document graph: fact, type, start, end, quote; ordered by position."""
    rows = [r for r in get_store(path).query(read_query("spans")) if r["g"] == graph and r["start"] is not None]
    return sorted(rows, key=lambda r: (r["start"], -r["end"], r["fact"]))


@st.cache_data(show_spinner=False)
def document_text(path: str, stamp: str, graph: str) -> str | None:
    """The text a document's offsets point into: stored in the graph (skv:fullText), else re-read from a file
    inside this repository when its quotes still match; None when neither is possible."""
    docs = {d["g"]: d for d in documents(path, stamp)}
    if graph not in docs:
        return None
    rows = get_store(path).query(bind(read_query("document_text"), {"g": URIRef(graph)}))
    row = rows[0] if rows else {}
    if row.get("text"):
        return row["text"]
    file = row.get("path")
    if not file:
        return None
    try:
        resolved = Path(file).resolve()
        if not resolved.is_relative_to(REPO_DIR) or not resolved.is_file():
            return None  # the app reads no file outside its own folder
        from extraction.reading import read_path
        text = read_path(resolved).text
    except (OSError, SamkartaError, ValueError):
        return None
    checks = spans(path, stamp, graph)
    if any(" ".join(text[r["start"]:r["end"]].split()) != " ".join(str(r["quote"] or "").split()) for r in checks):
        return None  # changed since it was read, or repaired text: the offsets would point wrong
    return text


def names_of(g: nx.MultiDiGraph, node_type: str) -> list[tuple[str, str]]:
    """(IRI, label) of every node of one type, by label."""
    return sorted(((n, str(d.get("label") or n)) for n, d in g.nodes(data=True) if d.get("type") == node_type),
                  key=lambda p: (p[1].casefold(), p[0]))


FACT_KINDS = {"https://samkarta.se/ns#Decision": "decisions", "https://samkarta.se/ns#Mandate": "mandates",
              "https://samkarta.se/ns#Attendance": "attendances", "https://samkarta.se/ns#AgendaItem": "items",
              "https://samkarta.se/ns#Reference": "references"}


@st.cache_data(show_spinner=False)
def documents(path: str, stamp: str) -> list[dict[str, Any]]:
    """One row per document graph with its meeting and a count per kind of fact (0 when none)."""
    store = get_store(path)
    counts = {(r["g"], FACT_KINDS[r["type"]]): r["n"] for r in store.query(read_query("fact_counts"))}
    rows = store.query(read_query("documents"))
    for row in rows:
        for kind in FACT_KINDS.values():
            row[kind] = counts.get((row["g"], kind), 0)
    return rows


@st.cache_data(show_spinner=False)
def decisions(path: str, stamp: str) -> list[dict[str, Any]]:
    """One row per decision: status, item, text, document graph and quoted sentence."""
    return get_store(path).query(read_query("decisions"))

