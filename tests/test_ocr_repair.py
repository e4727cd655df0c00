"""Tests of extraction.ocr: restoring å/ä/ö in OCR'd minutes, names, and the damage score."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from extraction.ocr import Repair, looks_damaged, repair_text, resolve_garbled_name

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
CLEAN_SEED = SEEDS / "000_db444f64db1e8be6.txt"
OCR_SEED = SEEDS / "004_61cb70b89e7d6c6e.txt"

REPAIRS = [
    ("Natverket beslutade att godkanna dagordningen.", "Nätverket beslutade att godkänna dagordningen."),
    ("Féredragande: Karin Lund, ordférande", "Föredragande: Karin Lund, ordförande"),
    ("6vergripande ansvar", "övergripande ansvar"),
    ("Fragan har Iyfts i styrgruppen.", "Frågan har lyfts i styrgruppen."),
    ("Regionen behdver kommunernas stdd.", "Regionen behöver kommunernas stöd."),
    ("att lagga informationen till handlingarna", "att lägga informationen till handlingarna"),
    ("Aterrapportering fran arbetsgruppen", "Återrapportering från arbetsgruppen"),
    ("arbetet med hemsjukvardsavtalet", "arbetet med hemsjukvårdsavtalet"),
    ("Det ar viktigt att mota behoven.", "Det är viktigt att möta behoven."),
    ("vartannat ar", "vartannat år"),
    ("Vid métet gavs en kort uppdatering.", "Vid mötet gavs en kort uppdatering."),
    ("Avtalet I6per ut och dverenskommelsen galler.", "Avtalet löper ut och överenskommelsen gäller."),
    ("Ovriga fragor", "Övriga frågor"),
]


@pytest.mark.parametrize("damaged, expected", REPAIRS)
def test_ocr_repairs_sentence(damaged, expected):
    repair = repair_text(damaged)
    assert repair.text == expected
    assert all(wrong != right for wrong, right in repair.changes)


def test_ocr_repair_is_frozen_and_keeps_lines():
    text = "Natverket beslutade\natt godkanna dagordningen.\n\n"
    repair = repair_text(text)
    assert isinstance(repair, Repair)
    assert repair.text.count("\n") == text.count("\n")
    with pytest.raises(AttributeError):
        repair.text = ""  # type: ignore[misc]


def test_ocr_changes_are_distinct_pairs():
    repair = repair_text("fragan och fragan och fragan")
    assert repair.changes == (("fragan", "frågan"),)


@pytest.mark.parametrize("clean", [
    "Nätverket beslutade att godkänna dagordningen.",
    "Mötet öppnades av ordföranden. Samverkansavtalet för vårdhygien antogs.",
    "Ida Berg och Tanja Holm, Kd, deltog. Protokollet justerades 2024-03-12.",
    "Ärendet återremitteras till styrgruppen för fortsatt beredning.",
])
def test_ocr_clean_text_unchanged(clean):
    repair = repair_text(clean)
    assert repair.text == clean and repair.changes == ()


def test_ocr_vocabulary_decides_compounds():
    text = "Lanschefsnatverket beslutade om vardhygien."
    repair = repair_text(text, vocabulary=["Länschefsnätverket", "vårdhygien"])
    assert repair.text == "Länschefsnätverket beslutade om vårdhygien."


def test_ocr_document_own_sure_repairs_decide_plain_losses():
    text = "Lénschefsnétverket beslutade. Lanschefsnatverket beslutade."
    assert repair_text(text).text == "Länschefsnätverket beslutade. Länschefsnätverket beslutade."


def test_ocr_numbers_untouched():
    text = "Sammanträdet 251016 kl. 16.00, 1:a punkten, ärende 2026/61."
    assert repair_text(text).text == text


@pytest.mark.parametrize("damaged, expected", [
    ("Föredragande: Karin Gardsback, ordförande", "Föredragande: Karin Gärdsback, ordförande"),
    ("Föredragande: Karin Gérdsback, ordförande", "Föredragande: Karin Gärdsback, ordförande"),
    ("enligt Gardsback", "enligt Gärdsback"),
    ("Karin Gärdsback deltog", "Karin Gärdsback deltog"),
])
def test_ocr_names_take_clean_spelling(damaged, expected):
    assert repair_text(damaged, names=["Karin Gärdsback", "Per Öst"]).text == expected


def test_ocr_garbled_name_resolved():
    names = ["Karin Lund", "Olof Björk", "Anna Svensson"]
    hit = resolve_garbled_name("Kerin-Lumd", names, threshold=70)
    assert hit is not None and hit[0] == "Karin Lund" and hit[1] >= 70
    assert resolve_garbled_name("Olef-Bjérk", names, threshold=70)[0] == "Olof Björk"
    assert resolve_garbled_name("Xyzzy-Qwerty", names, threshold=70) is None


def test_ocr_looks_damaged_scores():
    assert looks_damaged("Nätverket beslutade att godkänna dagordningen.") == 0.0
    assert looks_damaged("Natverket beslutade att godkanna dagordningen for varen.") > 0.3
    assert looks_damaged("") == 0.0


@pytest.mark.skipif(not CLEAN_SEED.exists(), reason="seed document absent")
def test_ocr_clean_seed_nearly_unchanged():
    text = CLEAN_SEED.read_text(encoding="utf-8")
    assert looks_damaged(text) < 0.02
    assert len(repair_text(text).changes) <= 2


@pytest.mark.skipif(not OCR_SEED.exists(), reason="seed document absent")
def test_ocr_damaged_seed_repaired():
    text = OCR_SEED.read_text(encoding="utf-8")
    assert looks_damaged(text) > 0.1
    repair_text("värme")  # load the lexicon before timing
    started = time.perf_counter()
    repair = repair_text(text)
    assert time.perf_counter() - started < 2.0
    assert len(repair.changes) > 100
    assert repair.text.count("\n") == text.count("\n")
    assert looks_damaged(repair.text) < 0.03
