"""What an earlier build already did: per-document analyses and graph hashes, kept so a rebuild skips unchanged work.

A document's analysis (its record with names as written, before cross-document resolution) depends only on its
text, name, file hash and reading warnings, and on the code and word lists of extraction/. The key of a cached
analysis is a hash of all of these, so a change to any of them (a helper editing a pattern file included) makes a
miss, never a stale hit. The whole corpus of a build has a signature (the ordered keys, file paths, the alias file
and the code of extraction/ and graph/): when it is the same as the last build's and the store still holds the
graphs that build wrote, nothing needs resolving or rebuilding.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
CACHE_FOLDER = "samkarta-cache"


@lru_cache(maxsize=None)
def code_fingerprint(folders: tuple[str, ...] = ("extraction", "graph")) -> str:
    """sha256 of the files under `folders` (code, patterns, lexicon, queries) and data/aliases.tsv."""
    digest = hashlib.sha256()
    files = [p for folder in folders for p in sorted((ROOT / folder).rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts]
    files.append(ROOT / "data" / "aliases.tsv")
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        import spacy
        digest.update(spacy.__version__.encode())
    except ImportError:
        pass
    return digest.hexdigest()


def analysis_key(text: str, name: str, sha256: str | None, warnings: Iterable[str]) -> str:
    """The key of one document's analysis: everything analyse_text reads, and the code that reads it."""
    digest = hashlib.sha256(code_fingerprint(("extraction",)).encode())
    for part in (name, sha256 or "", "\x1f".join(warnings), text):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def corpus_signature(keys: Iterable[str], paths: Iterable[str | None]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for key, path in zip(keys, paths):
        digest.update(f"\n{key}\t{path or ''}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class AnalysisCache:
    """A SQLite file of analyses (key -> damaged flag, pickled (record, context)) and of the last build."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.folder / "analysis.sqlite"))
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, damaged INTEGER, data BLOB);"
            "CREATE TABLE IF NOT EXISTS built (name TEXT PRIMARY KEY, digest TEXT, warnings TEXT);"
            "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);")

    @classmethod
    def open(cls, folder: str | Path | None) -> "AnalysisCache | None":
        """The cache in `folder`, or None (no caching) when there is none or it cannot be opened."""
        if folder is None:
            return None
        try:
            return cls(folder)
        except (OSError, sqlite3.Error):
            return None

    # -- analyses
    def analyses(self, keys: list[str]) -> dict[str, tuple[bool, object]]:
        """key -> (damaged, (record, context) or None) for the keys held."""
        out: dict[str, tuple[bool, object]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, damaged, data in self.db.execute(
                    f"SELECT key, damaged, data FROM analysis WHERE key IN ({marks})", chunk):
                try:
                    out[key] = (bool(damaged), pickle.loads(data) if data is not None else None)
                except Exception:        # a file from another version of the record classes: a miss
                    continue
        return out

    def put_analyses(self, rows: Iterable[tuple[str, bool, object]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)",
                            [(k, int(d), None if a is None else pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL))
                             for k, d, a in rows])
        self.db.commit()

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget analyses of documents no longer in the corpus (or of older code)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keys])
        self.db.execute("DELETE FROM analysis WHERE key NOT IN (SELECT key FROM keep)")
        self.db.commit()

    # -- the last build
    def last_build(self) -> tuple[str | None, dict[str, tuple[str, dict]]]:
        row = self.db.execute("SELECT value FROM state WHERE key = 'corpus'").fetchone()
        built = {name: (digest, json.loads(warnings)) for name, digest, warnings in
                 self.db.execute("SELECT name, digest, warnings FROM built")}
        return (row[0] if row else None), built

    def remember_build(self, signature: str | None, built: dict[str, tuple[str, dict]]) -> None:
        """The corpus signature and, per document, its graph's content hash and its build warnings."""
        self.db.execute("DELETE FROM built")
        self.db.executemany("INSERT INTO built VALUES (?, ?, ?)",
                            [(n, d, json.dumps(w, ensure_ascii=False)) for n, (d, w) in built.items()])
        self.db.execute("INSERT OR REPLACE INTO state VALUES ('corpus', ?)", (signature or "",))
        self.db.commit()

    def forget_build(self) -> None:
        self.db.execute("DELETE FROM state WHERE key = 'corpus'")
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def cache_folder(store) -> Path:
    """Where a store's build cache lives: inside an embedded store's folder (Oxigraph ignores it), else under
    var/cache/ in the project, one folder per server address."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(path) / CACHE_FOLDER
    from graph.store import default_store_path
    key = hashlib.sha256(str(getattr(store, "location", "")).encode()).hexdigest()[:16]
    return default_store_path().parent / "cache" / f"endpoint-{key}"
