"""Records -> RDF: one named graph per document, stable IRIs, provenance down to the quoted sentence."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from extraction.records import Record, Source
from graph.vocabulary import GRAPH, ID, OA, PREFIXES, SKV

#: Bump when the triples built from the same record change, so stored graphs are rebuilt.
BUILD_VERSION = "2"

STATUS = {"decided": SKV.Decided, "proposed": SKV.Proposed, "postponed": SKV.Postponed}

# "Styrgruppen för Omsorgsnätverket" is a sub-organisation of "Omsorgsnätverket".
_SUB_BODY = re.compile(r"^(?:styrgrupp(?:en)?|planeringsgrupp(?:en)?|arbetsgrupp(?:en)?|beredningsgrupp(?:en)?|"
                       r"presidi(?:et|um)|kansli(?:et)?)\s+(?:för|inom|i)\s+(?P<parent>.+)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------- IRIs

def slug(name: str) -> str:
    """ASCII slug of a name: 'Karin Sjöström' -> 'karin-sjostrom' (spelling variants of å/ä/ö meet)."""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def short_hash(*parts: str | None, length: int = 10) -> str:
    """A short stable hash of text parts (None and '' differ from each other)."""
    joined = "\x1f".join("\x00" if p is None else p for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def person_iri(name: str) -> URIRef:
    return ID[f"person/{slug(name)}"]


def body_iri(name: str) -> URIRef:
    """Bodies, municipalities and regions share one space so 'Region Dalarna' is one node wherever it occurs."""
    return ID[f"body/{slug(name)}"]


def agreement_iri(name: str) -> URIRef:
    return ID[f"agreement/{slug(name)}"]


def role_iri(title: str) -> URIRef:
    return ID[f"role/{slug(title)}"]


def post_iri(body: str, title: str) -> URIRef:
    """The post 'ordförande i X' (org:Post): one node whoever holds it."""
    return ID[f"post/{slug(body)}/{slug(title)}"]


def document_key(name: str, sha256: str | None) -> str:
    """The document's identity: the first 16 hex digits of its sha256, else a hash of its name."""
    if sha256:
        return sha256.lower()[:16]
    return "name-" + short_hash(name, length=16)


def document_iri(name: str, sha256: str | None = None) -> URIRef:
    return ID[f"document/{document_key(name, sha256)}"]


def graph_iri(doc: str | URIRef) -> URIRef:
    """The named graph holding what one document says: https://samkarta.se/graph/<key>."""
    key = str(doc).rstrip("/").rsplit("/", 1)[-1]
    return GRAPH[key]


def meeting_iri(body: str | None, date: str | None, doc: URIRef) -> URIRef:
    """Body + date when both are known (an agenda and its minutes meet); else the document's own meeting."""
    body_part = slug(body) if body else "okant-organ"
    if date and _ISO_DATE.match(date):
        return ID[f"meeting/{body_part}/{date}"]
    return ID[f"meeting/{body_part}/dokument-{str(doc).rsplit('/', 1)[-1]}"]


class _Minter:
    """Mints IRIs under a base from a key, adding an ordinal when the same key repeats in one record."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, base: URIRef, kind: str, *key: str | None, prefix: str | None = None) -> URIRef:
        local = f"{slug(prefix)}-" if prefix else ""
        local += short_hash(*key)
        iri = f"{base}/{kind}/{local}"
        self.seen[iri] += 1
        if self.seen[iri] > 1:
            iri += f"-{self.seen[iri]}"
        return URIRef(iri)


# ---------------------------------------------------------------- building

def new_graph(identifier: URIRef | None = None) -> Graph:
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    return g


def _date(value: str | None) -> Literal | None:
    if not value:
        return None
    if _ISO_DATE.match(value):
        return Literal(value, datatype=XSD.date)
    return Literal(value, lang="sv")


def _sv(text: str) -> Literal:
    return Literal(text, lang="sv")


class _Builder:
    """Collects the triples of one record; one instance per record."""

    def __init__(self, record: Record, doc: URIRef, path: str | None,
                 aliases: Mapping[str, Iterable[str]] | None = None, text: str | None = None) -> None:
        self.record = record
        self.text = text
        self.aliases = {k: sorted(set(v)) for k, v in (aliases or {}).items()}
        self.doc = doc
        self.path = path
        self.g = new_graph(graph_iri(doc))
        self.mint = _Minter()
        self.persons = {a.name for a in record.attendees} | {r.person for r in record.roles}
        self.persons |= {p for i in record.items for p in i.presenters}
        self.items: dict[str, URIRef] = {}
        self.fact_iris: dict[str, list[URIRef]] = {"item": [], "decision": [], "mandate": [], "reference": []}

    def add(self, s, p, o) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def alt_labels(self, iri: URIRef, name: str, lang: str | None = None) -> None:
        """The other spellings the name resolver merged into this name, as skos:altLabel."""
        for variant in self.aliases.get(name, ()):
            if variant != name:
                self.add(iri, SKOS.altLabel, Literal(variant, lang=lang))

    # -- entities shared between documents: type and label in every graph that names them
    def person(self, name: str) -> URIRef:
        iri = person_iri(name)
        self.add(iri, RDF.type, FOAF.Person)
        self.add(iri, FOAF.name, Literal(name))
        self.add(iri, SKOS.prefLabel, Literal(name))
        self.alt_labels(iri, name)
        return iri

    def body(self, name: str, collaboration: bool = False) -> URIRef:
        iri = body_iri(name)
        self.add(iri, RDF.type, ORG.Organization)
        if collaboration:
            self.add(iri, RDF.type, SKV.CollaborationBody)
        self.add(iri, SKOS.prefLabel, _sv(name))
        self.alt_labels(iri, name, "sv")
        return iri

    def party(self, name: str) -> URIRef:
        """A mandate's giver or receiver: a person named in this record, else an organisation."""
        return self.person(name) if name in self.persons else self.body(name)

    def agreement(self, name: str) -> URIRef:
        iri = agreement_iri(name)
        self.add(iri, RDF.type, SKV.Agreement)
        self.add(iri, SKOS.prefLabel, _sv(name))
        self.alt_labels(iri, name, "sv")
        return iri

    def fact(self, iri: URIRef, source: Source | None) -> None:
        """Provenance: every fact names its document, and its sentence when the record has one."""
        self.add(iri, PROV.hadPrimarySource, self.doc)
        if source is None:
            return
        span = URIRef(f"{self.doc}/span/{source.start}-{source.end}")
        self.add(iri, PROV.wasDerivedFrom, span)
        self.add(span, RDF.type, OA.SpecificResource)
        self.add(span, OA.hasSource, self.doc)
        quote, position = URIRef(f"{span}/quote"), URIRef(f"{span}/position")
        self.add(span, OA.hasSelector, quote)
        self.add(span, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(source.quote))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(source.start))
        self.add(position, OA.end, Literal(source.end))

    # -- the parts of a record
    def document(self) -> None:
        r, d = self.record, self.doc
        self.add(d, RDF.type, SKV.Document)
        self.add(d, DCTERMS.title, Literal(r.document))
        self.add(d, SKV.fileName, Literal(r.document))
        if r.sha256:
            self.add(d, SKV.sha256, Literal(r.sha256.lower()))
        if self.path:
            self.add(d, SKV.filePath, Literal(self.path))
        if self.text is not None:
            self.add(d, SKV.fullText, Literal(self.text))
        self.add(d, SKV.buildVersion, Literal(BUILD_VERSION))

    def meeting(self) -> URIRef:
        m = self.record.meeting
        iri = meeting_iri(m.body, m.date, self.doc)
        self.meeting_iri = iri
        self.add(iri, RDF.type, SKV.Meeting)
        label = " ".join(x for x in (m.body or "Möte", m.date or "(datum saknas)"))
        self.add(iri, SKOS.prefLabel, _sv(label))
        if m.body:
            self.add(iri, SKV.heldBy, self.body(m.body, collaboration=True))
        self.add(iri, DCTERMS.date, _date(m.date))
        self.add(iri, SKV.meetingKind, Literal(m.kind) if m.kind else None)
        self.add(iri, SKV.place, Literal(m.place) if m.place else None)
        self.add(iri, SKV.time, Literal(m.time) if m.time else None)
        self.add(iri, SKV.diaryNumber, Literal(m.dnr) if m.dnr else None)
        self.fact(iri, None)
        self.add(self.doc, DCTERMS.subject, iri)
        return iri

    def attendees(self) -> None:
        for a in self.record.attendees:
            person = self.person(a.name)
            iri = URIRef(f"{self.meeting_iri}/attendance/{slug(a.name)}")
            self.add(iri, RDF.type, SKV.Attendance)
            self.add(iri, SKV.attendee, person)
            self.add(iri, SKV.attendanceAt, self.meeting_iri)
            self.add(iri, SKV.present, Literal(bool(a.present)))
            if a.organization:
                org = self.body(a.organization)
                self.add(iri, SKV.onBehalfOf, org)
                self.add(person, ORG.memberOf, org)
            self.add(iri, SKV.roleTitle, Literal(a.role) if a.role else None)
            if a.present:
                self.add(person, SKV.attended, self.meeting_iri)
            self.fact(iri, a.source)

    def items_(self) -> None:
        for item in self.record.items:
            iri = self.mint(self.meeting_iri, "item", item.number, item.title, prefix=item.number)
            self.fact_iris["item"].append(iri)
            self.items.setdefault(item.number, iri)  # facts naming a repeated number attach to its first item
            self.add(iri, RDF.type, SKV.AgendaItem)
            self.add(self.meeting_iri, SKV.hasItem, iri)
            self.add(iri, SKV.itemNumber, Literal(item.number))
            self.add(iri, DCTERMS.title, _sv(item.title))
            self.add(iri, SKOS.prefLabel, _sv(f"{item.number}. {item.title}"))
            self.add(iri, SKV.itemKind, _sv(item.kind) if item.kind else None)
            for name in item.presenters:
                self.add(iri, SKV.presenter, self.person(name))
            self.fact(iri, item.source)

    def item_ref(self, number: str | None) -> URIRef | None:
        return self.items.get(number) if number else None

    def decisions(self) -> None:
        for dec in self.record.decisions:
            iri = self.mint(self.meeting_iri, "decision", dec.item, dec.body, dec.status, dec.text, prefix=dec.item)
            self.fact_iris["decision"].append(iri)
            self.add(iri, RDF.type, SKV.Decision)
            self.add(iri, SKV.decidedIn, self.meeting_iri)
            self.add(iri, SKV.onItem, self.item_ref(dec.item))
            if dec.body:
                self.add(iri, SKV.decidedBy, self.body(dec.body, collaboration=True))
            self.add(iri, SKV.status, STATUS.get(dec.status))
            self.add(iri, SKV.text, _sv(dec.text))
            self.add(iri, SKOS.prefLabel, _sv(_short(dec.text)))
            self.fact(iri, dec.source)

    def mandates(self) -> None:
        for m in self.record.mandates:
            iri = self.mint(self.meeting_iri, "mandate", m.giver, m.receiver, m.task, m.date, m.item, prefix=m.item)
            self.fact_iris["mandate"].append(iri)
            self.add(iri, RDF.type, SKV.Mandate)
            receiver = self.party(m.receiver)
            if m.giver:
                giver = self.party(m.giver)
                self.add(iri, SKV.giver, giver)
                # PROV-O: the mandate is the qualified delegation of the receiver acting for the giver.
                self.add(iri, PROV.agent, giver)
                self.add(receiver, PROV.actedOnBehalfOf, giver)
                self.add(receiver, PROV.qualifiedDelegation, iri)
            self.add(iri, SKV.receiver, receiver)
            self.add(iri, SKV.task, _sv(m.task))
            self.add(iri, SKOS.prefLabel, _sv(_short(m.task)))
            self.add(iri, DCTERMS.date, _date(m.date))
            self.add(iri, SKV.decidedIn, self.meeting_iri)
            self.add(iri, SKV.onItem, self.item_ref(m.item))
            self.add(iri, SKV.deadline, _date(m.deadline))
            if m.report_to:
                self.add(iri, SKV.reportsTo, self.body(m.report_to, collaboration=True))
            self.fact(iri, m.source)

    def roles(self) -> None:
        for r in self.record.roles:
            person = self.person(r.person)
            role = role_iri(r.role)
            self.add(role, RDF.type, ORG.Role)
            self.add(role, SKOS.prefLabel, _sv(r.role))
            parts = [slug(r.person), slug(r.body) if r.body else "utan-organ", slug(r.role)]
            if r.start or r.end:
                parts.append(f"{r.start or 'x'}_{r.end or 'x'}")
            iri = ID["membership/" + "/".join(parts)]
            self.add(iri, RDF.type, ORG.Membership)
            self.add(iri, ORG.member, person)
            self.add(iri, ORG.role, role)
            if r.body:
                body = self.body(r.body)
                self.add(iri, ORG.organization, body)
                self.add(person, ORG.memberOf, body)
                post = post_iri(r.body, r.role)
                self.add(post, RDF.type, ORG.Post)
                self.add(post, ORG.postIn, body)
                self.add(post, ORG.role, role)
                self.add(post, SKOS.prefLabel, _sv(f"{r.role} i {r.body}"))
                self.add(post, ORG.heldBy, person)
                self.add(person, ORG.holds, post)
            if r.start or r.end:
                period = URIRef(f"{iri}/period")
                self.add(iri, ORG.memberDuring, period)
                self.add(period, RDF.type, TIME.Interval)
                for edge, value in ((TIME.hasBeginning, r.start), (TIME.hasEnd, r.end)):
                    if value:
                        instant = URIRef(f"{period}/{'start' if edge == TIME.hasBeginning else 'end'}")
                        self.add(period, edge, instant)
                        self.add(instant, RDF.type, TIME.Instant)
                        self.add(instant, TIME.inXSDDate, _date(value))
            self.fact(iri, r.source)

    def mentions(self) -> None:
        for name in self.record.bodies:
            self.add(self.meeting_iri, DCTERMS.references, self.body(name, collaboration=True))
        for name in self.record.agreements:
            self.add(self.meeting_iri, DCTERMS.references, self.agreement(name))
        # Sub-groups named after their parent: "Styrgruppen för X" belongs to X.
        known = {slug(n): n for n in self.record.bodies}
        if self.record.meeting.body:
            known.setdefault(slug(self.record.meeting.body), self.record.meeting.body)
        for name in sorted(known.values()):
            match = _SUB_BODY.match(name)
            parent = known.get(slug(match["parent"])) if match else None
            if parent:
                parent_iri, child_iri = self.body(parent, collaboration=True), self.body(name, collaboration=True)
                self.add(parent_iri, ORG.hasSubOrganization, child_iri)
                self.add(child_iri, ORG.subOrganizationOf, parent_iri)

    def references(self) -> None:
        for ref in self.record.references:
            iri = self.mint(self.meeting_iri, "reference", ref.body, ref.date, ref.item, ref.action, prefix=ref.item)
            self.fact_iris["reference"].append(iri)
            self.add(iri, RDF.type, SKV.Reference)
            if ref.body:
                self.add(iri, SKV.actor, self.body(ref.body, collaboration=True))
            self.add(iri, DCTERMS.date, _date(ref.date))
            self.add(iri, SKV.action, _sv(ref.action))
            self.add(iri, SKOS.prefLabel, _sv(_short(ref.action)))
            self.add(iri, SKV.reportedIn, self.meeting_iri)
            self.add(iri, SKV.onItem, self.item_ref(ref.item))
            self.fact(iri, ref.source)

    def concerns(self) -> None:
        """skv:concerns: a step whose text, quote or item title names one of the document's agreements;
        every fact on an agenda item about an agreement concerns it too."""
        names = sorted({*self.record.agreements}, key=str.casefold)
        if not names:
            return
        agreements = [(n.casefold(), self.agreement(n)) for n in names]
        for label in list(self.aliases):
            for variant in self.aliases[label]:
                agreements += [(variant.casefold(), a) for n, a in agreements if n == label.casefold()]

        def named(*texts: str | None) -> set[URIRef]:
            hay = " ".join(t for t in texts if t).casefold()
            return {a for n, a in agreements if n and n in hay}

        # Facts naming an item number belong to the first item with that number (see items_).
        by_item: dict[str, set[URIRef]] = {}
        steps = []
        for item, iri in zip(self.record.items, self.fact_iris["item"]):
            found = named(item.title, item.source.quote if item.source else None)
            if self.items.get(item.number) == iri:
                by_item[item.number] = found
            steps.append((iri, None, found))
        for part, kind, text in (("decisions", "decision", "text"), ("mandates", "mandate", "task"),
                                 ("references", "reference", "action")):
            for fact, iri in zip(getattr(self.record, part), self.fact_iris[kind]):
                own = named(getattr(fact, text), fact.source.quote if fact.source else None)
                steps.append((iri, fact.item, own))
        for iri, item, own in steps:
            for agreement in sorted(own | by_item.get(item, set()) if item else own):  # sorted: stable order
                self.add(iri, SKV.concerns, agreement)

    def build(self) -> Graph:
        self.document()
        self.meeting()
        self.attendees()
        self.items_()
        self.decisions()
        self.mandates()
        self.roles()
        self.mentions()
        self.references()
        self.concerns()
        return self.g


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def record_graph(record: Record, document: str | URIRef | None = None, *, path: str | None = None,
                 aliases: Mapping[str, Iterable[str]] | None = None, text: str | None = None) -> Graph:
    """The named graph of one document's record; identifier is graph_iri(document).

    `document` defaults to document_iri(record.document, record.sha256). `aliases` maps a canonical name to the
    other spellings of it that this document uses (the resolver's merges): they become skos:altLabel on the one
    node. `text`, the cleaned text the offsets point into, is stored as skv:fullText. Building the same record twice
    gives the same triples: every node is an IRI derived from names, dates, numbers and text hashes.
    """
    doc = URIRef(document) if document else document_iri(record.document, record.sha256)
    graph = _Builder(record, doc, path, aliases, text).build()
    graph.add((doc, SKV.contentHash, Literal(content_hash(graph))))
    return graph


def content_hash(graph: Graph) -> str:
    """sha256 of the graph's sorted N-Triples, leaving out any contentHash triple itself."""
    lines = sorted(ntriples_lines(t for t in graph if t[1] != SKV.contentHash))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def ntriples_lines(triples: Iterable[tuple]) -> list[str]:
    """N-Triples lines (without the final ' .') for triples of IRIs and literals."""
    return [f"{s.n3()} {p.n3()} {_nt_object(o)}" for s, p, o in triples]


def _nt_object(o) -> str:
    if isinstance(o, Literal):
        text = str(o)
        escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
        if o.language:
            return f'"{escaped}"@{o.language}'
        if o.datatype and o.datatype != XSD.string:
            return f'"{escaped}"^^<{o.datatype}>'
        return f'"{escaped}"'
    return o.n3()
