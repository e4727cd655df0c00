"""The free SPARQL box's guard: only read-only query forms, run in a worker process that is stopped at a time limit.

Run as `python -m app_pages.sparql STORE_DIR` it is that worker: the query on stdin, SPARQL JSON results on stdout.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

TIME_LIMIT = 10.0     # seconds a free query may run
MAX_ROWS = 5000       # rows shown at most
MAX_LENGTH = 20_000   # characters of query text

_COMMENT = re.compile(r"#[^\n]*")
# Strings and IRIs are blanked before looking for keywords, so a word inside them does not count.
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>')
_UPDATE_WORDS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|USING)\b", re.IGNORECASE)
# Variables (?add) and prefixed names (ex:load) are names, not keywords.
_NAMES = re.compile(r"[?$][\w]+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


class QueryRefused(ValueError):
    """A query the box does not run, with the Swedish reason as its message."""


class QueryTimeout(RuntimeError):
    """The query ran past the time limit and was stopped."""


def _stripped(query: str) -> str:
    return _NAMES.sub(" N ", _COMMENT.sub(" ", _STRINGS.sub(" S ", query)))


def check_read_only(query: str) -> str:
    """The query if it is a read-only SELECT or ASK; else QueryRefused with a Swedish reason."""
    if not query.strip():
        raise QueryRefused("Skriv en fråga först.")
    if len(query) > MAX_LENGTH:
        raise QueryRefused(f"Frågan är för lång (högst {MAX_LENGTH} tecken).")
    bare = _stripped(query)
    word = _UPDATE_WORDS.search(bare)
    if word:
        raise QueryRefused(f"Rutan är skrivskyddad: {word[1].upper()} ändrar kunskapsgrafen och körs inte här. "
                           "Bara SELECT- och ASK-frågor är tillåtna.")
    if _SERVICE.search(bare):
        raise QueryRefused("SERVICE (frågor till andra servrar) är inte tillåtet här.")
    form = _FORM.search(bare)
    if not form or form[1].upper() not in ("SELECT", "ASK"):
        raise QueryRefused("Bara SELECT- och ASK-frågor är tillåtna (en tabell eller ja/nej).")
    return query


def run_limited(store_dir: str | os.PathLike, query: str, time_limit: float = None) -> list[dict] | bool:
    """Rows (or a bool for ASK) of a checked read-only query, from a worker process killed after `time_limit` s."""
    check_read_only(query)
    limit = TIME_LIMIT if time_limit is None else time_limit
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run([sys.executable, "-m", "app_pages.sparql", str(store_dir)], input=query.encode("utf-8"),
                              capture_output=True, timeout=limit, cwd=root, env=env)
    except subprocess.TimeoutExpired:
        raise QueryTimeout(f"Frågan tog längre tid än {limit:g} sekunder och avbröts. "
                           "Begränsa den, till exempel med LIMIT eller fler villkor.") from None
    answer = json.loads(done.stdout or b'{"error": "inget svar"}')
    if "error" in answer:
        raise QueryRefused(f"Frågan kunde inte köras: {answer['error']}")
    return answer["result"]


def _work(store_dir: str) -> None:
    from extraction.errors import SamkartaError
    from graph.store import open_store

    query = sys.stdin.buffer.read().decode("utf-8")
    try:
        check_read_only(query)
        with open_store(store_dir, read_only=True) as store:
            result = store.query(query)
        if isinstance(result, list):
            result = result[:MAX_ROWS]
        out = {"result": result}
    except QueryRefused as err:
        out = {"error": str(err)}
    except SamkartaError as err:
        detail = str(err.message).split(": ", 1)[-1][:300]
        out = {"error": f"{err.message_sv} ({detail})"}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    _work(sys.argv[1])
