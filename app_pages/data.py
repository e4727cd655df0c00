"""What the pages read: the store (built from data/ once if empty), cached, and the SPARQL results they show."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from app_pages.network import fixed_layout
from graph.analysis import to_networkx
from graph.ingest import BuildReport, build_paths
from graph.store import Store, default_store_path, open_store

#: The shipped corpus: the data/ folder beside app.py.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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


def build_store(path: Path, data_dir: Path = DATA_DIR) -> BuildReport | None:
    """Build the store at `path` from `data_dir` (once per process); None if another session already did."""
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


def version(store: Store) -> str:
    """A short stamp of the stored documents' content: cached results are keyed on it."""
    parts = sorted(f"{d.iri} {d.content_hash}" for d in store.documents())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


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
    """One row per mandate: giver, receiver, task, dates, meeting, document and the quoted sentence."""
    return get_store(path).query(read_query("mandates"))


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

