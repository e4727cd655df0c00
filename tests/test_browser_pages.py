"""Browser test: every page of the real app in headless Chromium renders its network, tables and charts, without
an error box; a screenshot of each page is saved (the folder is printed)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from servers import CHROMEDRIVER as DRIVER, CHROMIUM

# The script run has ended when Streamlit's status widget ("Running…", "Stop") shows nothing.
IDLE = ("return Array.from(document.querySelectorAll('[data-testid=\"stStatusWidget\"]'))"
        ".every(e => !e.innerText.trim());")

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver")

# url path, title, what must be drawn: "network" (vis canvas in an iframe), "table", "chart", "text", "upload"
PAGES = [
    ("", "Nätverk", ("network",)),
    ("mandat", "Mandat", ("network", "table")),
    ("arendespar", "Ärendespår", ("chart",)),
    ("grupper", "Samverkansgrupper", ("table",)),
    ("personer", "Personer och roller", ("table",)),
    ("dokument", "Dokument", ("text", "table")),
    ("lagg-till", "Lägg till protokoll", ("upload",)),
    ("fraga", "Fråga (SPARQL)", ("table",)),
]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    # pytest removes old temporary folders; SAMKARTA_SCREENSHOTS keeps the pictures where you want them.
    chosen = os.environ.get("SAMKARTA_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


def _frame_check(driver, wait, frame, script: str):
    driver.switch_to.frame(frame)
    try:
        return wait.until(lambda d: d.execute_script(script))
    finally:
        driver.switch_to.default_content()


@pytest.mark.parametrize("path, title, parts", PAGES, ids=[p[1] for p in PAGES])
def test_browser_pages_render_without_errors(server, browser, shots, path, title, parts):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/{path}")
    # Streamlit re-renders while the script runs: an element found a moment ago may be replaced.
    wait = WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: any(h.text.strip() == title for h in d.find_elements(By.CSS_SELECTOR, "h1")))
    main = browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"], section.main, [data-testid="stAppViewContainer"]')
    if "network" in parts:
        frame = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "iframe[srcdoc]"))[0]
        drawn = _frame_check(browser, wait, frame, "return (typeof network !== 'undefined' && network && "
                             "document.querySelector('#mynetwork canvas')) ? network.body.data.nodes.length : 0;")
        assert drawn > 1
    if "text" in parts:
        frame = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "iframe[srcdoc]"))[0]
        marks = _frame_check(browser, wait, frame, "return document.querySelectorAll('mark').length;")
        assert marks > 5
    if "table" in parts:
        grids = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"] canvas'))
        assert grids
    if "chart" in parts:
        assert wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"] canvas, '
                                                                     '[data-testid="stVegaLiteChart"] svg'))
        assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"]')
    if "upload" in parts:
        assert wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]'))
    # Let the run finish, then no error box or exception may be on the page.
    wait.until(lambda d: d.execute_script(IDLE))
    errors = browser.find_elements(By.CSS_SELECTOR, ERRORS)
    assert not errors, [e.text for e in errors]
    assert "Traceback" not in main.text
    shot = shots / f"{path or 'natverk'}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"{title}: {shot}")


def test_browser_pages_one_click_from_a_step_to_its_sentence(server, browser):
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/arendespar")
    wait = WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: d.execute_script(IDLE) and d.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"]'))

    def step_with_sentence(d):
        # The first step that has a sentence (hidden text counts: the expanders are closed). The steps render one
        # after another, and a step's link comes after its sentence: look again until one has both.
        for expander in d.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"]'):
            content = d.execute_script("return arguments[0].textContent;", expander)
            links = expander.find_elements(By.CSS_SELECTOR, '[data-testid="stPageLink"] a')
            if links and "Källmening" in content:
                return expander, links
        return False

    try:
        expander, links = wait.until(step_with_sentence)
    except TimeoutException:
        pytest.fail("no step links to its sentence")
    summary = expander.find_element(By.CSS_SELECTOR, "summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", summary)
    wait.until(lambda d: links[0].is_displayed())
    quote = expander.find_elements(By.CSS_SELECTOR, '[data-testid="stText"]')[0].text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", links[0])
    links[0].click()
    wait.until(lambda d: any(h.text.strip() == "Dokument" for h in d.find_elements(By.CSS_SELECTOR, "h1")))
    assert "/dokument" in browser.current_url and "at=" in browser.current_url
    frame = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "iframe[srcdoc]"))[0]
    marked = _frame_check(browser, wait, frame, "var m = document.getElementById('fokus'); return m && m.innerText;")
    assert " ".join(quote.split())[:30] in " ".join(marked.split()) or " ".join(marked.split())[:30] in " ".join(quote.split())
