"""Tests of graph/followup.py and the mandates question's follow-up: open, reported back, closed, as of a date."""
from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from extraction.records import Decision, Item, Mandate, Meeting, Record, Reference, Source
from graph.followup import MAX_REPORTS, follow_ups, topic_stems
from graph.ingest import build_records
from graph.questions import QuestionError, run_query
from graph.store import open_store
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
