"""Tests of graph/build.py and the vocabulary: stable IRIs, provenance, and terms that exist in ontology.ttl."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from extraction.records import Record
from graph import build
from graph.build import body_iri, document_iri, graph_iri, meeting_iri, person_iri, record_graph
from graph.samples import TEXT_A, sample_record_a, sample_record_b
from graph.vocabulary import ONTOLOGY_PATH, OA, SKV

GOLD_DIR = Path("/work/shared/eval/gold/dev")


def gold_records() -> list[Record]:
    if not GOLD_DIR.is_dir():
        pytest.skip(f"gold records not found at {GOLD_DIR}")
    return [Record.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD_DIR.glob("*.json"))]


def nquads(graph: Graph) -> list[str]:
    ds_lines = graph.serialize(format="nt").splitlines()
    return sorted(line for line in ds_lines if line.strip())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_build_every_skv_term_used_is_defined_in_ontology(ontology):
    source = Path(build.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r"\bSKV\.(\w+)", source))
    assert used, "build.py uses no SKV terms?"
    missing = [t for t in sorted(used) if (SKV[t], RDF.type, None) not in ontology]
    assert not missing, f"terms used in build.py but not typed in ontology.ttl: {missing}"


def test_build_vocabulary_and_ontology_list_the_same_terms(ontology):
    declared = {str(SKV[name]) for name in SKV.__annotations__}
    in_ttl = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(SKV._NS))}
    assert declared == in_ttl


def test_build_every_ontology_term_has_swedish_and_english_label(ontology):
    for name in SKV.__annotations__:
        langs = {o.language for o in ontology.objects(SKV[name], RDFS.label)}
        assert {"sv", "en"} <= langs, name
        comments = {o.language for o in ontology.objects(SKV[name], RDFS.comment)}
        assert {"sv", "en"} <= comments, name


def test_build_unknown_vocabulary_term_is_an_error():
    with pytest.raises(AttributeError):
        SKV.Meting  # noqa: B018 - a typo must fail, not mint a new IRI
    with pytest.raises(AttributeError):
        OA.exactly  # noqa: B018


@pytest.mark.parametrize("name, expected", [
    ("Ulrika Gärdsback", "https://samkarta.se/id/person/ulrika-gardsback"),
    ("Ulrika Gardsback", "https://samkarta.se/id/person/ulrika-gardsback"),
    ("Anna-Karin Stillfors", "https://samkarta.se/id/person/anna-karin-stillfors"),
])
def test_build_person_iri_is_a_slug_of_the_name(name, expected):
    assert str(person_iri(name)) == expected


def test_build_body_and_meeting_iris():
    assert str(body_iri("Länschefsnätverket")) == "https://samkarta.se/id/body/lanschefsnatverket"
    assert str(body_iri("LPO Rehabilitering, habilitering och försäkringsmedicin")) == \
        "https://samkarta.se/id/body/lpo-rehabilitering-habilitering-och-forsakringsmedicin"
    doc = document_iri("x.txt", "ab" * 32)
    assert str(doc) == "https://samkarta.se/id/document/abababababababab"
    assert str(graph_iri(doc)) == "https://samkarta.se/graph/abababababababab"
    assert str(meeting_iri("Länschefsnätverket", "2025-02-07", doc)) == \
        "https://samkarta.se/id/meeting/lanschefsnatverket/2025-02-07"
    # without a date the meeting belongs to its document
    assert str(meeting_iri("Länschefsnätverket", None, doc)).endswith("/dokument-abababababababab")


def test_build_twice_gives_identical_triples():
    a1, a2 = record_graph(sample_record_a()), record_graph(sample_record_a())
    assert isomorphic(a1, a2)
    assert nquads(a1) == nquads(a2)
    assert a1.identifier == a2.identifier == graph_iri(document_iri("a", "a" * 64))


def test_build_twice_gives_identical_triples_for_gold():
    for record in gold_records():
        g1, g2 = record_graph(record), record_graph(record)
        assert isomorphic(g1, g2), record.document
        assert nquads(g1) == nquads(g2), record.document


def test_build_uses_no_blank_nodes():
    for record in (sample_record_a(), sample_record_b()):
        g = record_graph(record)
        assert not [t for t in g if any(isinstance(x, BNode) for x in t)]


def _count(g: Graph, cls) -> int:
    return len(set(g.subjects(RDF.type, cls)))


def test_build_graph_has_persons_bodies_meetings_decisions():
    g = record_graph(sample_record_a())
    assert _count(g, FOAF.Person) == 2
    assert _count(g, SKV.Meeting) == 1
    assert _count(g, SKV.Decision) == 2
    assert _count(g, SKV.Mandate) == 1
    assert _count(g, SKV.Agreement) == 1
    assert _count(g, ORG.Membership) == 1
    assert _count(g, ORG.Organization) >= 5
    assert (body_iri("Länschefsnätverket"), SKOS.prefLabel, Literal("Länschefsnätverket", lang="sv")) in g
    meeting = meeting_iri("Länschefsnätverket", "2025-02-07", None)
    assert (meeting, SKV.heldBy, body_iri("Länschefsnätverket")) in g
    assert (person_iri("Ulrika Gärdsback"), SKV.attended, meeting) in g
    # absent people are listed but did not attend
    assert (person_iri("Beat Axå"), SKV.attended, meeting) not in g


def test_build_gold_graphs_have_persons_bodies_meetings_decisions():
    for record in gold_records():
        g = record_graph(record)
        assert _count(g, SKV.Meeting) == 1
        assert _count(g, ORG.Organization) > 0
        assert _count(g, SKV.Decision) == len(record.decisions)
        assert _count(g, SKV.Mandate) == len(record.mandates)
        if record.attendees:
            assert _count(g, FOAF.Person) >= len({a.name for a in record.attendees})


def test_build_repeated_item_numbers_get_separate_items():
    g = record_graph(sample_record_a())
    numbers = sorted(str(o) for o in g.objects(None, SKV.itemNumber))
    assert numbers == ["4", "4", "4b"]
    assert _count(g, SKV.AgendaItem) == 3


def test_build_decision_status_and_item():
    g = record_graph(sample_record_a())
    statuses = sorted(str(o) for o in g.objects(None, SKV.status))
    assert statuses == [str(SKV.Decided), str(SKV.Postponed)]
    for decision in g.subjects(RDF.type, SKV.Decision):
        item = g.value(decision, SKV.onItem)
        assert g.value(item, SKV.itemNumber) == Literal("4b")


def test_build_fact_links_to_document_and_quote():
    record = sample_record_a()
    g = record_graph(record)
    doc = document_iri(record.document, record.sha256)
    decision = next(d for d in g.subjects(RDF.type, SKV.Decision) if g.value(d, SKV.status) == SKV.Decided)
    assert (decision, PROV.hadPrimarySource, doc) in g
    span = g.value(decision, PROV.wasDerivedFrom)
    assert g.value(span, OA.hasSource) == doc
    selectors = set(g.objects(span, OA.hasSelector))
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    start, end = g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()
    assert TEXT_A[start:end] == str(g.value(quote, OA.exact)) == "att godkänna Hemsjukvårdsavtalet"
    # a fact without a source still names its document, but has no quote
    postponed = next(d for d in g.subjects(RDF.type, SKV.Decision) if g.value(d, SKV.status) == SKV.Postponed)
    assert (postponed, PROV.hadPrimarySource, doc) in g
    assert g.value(postponed, PROV.wasDerivedFrom) is None


def test_build_shared_entities_are_typed_and_labelled_in_each_graph():
    ga, gb = record_graph(sample_record_a()), record_graph(sample_record_b())
    for g in (ga, gb):
        ulrika = person_iri("Ulrika Gärdsback")
        assert (ulrika, RDF.type, FOAF.Person) in g
        assert (ulrika, SKOS.prefLabel, Literal("Ulrika Gärdsback")) in g
        assert (URIRef("https://samkarta.se/id/agreement/hemsjukvardsavtalet"), RDF.type, SKV.Agreement) in g
        assert (body_iri("Länschefsnätverket"), RDF.type, ORG.Organization) in g


def test_build_mandate_parties_deadline_and_sub_body():
    g = record_graph(sample_record_a())
    mandate = next(g.subjects(RDF.type, SKV.Mandate))
    assert g.value(mandate, SKV.giver) == body_iri("Styrgruppen för Socialchefsnätverket")
    assert g.value(mandate, SKV.receiver) == body_iri("Arbetsgruppen för hemsjukvårdsavtalet")
    assert g.value(mandate, SKV.reportsTo) == body_iri("Länschefsnätverket")
    assert g.value(mandate, SKV.deadline) == Literal("till nästa möte", lang="sv")
    assert (body_iri("Socialchefsnätverket"), ORG.hasSubOrganization,
            body_iri("Styrgruppen för Socialchefsnätverket")) in g


def test_build_role_period_uses_time():
    g = record_graph(sample_record_a())
    membership = next(g.subjects(RDF.type, ORG.Membership))
    assert g.value(g.value(membership, ORG.role), SKOS.prefLabel) == Literal("ordförande", lang="sv")
    assert g.value(membership, ORG.organization) == body_iri("Länschefsnätverket")
    period = g.value(membership, ORG.memberDuring)
    assert period is not None
    dates = sorted(str(d) for d in g.transitive_objects(period, None) if isinstance(d, Literal))
    assert dates == ["2025-01-01", "2025-12-31"]


def test_build_document_metadata_and_content_hash():
    record = sample_record_a()
    g = record_graph(record, path="/data/a.txt")
    doc = document_iri(record.document, record.sha256)
    assert g.value(doc, SKV.sha256) == Literal("a" * 64)
    assert g.value(doc, SKV.filePath) == Literal("/data/a.txt")
    assert g.value(doc, DCTERMS.title) == Literal(record.document)
    assert str(g.value(doc, SKV.contentHash)) == build.content_hash(g)
    changed = record_graph(dataclasses.replace(record, agreements=()))
    assert str(changed.value(doc, SKV.contentHash)) != str(g.value(doc, SKV.contentHash))


# ---------------------------------------------------------------- alignment with the standards

SCHEMA = "https://schema.org/"
OPARL = "https://schema.oparl.org/1.1/"
BESLUIT = "http://data.vlaanderen.be/ns/besluit#"
ELI = "http://data.europa.eu/eli/ontology#"


def test_build_every_skv_class_sits_on_a_standard(ontology):
    """Each class is a subclass of, or mapped to, a term outside skv (ORG, PROV-O, SKOS, ELI, OParl ...)."""
    mapping = (RDFS.subClassOf, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch)
    for cls in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        targets = {str(o) for p in mapping for o in ontology.objects(cls, p)}
        assert {t for t in targets if not t.startswith(str(SKV._NS))}, cls


@pytest.mark.parametrize("term, predicate, target", [
    (SKV.Mandate, RDFS.subClassOf, str(PROV.Delegation)),
    (SKV.Mandate, SKOS.closeMatch, SCHEMA + "AssignAction"),
    (SKV.giver, RDFS.subPropertyOf, SCHEMA + "agent"),
    (SKV.receiver, RDFS.subPropertyOf, SCHEMA + "recipient"),
    (SKV.IssueStep, SKOS.closeMatch, OPARL + "Consultation"),
    (SKV.Meeting, SKOS.closeMatch, OPARL + "Meeting"),
    (SKV.Meeting, SKOS.closeMatch, BESLUIT + "Zitting"),
    (SKV.AgendaItem, SKOS.closeMatch, BESLUIT + "Agendapunt"),
    (SKV.Decision, SKOS.closeMatch, BESLUIT + "Artikel"),
    (SKV.Agreement, RDFS.subClassOf, ELI + "LegalResource"),
    (SKV.validFrom, RDFS.subPropertyOf, ELI + "first_date_entry_in_force"),
    (SKV.CollaborationBody, RDFS.subClassOf, str(ORG.OrganizationalCollaboration)),
])
def test_build_ontology_aligns_with_public_models(ontology, term, predicate, target):
    assert (term, predicate, URIRef(target)) in ontology


def test_build_mandate_is_a_prov_delegation_and_roles_are_org_posts():
    g = record_graph(sample_record_a())
    mandate = next(g.subjects(RDF.type, SKV.Mandate))
    giver, receiver = g.value(mandate, SKV.giver), g.value(mandate, SKV.receiver)
    assert (receiver, PROV.actedOnBehalfOf, giver) in g
    assert (receiver, PROV.qualifiedDelegation, mandate) in g
    assert g.value(mandate, PROV.agent) == giver
    post = next(g.subjects(RDF.type, ORG.Post))
    membership = next(g.subjects(RDF.type, ORG.Membership))
    assert g.value(post, ORG.postIn) == g.value(membership, ORG.organization)
    assert g.value(post, ORG.role) == g.value(membership, ORG.role)
    assert g.value(post, ORG.heldBy) == g.value(membership, ORG.member)
    parent, child = next(g.subject_objects(ORG.hasSubOrganization))
    assert (child, ORG.subOrganizationOf, parent) in g


def test_build_steps_concern_the_agreements_they_name():
    g = record_graph(sample_record_a())
    concerned = {s for s, _ in g.subject_objects(SKV.concerns)}
    kinds = {g.value(s, RDF.type) for s in concerned}
    assert kinds == {SKV.AgendaItem, SKV.Decision, SKV.Mandate, SKV.Reference}
    # every fact on the item that names the agreement concerns it, even when its own text does not
    assert len(concerned) == 5


def test_build_aliases_become_alt_labels_and_full_text_is_kept():
    record = sample_record_a()
    g = record_graph(record, aliases={record.meeting.body: ["Nätverket", record.meeting.body]}, text=TEXT_A)
    body = body_iri(record.meeting.body)
    assert set(g.objects(body, SKOS.altLabel)) == {Literal("Nätverket", lang="sv")}
    assert str(g.value(document_iri(record.document, record.sha256), SKV.fullText)) == TEXT_A
    assert not set(record_graph(record).objects(body, SKOS.altLabel))
