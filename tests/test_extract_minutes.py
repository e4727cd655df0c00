"""Extraction on made-up minutes in the genre's own forms (not from the seeds)."""
from __future__ import annotations

import pytest

from extraction.dates import find_dates
from extraction.extract import extract_text

NETWORK_MINUTES = """Minnesanteckningar Omsorgsnätverket

Datum: 2024-05-20

Datum: 14 maj 2024
Tid: Kl. 9.00 – 11.30
Plats: Stadshuset, Kramfors
Dnr: RS 2024/77

Närvarande:
Kommun\tRegion Västernorrland
Karin Berglöf\tKramfors\tPetra Lindqvist\tDivisionschef Medicin
Olle Nyström, Sara Hedlund\tSollefteå\tMagnus Ek\tVårdvalschef
Lena Sjögren\tHärnösand\t\t
Anders Holm\tÖrnsköldsvik\t\t

1. Mötets öppnande

Omsorgsnätverket beslutade att öppna mötet.

2. Godkännande av dagordning

Omsorgsnätverket beslutade:
att godkänna dagordningen.

3. Föregående minnesanteckningar 240412

Omsorgsnätverket beslutade:
att lägga minnesanteckningarna till handlingarna.

4. Rapporter
a) Information: Avtal om läkemedelsgenomgångar
Föredragande: Petra Lindqvist, divisionschef, Division Medicin

Styrgruppen för Omsorgsnätverket har vid möte den 240502 gett arbetsgruppen för läkemedel i uppdrag att sammanställa en lägesbild.

Omsorgsnätverket beslutade:
att lägga informationen till handlingarna.

b) Beslut: Handlingsplan för psykisk hälsa
Föredragande: Karin Berglöf, ordförande Omsorgsnätverket

Omsorgsnätverket beslutade:
att anta handlingsplanen samt att Region Västernorrland får i uppdrag att samordna arbetet.
att bordlägga frågan om finansiering till nästa möte.
"""

AGENDA = """Kallelse Omsorgsnätverket
Datum: 3 oktober 2023
Plats: Teams

1. Mötets öppnande

2. Godkännande av dagordning
Förslag till beslut
Omsorgsnätverket beslutar:
att godkänna dagordningen.
"""


@pytest.fixture(scope="module")
def minutes():
    return extract_text(NETWORK_MINUTES, "natverk.txt")


def test_extract_meeting_header(minutes):
    m = minutes.meeting
    assert (m.body, m.date, m.kind, m.place, m.dnr) == (
        "Omsorgsnätverket", "2024-05-14", "minutes", "Stadshuset, Kramfors", "RS 2024/77")


def test_extract_attendance_pairs_names_with_municipalities(minutes):
    got = {(a.name, a.organization) for a in minutes.attendees}
    assert got == {
        ("Karin Berglöf", "Kramfors kommun"), ("Olle Nyström", "Sollefteå kommun"), ("Sara Hedlund", "Sollefteå kommun"),
        ("Lena Sjögren", "Härnösands kommun"), ("Anders Holm", "Örnsköldsviks kommun"),
        ("Petra Lindqvist", "Region Västernorrland"), ("Magnus Ek", "Region Västernorrland"),
    }


def test_extract_items_with_letters_kinds_and_presenters(minutes):
    got = [(i.number, i.kind, i.title, i.presenters) for i in minutes.items]
    assert got == [
        ("1", None, "Mötets öppnande", ()),
        ("2", None, "Godkännande av dagordning", ()),
        ("3", None, "Föregående minnesanteckningar 240412", ()),
        ("4", None, "Rapporter", ()),
        ("4a", "Information", "Avtal om läkemedelsgenomgångar", ("Petra Lindqvist",)),
        ("4b", "Beslut", "Handlingsplan för psykisk hälsa", ("Karin Berglöf",)),
    ]


def test_extract_decision_clauses_and_status(minutes):
    got = [(d.item, d.status, d.text) for d in minutes.decisions]
    assert got == [
        ("1", "decided", "att öppna mötet"),
        ("2", "decided", "att godkänna dagordningen"),
        ("3", "decided", "att lägga minnesanteckningarna till handlingarna"),
        ("4a", "decided", "att lägga informationen till handlingarna"),
        ("4b", "decided", "att anta handlingsplanen"),
        ("4b", "decided", "att Region Västernorrland får i uppdrag att samordna arbetet"),
        ("4b", "postponed", "att bordlägga frågan om finansiering till nästa möte"),
    ]
    assert all(d.body == "Omsorgsnätverket" for d in minutes.decisions)


def test_extract_mandates_from_text_and_decisions(minutes):
    got = {(m.giver, m.receiver, m.task, m.date, m.item) for m in minutes.mandates}
    assert ("Styrgruppen för Omsorgsnätverket", "Arbetsgruppen för läkemedel", "sammanställa en lägesbild",
            "2024-05-02", "4a") in got
    assert ("Omsorgsnätverket", "Region Västernorrland", "samordna arbetet", "2024-05-14", "4b") in got


def test_extract_references_to_other_meetings(minutes):
    got = {(r.body, r.date, r.item) for r in minutes.references}
    assert ("Omsorgsnätverket", "2024-04-12", "3") in got
    assert ("Styrgruppen för Omsorgsnätverket", "2024-05-02", "4a") in got


def test_extract_facts_point_to_their_sentence(minutes):
    for d in minutes.decisions:
        assert d.source is not None
        assert NETWORK_MINUTES[d.source.start:d.source.end].replace("\n", " ").startswith(d.text[:20])


def test_extract_agenda_has_proposed_decisions():
    record = extract_text(AGENDA, "kallelse.txt")
    assert record.meeting.kind == "agenda"
    assert record.meeting.date == "2023-10-03"
    assert [(d.item, d.status, d.text) for d in record.decisions] == [("2", "proposed", "att godkänna dagordningen")]


@pytest.mark.parametrize("text,year,expected", [
    ("vid möte den 250121", None, ["2025-01-21"]),
    ("den 11 december 2025", None, ["2025-12-11"]),
    ("Sammanträdesdag 2020-03-31", None, ["2020-03-31"]),
    ("20100531", None, ["2010-05-31"]),
    ("22-23 sep 2015", None, ["2015-09-22"]),
    ("på möte den 21 oktober", 2021, ["2021-10-21"]),
    ("Torsdagen den 3 april", None, [None]),
    ("telefon 123456789", None, []),
])
def test_dates_grammar(text, year, expected):
    assert [d.iso for d in find_dates(text, year)] == expected


def test_extract_text_without_minutes_invents_nothing():
    record = extract_text("Hej! Här kommer receptet på kanelbullar. Blanda mjöl och smör.", "recept.txt")
    assert record.decisions == () and record.mandates == () and record.items == ()
    assert any("not be minutes" in w for w in record.warnings)
