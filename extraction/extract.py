"""Documents -> records: runs the pipeline on each document, assembles records, resolves names across them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from extraction import names
from extraction.components.roles import attendee_roles
from extraction.pipeline import build_nlp
from extraction.reading import Document, collect_paths, looks_like_minutes, read_path
from extraction.records import Attendee, Decision, Item, Mandate, Meeting, Record, Reference, Role, Source

DAMAGE_THRESHOLD = 0.02


def extract_paths(paths: Iterable[Path]) -> list[Record]:
    documents = [read_path(p) for p in collect_paths(paths)]
    return extract_documents(documents)


def extract_documents(documents: list[Document], aliases_file: Path | None = None) -> list[Record]:
    """Records of all documents, with one name per entity across them (see names.py)."""
    return [record for _, record in extract_corpus(documents, aliases_file)]


def extract_corpus(documents: list[Document], aliases_file: Path | None = None) -> list[tuple[Document, Record]]:
    """(document as read by the pipeline, record) pairs; OCR-damaged documents come back repaired,
    so the record's character offsets point into the returned document's text."""
    documents, raw = analyse_documents(documents)
    return list(zip(documents, names.resolve(raw, aliases_file=aliases_file)))


def analyse_documents(documents: list[Document]) -> tuple[list[Document], list[tuple[Record, dict]]]:
    """(repaired documents, their records with names as written and the context name resolution needs)."""
    documents = repair_documents(documents)
    return documents, [analyse_text(d.text, d.name, d.sha256, d.warnings) for d in documents]


def name_merges(paths: Iterable[Path], aliases_file: Path | None = None) -> list[names.Merge]:
    """The merges that name resolution makes over these documents (`samkarta names`)."""
    _, raw = analyse_documents([read_path(p) for p in collect_paths(paths)])
    return names.merges(raw, aliases_file)


def is_damaged(text: str) -> bool:
    """Whether a text reads as OCR-damaged enough to be repaired before extraction."""
    try:
        from extraction import ocr
    except ImportError:          # the repair module is optional during development
        return False
    return ocr.looks_damaged(text) >= DAMAGE_THRESHOLD


def repair_documents(documents: list[Document], damaged: list[bool] | None = None) -> list[Document]:
    """OCR-damaged texts are repaired with the clean documents' words and names as evidence.

    `damaged` (one flag per document, as is_damaged gives) spares the check when the caller has it already."""
    try:
        from extraction import ocr
    except ImportError:          # the repair module is optional during development
        return documents
    if damaged is None:
        damaged = [is_damaged(d.text) for d in documents]
    if not any(damaged):
        return documents
    clean_texts = [d.text for d, bad in zip(documents, damaged) if not bad]
    vocabulary = [w for t in clean_texts for w in re.findall(r"[A-Za-zÅÄÖåäöÉé-]{4,}", t)]
    person_names = [n for t in clean_texts for n in names.person_names_in(t)]
    out = []
    for doc, bad in zip(documents, damaged):
        if not bad:
            out.append(doc)
            continue
        repair = ocr.repair_text(doc.text, vocabulary=vocabulary, names=person_names)
        note = f"OCR-damaged text repaired ({len(repair.changes)} distinct corrections)"
        out.append(Document(doc.name, doc.path, repair.text, doc.sha256, doc.format, doc.warnings + (note,)))
    return out


def _src(text: str, start: int, end: int) -> Source:
    start, end = max(0, start), max(start, min(end, len(text)))
    return Source(start, end, " ".join(text[start:end].split()))     # as re.sub(r"\s+", " ", ...).strip()


def extract_text(text: str, name: str = "document.txt") -> Record:
    """The record of one text on its own (names resolved within it)."""
    return names.resolve([analyse_text(text, name)])[0]


def analyse_text(text: str, name: str, sha256: str | None = None, warnings: tuple[str, ...] = ()) -> tuple[Record, dict]:
    """The record of one document with names as written, and the context that name resolution needs."""
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text     # speed only: spares the components rebuilding it from the tokens
    doc = nlp(doc)
    f = doc._.facts
    body = f["body_written"]
    meeting = Meeting(body=body, date=f["date"], kind=f["kind"], place=f["place"], dnr=f["dnr"], time=f["time"])

    attendees = []
    roles = []
    for a in f["attendance"]:
        line = f["lines"][a.line]
        attendees.append(Attendee(a.name, a.organization, a.role, a.present, _src(text, line.start, line.end)))
        if a.title:
            for role, role_body in attendee_roles(a.title, a.organization):
                roles.append(Role(a.name, role, role_body, source=_src(text, line.start, line.end)))

    items = []
    real = {s.number for s in f["sections"] if not s.meta.get("toc")}
    for s in f["sections"]:
        if s.meta.get("attached") or (s.meta.get("toc") and s.number in real):
            continue
        presenters = f["presenters"].get(s.number + "|" + s.title)
        people = presenters[0] if presenters else []
        items.append(Item(s.number, s.title, s.kind, tuple(p.name for p in people),
                          _src(text, s.start, f["lines"][s.first].end)))
        for p in people:
            if p.role:
                roles.append(Role(p.name, p.role, p.body, source=_src(text, presenters[1], presenters[1] + 200)))

    decisions = tuple(Decision(c.item, body, c.status, c.text, _src(text, c.start, c.end)) for c in f["decisions"])

    mandates = []
    seen = set()
    for item, m, where in f["mandates"]:
        giver, date = m.giver, m.date
        if where == "decision":
            giver, date = giver or body, date or f["date"]
        key = (m.receiver.lower(), m.task[:40].lower())
        same_work = (m.receiver.lower(), item, " ".join(m.task.lower().split()[:2]))
        if key in seen or same_work in seen:
            continue
        seen.update((key, same_work))
        mandates.append(Mandate(giver, m.receiver, m.task, date, item, m.deadline, m.report_to, _src(text, m.start, m.end)))

    for r in f["role_matches"]:
        roles.append(Role(r.person, r.role, r.body or body, r.start_date, r.end_date, _src(text, r.start, r.end)))

    bodies, agreements = [], []
    titles = {sec.number: sec.title for sec in f["sections"]}
    for item, m in f["mention_items"]:
        if m.kind == "group":
            topic = titles.get(item, "") if item else ""
            if m.name.lower() in names.OWN_GROUPS:
                bodies.append(m.name)
            elif topic and len(topic.split()) <= 3 and not topic.lower().startswith(("övriga", "information")):
                bodies.append(f"{m.name} för {topic}")
            continue
        (bodies if m.kind == "body" else agreements).append(m.name)
    for role in roles:
        if role.body and role.body not in bodies and role.body[:1].isupper():
            bodies.append(role.body)

    references = []
    seen_refs = set()
    for item, r in f["references"]:
        key = (r.body, r.date, item)
        if key in seen_refs or (r.body == body and r.date == f["date"]):
            continue
        seen_refs.add(key)
        references.append(Reference(r.body, r.date, item, r.action, _src(text, r.start, r.end)))

    if not looks_like_minutes(text):
        items = []          # numbered steps of a recipe or a list are not agenda items: nothing invented
    record_warnings = list(warnings)
    if not f["sections"] and not f["decisions"]:
        record_warnings.append("no agenda items or decisions found: this may not be minutes or an agenda")
    record = Record(
        document=name, meeting=meeting, attendees=tuple(attendees), items=tuple(items),
        decisions=decisions, mandates=tuple(mandates), roles=tuple(_unique_roles(roles)),
        bodies=tuple(dict.fromkeys(bodies)), agreements=tuple(dict.fromkeys(agreements)),
        references=tuple(references), sha256=sha256, warnings=tuple(record_warnings),
    )
    sections = {s.number: s.title for s in f["sections"]}
    return record, {"abbreviations": f["abbreviations"], "sections": sections, "header_aliases": f["header_aliases"]}


def _unique_roles(roles: list[Role]) -> list[Role]:
    seen, out = set(), []
    for r in roles:
        key = (r.person, r.role, r.body)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
