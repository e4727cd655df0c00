"""The text normaliser: page furniture, blank lines, hyphenation, markdown markers and bullets."""
from __future__ import annotations

import pytest

from extraction.reading import clean_text

REMOVED = [
    pytest.param("Inledning\nSida 3 av 7\nBeslut\n", "Sida 3 av 7", id="sida-av"),
    pytest.param("Inledning\n  Sida 3  \nBeslut\n", "Sida 3", id="sida"),
    pytest.param("Inledning\nsida: 2/9\nBeslut\n", "sida", id="sida-slash"),
    pytest.param("Inledning\n3 (7)\nBeslut\n", "(7)", id="n-paren-m"),
    pytest.param("(2)\nInledning\nBeslut\n", "(2)", id="paren-n"),
    pytest.param("Inledning\n\fBeslut\n", "\f", id="form-feed"),
    pytest.param("Inledning   \nBeslut\t \n", "   \n", id="trailing-spaces"),
    pytest.param("a) **Information: Rapport**\n", "**", id="bold"),
    pytest.param("**Nämnden beslutade:\natt godkänna rapporten.**\n", "**", id="bold-over-lines"),
    pytest.param("Det var *mycket* bra.\n", "*", id="italic"),
]


@pytest.mark.parametrize("raw, gone", REMOVED)
def test_reading_clean_removes(raw, gone):
    assert gone not in clean_text(raw)


TRANSFORMED = [
    pytest.param("Länschefsnät-\nverkets arbete\n", "Länschefsnätverkets\narbete\n", id="hyphen-join"),
    pytest.param("Länschefsnät-\n\nverkets\n", "Länschefsnätverkets\n", id="hyphen-over-blank"),
    pytest.param("Länschefsnät-\n\fverkets\n", "Länschefsnätverkets\n", id="hyphen-over-page"),
    pytest.param("ta fram RKA-\nprocessen\n", "ta fram RKA-processen\n", id="acronym-keeps-hyphen"),
    pytest.param("inom hälso-\noch sjukvård\n", "inom hälso-\noch sjukvård\n", id="compound-och"),
    pytest.param("vård-\neller omsorg\n", "vård-\neller omsorg\n", id="compound-eller"),
    pytest.param("hälso- och sjukvård\n", "hälso- och sjukvård\n", id="inline-compound"),
    pytest.param("år 2024-\n2025\n", "år 2024-\n2025\n", id="number-range"),
    pytest.param("Punkt-\nVal av ordförande\n", "Punkt-\nVal av ordförande\n", id="next-line-capital"),
    pytest.param("a\n\n\n \n\t\nb\n", "a\n\nb\n", id="blank-run"),
    pytest.param("\n\n a\n", " a\n", id="leading-blank-lines"),
    pytest.param("a\r\nb\rc\n", "a\nb\nc\n", id="line-endings"),
    pytest.param("Ma\u0308rta\n", "Märta\n", id="nfc"),
    pytest.param("a\u00a0b\n", "a b\n", id="nbsp"),
    pytest.param("rad ett\vrad två\n", "rad ett\nrad två\n", id="vertical-tab"),
    pytest.param("\uf0b7\tBarn och unga\n", "• Barn och unga\n", id="private-use-bullet"),
    pytest.param("  \uf0a7 Missbruk\n", "  • Missbruk\n", id="indented-bullet"),
    pytest.param("•Kommuner:\n", "• Kommuner:\n", id="bullet-spacing"),
    pytest.param("Kommun\tRegion\tRoll\n", "Kommun\tRegion\tRoll\n", id="tabs-kept"),
    pytest.param("(1)\nRubrik\n1\nText\n(2)\n2\nMer\n", "Rubrik\nText\nMer\n", id="counting-page-numbers"),
    pytest.param("Bilaga\n2024\nText\n", "Bilaga\n2024\nText\n", id="year-line-kept"),
    pytest.param("Röster\n12\nText\n5\n", "Röster\n12\nText\n5\n", id="non-counting-numbers-kept"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize("raw, expected", TRANSFORMED)
def test_reading_clean_transforms(raw, expected):
    assert clean_text(raw) == expected


def _page(number: int, body: list[str]) -> str:
    return "\n".join(["Region Exempel", "Protokoll", *body, f"{number} (5)"])


def test_reading_clean_drops_letterhead_repeated_on_pages_but_keeps_content():
    bodies = [
        ["Nämnden beslutade:", f"att godkänna punkt {n}.", "att lägga informationen till handlingarna."]
        for n in range(1, 6)
    ]
    text = clean_text("\f".join(_page(n, body) for n, body in enumerate(bodies, start=1)))
    assert "Region Exempel" not in text
    assert "Protokoll" not in text
    assert "(5)" not in text
    assert text.count("Nämnden beslutade:") == 5
    assert text.count("att lägga informationen till handlingarna.") == 5


def test_reading_clean_keeps_repeated_lines_in_plain_text():
    # Without page breaks only known furniture patterns go: repetition alone proves nothing.
    block = "Länschefsnätverket beslutade:\natt lägga informationen till handlingarna.\nRegion Exempel\n"
    text = clean_text(block * 6)
    assert text.count("Länschefsnätverket beslutade:") == 6
    assert text.count("att lägga informationen till handlingarna.") == 6
    assert text.count("Region Exempel") == 6


def test_reading_clean_keeps_a_header_seen_on_too_few_pages():
    pages = ["Region Exempel\nText ett", "Region Exempel\nText två", "Annan rubrik\nText tre",
             "Annan rubrik\nText fyra"]
    text = clean_text("\f".join(pages))
    assert text.count("Region Exempel") == 2
