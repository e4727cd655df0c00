"""Property-based tests: the reader and the extractor take any bytes or text and fail only with our own errors.

Inputs are random, and also real documents (a PDF, a .docx, minutes text) damaged at random places, since
those reach the deep parsers that random bytes never get past the first check of.
"""
from __future__ import annotations

import io
import json

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.errors import SamkartaError
from extraction.extract import extract_text
from extraction.reading import Document, clean_text, read_bytes
from extraction.records import Record
from test_reading_pdf import BODY, build_pdf

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

SUFFIXES = [".txt", ".pdf", ".docx", ".TXT", ".Pdf", "", ".doc", ".odt", ".md", ".txt.pdf", "."]
GENRE_LINES = [
    "Protokoll", "Minnesanteckningar", "Närvarande:", "Frånvarande:", "Ersättare:", "Beslutande", "§ 1", "§ 12 Budget",
    "1. Mötets öppnande", "a) Information", "Nämnden beslutade", "att godkänna rapporten.",
    "att lägga informationen till handlingarna.", "Styrgruppen gav förvaltningschefen i uppdrag att återkomma.",
    "Datum: 2024-03-05", "Tid: 13.00–15.30", "Plats: Stadshuset", "Dnr 2024/123", "Anna Berg, ordförande",
    "Bo Ek (S), Exempelby kommun", "Justerare", "Sida 2 av 5", "2 (5)", "Enligt protokoll 2023-11-02 § 4",
    "Samverkansnämnden", "Region Exempel", "överenskommelse om hälso- och sjukvård", "Ordförande\tSekreterare",
    "• punkt", "**fet**", "–", "", " ", "\f", "\t\t", "NÄRVARANDE", "beslutade:", "Beslut:", "Förslag till beslut",
]


def _docx_bytes() -> bytes:
    document = docx.Document()
    for line in BODY:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Namn"
    table.rows[1].cells[1].text = "Ordförande"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF = build_pdf([BODY, BODY])
DOCX = _docx_bytes()
TEXT = "\n".join(BODY * 3).encode("utf-8")


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """`original` with a few random changes: bytes overwritten, a slice cut out, or the tail cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["overwrite", "delete", "truncate", "insert"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at:at + len(chunk)] = chunk
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:]
    return bytes(data)


def _read_or_our_error(data: bytes, name: str) -> None:
    try:
        document = read_bytes(data, name)
    except SamkartaError as error:
        assert error.message and error.message_sv
        return
    assert isinstance(document, Document) and document.text.strip()
    assert "\r" not in document.text


@settings(max_examples=150, **SETTINGS)
@given(data=st.binary(max_size=3000), stem=st.text(max_size=20), suffix=st.sampled_from(SUFFIXES))
def test_robust_read_bytes_any_bytes_any_name(data, stem, suffix):
    _read_or_our_error(data, stem + suffix)


@settings(max_examples=60, **SETTINGS)
@given(data=st.binary(max_size=2000), magic=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf",
                                                             b"\xff\xfe", b"\xfe\xff", b"\xd0\xcf\x11\xe0", b"{\\rtf"]),
       suffix=st.sampled_from([".txt", ".pdf", ".docx"]))
def test_robust_read_bytes_after_magic_numbers(data, magic, suffix):
    _read_or_our_error(magic + data, "fil" + suffix)


@settings(max_examples=60, **SETTINGS)
@given(data=damaged(PDF))
def test_robust_read_bytes_damaged_pdf(data):
    _read_or_our_error(data, "skadad.pdf")


@settings(max_examples=60, **SETTINGS)
@given(data=damaged(DOCX))
def test_robust_read_bytes_damaged_docx(data):
    _read_or_our_error(data, "skadad.docx")


@settings(max_examples=60, **SETTINGS)
@given(data=damaged(TEXT), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16-le", "utf-16"]))
def test_robust_read_bytes_damaged_text(data, encoding):
    _read_or_our_error(data.decode("utf-8", "replace").encode(encoding, "replace"), "skadad.txt")


@settings(max_examples=200, **SETTINGS)
@given(text=st.text(max_size=2000))
def test_robust_clean_text_any_text(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned, str)
    assert "\r" not in cleaned and "\f" not in cleaned and "\n\n\n" not in cleaned
    assert all(line == line.rstrip() for line in cleaned.split("\n"))


genre_text = st.lists(
    st.one_of(st.sampled_from(GENRE_LINES), st.text(max_size=60),
              st.builds(lambda a, b: f"{a} {b}", st.sampled_from(GENRE_LINES), st.text(max_size=30))),
    max_size=40,
).map("\n".join)


def _extract_or_our_error(text: str) -> None:
    try:
        record = extract_text(text, "slump.txt")
    except SamkartaError:
        return
    assert isinstance(record, Record)
    json.loads(record.to_json())
    for part in ("attendees", "items", "decisions", "mandates", "roles", "references"):
        for fact in getattr(record, part):
            source = getattr(fact, "source", None)
            if source is not None:
                assert 0 <= source.start <= source.end <= len(text)


@settings(max_examples=40, **SETTINGS)
@given(text=st.text(max_size=1500))
def test_robust_extract_text_any_text(text):
    _extract_or_our_error(text)


@settings(max_examples=60, **SETTINGS)
@given(text=genre_text)
def test_robust_extract_text_genre_shaped_text(text):
    _extract_or_our_error(text)


@settings(max_examples=30, **SETTINGS)
@given(text=genre_text)
def test_robust_extract_text_of_cleaned_text(text):
    _extract_or_our_error(clean_text(text))
