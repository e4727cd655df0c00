"""Servers that tests start on loopback: a free port, and a process that is waited for and always stopped."""
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
def serving(args: list[str], ready_url: str, *, timeout: float, what: str, **popen) -> Iterator[subprocess.Popen]:
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
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
