"""Documents or records -> the store: read, extract, build each document's graph and replace it."""
from __future__ import annotations

import dataclasses
import hashlib
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import URIRef

from extraction.errors import SamkartaError
from extraction.records import Record
from graph import followup
from graph.build import document_iri, record_graph
from graph.store import NTriples, Store, as_ntriples
from graph.vocabulary import SKV

SHAPES_PATH = Path(__file__).resolve().parent / "shapes.ttl"
FLUSH_EVERY = 20      # documents written between two flushes of the store to disk (bounds the writer's memory)


@dataclass
class BuildReport:
    """What one build did, per document name."""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (document, plain message)
    warnings: list[str] = field(default_factory=list)
    triples_written: int = 0
    derived_triples: int = 0       # triples of the derived graph (mandate follow-up) after the build
    content_hashes: dict[str, str] = field(default_factory=dict)   # document -> its graph's content hash

    @property
    def documents(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.failed)

    def summary(self) -> str:
        """One line of plain English, e.g. '3 documents: 2 added, 1 unchanged; 1234 triples written'."""
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("updated", self.updated),
                                             ("unchanged", self.unchanged), ("failed", self.failed)) if v]
        noun = "document" if self.documents == 1 else "documents"
        line = f"{self.documents} {noun}: {', '.join(parts) or 'nothing to do'}; {self.triples_written} triples written"
        if self.warnings:
            line += f"; {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        return line


def build_paths(store: Store, paths: Iterable[str | Path], *, force: bool = False, jobs: int = 1,
                cache_dir: str | Path | None = None) -> BuildReport:
    """Read every file under `paths`, extract all documents together (names resolved across them), write graphs.

    `jobs` > 1 extracts documents and builds their graphs in that many worker processes; names are still resolved
    once, across all documents, in this process, and only this process writes to the store. With `cache_dir`, each
    document's analysis is kept there: a rebuild analyses only new or changed documents, and when the corpus and
    the stored graphs are those of the last build it stops before resolving names or building any graph.
    """
    from extraction import names
    from extraction.reading import collect_paths, read_path
    from graph.incremental import AnalysisCache

    failed: list[tuple[str, str]] = []
    documents = []
    for path in collect_paths([Path(p) for p in paths]):
        try:
            documents.append(read_path(path))
        except SamkartaError as err:
            failed.append((str(path), err.message))
    # The same content under two names is one document (its IRI is its content hash): keep the first.
    first: dict[str, str] = {}
    duplicates, unique = [], []
    for d in documents:
        if d.sha256 in first:
            duplicates.append((d.path or d.name, first[d.sha256]))
        else:
            first[d.sha256] = d.path or d.name
            unique.append(d)
    documents = unique
    file_paths = {d.name: str(Path(d.path).resolve()) for d in documents if d.path}
    cache = AnalysisCache.open(cache_dir)
    with _Workers(jobs) as workers:
        report, signature, notes, built = None, None, None, False
        if documents and cache is not None:
            signature = _signature(documents, file_paths)
            if not force:
                report, notes = _unchanged(store, documents, cache, signature)
        if report is None:
            # As extraction.extract.extract_corpus, keeping the resolver to show its merges as skos:altLabel.
            resolvers: list = []
            if documents:
                documents, raw = analyse_all(documents, workers, cache)
                records = names.resolve(raw, resolver_out=resolvers)
                del raw
            else:
                records = []
            # Offsets point into the text the pipeline read: the repaired one for OCR-damaged documents.
            if len(records) != len(documents):
                raise SamkartaError(f"extraction returned {len(records)} records for {len(documents)} documents",
                                    f"extraktionen gav {len(records)} poster för {len(documents)} dokument")
            filled = [dataclasses.replace(r, sha256=r.sha256 or d.sha256) for r, d in zip(records, documents)]
            texts = {d.name: d.text for d in documents}
            aliases = merged_names(resolvers[0].merges if resolvers else [], texts)
            del records, resolvers      # the resolver holds every record as extracted (memory at 10,000 docs)
            report = build_records(store, filled, texts=texts, paths=file_paths, force=force, aliases=aliases,
                                   workers=workers, follow_up=False)
            del filled, texts
            built = True
            if cache is not None:
                _remember(cache, report, documents, signature)
    if cache is not None:
        cache.close()
    if built:
        # After the records are freed and the workers stopped: at 10,000 documents they held about 1 GiB.
        _follow_up(store, report)
    report.failed[:0] = failed
    for name, original in duplicates:
        report.unchanged.append(name)
        report.warnings.append(f"{name}: same content as {original}; stored once")
    for doc in documents:
        report.warnings.extend(_document_warnings(doc) if notes is None else notes.get(doc.name, []))
    return report


def _document_warnings(doc) -> list[str]:
    return [f"{doc.name}: {w}" for w in getattr(doc, "warnings", ()) or ()]


# ---------------------------------------------------------------- parallel and incremental

class _Workers:
    """A pool of forked worker processes, made on first use (after the parent has loaded the pipeline, so the
    workers share it), or nothing at all when jobs <= 1. map() and imap() keep the order of their items."""

    WINDOW = 4
    CHUNK = 8       # items per task in map()
    TASKS = 4       # map() cuts its items into at least this many tasks per worker (an even share at the end)

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, int(jobs or 1))
        self.pool = None

    def map(self, func, items: list) -> list:
        """All the results, in order. As list(imap(func, items)), with the items handed to the workers in chunks
        of up to CHUNK, one task (one message each way) per chunk. Speed only: a task's fixed cost in this
        process (queues, threads, a pickle each way) was about a tenth of a document's extraction, taken from
        the workers on a machine with as many cores as workers; map() holds every result anyway, so handing out
        more items ahead of the caller than imap() does keeps nothing more in memory for long."""
        if self.jobs <= 1 or len(items) < 2:
            return [func(item) for item in items]
        size = max(1, min(self.CHUNK, len(items) // (self.jobs * self.TASKS)))
        chunks = [(func, items[i:i + size]) for i in range(0, len(items), size)]
        return [result for results in self._bounded(_call_each, chunks) for result in results]

    def imap(self, func, items: list):
        """The results one by one, in order, as they come (so a caller can write each and let it go). At most
        WINDOW items per worker are handed out ahead of the caller: when the caller is slower than the workers
        (one writer, several builders), finished results do not pile up in memory."""
        if self.jobs <= 1 or len(items) < 2:
            return (func(item) for item in items)
        return self._bounded(func, items)

    def _bounded(self, func, items: list):
        if self.pool is None:
            import multiprocessing
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
        pending: deque = deque()
        for item in items:
            pending.append(self.pool.apply_async(func, (item,)))
            if len(pending) >= self.WINDOW * self.jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def __enter__(self) -> "_Workers":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.close() if exc[0] is None else self.pool.terminate()
            self.pool.join()
            self.pool = None


def _call_each(task: tuple) -> list:
    """func applied to each item of a chunk, in order (a task of _Workers.map in a worker)."""
    func, chunk = task
    return [func(item) for item in chunk]


def _analyse_clean(item: tuple) -> tuple[bool, object]:
    """(True, None) for an OCR-damaged text (it is repaired with the whole corpus as evidence, later), else
    (False, (record with names as written, context))."""
    from extraction.extract import analyse_text, is_damaged
    text, name, sha256, warnings = item
    if is_damaged(text):
        return True, None
    return False, analyse_text(text, name, sha256, warnings)


def _analyse_repaired(item: tuple) -> object:
    from extraction.extract import analyse_text
    return analyse_text(*item)


def _warm_up() -> None:
    """Load the pipeline and the OCR lexicon once, before workers are forked, so none loads them again."""
    from extraction.extract import is_damaged
    from extraction.pipeline import build_nlp, lemma_table
    build_nlp()
    lemma_table()
    is_damaged("Mötet öppnades.")


def analyse_all(documents: list, workers: "_Workers", cache=None) -> tuple[list, list]:
    """As extraction.extract.analyse_documents (repaired documents, their unresolved records and contexts), with
    the per-document work in `workers` and clean documents' analyses taken from and added to `cache`."""
    from extraction.extract import repair_documents
    from graph.incremental import analysis_key
    keys = [analysis_key(d.text, d.name, d.sha256, d.warnings) for d in documents]
    held = cache.analyses(keys) if cache is not None else {}
    todo = [i for i, k in enumerate(keys) if k not in held]
    if todo:
        _warm_up()
        results = workers.map(_analyse_clean, [(documents[i].text, documents[i].name, documents[i].sha256,
                                                documents[i].warnings) for i in todo])
        held.update({keys[i]: result for i, result in zip(todo, results)})
        if cache is not None:
            cache.put_analyses((keys[i], damaged, analysis) for i, (damaged, analysis) in zip(todo, results))
            cache.keep_only(keys)
    damaged = [held[k][0] for k in keys]
    raw = [held[k][1] for k in keys]
    if any(damaged):
        # Repair needs every clean document's words and names as evidence, so it is never cached.
        documents = repair_documents(documents, damaged=damaged)
        bad = [i for i, flag in enumerate(damaged) if flag]
        _warm_up()
        found = workers.map(_analyse_repaired, [(documents[i].text, documents[i].name, documents[i].sha256,
                                                  documents[i].warnings) for i in bad])
        for i, analysis in zip(bad, found):
            raw[i] = analysis
    return documents, raw


def _signature(documents: list, file_paths: Mapping[str, str]) -> str:
    from graph.incremental import analysis_key, corpus_signature
    keys = [analysis_key(d.text, d.name, d.sha256, d.warnings) for d in documents]
    return corpus_signature(keys, [file_paths.get(d.name) for d in documents])


def _unchanged(store: Store, documents: list, cache, signature: str) -> tuple[BuildReport | None, dict | None]:
    """The report of a build that has nothing to do (same corpus and code as the last build, and the store still
    holds the graphs it wrote) and each document's warnings as that build gave them; else (None, None)."""
    last, built = cache.last_build()
    if last != signature or any(d.name not in built for d in documents):
        return None, None
    in_store = store.documents()
    stored = {d.iri: d.content_hash for d in in_store}
    if any(stored.get(str(document_iri(d.name, d.sha256))) != built[d.name][0] for d in documents):
        return None, None
    if not followup.is_current(store, in_store):   # the last build stopped before its derived graph was complete
        return None, None
    report, notes = BuildReport(), {}
    for d in documents:
        report.unchanged.append(d.name)
        report.warnings.extend(built[d.name][1].get("build", []))
        notes[d.name] = built[d.name][1].get("document", [])   # as OCR repair left them, not as read
    return report, notes


def _remember(cache, report: BuildReport, documents: list, signature: str | None) -> None:
    """Keep the build's graph hashes and warnings for the next build, when every document is in the store as built."""
    done = set(report.added) | set(report.updated) | set(report.unchanged)
    if signature is None or any(d.name not in done or d.name not in report.content_hashes for d in documents):
        cache.forget_build()
        return
    cache.remember_build(signature, {
        d.name: (report.content_hashes[d.name],
                 {"build": [w for w in report.warnings if w.startswith(d.name + ": ")],
                  "document": _document_warnings(d)})
        for d in documents})


def merged_names(merges: Iterable, texts: Mapping[str, str]) -> dict[str, dict[str, list[str]]]:
    """document name -> canonical name -> the other spellings of it that the document uses, from the resolver's
    merges (a merge seen across the corpus belongs to each document whose text holds the variant)."""
    out: dict[str, dict[str, set[str]]] = {}
    for m in merges:
        if not m.variant or m.variant == m.canonical:
            continue
        where = [m.document] if getattr(m, "document", "") in texts else [n for n, t in texts.items() if m.variant in t]
        for name in where:
            out.setdefault(name, {}).setdefault(m.canonical, set()).add(m.variant)
    return {d: {c: sorted(v) for c, v in names.items()} for d, names in out.items()}


def build_records(store: Store, records: Iterable[Record], texts: Mapping[str, str] | None = None,
                  paths: Mapping[str, str] | None = None, *, force: bool = False,
                  aliases: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
                  validate: bool = True, workers: "_Workers | None" = None, follow_up: bool = True) -> BuildReport:
    """Write each record's graph into the store; skip one whose stored graph is already identical.

    `texts` (document name -> cleaned text) gives a sha256 to records without one and lets every quote be
    checked against its offsets. A stored graph of an earlier version of the same file (same path, else same
    name, other content) is removed in the same transaction that writes the new one. `aliases` (document name ->
    canonical name -> the spellings of it the document uses) become skos:altLabel. With `validate`, a graph that
    violates graph/shapes.ttl is not written: the report names the document and its offending facts, and the
    stored graph stays as it was. After the documents, the derived graph (mandate follow-up) is brought up to
    date: computed again when the document graphs it follows from changed. With `follow_up` False that is left
    to the caller (`_follow_up`), who may first free what it holds.
    """
    texts, paths, aliases = texts or {}, paths or {}, aliases or {}
    report = BuildReport()
    stored = {d.iri: d for d in store.documents()}
    written: set[str] = set()
    tasks = []
    for record in records:
        if record.sha256 is None and record.document in texts:
            digest = hashlib.sha256(texts[record.document].encode("utf-8")).hexdigest()
            record = dataclasses.replace(record, sha256=digest)
        if record.document in texts:
            report.warnings.extend(check_quotes(record, texts[record.document]))
        doc = str(document_iri(record.document, record.sha256))
        previous = stored.get(doc)
        tasks.append((record, doc, paths.get(record.document), aliases.get(record.document),
                      texts.get(record.document), None if force or not previous else previous.content_hash, validate))
    # Graphs are built (and checked against the shapes) in the workers; only this process writes.
    prepared = (workers or _Workers(1)).imap(_prepare_graph, tasks)
    for (record, doc, path, *_), (graph_id, graph, digest, problems) in zip(tasks, prepared):
        previous = stored.get(doc)
        report.content_hashes[record.document] = digest
        if previous and previous.content_hash == digest and not force:
            report.unchanged.append(record.document)
            continue
        if problems:
            report.failed.append((record.document, f"{record.document}: not stored, the graph breaks "
                                  f"{len(problems)} rule{'s' if len(problems) != 1 else ''} of graph/shapes.ttl: "
                                  + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else "")))
            continue
        stale = [d for d in stored.values() if d.iri != doc and d.iri not in written
                 and ((path and d.path == path) or (not path and d.name == record.document))]
        try:
            if isinstance(graph, SamkartaError):
                raise graph
            store.replace_graph(graph_id, graph, remove=[d.graph for d in stale])
        except SamkartaError as err:
            report.failed.append((record.document, err.message))
            continue
        for d in stale:
            stored.pop(d.iri, None)
        written.add(doc)
        if len(written) % FLUSH_EVERY == 0:
            store.flush()
        stored[doc] = dataclasses.replace(previous, content_hash=digest) if previous else _placeholder(doc, digest)
        (report.updated if previous or stale else report.added).append(record.document)
        report.triples_written += len(graph)
    if follow_up:
        _follow_up(store, report)
    return report


def _follow_up(store: Store, report: BuildReport) -> None:
    """Bring the derived graph (mandate follow-up) up to date after the document graphs were written."""
    try:
        report.derived_triples = followup.refresh(store)
    except SamkartaError as err:
        report.failed.append(("(derived graph)", err.message))


def _prepare_graph(task: tuple) -> tuple[str, NTriples | SamkartaError | None, str, list[str]]:
    """(graph IRI, its triples, content hash, shape violations) of one record; no triples when the stored graph
    has the same content hash already (nothing to write or validate)."""
    record, doc, path, aliases, text, stored_hash, validate = task
    graph = record_graph(record, doc, path=path, aliases=aliases, text=text)
    digest = str(graph.value(URIRef(doc), SKV.contentHash))
    if digest == stored_hash:
        return str(graph.identifier), None, digest, []
    problems = shape_violations(graph) if validate else []
    try:
        return str(graph.identifier), as_ntriples(graph), digest, problems
    except SamkartaError as err:    # an IRI that cannot be written: the writer reports it as a failed write
        return str(graph.identifier), err, digest, problems


def shape_violations(graph) -> list[str]:
    """Plain lines 'fact IRI: message (property)' for each SHACL violation of the graph; [] if it conforms
    or pyshacl is not installed."""
    try:
        import pyshacl
    except ImportError:
        return []
    from rdflib.namespace import RDF, SH
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=_shapes())
    if conforms:
        return []
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = [m for m in results.objects(result, SH.resultMessage)]
        message = next((str(m) for m in messages if getattr(m, "language", None) == "en"),
                       str(messages[0]) if messages else "violates a shape")
        lines.append(f"{focus}: {message}" + (f" ({path})" if path is not None else ""))
    return sorted(set(lines))


@lru_cache(maxsize=1)
def _shapes():
    from rdflib import Graph
    return Graph().parse(SHAPES_PATH, format="turtle")


def _placeholder(doc: str, digest: str):
    from graph.store import StoredDocument
    return StoredDocument(iri=doc, graph="", name=None, sha256=None, path=None, content_hash=digest,
                          build_version=None)


def check_quotes(record: Record, text: str) -> list[str]:
    """One plain note if some sources' quotes are not the text at their offsets (spacing aside), else none."""
    bad = []
    for part in ("attendees", "items", "decisions", "mandates", "roles", "references"):
        for fact in getattr(record, part):
            src = getattr(fact, "source", None)
            if src is not None and _squeeze(text[src.start:src.end]) != _squeeze(src.quote):
                bad.append(f"{part[:-1]} at {src.start}-{src.end}")
    if not bad:
        return []
    return [f"{record.document}: {len(bad)} quoted source{'s' if len(bad) != 1 else ''} "
            f"{'do' if len(bad) != 1 else 'does'} not match the text at {'their' if len(bad) != 1 else 'its'} "
            f"offsets (first: {bad[0]})"]


def _squeeze(text: str) -> str:
    return " ".join(text.split())
