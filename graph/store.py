"""Where the graph lives: an embedded Oxigraph folder or a SPARQL 1.1 server, behind one Store interface."""
from __future__ import annotations

import fcntl
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from extraction.errors import StoreError
from graph.build import ntriples_lines
from graph.vocabulary import PREFIXES

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
LOCK_NAME = ".samkarta.lock"
EXPORT_FORMATS = ("ttl", "nt", "trig", "jsonld")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def default_store_path() -> Path:
    """$SAMKARTA_STORE, else var/store in the project folder (the parent of the graph package)."""
    env = os.environ.get("SAMKARTA_STORE")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent / "var" / "store"


DEFAULT_STORE = default_store_path()


def read_query(name: str) -> str:
    """The text of graph/queries/<name>.rq."""
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise StoreError(f"there is no query named {name!r} in {QUERIES_DIR}",
                         f"det finns ingen fråga som heter {name!r}")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class StoredDocument:
    """One document graph in the store, as documents() lists it."""
    iri: str
    graph: str
    name: str | None
    sha256: str | None
    path: str | None
    content_hash: str | None
    build_version: str | None


def _plain(term: dict[str, Any] | None) -> Any:
    """A SPARQL JSON result term -> a plain Python value (IRIs and dates stay strings)."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "bnode":
        return f"_:{value}"
    if kind in ("literal", "typed-literal"):
        datatype = term.get("datatype")
        try:
            if datatype in _INTEGERS:
                return int(value)
            if datatype in _FLOATS:
                return float(value)
        except ValueError:
            return value
        if datatype == f"{_XSD}boolean":
            return value in ("true", "1")
    return value


def _plain_term(term) -> Any:
    """A pyoxigraph term -> the plain value _plain gives for its SPARQL JSON form."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _plain({"type": "literal", "value": term.value, "datatype": term.datatype.value})
    return term.value


def rows_from_json(data: bytes | str) -> list[dict[str, Any]] | bool:
    parsed = json.loads(data)
    if "boolean" in parsed:
        return bool(parsed["boolean"])
    names = parsed["head"].get("vars", [])
    return [{n: _plain(b.get(n)) for n in names} for b in parsed["results"]["bindings"]]


# Characters no IRI may hold (SPARQL IRIREF): one of them could close the <...> and start other SPARQL.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def checked_iri(iri: str) -> str:
    """The IRI as given, or a StoreError when it could break out of <...> in an update."""
    if not iri or _NOT_IN_IRI.search(iri):
        raise StoreError(f"refusing to write {iri!r}: not a valid IRI (spaces, <>\"{{}}|^`\\ or control characters)",
                         f"{iri!r} är ingen giltig IRI och skrivs inte")
    return iri


@dataclass(frozen=True)
class NTriples:
    """Triples written out once as N-Triples lines (their IRIs checked): a plain string, cheap to keep and to send
    from a worker process to the writer."""
    text: str
    count: int

    def __len__(self) -> int:
        return self.count

    @classmethod
    def of_lines(cls, lines: list[str]) -> "NTriples":
        """From N-Triples lines without their final ' .' (graph.build.ntriples_lines)."""
        return cls("".join(line + " .\n" for line in lines), len(lines))


def as_ntriples(triples: Iterable[tuple] | NTriples) -> NTriples:
    """The triples as N-Triples; a StoreError names an IRI that could break out of <...> in an update."""
    if isinstance(triples, NTriples):
        return triples
    triples = list(triples)
    for term in {t for triple in triples for t in triple if isinstance(t, URIRef)}:
        checked_iri(str(term))
    return NTriples.of_lines(ntriples_lines(triples))


def update_text(graph_iri: str, triples: Iterable[tuple] | NTriples, remove: Iterable[str] = ()) -> str:
    """One SPARQL update that drops the graph (and any in `remove`) and inserts the new triples."""
    parts = [f"DROP SILENT GRAPH <{checked_iri(g)}>" for g in [graph_iri, *remove]]
    body = as_ntriples(triples)
    if body.count:
        parts.append(insert_text(graph_iri, body))
    return " ;\n".join(parts)


def insert_text(graph_iri: str, body: NTriples) -> str:
    """One SPARQL INSERT DATA of the triples into the named graph."""
    return f"INSERT DATA {{ GRAPH <{checked_iri(graph_iri)}> {{\n{body.text}}} }}"


class Store(ABC):
    """A quad store holding one named graph per document."""

    read_only: bool = False
    location: str = ""

    # -- what each backend provides
    @abstractmethod
    def _update(self, sparql: str) -> None: ...

    @abstractmethod
    def _select_json(self, sparql: str) -> bytes: ...

    @abstractmethod
    def nquads(self) -> bytes:
        """The whole dataset as N-Quads."""

    def close(self) -> None:
        pass

    def flush(self) -> None:
        """Hand what was written so far to disk (a long build calls this every few documents)."""

    # -- the shared interface
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only",
                             f"lagret {self.location} är öppnat skrivskyddat")

    def replace_graph(self, graph_iri: str, triples: Iterable[tuple] | NTriples, remove: Iterable[str] = ()) -> None:
        """Drop the named graph (and the graphs in `remove`) and insert `triples` into it, in one transaction."""
        self._writable()
        self._update(update_text(str(graph_iri), triples, [str(g) for g in remove]))

    def write_graph_in_parts(self, graph_iri: str, parts: Iterable[NTriples]) -> None:
        """Drop the named graph, then insert `parts` in one transaction each, so a write holds one part in memory,
        not the whole graph. Not atomic: a process killed in between leaves the first parts only, so the caller
        puts a mark in the last part and treats a graph without it as incomplete. (Readers of the embedded store
        never see a part: they wait for the writer's lock.)"""
        self._writable()
        graph = checked_iri(str(graph_iri))
        self._update(f"DROP SILENT GRAPH <{graph}>")
        for part in parts:
            if part.count:
                self._update(insert_text(graph, part))

    def set_value(self, graph_iri: str, subject: str, predicate: str, value: Literal) -> None:
        """Replace every value of one property of one subject in a named graph by `value`, in one transaction."""
        self._writable()
        g, s, p = (checked_iri(str(term)) for term in (graph_iri, subject, predicate))
        self._update(f"DELETE WHERE {{ GRAPH <{g}> {{ <{s}> <{p}> ?o }} }} ;\n"
                     f"INSERT DATA {{ GRAPH <{g}> {{ <{s}> <{p}> {value.n3()} }} }}")

    def remove_graph(self, graph_iri: str) -> None:
        self._writable()
        self._update(f"DROP SILENT GRAPH <{checked_iri(str(graph_iri))}>")

    def query(self, sparql: str) -> list[dict[str, Any]] | bool:
        """SELECT -> list of {variable: plain value} (unbound -> None); ASK -> bool. Default graph = union."""
        return rows_from_json(self._select_json(sparql))

    def rows(self, sparql: str) -> Iterator[dict[str, Any]]:
        """The SELECT's rows one by one, as query() gives them; the embedded store streams them without holding
        the whole result (a query over every step of ten thousand documents)."""
        return iter(self.query(sparql))

    def query_file(self, name: str) -> list[dict[str, Any]] | bool:
        return self.query(read_query(name))

    def documents(self) -> list[StoredDocument]:
        rows = self.query_file("documents")
        return [StoredDocument(iri=r["doc"], graph=r["g"], name=r["name"], sha256=r["sha256"], path=r["path"],
                               content_hash=r["contentHash"], build_version=r["buildVersion"]) for r in rows]

    def triple_count(self) -> int:
        """Quads in named graphs (a triple said by two documents counts twice)."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"])

    def graph(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (empty if the store has no such graph)."""
        ds = Dataset()
        ds.parse(data=self._graph_nquads(str(graph_iri)), format="nquads")
        g = Graph(identifier=URIRef(graph_iri))
        for triple in ds.graph(URIRef(graph_iri)):
            g.add(triple)
        return g

    @abstractmethod
    def _graph_nquads(self, graph_iri: str) -> bytes:
        """One named graph as N-Quads."""

    def export(self, fmt: str = "ttl") -> bytes:
        """ttl/nt: the union of all graphs; trig: with the named graphs; jsonld: named graphs, via rdflib."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}",
                             f"okänt exportformat {fmt!r}")
        quads = sorted(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS), key=str)
        if fmt in ("ttl", "nt"):
            triples = sorted({q.triple for q in quads}, key=str)
            rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
            return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "ttl" else None) or b""
        if fmt == "trig":
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
        ds = Dataset()
        ds.parse(data=self.nquads(), format="nquads")
        context = {k: v for k, v in PREFIXES.items()}
        return ds.serialize(format="json-ld", context=context, indent=1).encode("utf-8")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- embedded Oxigraph

def _is_oxigraph_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


# How long a writer waits for readers of the embedded store to finish their queries before it gives up.
READERS_WAIT_SECONDS = 10.0


def _only_readers(handle) -> bool:
    """True when the lock is held shared (by readers) rather than exclusively (by a writer)."""
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(handle, fcntl.LOCK_UN)
    return True


class EmbeddedStore(Store):
    """An Oxigraph folder on disk. A writer holds an exclusive lock on <store>/.samkarta.lock while open;
    a reader opens a read-only snapshot per call under a shared lock, so it never reads beside a writer."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.read_only = read_only
        self._lock_file = None
        self._store: ox.Store | None = None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder; give a folder with --store",
                             f"{self.path} är en fil, inte en mapp för ett lager")
        if self.path.is_dir() and not _is_oxigraph_dir(self.path):
            others = [p.name for p in self.path.iterdir() if p.name != LOCK_NAME]
            if others:
                raise StoreError(f"{self.path} is not a Samkarta store (it holds other files); "
                                 "give an empty or new folder with --store",
                                 f"{self.path} är inte ett Samkarta-lager (mappen innehåller andra filer)")
        if read_only:
            if not _is_oxigraph_dir(self.path):
                raise StoreError(f"there is no store at {self.path} yet; build one first with 'samkarta build'",
                                 f"det finns inget lager i {self.path} än; bygg det först")
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create the store folder {self.path}: {err.strerror}",
                             f"kan inte skapa lagermappen {self.path}") from err
        self._lock_file = self._lock(fcntl.LOCK_EX)
        try:
            self._store = ox.Store(str(self.path))
        except OSError as err:
            self._unlock(self._lock_file)
            self._lock_file = None
            raise StoreError(f"cannot open the store at {self.path}: it is in use by another program "
                             f"(an 'oxigraph serve' on it? then use --endpoint) or damaged ({err})",
                             f"kan inte öppna lagret {self.path}: det används av ett annat program eller är skadat") from err

    def _lock(self, mode: int):
        handle = open(self.path / LOCK_NAME, "a+")
        deadline = time.monotonic() + READERS_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                pass
            # A reader holds the lock for one query only: a writer waits readers out, but not another writer.
            if mode == fcntl.LOCK_EX and _only_readers(handle) and time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            handle.close()
            raise StoreError(f"the store at {self.path} is being written by another process; "
                             "wait until it has finished (or use a SPARQL server with --endpoint)",
                             f"lagret {self.path} skrivs av en annan process; vänta tills den är klar")

    @staticmethod
    def _unlock(handle) -> None:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    @contextmanager
    def _reading(self) -> Iterator[ox.Store]:
        if self._store is not None:
            yield self._store
            return
        if self._lock_file is None and not self.read_only:
            raise StoreError("the store is closed", "lagret är stängt")
        try:
            handle = self._lock(fcntl.LOCK_SH)
        except OSError as err:  # a read-only folder: no lock file can be made, so nobody writes there either
            if isinstance(err, StoreError):
                raise
            handle = None
        try:
            yield ox.Store.read_only(str(self.path))
        except OSError as err:
            raise StoreError(f"cannot read the store at {self.path}: {err}", f"kan inte läsa lagret {self.path}") from err
        finally:
            self._unlock(handle)

    def _update(self, sparql: str) -> None:
        if self._store is None:
            raise StoreError("the store is closed", "lagret är stängt")
        try:
            self._store.update(sparql)
        except (OSError, SyntaxError) as err:
            raise StoreError(f"writing to the store at {self.path} failed: {err}",
                             f"det gick inte att skriva till lagret {self.path}") from err

    def _select_json(self, sparql: str) -> bytes:
        with self._reading() as store:
            try:
                result = store.query(sparql, use_default_graph_as_union=True)
            except SyntaxError as err:
                raise StoreError(f"the query is not valid SPARQL: {err}", "frågan är inte giltig SPARQL") from err
            return result.serialize(format=ox.QueryResultsFormat.JSON)

    def rows(self, sparql: str) -> Iterator[dict[str, Any]]:
        with self._reading() as store:
            try:
                solutions = store.query(sparql, use_default_graph_as_union=True)
            except SyntaxError as err:
                raise StoreError(f"the query is not valid SPARQL: {err}", "frågan är inte giltig SPARQL") from err
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                yield {n: _plain_term(solution[n]) for n in names}

    def nquads(self) -> bytes:
        with self._reading() as store:
            return store.dump(format=ox.RdfFormat.N_QUADS) or b""

    def _graph_nquads(self, graph_iri: str) -> bytes:
        with self._reading() as store:
            quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
            return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def flush(self) -> None:
        # RocksDB keeps written data in memory tables until they are flushed: without this, a build of
        # thousands of documents grew the writer by about 1 MiB per document.
        if self._store is not None:
            self._store.flush()

    def close(self) -> None:
        if self._store is not None:
            self.flush()
            self._store = None
        self._unlock(self._lock_file)
        self._lock_file = None


# ---------------------------------------------------------------- SPARQL 1.1 server

class EndpointStore(Store):
    """A SPARQL 1.1 server with /query, /update and /store (the layout of 'oxigraph serve')."""

    def __init__(self, url: str, read_only: bool = False, timeout: float = 60.0) -> None:
        base = url.rstrip("/")
        for suffix in ("/query", "/update", "/sparql", "/store"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        self.base = base
        self.location = base
        self.read_only = read_only
        self.timeout = timeout
        self.query("ASK { }")  # fail now, with a clear message, if nothing answers

    def _request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None,
                 missing_ok: bool = False) -> bytes:
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as err:
            if missing_ok and err.code == 404:
                return b""
            detail = err.read().decode("utf-8", "replace")[:300]
            raise StoreError(f"the SPARQL server at {self.base} refused the request ({err.code}): {detail}",
                             f"SPARQL-servern {self.base} avvisade anropet ({err.code})") from err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL server at {self.base}: {reason}",
                             f"kan inte nå SPARQL-servern {self.base}") from err

    def _update(self, sparql: str) -> None:
        self._request("POST", "/update", sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    def _select_json(self, sparql: str) -> bytes:
        return self._request("POST", "/query?union-default-graph", sparql.encode("utf-8"),
                             {"Content-Type": "application/sparql-query; charset=utf-8",
                              "Accept": "application/sparql-results+json"})

    def nquads(self) -> bytes:
        return self._request("GET", "/store", headers={"Accept": "application/n-quads"})

    def _graph_nquads(self, graph_iri: str) -> bytes:
        # missing_ok: 404 is the Graph Store Protocol's answer for a graph the store does not hold.
        data = self._request("GET", "/store?graph=" + urllib.parse.quote(graph_iri, safe=""),
                             headers={"Accept": "application/n-triples"}, missing_ok=True)
        return b"".join(line.rstrip(b" .") + f" <{graph_iri}> .\n".encode() for line in data.splitlines()
                        if line.strip())


def open_store(store_dir: str | os.PathLike | None = None, endpoint: str | None = None,
               read_only: bool = False) -> Store:
    """The embedded store at store_dir (default: DEFAULT_STORE, read at call time), or the server at endpoint."""
    if endpoint:
        return EndpointStore(endpoint, read_only=read_only)
    return EmbeddedStore(store_dir if store_dir is not None else default_store_path(), read_only=read_only)
