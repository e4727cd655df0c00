"""Swedish date grammar of minutes: 250121, 2025-01-21, 20250121, "den 11 december 2025", "22-23 sep 2015"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extraction.patterns import read_table


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    return {word: int(month) for word, month in read_table("months.tsv")}


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str | None          # None when the year is missing and could not be resolved
    has_year: bool
    text: str


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_pattern() -> str:
    words = sorted(months(), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    mon = _month_pattern()
    return [
        ("iso", re.compile(r"(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")),
        ("compact8", re.compile(r"(?<![\d/-])((?:19|20)\d{2})(\d{2})(\d{2})(?![\d/-])")),
        ("words", re.compile(
            r"(?<!\w)(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s*(?:e|:e|a|:a)?\s+(" + mon + r")\.?(?:\s+((?:19|20)\d{2}))?(?!\w)",
            re.IGNORECASE)),
        ("compact6", re.compile(r"(?<![\d/.,:-])(\d{2})(\d{2})(\d{2})(?!\d|[/.,:-]\d)")),
    ]


DIGIT = re.compile(r"\d")


def find_dates(text: str, year: int | None = None) -> list[DateMatch]:
    """All dates in text, left to right; a date without year takes `year` when given."""
    if not DIGIT.search(text):
        return []                # every date has a day written in digits: most sentences have none
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            iso, has_year = None, True
            if kind in ("iso", "compact8"):
                iso = _iso(int(m[1]), int(m[2]), int(m[3]))
            elif kind == "compact6":
                yy, mm, dd = int(m[1]), int(m[2]), int(m[3])
                if not (1 <= mm <= 12 and 1 <= dd <= 31 and 0 <= yy <= 49):
                    continue
                iso = _iso(2000 + yy, mm, dd)
            else:
                month = months()[m[2].lower().rstrip(".")]
                if m[3]:
                    iso = _iso(int(m[3]), month, int(m[1]))
                else:
                    has_year = False
                    iso = _iso(year, month, int(m[1])) if year else None
            if kind != "words" and iso is None:
                continue
            found.append(DateMatch(m.start(), m.end(), iso, has_year, m[0]))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def first_full_date(text: str) -> str | None:
    """The first date with day, month and year in text."""
    for d in find_dates(text):
        if d.has_year and d.iso:
            return d.iso
    return None
