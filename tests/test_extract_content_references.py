"""References to other meetings and bodies named by their shape, on invented snippets."""
from __future__ import annotations

import pytest

from extraction.components import entities
from extraction.components.references import find_reference, previous_meeting
from extraction.pipeline import is_past_verb, is_verbish

REFERENCES = [
    # (sentence, bodies with positions, own body, meeting date) -> (body, date)
    ("Omsorgsrådet beslutade på möte den 14 oktober att anta planen.",
     [("Omsorgsrådet", 0, 12)], "Chefsnätverket", "2024-11-20", ("Omsorgsrådet", "2024-10-14")),
    ("Planen godkändes av direktionen den 9 december 2023.",
     [], "Direktionen för Norra Räddningsförbundet", "2024-12-06",
     ("Direktionen för Norra Räddningsförbundet", "2023-12-09")),
    ("Frågan har beretts i Styrgruppen för Chefsnätverket.",
     [("Styrgruppen för Chefsnätverket", 21, 51)], "Chefsnätverket", "2024-11-20",
     ("Styrgruppen för Chefsnätverket", None)),
    ("Vid sammanträdet medverkade Omsorgsrådet genom sin ordförande.",
     [("Omsorgsrådet", 28, 40)], "Chefsnätverket", "2024-11-20", None),
    ("Chefsnätverket beslutade att samtliga huvudmän inkommer med förslag senast 241201.",
     [("Chefsnätverket", 0, 14)], "Chefsnätverket", "2024-11-20", None),
    ("Hon berättade att Länsstyrelsen fått medel för en samordnare.",
     [("Länsstyrelsen", 18, 31)], "Chefsnätverket", "2024-11-20", None),
]


@pytest.mark.parametrize("sentence,bodies,own,date,expected", REFERENCES)
def test_references_other_meetings(sentence, bodies, own, date, expected):
    found = find_reference(sentence, 0, bodies, 2024, is_past_verb, own, date)
    assert ((found.body, found.date) if found else None) == expected


def test_references_previous_minutes_date_from_item_text():
    assert previous_meeting("Föregående protokoll", 2024, "Protokollet från mötet 240912 lades till handlingarna.") \
        == (True, "2024-09-12")
    assert previous_meeting("Föregående minnesanteckningar 240912, Bilaga 1", 2024) == (True, "2024-09-12")
    assert previous_meeting("Budget 2025", 2024) == (False, None)


BODIES = [
    ("Beslutet fattades av Norrtåg AB i mars.", ["Norrtåg AB"]),
    ("Remiss från Landstinget i Jämtlands län.", ["Landstinget i Jämtlands län"]),
    ("Västra Räddningsförbundet (VRF) ska ha en årsplan.", ["Västra Räddningsförbundet"]),
    ("Möte i partnerskapet för landsbygdsfonden mars (muntlig)", ["Partnerskapet för landsbygdsfonden"]),
    ("Rapport till Styrgruppen för arbetet kring en ny rutin för hemtjänst.",
     ["Styrgruppen för arbetet kring en ny rutin för hemtjänst"]),
    ("Frågan lyftes i SKR och i Kommunal hälso- och sjukvård.", ["Sveriges Kommuner och Regioner"]),
]


@pytest.mark.parametrize("text,expected", BODIES)
def test_bodies_by_shape(text, expected):
    assert [m.name for m in entities.find_entities(text, 0, is_verbish) if m.kind == "body"] == expected
