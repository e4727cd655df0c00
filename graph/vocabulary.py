"""Samkarta's own RDF terms (SKV, defined in ontology.ttl beside this file), the IRI bases and W3C Web Annotation terms."""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_PATH = Path(__file__).resolve().parent / "ontology.ttl"

#: Base of every IRI Samkarta mints for things (persons, bodies, meetings, ...).
ID = Namespace("https://samkarta.se/id/")
#: Base of the named graphs: one graph per document.
GRAPH = Namespace("https://samkarta.se/graph/")


class SKV(DefinedNamespace):
    """Terms the reused standards (ORG, PROV-O, DCTERMS, SKOS, FOAF, TIME, OA) lack."""

    _fail = True
    _NS = Namespace("https://samkarta.se/ns#")

    # Classes
    Meeting: URIRef            # a meeting of a collaboration body (sammanträde)
    AgendaItem: URIRef         # an item on a meeting's agenda (ärende / punkt)
    Decision: URIRef           # one "att ..." clause decided, proposed or postponed
    DecisionStatus: URIRef     # decided / proposed / postponed
    Mandate: URIRef            # a task given by one party to another (uppdrag)
    Agreement: URIRef          # agreement, contract, directive or joint plan
    Reference: URIRef          # a step on another occasion that the minutes report
    Document: URIRef           # the minutes or agenda file a graph was read from
    Attendance: URIRef         # a person's listing in a meeting's attendance part
    CollaborationBody: URIRef  # network, group, council, delegation (samverkansorgan)
    IssueStep: URIRef          # a step that moves a matter between bodies (OParl Consultation)
    AgreementVersion: URIRef   # one version of an agreement, with its validity
    FollowUp: URIRef           # a later step that reports a mandate back or closes it (derived graph)
    FollowUpStatus: URIRef     # open / reported back / closed

    # Individuals of DecisionStatus
    Decided: URIRef
    Proposed: URIRef
    Postponed: URIRef
    # Individuals of FollowUpStatus
    Open: URIRef
    ReportedBack: URIRef
    Closed: URIRef

    # Meeting
    heldBy: URIRef
    meetingKind: URIRef
    place: URIRef
    time: URIRef
    diaryNumber: URIRef
    hasItem: URIRef
    # Attendance
    attended: URIRef
    attendee: URIRef
    attendanceAt: URIRef
    present: URIRef
    onBehalfOf: URIRef
    roleTitle: URIRef
    # Agenda item
    itemNumber: URIRef
    itemKind: URIRef
    presenter: URIRef
    # Decision / mandate / reference
    decidedBy: URIRef
    decidedIn: URIRef
    onItem: URIRef
    status: URIRef
    text: URIRef
    giver: URIRef
    receiver: URIRef
    task: URIRef
    deadline: URIRef
    reportsTo: URIRef
    actor: URIRef
    action: URIRef
    reportedIn: URIRef
    # Issue steps and agreements
    concerns: URIRef
    party: URIRef
    hasVersion: URIRef
    validFrom: URIRef
    validUntil: URIRef
    # Mandate follow-up (derived graph)
    followUpOf: URIRef
    followUpStatus: URIRef
    evidence: URIRef
    # Document
    sha256: URIRef
    fileName: URIRef
    filePath: URIRef
    fullText: URIRef
    contentHash: URIRef
    buildVersion: URIRef
    sourcesHash: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms used to point at the sentence a fact was read from."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef


#: Prefixes bound in exports and queries.
PREFIXES = {
    "skv": str(SKV._NS),
    "oa": str(OA._NS),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "https://schema.org/",
    "id": str(ID),
}

#: The named graph holding what is derived from all documents together (mandate follow-up); it is
#: recomputed after each build, so the document graphs hold only what each document says.
DERIVED_GRAPH = URIRef("https://samkarta.se/graph/derived")
