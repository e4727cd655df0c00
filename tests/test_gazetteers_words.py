"""Titles, title prefixes, body and agreement words, and given names in extraction/patterns/."""

import pytest

from extraction import gazetteers as gz


@pytest.mark.parametrize("title", [
    "ordförande", "vice ordförande", "1:e vice ordförande", "ledamot", "ersättare", "sekreterare",
    "förbundschef", "kommundirektör", "regiondirektör", "hälso- och sjukvårdsdirektör",
    "divisionschef", "verksamhetschef", "enhetschef", "hr-chef", "mas", "mar",
    "medicinskt ansvarig sjuksköterska", "controller", "utvecklingsledare", "strateg",
])
def test_gazetteers_titles_contain(title):
    assert title in gz.titles()


def test_gazetteers_titles_count_and_case():
    assert len(gz.titles()) >= 150
    lines = [line for line in (gz.PATTERNS / "titles.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert all(line == line.lower() for line in lines)


@pytest.mark.parametrize("prefix", ["tf", "tf.", "t.f.", "bitr", "bitr.", "tillförordnad"])
def test_gazetteers_title_prefixes_contain(prefix):
    assert prefix in gz.title_prefixes()


@pytest.mark.parametrize("word,kind", [
    ("nätverket", "network"), ("rådet", "council"), ("styrgrupp", "steering_group"),
    ("arbetsgruppen", "working_group"), ("direktionen", "board"), ("presidium", "board"),
    ("gemensam nämnd", "committee"), ("utskott", "committee"), ("kommunalförbund", "federation"),
    ("samordningsförbundet", "federation"), ("förvaltning", "department"), ("enhet", "unit"),
    ("regional programgrupp", "programme_group"), ("länsstyrelsen", "authority"),
])
def test_gazetteers_body_types_lookup(word, kind):
    assert gz.body_types()[word] == kind


def test_gazetteers_body_abbreviations_case_sensitive():
    abbreviations = gz.body_abbreviations()
    assert abbreviations["RMPG"] == "programme_group"
    assert abbreviations["LAG"] == "network"
    assert "lag" not in abbreviations


def test_gazetteers_types_are_known():
    assert set(gz.body_types().values()) | set(gz.body_abbreviations().values()) <= gz.BODY_TYPES
    kinds = {kind for kind, _ in gz.agreement_abbreviations().values()}
    assert set(gz.agreement_types().values()) | kinds <= gz.AGREEMENT_TYPES


@pytest.mark.parametrize("word,kind", [
    ("överenskommelse", "agreement"), ("avtalet", "agreement"), ("avsiktsförklaring", "agreement"),
    ("uppdragsdirektiv", "directive"), ("handlingsplan", "plan"), ("färdplan", "plan"),
    ("reglemente", "rules"), ("förbundsordning", "rules"), ("riktlinje", "rules"),
])
def test_gazetteers_agreement_types_lookup(word, kind):
    assert gz.agreement_types()[word] == kind


def test_gazetteers_agreement_abbreviations():
    assert gz.agreement_abbreviations()["RÖK"][0] == "agreement"
    assert gz.agreement_abbreviations()["LÖK"][1] == "lokal samverkansöverenskommelse"


def test_gazetteers_given_names_count():
    names = gz.given_names()
    assert len(names) >= 1500
    assert not any("-" in name for name in names)


@pytest.mark.parametrize("name", ["anna", "erik", "mohammed", "fatima", "ali", "karin", "lars"])
def test_gazetteers_given_names_contain(name):
    assert name in gz.given_names()


@pytest.mark.parametrize("word,expected", [
    ("Anna", True), ("Anna-Karin", True), ("Per-Olof", True),
    ("Region", False), ("Dalarna", False), ("Anna-", False),
])
def test_gazetteers_is_given_name(word, expected):
    assert gz.is_given_name(word) is expected


@pytest.mark.parametrize("filename", [
    "municipalities.tsv", "regions.tsv", "titles.txt", "title_prefixes.txt", "body_types.tsv",
    "agreement_types.tsv", "given_names.txt", "national_bodies.tsv",
])
def test_gazetteers_files_have_no_duplicate_lines(filename):
    lines = [line for line in (gz.PATTERNS / filename).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("word,kind", [
    ("Länschefsnätverket", "network"), ("Hjälpmedelsnämnden", "committee"),
    ("Välfärdsrådet", "council"), ("Samverkansdelegationen", "council"), ("området", None),
])
def test_gazetteers_body_type_compounds(word, kind):
    assert gz.body_type(word) == kind


@pytest.mark.parametrize("word,kind", [
    ("hemsjukvårdsavtalet", "agreement"), ("kontrollplan", "plan"), ("dagordning", None),
])
def test_gazetteers_agreement_type_compounds(word, kind):
    assert gz.agreement_type(word) == kind


@pytest.mark.parametrize("words,expected", [
    ("anhörigsamordnare", True), ("tf. socialchef", True), ("bitr. enhetschef", True),
    ("Socialchef", True), ("protokoll", False), ("tf.", False),
])
def test_gazetteers_is_title(words, expected):
    assert gz.is_title(words) is expected
