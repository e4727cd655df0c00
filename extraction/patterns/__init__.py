"""Pattern and word-list files of the extraction rules, and their small readers."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import srsly

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    return HERE / name


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a word list."""
    lines = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated file, comments and blank lines skipped."""
    return [line.split("\t") for line in read_lines(name)]


@lru_cache(maxsize=None)
def read_jsonl(name: str) -> tuple[dict, ...]:
    return tuple(srsly.read_jsonl(path(name)))


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in read_lines(name))
