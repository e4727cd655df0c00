"""One name for a unit however the minutes write it: chief titles, presenter lines, emphasis, abbreviations."""
from __future__ import annotations

import pytest

from extraction import names
from extraction.components import entities, layout
from extraction.components.people import parse_people, parse_title
from extraction.components.roles import find_roles
from extraction.extract import extract_documents, extract_text
from extraction.pipeline import is_verbish
from extraction.reading import Document, clean_text

UNIT = "Division Kirurgi och ortopedi"

# The attendance list abbreviates, a presenter line puts the unit after a comma, another names the
# development unit inside the division in italics wrapped over two lines, the decision names it bare.
MINUTES = """Minnesanteckningar Omsorgsnätverket

Datum: 14 maj 2024
Plats: Stadshuset, Kramfors

Närvarande:
Kommun\tRegion Västernorrland
Karin Berglöf\tKramfors\tKerstin Dahl\tDivisionschef Kirurgi & Ortop
Olle Nyström\tSollefteå\tMagnus Ek\tVårdvalschef
Lena Sjögren\tHärnösand\t\t

1. Mötets öppnande

Omsorgsnätverket beslutade att öppna mötet.

2. Rapporter
a) Information: Väntetider
Föredragande: Kerstin Dahl, Divisionschef, Kirurgi och ortopedi

Väntetiderna har minskat under våren.

Omsorgsnätverket beslutade:
att lägga informationen till handlingarna.

b) Information: Ny mottagning
*Föredragande: Jonas Ekholm, Utvecklingsledare, Stödenheten
Division Kirurgi och ortopedi*

Mottagningen öppnar i höst.

Omsorgsnätverket beslutade:
att lägga informationen till handlingarna.

3. Val av vice ordförande

Omsorgsnätverket beslutade:
att utse Kerstin Dahl, divisionschef Kirurgi och ortopedi till vice ordförande
"""

# A PDF's text: a blank line after every printed line, the unit's head word at the end of one.
PDF_MINUTES = """Minnesanteckningar Omsorgsnätverket

Datum: 3 juni 2024

1. Information: Ny mottagning

Föredragande: Maja Sjöberg, Controller, Stödenheten Division

Kirurgi och ortopedi

Maja Sjöberg presenterade planen för mottagningen.

Omsorgsnätverket beslutade:

att lägga informationen till handlingarna.
"""


@pytest.fixture(scope="module")
def records():
    docs = [Document(name, None, clean_text(text), None, "txt", ())
            for name, text in (("a.txt", MINUTES), ("b.txt", PDF_MINUTES))]
    return extract_documents(docs)


def _unit_forms(record):
    return {b for b in record.bodies if "Kirurgi" in b or "Stödenheten" in b or b.endswith(" Division")}


def test_extract_body_names_one_form_in_every_code_path(records):
    assert [_unit_forms(r) for r in records] == [{UNIT}, {UNIT}]


def test_extract_body_names_roles_of_the_unit(records):
    got = {(r.person, r.role, r.body) for rec in records for r in rec.roles if r.body == UNIT or "Kirurgi" in (r.body or "")}
    assert got == {
        ("Kerstin Dahl", "divisionschef", UNIT),
        ("Jonas Ekholm", "utvecklingsledare", UNIT),
        ("Maja Sjöberg", "controller", UNIT),
    }


def test_extract_body_names_presenters_keep_their_names(records):
    assert [(i.number, i.presenters) for i in records[0].items if i.presenters] == [
        ("2a", ("Kerstin Dahl",)), ("2b", ("Jonas Ekholm",))]
    assert [(i.number, i.presenters) for i in records[1].items] == [("1", ("Maja Sjöberg",))]


def test_extract_body_names_quotes_point_into_the_text(records):
    text = clean_text(MINUTES)
    for role in records[0].roles:
        assert role.source.quote == " ".join(text[role.source.start:role.source.end].split())


@pytest.mark.parametrize("read", [clean_text, str], ids=["read", "markdown-left-in"])
def test_extract_body_names_one_document_alone(read):
    record = extract_text(read(MINUTES), "a.txt")
    assert _unit_forms(record) == {UNIT}
    assert {(r.person, r.role, r.body) for r in record.roles if r.body == UNIT} == {
        ("Kerstin Dahl", "divisionschef", UNIT), ("Jonas Ekholm", "utvecklingsledare", UNIT)}


TITLES = [
    ("Divisionschef Kirurgi", ("divisionschef", "Division Kirurgi")),
    ("tf divisionschef för Kirurgi", ("tf divisionschef", "Division Kirurgi")),
    ("Division Kirurgi", (None, None)),
    # The genre names the unit of other chiefs bare.
    ("avdelningschef Förebyggande", ("avdelningschef", "Förebyggande")),
    ("förvaltningschef ABC", ("förvaltningschef", "ABC")),
]


@pytest.mark.parametrize("text,expected", TITLES)
def test_extract_body_names_chief_titles(text, expected):
    assert parse_title(text) == expected


PEOPLE = [
    ("Kerstin Dahl, divisionschef, Kirurgi", ("divisionschef", "Division Kirurgi")),
    ("Jonas Ekholm, utvecklingsledare, Stödenheten Division Kirurgi", ("utvecklingsledare", "Division Kirurgi")),
    ("Jonas Ekholm, utvecklingsledare, Stödenheten", ("utvecklingsledare", "Stödenheten")),
    ("Jonas Ekholm, utvecklingsledare, Stödenheten Region Västernorrland", ("utvecklingsledare", "Region Västernorrland")),
    ("Maja Sjöberg, ekonom, Ekonomienheten Sundsvalls kommun", ("ekonom", "Sundsvalls kommun")),
]


@pytest.mark.parametrize("text,expected", PEOPLE)
def test_extract_body_names_presenter_units(text, expected):
    [person] = parse_people(text)
    assert (person.role, person.body) == expected


OWNERS = [
    ("Stödenheten Division Kirurgi", "Division Kirurgi"),
    ("Utvecklingsenheten Sektor Välfärd", "Sektor Välfärd"),
    ("Stödenheten", "Stödenheten"),
    ("Infektionskliniken Sunds lasarett", "Infektionskliniken Sunds lasarett"),
    ("Omsorgsnätverket Division Kirurgi", "Omsorgsnätverket Division Kirurgi"),
]


@pytest.mark.parametrize("name,expected", OWNERS)
def test_extract_body_names_unit_inside_an_organisation(name, expected):
    assert entities.unit_owner(name) == expected


def test_extract_body_names_mention_of_a_unit_inside_a_division():
    found = entities.find_entities("Stödenheten Division Kirurgi och ortopedi presenterade planen.", 0, is_verbish)
    assert [m.name for m in found if m.kind == "body"] == [UNIT]


def test_extract_body_names_appointment_names_the_home_post():
    found = find_roles("att utse Kerstin Dahl, divisionschef Kirurgi till vice ordförande", 0)
    assert [(r.person, r.role, r.body) for r in found] == [
        ("Kerstin Dahl", "vice ordförande", None), ("Kerstin Dahl", "divisionschef", "Division Kirurgi")]


WRAPS = [
    ("Föredragande: Maja Sjöberg, controller, Division", "Kirurgi", True),
    ("Föredragande: Maja Sjöberg, controller, Stödenheten", "Division Kirurgi och ortopedi", True),
    ("Föredragande: Maja Sjöberg, controller, Stödenheten", "Mottagningen öppnar i höst.", False),
    ("Föredragande: Maja Sjöberg, controller, Stödenheten", "Division Kirurgi har ett underskott sedan länge och mer", False),
    ("inom samma division", "Kirurgi", False),
]


@pytest.mark.parametrize("line,nxt,expected", WRAPS)
def test_extract_body_names_wrapped_unit_name(line, nxt, expected):
    assert layout.wraps_unit_name(line, nxt) is expected


EMPHASIS = [
    ("*Föredragande: Jonas Ekholm, Stödenheten\nDivision Kirurgi*\n", "Föredragande: Jonas Ekholm, Stödenheten\nDivision Kirurgi\n"),
    ("Det var _mycket_ bra.\n", "Det var mycket bra.\n"),
    ("* punkt ett\n* punkt två\n", "* punkt ett\n* punkt två\n"),
    ("Ett *stycke\n\nett annat* stycke\n", "Ett *stycke\n\nett annat* stycke\n"),
    ("Underskrift ________  Datum ______\n", "Underskrift ________  Datum ______\n"),
]


@pytest.mark.parametrize("raw,expected", EMPHASIS)
def test_extract_body_names_emphasis_over_lines(raw, expected):
    assert clean_text(raw) == expected


SAME = [
    ("Division Kirurgi & Ortop", "Division Kirurgi och ortopedi", True),
    ("Division Kirurgi & Ortop.", "Division Kirurgi och ortopedi", True),
    ("Sektor Vård & Om", "Sektor Vård och omsorg", False),       # two letters abbreviate nothing
    ("Division Kirurgi", "Division Medicin", False),
]


@pytest.mark.parametrize("a,b,same", SAME)
def test_extract_body_names_abbreviated_words(a, b, same):
    assert bool(names._same_body(a, b)) is same
