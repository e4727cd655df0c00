"""Tests of graph/followup.py and the mandates question's follow-up: open, reported back, closed, as of a date."""
from __future__ import annotations

import random

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from extraction.records import Decision, Item, Mandate, Meeting, Record, Reference, Source
from graph import followup
from graph.followup import MAX_REPORTS, follow_ups, inputs, topic_stems
from graph.ingest import build_records
from graph.questions import QuestionError, run_query
from graph.store import NTriples, open_store
from graph.vocabulary import DERIVED_GRAPH, SKV


def _src(text: str) -> Source:
    return Source(0, len(text), text)


# Invented minutes in the genre's forms: a council gives a working group a task; the group's own meeting takes
# the matter up later; the council later decides on it. A second task is never followed up.
def records() -> list[Record]:
    council_1 = Record(
        document="rad_230110.txt", sha256="1" * 64,
        meeting=Meeting(body="Omsorgsrådet", date="2023-01-10", kind="minutes"),
        items=(Item("5", "Beslut: Förstudie om digital nattillsyn", "Beslut"),
               Item("6", "Beslut: Gemensam läkemedelsgenomgång", "Beslut")),
        decisions=(Decision("5", "Omsorgsrådet", "decided", "att ge Arbetsgruppen för nattillsyn i uppdrag att "
                            "genomföra en förstudie om digital nattillsyn"),),
        mandates=(Mandate("Omsorgsrådet", "Arbetsgruppen för nattillsyn", "genomföra en förstudie om digital nattillsyn",
                          "2023-01-10", "5", deadline="2023-06-30", report_to="Omsorgsrådet",
                          source=_src("att ge Arbetsgruppen för nattillsyn i uppdrag att genomföra en förstudie")),
                  Mandate("Omsorgsrådet", "Kansliet", "kartlägga läkemedelsgenomgångar i länet", "2023-01-10", "6",
                          deadline="2023-03-31", source=_src("Kansliet får i uppdrag att kartlägga läkemedelsgenomgångar")),
                  Mandate("Omsorgsrådet", "Regionens kansli", "planera en konferens om rehabilitering", "2023-01-10", "6")),
        bodies=("Omsorgsrådet", "Arbetsgruppen för nattillsyn", "Kansliet"),
    )
    group = Record(
        document="grupp_230315.txt", sha256="2" * 64,
        meeting=Meeting(body="Arbetsgruppen för nattillsyn", date="2023-03-15", kind="minutes"),
        items=(Item("3", "Information: Förstudien om nattillsyn, läget", "Information",
                    source=_src("3. Information: Förstudien om nattillsyn, läget")),),
    )
    council_2 = Record(
        document="rad_230912.txt", sha256="3" * 64,
        meeting=Meeting(body="Omsorgsrådet", date="2023-09-12", kind="minutes"),
        items=(Item("4", "Beslut: Rapport från förstudien om digital nattillsyn", "Beslut"),),
        decisions=(Decision("4", "Omsorgsrådet", "decided", "att godkänna rapporten om digital nattillsyn",
                            source=_src("att godkänna rapporten om digital nattillsyn")),),
        references=(Reference("Arbetsgruppen för nattillsyn", "2023-08-20", "4",
                              "Arbetsgruppen för nattillsyn lämnade sin rapport den 20 augusti"),),
    )
    return [council_1, group, council_2]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("followup") / "store") as s:
        report = build_records(s, records())
        assert not report.failed, report.failed
        yield s


def _by_task(rows, word):
    return next(r for r in rows if word in r["task"])


def test_followup_topic_stems_ignore_generic_words_and_meet_inflections():
    assert topic_stems("Information: Förstudien om nattillsyn") == topic_stems("förstudie", "NATTILLSYN")
    assert topic_stems("Beslut om rapport, information och uppdrag") == set()


def test_followup_statuses_from_later_minutes(store):
    rows = run_query(store, "mandates")
    pilot = _by_task(rows, "förstudie")
    assert pilot["status"] == "avslutat"
    assert pilot["followUpDate"] == "2023-09-12"
    assert "2023-03-15 ärende: 3. Information: Förstudien om nattillsyn, läget" in pilot["followUp"]
    assert "2023-09-12 beslut: att godkänna rapporten om digital nattillsyn" in pilot["followUp"]
    assert _by_task(rows, "läkemedelsgenomgångar")["status"] == "öppet"
    assert _by_task(rows, "konferens")["status"] == "öppet"


@pytest.mark.parametrize("as_of, status", [("2023-02-01", "öppet"), ("2023-03-15", "återrapporterat"),
                                           ("2023-08-31", "återrapporterat"), ("2023-09-12", "avslutat")])
def test_followup_status_as_of_a_date(store, as_of, status):
    rows = run_query(store, "mandates", as_of=as_of)
    assert _by_task(rows, "förstudie")["status"] == status


def test_followup_nothing_given_before_the_date(store):
    assert run_query(store, "mandates", as_of="2022-12-31") == []


def test_followup_open_lists_overdue_first_with_age(store):
    rows = run_query(store, "mandates", open=True, as_of="2023-05-01")
    # the pilot study was reported back on 2023-03-15, so it is no longer open on 2023-05-01
    assert [(r["task"], r["overdue"], r["age"], r["status"]) for r in rows] == [
        ("kartlägga läkemedelsgenomgångar i länet", True, 111, "öppet"),
        ("planera en konferens om rehabilitering", False, 111, "öppet"),
    ]


def test_followup_derived_graph_is_separate_and_typed(store):
    derived = store.graph(str(DERIVED_GRAPH))
    follow = set(derived.subjects(RDF.type, SKV.FollowUp))
    # the group's item, the step the council's minutes report, the council's own item, and its decision
    kinds = sorted(str(derived.value(f, SKV.followUpStatus)).rsplit("#", 1)[1] for f in follow)
    assert kinds == ["Closed", "ReportedBack", "ReportedBack", "ReportedBack"]
    for doc in store.documents():
        assert not set(store.graph(doc.graph).subjects(RDF.type, SKV.FollowUp))


def test_followup_rebuild_is_stable(store):
    before = store.graph(str(DERIVED_GRAPH))
    report = build_records(store, records())
    assert report.unchanged == [r.document for r in records()]
    assert set(store.graph(str(DERIVED_GRAPH))) == set(before)


def test_followup_pure_matching_needs_a_later_date_and_the_right_body():
    mandate = {"mandate": "m", "date": "2024-01-01", "giver": "g", "receiver": "r", "reportsTo": None,
               "itemTitle": "Digital nattillsyn", "task": "utreda", "concerns": ""}
    step = {"step": "s", "kind": "item", "date": "2024-02-01", "actors": "r", "text": "Nattillsynen", "itemTitle": None,
            "concerns": ""}
    assert [f.status for f in follow_ups([mandate], [step])] == [SKV.ReportedBack]
    assert follow_ups([mandate], [{**step, "date": "2024-01-01"}]) == []          # not later
    assert follow_ups([mandate], [{**step, "actors": "other"}]) == []            # not the receiver
    assert follow_ups([mandate], [{**step, "text": "Budget 2025"}]) == []        # not the same matter
    agreement = {**step, "text": "Budget 2025", "concerns": "a1"}
    assert follow_ups([{**mandate, "concerns": "a1"}], [agreement])              # same agreement
    decision = {**step, "kind": "decision", "actors": "g"}
    assert [f.status for f in follow_ups([mandate], [decision])] == [SKV.Closed]


@pytest.mark.parametrize("bad", ["2023-13-01", "30/6 2025", "igår"])
def test_followup_bad_as_of_is_refused(store, bad):
    with pytest.raises(QuestionError, match="YYYY-MM-DD"):
        run_query(store, "mandates", as_of=bad)


def test_followup_keeps_the_first_closing_decision_and_the_earliest_reports():
    mandate = {"mandate": "m", "date": "2024-01-01", "giver": "g", "receiver": "r", "reportsTo": None,
               "itemTitle": "Digital nattillsyn", "task": "utreda", "concerns": ""}
    reports = [{"step": f"s{n:02d}", "kind": "item", "date": f"2024-02-{n:02d}", "actors": "r",
                "text": "Nattillsynen", "itemTitle": None, "concerns": ""} for n in range(1, 21)]
    closing = [{**reports[0], "step": f"d{n}", "kind": "decision", "actors": "g", "date": f"2024-02-{n:02d}"}
               for n in (9, 15)]
    found = follow_ups([mandate], reports + closing)
    assert [f.step for f in found] == [f"s{n:02d}" for n in range(1, MAX_REPORTS + 1)] + ["d9"]
    assert [f.status for f in found][-1] == SKV.Closed


# The follow-up's inputs as one SPARQL aggregate each: the definition inputs() reads property by property and joins
# in Python (these queries took minutes on a large Oxigraph store; on a small one they are the reference).
STEPS_AGGREGATE = """
PREFIX skv: <https://samkarta.se/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?step ?kind (MIN(?dateValue) AS ?date) (GROUP_CONCAT(DISTINCT STR(?actorNode); separator=" ") AS ?actors)
       (MIN(STR(?textValue)) AS ?text) (MIN(STR(?titleText)) AS ?itemTitle)
       (GROUP_CONCAT(DISTINCT STR(?agreement); separator=" ") AS ?concerns)
WHERE {
  { ?step a skv:AgendaItem ; dcterms:title ?textValue .
    ?meeting skv:hasItem ?step ; dcterms:date ?dateValue .
    { ?meeting skv:heldBy ?actorNode } UNION { ?step skv:presenter ?actorNode }
    BIND("item" AS ?kind)
  } UNION {
    ?step a skv:Decision ; skv:status skv:Decided ; skv:text ?textValue ; skv:decidedIn ?meeting .
    ?meeting dcterms:date ?dateValue .
    { ?step skv:decidedBy ?actorNode } UNION { ?meeting skv:heldBy ?actorNode }
    OPTIONAL { ?step skv:onItem/dcterms:title ?titleText }
    BIND("decision" AS ?kind)
  } UNION {
    ?step a skv:Reference ; skv:actor ?actorNode ; skv:action ?textValue ; dcterms:date ?dateValue .
    OPTIONAL { ?step skv:onItem/dcterms:title ?titleText }
    BIND("reference" AS ?kind)
  }
  FILTER(DATATYPE(?dateValue) = xsd:date)
  OPTIONAL { ?step skv:concerns ?agreement }
}
GROUP BY ?step ?kind
ORDER BY ?step
"""
MANDATES_AGGREGATE = """
PREFIX skv: <https://samkarta.se/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?mandate (MIN(?dateValue) AS ?date) (SAMPLE(?giverNode) AS ?giver) (SAMPLE(?receiverNode) AS ?receiver)
       (SAMPLE(?reportsToNode) AS ?reportsTo) (MIN(STR(?taskText)) AS ?task) (MIN(STR(?titleText)) AS ?itemTitle)
       (GROUP_CONCAT(DISTINCT STR(?agreement); separator=" ") AS ?concerns)
WHERE {
  ?mandate a skv:Mandate ; skv:receiver ?receiverNode .
  OPTIONAL { ?mandate skv:giver ?giverNode }
  OPTIONAL { ?mandate skv:reportsTo ?reportsToNode }
  OPTIONAL { ?mandate skv:task ?taskText }
  OPTIONAL { ?mandate skv:onItem/dcterms:title ?titleText }
  OPTIONAL { ?mandate skv:concerns ?agreement }
  OPTIONAL { ?mandate dcterms:date ?ownDate FILTER(DATATYPE(?ownDate) = xsd:date) }
  OPTIONAL { ?mandate skv:decidedIn/dcterms:date ?meetingDate FILTER(DATATYPE(?meetingDate) = xsd:date) }
  BIND(COALESCE(?ownDate, ?meetingDate) AS ?dateValue)
}
GROUP BY ?mandate
ORDER BY ?mandate
"""


def _x(name: str) -> URIRef:
    return URIRef(f"https://example.org/{name}")


def _day(text: str, datatype=XSD.date) -> Literal:
    return Literal(text, datatype=datatype)


# Hand-made facts with the corner cases of the aggregates: several titles, texts and dates (the least wins), a
# meeting without a body (the presenter acts), dates not typed xsd:date, a decision not decided, a mandate dated
# only by its meeting or not at all, one without a receiver, and a fact said by two documents.
EDGE_FACTS = {
    "g1": [
        (_x("m1"), SKV.hasItem, _x("i1")), (_x("m1"), DCTERMS.date, _day("2024-03-01")), (_x("m1"), SKV.heldBy, _x("b1")),
        (_x("i1"), RDF.type, SKV.AgendaItem), (_x("i1"), DCTERMS.title, Literal("Översyn av nattillsynen")),
        (_x("i1"), DCTERMS.title, Literal("Avtal om hjälpmedel")), (_x("i1"), SKV.concerns, _x("a1")),
        (_x("i1"), SKV.concerns, _x("a2")), (_x("i1"), SKV.presenter, _x("p1")),
        (_x("m2"), SKV.hasItem, _x("i2")), (_x("m2"), DCTERMS.date, _day("2024-04-01")),
        (_x("i2"), RDF.type, SKV.AgendaItem), (_x("i2"), DCTERMS.title, Literal("Budget")),
        (_x("i2"), SKV.presenter, _x("p2")),
        (_x("m3"), SKV.hasItem, _x("i3")), (_x("m3"), DCTERMS.date, _day("2024-05-01", XSD.string)),
        (_x("m3"), SKV.heldBy, _x("b1")), (_x("i3"), RDF.type, SKV.AgendaItem), (_x("i3"), DCTERMS.title, Literal("X")),
        (_x("m1"), SKV.hasItem, _x("i4")), (_x("i4"), RDF.type, SKV.AgendaItem),
        (_x("m2"), SKV.hasItem, _x("i5")), (_x("i5"), RDF.type, SKV.AgendaItem), (_x("i5"), DCTERMS.title, Literal("Y")),
        (_x("m4"), SKV.hasItem, _x("i1")), (_x("m4"), DCTERMS.date, _day("2024-02-01")),
    ],
    "g2": [
        (_x("d1"), RDF.type, SKV.Decision), (_x("d1"), SKV.status, SKV.Decided), (_x("d1"), SKV.text, Literal("att b")),
        (_x("d1"), SKV.text, Literal("att a")), (_x("d1"), SKV.decidedIn, _x("m1")), (_x("d1"), SKV.decidedBy, _x("b2")),
        (_x("d1"), SKV.onItem, _x("i1")), (_x("d1"), SKV.onItem, _x("i2")), (_x("d1"), SKV.concerns, _x("a1")),
        (_x("d2"), RDF.type, SKV.Decision), (_x("d2"), SKV.status, SKV.Decided), (_x("d2"), SKV.text, Literal("att c")),
        (_x("d2"), SKV.decidedIn, _x("m2")),
        (_x("d3"), RDF.type, SKV.Decision), (_x("d3"), SKV.status, _x("Proposed")), (_x("d3"), SKV.text, Literal("att d")),
        (_x("d3"), SKV.decidedIn, _x("m1")), (_x("d3"), SKV.decidedBy, _x("b2")),
        (_x("d4"), RDF.type, SKV.Decision), (_x("d4"), SKV.status, SKV.Decided), (_x("d4"), SKV.text, Literal("att e")),
        (_x("d4"), SKV.decidedIn, _x("m2")), (_x("d4"), SKV.decidedBy, _x("b3")), (_x("d4"), SKV.onItem, _x("nowhere")),
        (_x("r1"), RDF.type, SKV.Reference), (_x("r1"), SKV.actor, _x("b1")), (_x("r1"), SKV.actor, _x("b4")),
        (_x("r1"), SKV.action, Literal("lämnade rapport")), (_x("r1"), DCTERMS.date, _day("2024-01-20")),
        (_x("r1"), DCTERMS.date, _day("2024-01-10")), (_x("r1"), SKV.onItem, _x("i2")),
        (_x("r2"), RDF.type, SKV.Reference), (_x("r2"), SKV.actor, _x("b1")), (_x("r2"), SKV.action, Literal("z")),
        (_x("r2"), DCTERMS.date, _day("januari", XSD.string)),
        (_x("r3"), RDF.type, SKV.Reference), (_x("r3"), SKV.action, Literal("z")), (_x("r3"), DCTERMS.date, _day("2024-01-01")),
    ],
    "g3": [
        (_x("x1"), RDF.type, SKV.Mandate), (_x("x1"), SKV.receiver, _x("b4")), (_x("x1"), SKV.giver, _x("b1")),
        (_x("x1"), SKV.reportsTo, _x("b2")), (_x("x1"), SKV.task, Literal("utreda nattillsyn")),
        (_x("x1"), SKV.task, Literal("b-uppgift")), (_x("x1"), DCTERMS.date, _day("2023-12-01")),
        (_x("x1"), SKV.decidedIn, _x("m1")), (_x("x1"), SKV.onItem, _x("i1")), (_x("x1"), SKV.concerns, _x("a2")),
        (_x("x2"), RDF.type, SKV.Mandate), (_x("x2"), SKV.receiver, _x("b3")), (_x("x2"), SKV.decidedIn, _x("m2")),
        (_x("x2"), SKV.decidedIn, _x("m4")), (_x("x2"), DCTERMS.date, _day("2023", XSD.gYear)),
        (_x("x3"), RDF.type, SKV.Mandate), (_x("x3"), SKV.receiver, _x("b3")),
        (_x("x4"), RDF.type, SKV.Mandate), (_x("x4"), SKV.giver, _x("b1")), (_x("x4"), DCTERMS.date, _day("2024-01-01")),
        # said again by another document
        (_x("i2"), DCTERMS.title, Literal("Budget")), (_x("m1"), SKV.heldBy, _x("b1")),
    ],
}


def _as_sets(row: dict, keys=("actors", "concerns")) -> dict:
    return {k: (set((v or "").split()) if k in keys else v) for k, v in row.items()}


def test_followup_inputs_join_as_the_sparql_aggregates(tmp_path):
    with open_store(tmp_path / "store") as store:
        for graph, triples in EDGE_FACTS.items():
            store.replace_graph(f"https://example.org/graph/{graph}", triples)
        mandates, steps = inputs(store)
        steps = list(steps)
        assert [_as_sets(r) for r in mandates] == [_as_sets(r, ("concerns",)) for r in store.query(MANDATES_AGGREGATE)]
        assert [_as_sets(r) for r in steps] == [_as_sets(r) for r in store.query(STEPS_AGGREGATE)]
    assert [r["step"].rsplit("/", 1)[1] for r in steps] == ["d1", "d4", "i1", "i2", "r1"]   # d2: no one acting
    assert [(r["mandate"].rsplit("/", 1)[1], r["date"]) for r in mandates] == [
        ("x1", "2023-12-01"), ("x2", "2024-02-01"), ("x3", None)]


def _reference_follow_ups(mandates: list[dict], steps: list[dict]) -> list[tuple]:
    """The matching as plainly stated: each mandate against every step, in walking order."""
    split = followup._split
    dated = [s for s in steps if s.get("date")]
    order = sorted(range(len(dated)), key=lambda i: (dated[i]["date"], dated[i]["kind"] == "decision", i))
    out = []
    for m in mandates:
        if not m.get("date"):
            continue
        matters = split(m.get("concerns")), topic_stems(m.get("itemTitle"), m.get("task"))
        found = []
        for i in order:
            s = dated[i]
            actors = split(s.get("actors"))
            if s["date"] <= m["date"] or not (matters[0] & split(s.get("concerns"))
                                               or matters[1] & topic_stems(s.get("text"), s.get("itemTitle"))):
                continue
            if s["kind"] == "decision" and actors & ({m.get("giver"), m.get("reportsTo")} - {None}):
                found.append((m["mandate"], s["step"], SKV.Closed, s["date"]))
                break
            if s["kind"] in ("item", "reference") and actors & ({m.get("receiver"), m.get("reportsTo")} - {None}):
                found.append((m["mandate"], s["step"], SKV.ReportedBack, s["date"]))
        reports = [f for f in found if f[2] == SKV.ReportedBack][:MAX_REPORTS]
        out += reports + [f for f in found if f[2] == SKV.Closed]
    return out


@pytest.mark.parametrize("seed", range(5))
def test_followup_indexed_matching_as_the_plain_walk(seed):
    rng = random.Random(seed)
    bodies, words = ["b1", "b2", "b3", "b4"], ["nattillsyn", "hjälpmedel", "läkemedel", "rehabilitering"]
    days = [f"2024-0{m}-{d:02d}" for m in range(1, 4) for d in (1, 15)]
    steps = [{"step": f"s{n:03d}", "kind": rng.choice(["item", "decision", "reference"]), "date": rng.choice(days),
              "actors": " ".join(rng.sample(bodies, rng.randint(0, 2))), "text": rng.choice(words),
              "itemTitle": rng.choice([None, *words]), "concerns": rng.choice(["", "a1", "a1 a2"])} for n in range(150)]
    mandates = [{"mandate": f"m{n:02d}", "date": rng.choice([None, *days]), "giver": rng.choice(bodies),
                 "receiver": rng.choice(bodies), "reportsTo": rng.choice([None, *bodies]), "task": rng.choice(words),
                 "itemTitle": None, "concerns": rng.choice(["", "a2"])} for n in range(40)]
    found = follow_ups(mandates, steps)
    assert [(f.mandate, f.step, f.status, f.date) for f in found] == _reference_follow_ups(mandates, steps)
    assert found


def test_followup_not_recomputed_when_no_document_changed(store, monkeypatch):
    def fail(_):
        raise AssertionError("the derived graph was recomputed")
    monkeypatch.setattr(followup, "derived_triples", fail)
    report = build_records(store, records())
    assert report.unchanged == [r.document for r in records()]
    assert report.derived_triples == len(store.graph(str(DERIVED_GRAPH))) > 0


def _fresh(tmp_path):
    s = open_store(tmp_path / "store")
    assert not build_records(s, records()).failed
    return s


def test_followup_written_in_parts_is_the_same_graph(store, tmp_path, monkeypatch):
    monkeypatch.setattr(followup, "PART", 3)          # many parts of three triples each
    with _fresh(tmp_path) as small:
        assert set(small.graph(str(DERIVED_GRAPH))) == set(store.graph(str(DERIVED_GRAPH)))
        assert followup.is_current(small)


def test_followup_write_cut_short_is_computed_again(tmp_path):
    with _fresh(tmp_path) as s:
        whole = set(s.graph(str(DERIVED_GRAPH)))
        first_part = NTriples.of_lines(followup.derived_triples(s)[0][:4])
        s.write_graph_in_parts(str(DERIVED_GRAPH), [first_part])        # as if killed after the first part
        assert not followup.is_current(s)
        assert len(s.graph(str(DERIVED_GRAPH))) == 4
        build_records(s, records())                   # every document unchanged, but the graph is incomplete
        assert set(s.graph(str(DERIVED_GRAPH))) == whole and followup.is_current(s)


def test_followup_document_graphs_changed_without_a_refresh_are_followed_up(tmp_path):
    # A build killed after it wrote (here: removed) a document graph, before its refresh: the next build, with
    # nothing left to write, still brings the derived graph up to date.
    with _fresh(tmp_path) as s:
        closing = [d for d in s.documents() if d.name == "rad_230912.txt"][0]
        s.remove_graph(closing.graph)
        assert not followup.is_current(s)
        report = build_records(s, records()[:2])
        assert report.unchanged == [r.document for r in records()[:2]]
        assert followup.is_current(s)
        statuses = {o for _, _, o in s.graph(str(DERIVED_GRAPH)).triples((None, SKV.followUpStatus, None))}
        assert SKV.Closed not in statuses           # the closing decision was in the removed document
