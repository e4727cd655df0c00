"""A struck-through attendee that a scan garbled into one hyphenated word resolves to the one person of
the same organisation named elsewhere with close letters, and is marked absent; weak evidence changes nothing."""
from __future__ import annotations

from extraction.names import resolve
from extraction.records import Attendee, Meeting, Record


def _record(document: str, *attendees: Attendee) -> Record:
    return Record(document=document, meeting=Meeting(body="Omsorgsnätverket", date="2024-05-02", kind="minutes"),
                  attendees=attendees)


def _resolved(*records: Record) -> list[Record]:
    return resolve([(r, {}) for r in records])


def test_garbled_name_resolves_to_the_person_of_its_organisation_and_is_absent():
    clean = _record("a.txt", Attendee("Olof Berglund", "Mora kommun"), Attendee("Karin Lund", "Mora kommun"))
    scan = _record("b.txt", Attendee("elaf-Bevglund", "Mora kommun"), Attendee("Karin Lund", "Mora kommun"))
    out = _resolved(clean, scan)[1]
    assert [(a.name, a.organization, a.present) for a in out.attendees] == [
        ("Olof Berglund", "Mora kommun", False), ("Karin Lund", "Mora kommun", True)]


def test_garbled_name_of_another_organisation_is_left_as_written():
    clean = _record("a.txt", Attendee("Olof Berglund", "Orsa kommun"))
    scan = _record("b.txt", Attendee("elaf-Bevglund", "Mora kommun"))
    assert [(a.name, a.present) for a in _resolved(clean, scan)[1].attendees] == [("elaf-Bevglund", True)]


def test_two_people_about_as_close_leave_the_garbled_name_alone():
    clean = _record("a.txt", Attendee("Olof Berglund", "Mora kommun"), Attendee("Elof Berglind", "Mora kommun"))
    scan = _record("b.txt", Attendee("elaf-Bevglund", "Mora kommun"))
    assert [a.name for a in _resolved(clean, scan)[1].attendees] == ["elaf-Bevglund"]


def test_a_hyphenated_given_name_is_not_garbled():
    clean = _record("a.txt", Attendee("Anna Karlsson", "Mora kommun"))
    other = _record("b.txt", Attendee("Anna-Karin", "Mora kommun"))
    assert [(a.name, a.present) for a in _resolved(clean, other)[1].attendees] == [("Anna-Karin", True)]
