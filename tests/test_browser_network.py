"""Browser test: the real app in headless Chromium draws the network with the inlined vis-network (no internet)."""
from __future__ import annotations

from pathlib import Path

import pytest

from servers import CHROMEDRIVER as DRIVER, CHROMIUM


webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver")


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
