"""Documents or records -> the store: read, extract, build each document's graph and replace it."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from extraction.errors import SamkartaError
from extraction.records import Record
from graph.build import content_hash, document_iri, record_graph
from graph.store import Store


@dataclass
class BuildReport:
    """What one build did, per document name."""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (document, plain message)
    warnings: list[str] = field(default_factory=list)
    triples_written: int = 0

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


def build_paths(store: Store, paths: Iterable[str | Path], *, force: bool = False) -> BuildReport:
    """Read every file under `paths`, extract all documents together (names resolved across them), write graphs."""
    from extraction.extract import extract_corpus
    from extraction.reading import collect_paths, read_path

    failed: list[tuple[str, str]] = []
    documents = []
    for path in collect_paths([Path(p) for p in paths]):
        try:
            documents.append(read_path(path))
        except SamkartaError as err:
            failed.append((str(path), err.message))
    pairs = extract_corpus(documents) if documents else []
    # Offsets point into the text the pipeline read: the repaired one for OCR-damaged documents.
    documents = [d for d, _ in pairs]
    records = [r for _, r in pairs]
    if len(records) != len(documents):
        raise SamkartaError(f"extraction returned {len(records)} records for {len(documents)} documents",
                            f"extraktionen gav {len(records)} poster för {len(documents)} dokument")
    filled = [dataclasses.replace(r, sha256=r.sha256 or d.sha256) for r, d in zip(records, documents)]
    report = build_records(store, filled, texts={d.name: d.text for d in documents},
                           paths={d.name: str(Path(d.path).resolve()) for d in documents if d.path}, force=force)
    report.failed[:0] = failed
    for doc in documents:
        report.warnings.extend(f"{doc.name}: {w}" for w in getattr(doc, "warnings", ()) or ())
    return report


def build_records(store: Store, records: Iterable[Record], texts: Mapping[str, str] | None = None,
                  paths: Mapping[str, str] | None = None, *, force: bool = False) -> BuildReport:
    """Write each record's graph into the store; skip one whose stored graph is already identical.

    `texts` (document name -> cleaned text) gives a sha256 to records without one and lets every quote be
    checked against its offsets. A stored graph of an earlier version of the same file (same path, else same
    name, other content) is removed in the same transaction that writes the new one.
    """
    texts, paths = texts or {}, paths or {}
    report = BuildReport()
    stored = {d.iri: d for d in store.documents()}
    written: set[str] = set()
    for record in records:
        if record.sha256 is None and record.document in texts:
            digest = hashlib.sha256(texts[record.document].encode("utf-8")).hexdigest()
            record = dataclasses.replace(record, sha256=digest)
        if record.document in texts:
            report.warnings.extend(check_quotes(record, texts[record.document]))
        path = paths.get(record.document)
        doc = str(document_iri(record.document, record.sha256))
        graph = record_graph(record, doc, path=path)
        digest = content_hash(graph)
        previous = stored.get(doc)
        if previous and previous.content_hash == digest and not force:
            report.unchanged.append(record.document)
            continue
        stale = [d for d in stored.values() if d.iri != doc and d.iri not in written
                 and ((path and d.path == path) or (not path and d.name == record.document))]
        try:
            store.replace_graph(str(graph.identifier), graph, remove=[d.graph for d in stale])
        except SamkartaError as err:
            report.failed.append((record.document, err.message))
            continue
        for d in stale:
            stored.pop(d.iri, None)
        written.add(doc)
        stored[doc] = dataclasses.replace(previous, content_hash=digest) if previous else _placeholder(doc, digest)
        (report.updated if previous or stale else report.added).append(record.document)
        report.triples_written += len(graph)
    return report


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
