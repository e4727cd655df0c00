"""Browser test: the real app in headless Chromium draws the network with the inlined vis-network (no internet)."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest import build_paths
from graph.store import open_store
from servers import CHROMEDRIVER as DRIVER, CHROMIUM, chromium, streamlit_app

ROOT = Path(__file__).resolve().parent.parent

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "store"
    with open_store(store) as s:
        build_paths(s, [ROOT / "data"])
    with streamlit_app(ROOT, store) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium"), size="1400,1000") as driver:
        yield driver


def test_browser_network_draws_nodes_offline(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    wait = WebDriverWait(browser, 60)
    frame = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "iframe[srcdoc]")))
    assert "noder" in browser.find_element(By.TAG_NAME, "body").text
    browser.switch_to.frame(frame)
    drawn = wait.until(lambda d: d.execute_script(
        "return (typeof network !== 'undefined' && network) ? network.body.data.nodes.length : 0;"))
    assert drawn > 10
    assert browser.find_elements(By.CSS_SELECTOR, "#mynetwork canvas")
    legend = browser.find_element(By.CSS_SELECTOR, ".samkarta-legend").text
    assert "Person" in legend and "Möte" in legend
    # Every resource the page loaded came from the app itself or was inline.
    sources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert not [s for s in sources if s.startswith("http") and "127.0.0.1" not in s]
    browser.switch_to.default_content()
