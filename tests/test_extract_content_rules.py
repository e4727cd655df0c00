"""Content rules on invented snippets in the genre's own forms: mandates, agreements, bodies, roles."""
from __future__ import annotations

import pytest

from extraction.components import entities, mandates, roles
from extraction.pipeline import is_verbish, lemma

MANDATES = [
    ("Styrgruppen beslutade att uppdrag åt Eva Strand att, tillsammans med Per Holm, ta fram en plan för arbetet.",
     ("Styrgruppen", "Eva Strand", "tillsammans med Per Holm, ta fram en plan för arbetet")),
    ("Representanter för Omsorgsnätverket uppmanades att återkomma med synpunkter på remissen.",
     (None, "Omsorgsnätverket", "återkomma med synpunkter på remissen")),
    ("Ärendet ska därför beredas vidare i Arbetsgruppen för hjälpmedel innan beslut fattas.",
     (None, "Arbetsgruppen för hjälpmedel", "bereda vidare Ärendet innan beslut fattas")),
    ("Punkten kommer att tas vidare till Beredningsgruppen för fortsatt hantering.",
     (None, "Beredningsgruppen", "fortsatt hantering")),
    ("Förbundet tar hem frågan och återkommer med förslag till nästa möte.",
     (None, "Förbundet", "ta hem frågan och återkommer med förslag till nästa möte")),
    ("Äldredelegationen inrättades i mars 2023 med uppdrag att samordna insatserna i länet.",
     (None, "Äldredelegationen", "samordna insatserna i länet")),
    ("Eva Lind utser Per Holm som kontaktperson på sjukhuset för ansökan om medel, det finns intresse för fler.",
     ("Eva Lind", "Per Holm", "kontaktperson på sjukhuset för ansökan om medel")),
]


def test_mandates_appointment_to_a_post_is_no_mandate():
    assert mandates.find_mandates("Ordföranden utsåg Karin Lund till sekreterare.", 0, 2024, lemma) == []


@pytest.mark.parametrize("sentence,expected", MANDATES)
def test_mandates_forms(sentence, expected):
    found = mandates.find_mandates(sentence, 0, 2024, lemma)
    assert [(m.giver, m.receiver, m.task) for m in found][:1] == [expected]


def test_mandates_pronoun_is_no_receiver():
    assert mandates.find_mandates("Hon tar hem ärendet och återkommer med förslag.", 0, 2024, lemma) == []


AGREEMENTS = [
    ("Nämnden informeras om Reglemente för gemensam nämnd för tekniska frågor samt Avtal om samverkan kring "
     "tolktjänst för Region Norrland och länets kommuner, antagna av Regionfullmäktige.",
     ["Reglemente för gemensam nämnd för tekniska frågor",
      "Avtal om samverkan kring tolktjänst för Region Norrland och länets kommuner"]),
    ("Medlen fördelas enligt överenskommelse psykisk hälsa och suicidprevention 2023 (Bilaga 2)",
     ["Överenskommelse psykisk hälsa och suicidprevention 2023"]),
    ("Den föreslagna uppdragsbeskrivningen för en regional arbetsgrupp inom missbruk antogs.",
     ["Uppdragsbeskrivningen för regional arbetsgrupp inom missbruk"]),
    ("Den tidigare överenskommelsen Samverkan vid utskrivning från slutenvård har gått ut.",
     ["Samverkan vid utskrivning från slutenvård"]),
    ("Uppdragsdirektiv till LPO Barn, unga och familj (BUF) om tidiga insatser",
     ["Uppdragsdirektiv till LPO Barn, unga och familj (BUF) om tidiga insatser"]),
    ("Information: Arbetsordning Omsorgsnätverket", ["Arbetsordning Omsorgsnätverket"]),
    ("Regionen och kommunerna ska ta fram en gemensam plan.", ["Gemensam plan"]),
    ("Vi behöver en plan för detta.", []),
    ("Sedan gavs en presentation av 2024 års överenskommelse och dess mål.", ["2024 års överenskommelse"]),
    ("att anta uppdragsbeskrivningen för slutförandet av Regional handlingsplan för trygg vård i länet.",
     ["Uppdragsbeskrivningen för slutförandet av Regional handlingsplan för trygg vård i länet",
      "Regional handlingsplan för trygg vård i länet"]),
    ("Detta följer av Färdtjänstavtalets villkor och av avtalet i övrigt.", ["Färdtjänstavtalet"]),
    ("Arbetsutskottet föreslår att styrelsen beslutar att godkänna avsiktsförklaringen.", []),
    ("§ 6 Överenskommelse om medfinansiering av åtgärder på Kustbanan 502-117-2019 ... 7",
     ["Överenskommelse om medfinansiering av åtgärder på Kustbanan"]),
]


@pytest.mark.parametrize("text,expected", AGREEMENTS)
def test_agreements_named_forms(text, expected):
    found = [m.name for m in entities.find_entities(text, 0, is_verbish) if m.kind == "agreement"]
    assert found == expected


def test_bodies_capitalised_type_word_inside_sentence_is_a_name():
    found = [m.name for m in entities.find_entities("Planen antogs av Regionfullmäktige i mars.", 0, is_verbish)
             if m.kind == "body"]
    assert found == ["Regionfullmäktige"]


def test_bodies_joint_committee_with_lower_case_topic():
    found = [m.name for m in entities.find_entities("Gemensam nämnd för tolkfrågor Onsdag 3 maj", 0, is_verbish)
             if m.kind == "body"]
    assert found == ["Gemensam nämnd för tolkfrågor"]


ROLE_BODIES = [
    ("ordförande", "Direktionen för Västra Räddningsförbundet", "Direktionen för Västra Räddningsförbundet"),
    ("2:e vice ordförande", "Förbundsstyrelsen för Norrlandsförbundet", "Förbundsstyrelsen för Norrlandsförbundet"),
    ("ekonomichef", "Direktionen för Västra Räddningsförbundet", "Västra Räddningsförbundet"),
    ("ekonom", "Samverkansgruppen", None),
]


@pytest.mark.parametrize("role,meeting_body,expected", ROLE_BODIES)
def test_roles_default_body(role, meeting_body, expected):
    assert roles.default_body(role, meeting_body) == expected


def test_roles_signature_block():
    found = roles.signature_roles("Sekreterare Karin Lund Ordförande. Olle Berg", 0)
    assert [(r.person, r.role) for r in found] == [("Karin Lund", "sekreterare"), ("Olle Berg", "ordförande")]
    found = roles.signature_roles("Sekreterare är Nils Ek.", 0)
    assert [(r.person, r.role) for r in found] == [("Nils Ek", "sekreterare")]


def test_roles_appointment_with_period_and_home_post():
    found = roles.find_roles("att utse Anna Berg, socialchef i Mora kommun till ordförande i Omsorgsnätverket 2024", 0)
    assert [(r.person, r.role, r.body, r.start_date, r.end_date) for r in found] == [
        ("Anna Berg", "ordförande", "Omsorgsnätverket", "2024-01-01", "2024-12-31"),
        ("Anna Berg", "socialchef", "Mora kommun", None, None),
    ]
