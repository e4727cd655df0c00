"""Fixtures shared by the browser tests: one store built from the shipped corpus, the app serving it on
loopback, and one headless Chromium, each made once for the whole run (and stopped at its end)."""
from __future__ import annotations

from pathlib import Path

import pytest

from servers import chromium, streamlit_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """URL of the real app on 127.0.0.1, reading a store built from data/."""
    from graph.ingest import build_paths
    from graph.store import open_store
    store = tmp_path_factory.mktemp("browser") / "store"
    with open_store(store) as s:
        build_paths(s, [ROOT / "data"])
    with streamlit_app(ROOT, store) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium"), size="1400,1100") as driver:
        yield driver
