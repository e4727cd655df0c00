"""Servers that tests and the benchmarks (bench/) start on loopback: a free port, a process that is waited for
and always stopped, the app, and Debian's Chromium."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from typing import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(args: list[str], ready_url: str, *, timeout: float, what: str, poll: float = 0.2,
            **popen) -> Iterator[subprocess.Popen]:
    """Start `args`, wait until `ready_url` answers, yield the process, and stop it however the test ends."""
    proc = subprocess.Popen(args, **popen)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as answer:
                    answer.read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    detail = f": {proc.stderr.read()!r}" if proc.stderr else ""
                    raise RuntimeError(f"{what} did not start{detail}")
                time.sleep(poll)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@contextmanager
def streamlit_app(root, store, poll: float = 0.2) -> Iterator[str]:
    """The real app (root/app.py) on a free loopback port, reading `store`; yields its URL."""
    import os
    import sys
    port = free_port()
    env = dict(os.environ, SAMKARTA_STORE=str(store))
    args = [sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}"
    with serving(args, f"{url}/_stcore/health", timeout=60, what="the Streamlit server", poll=poll,
                 cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        yield url


@contextmanager
def chromium(profile, size: str = "1400,1000"):
    """Debian's headless Chromium driven by selenium (no browser download), always quit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={size}",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
