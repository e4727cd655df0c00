"""How long until the viewer's first page (Nätverk) is interactive, once the store exists. Target: 3 seconds.

Starts `streamlit run app.py` on 127.0.0.1 against a store (built first from data/ when --store is not given;
the build is not timed), opens the page in headless Chromium (Debian's chromium + chromedriver) and times,
from the moment the URL is requested, until the network canvas holds its nodes and the script run has ended.
"cold" is the first visit after the server started (empty caches); "warm" are later visits in new sessions.

    python bench/app_first_page.py [--store DIR] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))   # the loopback server and browser helpers the tests use too
from servers import CHROMEDRIVER as DRIVER, CHROMIUM, chromium, streamlit_app  # noqa: E402
# The script run has ended when Streamlit's status widget ("Running…", "Stop") shows nothing.
IDLE = ("return Array.from(document.querySelectorAll('[data-testid=\"stStatusWidget\"]'))"
        ".every(e => !e.innerText.trim());")
TARGET = 3.0


def build(store: Path) -> None:
    from graph.ingest import build_paths
    from graph.store import open_store

    with open_store(store) as s:
        build_paths(s, [ROOT / "data"])


def first_page_seconds(driver, url: str) -> tuple[float, int]:
    """Seconds from requesting the page to a drawn network and an idle script; and the nodes drawn."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(url)
    wait = WebDriverWait(driver, 120, poll_frequency=0.02, ignored_exceptions=(StaleElementReferenceException,))
    frame = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "iframe[srcdoc]"))[0]
    driver.switch_to.frame(frame)
    nodes = wait.until(lambda d: d.execute_script(
        "return (typeof network !== 'undefined' && network && document.querySelector('#mynetwork canvas'))"
        " ? network.body.data.nodes.length : 0;"))
    driver.switch_to.default_content()
    wait.until(lambda d: d.execute_script(IDLE))
    return time.perf_counter() - start, nodes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store folder (default: build one from data/)")
    parser.add_argument("--runs", type=int, default=5, help="warm visits to time (default 5)")
    args = parser.parse_args(argv)
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        print("needs Debian's chromium and chromium-driver", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="samkarta-bench-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            t = time.perf_counter()
            build(store)
            print(f"store built from data/ in {time.perf_counter() - t:.1f} s (not part of the measure)")
        with chromium(Path(tmp) / "chromium") as driver:
            t = time.perf_counter()
            with streamlit_app(ROOT, store, poll=0.05) as url:
                server = time.perf_counter() - t
                cold, nodes = first_page_seconds(driver, url)
                warm = [first_page_seconds(driver, url)[0] for _ in range(args.runs)]

    print(f"server start until healthy: {server:.2f} s")
    print(f"first page interactive, cold (first visit, empty caches): {cold:.2f} s ({nodes} nodes drawn)")
    print(f"first page interactive, warm (median of {len(warm)}): {statistics.median(warm):.2f} s "
          f"(min {min(warm):.2f}, max {max(warm):.2f})")
    verdict = "within" if cold <= TARGET else "OVER"
    print(f"target {TARGET:.0f} s after the store exists: cold visit {verdict} target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
