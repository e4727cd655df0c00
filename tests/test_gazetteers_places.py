"""Municipalities, counties, regions and national bodies in extraction/patterns/."""

import pytest

from extraction import gazetteers as gz

OFFICIAL_CASES = [
    ("Falun", "Falu kommun"),
    ("falun", "Falu kommun"),
    ("Falu kommun", "Falu kommun"),
    ("Falu", "Falu kommun"),
    ("Gagnef", "Gagnefs kommun"),
    ("Gagnef kommun", "Gagnefs kommun"),
    ("Malung-Sälen", "Malung-Sälens kommun"),
    ("Älvdalen", "Älvdalens kommun"),
    ("Borlänge", "Borlänge kommun"),
    ("Mora", "Mora kommun"),
    ("Kramfors", "Kramfors kommun"),
    ("Göteborg", "Göteborgs Stad"),
    ("Göteborgs kommun", "Göteborgs Stad"),
    ("Stockholm", "Stockholms stad"),
    ("Malmö", "Malmö stad"),
    ("Upplands  Väsby", "Upplands Väsby kommun"),
    ("Upplands-Bro", "Upplands-Bro kommun"),
    ("Gotland", "Region Gotland"),
    ("Region Gotland", "Region Gotland"),
    ("Östersund", "Östersunds kommun"),
    ("Umeå", "Umeå kommun"),
    ("Borås", "Borås Stad"),
    ("Haparanda", "Haparanda stad"),
    ("Västerås", "Västerås stad"),
    ("Dals-Ed", "Dals-Eds kommun"),
    ("Lilla Edet", "Lilla Edets kommun"),
]

REGION_CASES = [
    ("Region Dalarna", "Region Dalarna"),
    ("Landstinget Dalarna", "Region Dalarna"),
    ("landstinget i uppsala län", "Region Uppsala"),
    ("VGR", "Västra Götalandsregionen"),
    ("Region Jämtland-Härjedalen", "Region Jämtland Härjedalen"),
    ("Stockholms läns landsting", "Region Stockholm"),
]

NATIONAL_CASES = [
    ("Socialstyrelsen", "Socialstyrelsen"),
    ("SKR", "Sveriges Kommuner och Regioner"),
    ("Sveriges Kommuner och Landsting", "Sveriges Kommuner och Regioner"),
    ("IVO", "Inspektionen för vård och omsorg"),
    ("Vision", "Vision"),
    ("Kommunal", "Kommunal"),
    ("Länsstyrelsen Dalarna", "Länsstyrelsen i Dalarnas län"),
    ("Länsstyrelsen i Västra Götalands län", "Länsstyrelsen i Västra Götalands län"),
    ("Länsstyrelsen Skåne", "Länsstyrelsen i Skåne län"),
    ("länsstyrelsen sörmland", "Länsstyrelsen i Södermanlands län"),
    ("E-hälsomyndigheten", "E-hälsomyndigheten"),
]


def test_gazetteers_municipalities_count():
    rows = gz.municipality_list()
    assert len(rows) == 290
    assert len({m.name for m in rows}) == 290
    assert len({m.official for m in rows}) == 290


def test_gazetteers_counties_count():
    assert len(gz.counties()) == 21
    assert all(c.endswith(" län") for c in gz.counties())


@pytest.mark.parametrize("name,official", OFFICIAL_CASES)
def test_gazetteers_municipality_official(name, official):
    assert gz.municipality_official(name) == official


@pytest.mark.parametrize("name", ["Dalarna", "Region Dalarna", "Regionen", "", "kommun"])
def test_gazetteers_municipality_unknown(name):
    assert gz.municipality_official(name) is None


def test_gazetteers_municipality_county():
    assert gz.municipality("Gagnef").county == "Dalarnas län"
    assert gz.municipality("Kramfors").county == "Västernorrlands län"


def test_gazetteers_municipality_lowercase_words_are_not_common_words():
    # "vara" is a verb: the flag tells a caller to ask for context.
    assert gz.municipality("Vara").ambiguous == "word"


def test_gazetteers_regions_cover_counties():
    assert len(gz.region_list()) == 21
    assert set(gz.county_regions()) == gz.counties()
    assert gz.county_regions()["Dalarnas län"] == "Region Dalarna"


@pytest.mark.parametrize("name,canonical", REGION_CASES)
def test_gazetteers_region_lookup(name, canonical):
    assert gz.region(name) == canonical


@pytest.mark.parametrize("name", ["Regionen", "Landstinget", "Region"])
def test_gazetteers_region_short_forms_are_not_aliases(name):
    assert gz.region(name) is None


def test_gazetteers_national_bodies_count():
    assert len(set(gz.national_bodies().values()) | set(gz.national_bodies_exact().values())) >= 40 + 21


@pytest.mark.parametrize("name,canonical", NATIONAL_CASES)
def test_gazetteers_national_body_lookup(name, canonical):
    assert gz.national_body(name) == canonical


@pytest.mark.parametrize("word", ["vision", "kommunal", "st", "jo", "do"])
def test_gazetteers_national_body_common_words_need_case(word):
    assert gz.national_body(word) is None
