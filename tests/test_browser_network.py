"""Browser test: the real app in headless Chromium draws the network with the inlined vis-network (no internet)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.ingest import build_paths
from graph.store import open_store
from servers import free_port, serving

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "store"
    with open_store(store) as s:
        build_paths(s, [ROOT / "data"])
    port = free_port()
    env = dict(os.environ, SAMKARTA_STORE=str(store))
    args = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}"
    with serving(args, f"{url}/_stcore/health", timeout=60, what="the Streamlit server",
                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


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
