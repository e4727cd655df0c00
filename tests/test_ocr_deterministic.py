"""Tests of extraction.ocr: the repair is the same whatever the string hash seed (PYTHONHASHSEED)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
OCR_SEED = SEEDS / "004_61cb70b89e7d6c6e.txt"
HASH_SEEDS = ("1", "2")

# Made up: invented people and bodies, with the damage OCR and broken text layers leave.
PARAGRAPH = """\
Protokoll fran sammantradet med Samverkansnamnden for halsa och omsorg
Narvarande: Ylva Brannstrém (ordférande), Tor Sjédahl, Malin Oqvist

§ 12 Forslag till overenskommelse om hemsjukvard
Namnden har efterfragat ett forslag fran arbetsgruppen. Fragan har Iyfts i styrgruppen
och métet gavs en kort féredragning. Regionen behdver stdd fran LANETS kommuner i arbetet med
6vergripande mal for aterrapportering. Arsredovisningen for ar 2023 lades till handlingarna.
Ovriga fragor: Tor Sjodahl informerade om att avtalet I6per ut och att forslaget gar vidare.
"""
VOCABULARY = ["Samverkansnämnden", "överenskommelse", "hemsjukvård", "förslaget", "återrapportering"]
NAMES = ["Ylva Brännström", "Tor Sjödahl", "Malin Öqvist"]

_RUN = """
import json, sys
from extraction.ocr import repair_text
out = []
for case in json.load(sys.stdin):
    r = repair_text(case["text"], vocabulary=case["vocabulary"], names=case["names"])
    out.append({"text": r.text, "changes": [list(c) for c in r.changes]})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def _cases() -> list[dict]:
    cases = [
        {"text": PARAGRAPH, "vocabulary": [], "names": []},
        {"text": PARAGRAPH, "vocabulary": VOCABULARY, "names": NAMES},
    ]
    if OCR_SEED.exists():
        text = OCR_SEED.read_text(encoding="utf-8")
        others = [w for p in sorted(SEEDS.glob("*.txt")) if p != OCR_SEED
                  for w in p.read_text(encoding="utf-8").split()]
        cases += [{"text": text, "vocabulary": [], "names": []},
                  {"text": text, "vocabulary": others, "names": []}]
    return cases


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict]]:
    """Each case repaired in one subprocess per hash seed (the lexicon loads once per process)."""
    payload = json.dumps(_cases(), ensure_ascii=False)
    out = {}
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run([sys.executable, "-c", _RUN], input=payload, capture_output=True,
                              text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=300, check=True)
        out[seed] = json.loads(done.stdout)
    return out


def test_ocr_deterministic_made_up_paragraph(runs):
    first, second = (runs[s][:2] for s in HASH_SEEDS)
    assert first == second
    plain, known = first
    assert len(plain["changes"]) > 10
    assert "förslag" in plain["text"] and "efterfrågat" in plain["text"]
    assert "Ylva Brännström" in known["text"]


def test_ocr_deterministic_damaged_seed(runs):
    if not OCR_SEED.exists():
        pytest.skip(f"{OCR_SEED.name} is not in data/seeds")
    first, second = (runs[s][2:] for s in HASH_SEEDS)
    assert first == second
    assert all(len(r["changes"]) > 100 for r in first)
