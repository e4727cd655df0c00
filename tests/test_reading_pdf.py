"""Reading PDFs: text layer, page furniture across pages, encryption, damage and missing text layers."""
from __future__ import annotations

import io
import os
import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from extraction import reading
from extraction.errors import ReadError
from extraction.reading import read_bytes

BODY = [
    "Protokoll fört vid sammanträde med nämnden",
    "§ 1 Val av justerare",
    "Nämnden beslutade att utse en justerare för dagens protokoll.",
    "Arbetet med överenskommelsen om hälso- och sjukvård går vidare enligt plan och",
    "ska redovisas för nämnden vid nästa möte som äger rum i samband med budget-",
    "arbetet under våren.",
    "att lägga informationen till handlingarna.",
]


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def build_pdf(pages: list[list[str]], image_only: bool = False) -> bytes:
    """A minimal PDF with one Helvetica text line per entry (or, image_only, a blank image)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if image_only:
            pixels = zlib.compress(bytes([255]) * 64 * 64)
            image = add(
                b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
                + pixels + b"\nendstream"
            )
            content = b"q 500 0 0 700 50 50 cm /Im0 Do Q"
            resources = b"<< /XObject << /Im0 %d 0 R >> >>" % image
        else:
            ops = [b"BT /F1 11 Tf 14 TL 50 800 Td"]
            ops += [b"(" + _escape(line) + b") Tj T*" for line in lines]
            ops.append(b"ET")
            content = b"\n".join(ops)
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (tree, resources, stream)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe5\xe4\xf6\xc5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # RC4 needs no extra crypto package, so the test runs on a bare install.
    writer.encrypt(user_password=user_password, owner_password="ägare", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HEADINGS = ["Val av justerare", "Budget för året", "Rapport om vården", "Övriga frågor"]


@pytest.fixture
def paged_pdf() -> bytes:
    """Four pages with a letterhead, a footer with page numbers and body text.

    Every page starts under the letterhead with "Nämnden beslutade" and ends above the footer
    with the same decision line: repeated content at page edges that must survive.
    """
    pages = []
    for number, heading in enumerate(HEADINGS, start=1):
        pages.append(
            ["Samverkansnämnden Protokoll", f"2024-05-{10 + number:02d}", "Nämnden beslutade", f"§ {number} {heading}"]
            + BODY[2:]
            + ["Justerandes signatur", f"Sida {number} av 4"]
        )
    return build_pdf(pages)


def test_reading_pdf_text_layer_is_read(paged_pdf):
    document = read_bytes(paged_pdf, "protokoll.pdf")
    assert document.format == "pdf"
    assert document.path is None
    assert "Nämnden beslutade att utse en justerare för dagens protokoll." in document.text
    assert document.text.count("att lägga informationen till handlingarna.") == 4
    assert document.text.count("Nämnden beslutade\n") == 4
    assert "§ 4 Övriga frågor" in document.text
    assert "\f" not in document.text


@pytest.mark.parametrize(
    "furniture",
    ["Samverkansnämnden Protokoll", "Justerandes signatur", "Sida 2 av 4", "2024-05-12"],
)
def test_reading_pdf_drops_repeated_page_edges(paged_pdf, furniture):
    assert furniture not in read_bytes(paged_pdf, "p.pdf").text


def test_reading_pdf_joins_hyphenated_words_but_not_compounds(paged_pdf):
    text = read_bytes(paged_pdf, "p.pdf").text
    assert "budgetarbetet" in text
    assert "hälso- och sjukvård" in text


ENCRYPTION_CASES = [
    pytest.param("", True, id="empty-user-password-opens"),
    pytest.param("hemligt", False, id="real-password-refused"),
]


@pytest.mark.parametrize("password, readable", ENCRYPTION_CASES)
def test_reading_pdf_encryption(password, readable):
    data = encrypt(build_pdf([BODY]), password)
    if readable:
        assert "Val av justerare" in read_bytes(data, "x.pdf").text
    else:
        with pytest.raises(ReadError, match="password") as caught:
            read_bytes(data, "x.pdf")
        assert "lösenord" in caught.value.message_sv


def _truncate(pdf: bytes) -> bytes:
    return pdf[: len(pdf) // 2]


def _garble(pdf: bytes) -> bytes:
    return pdf[:9] + bytes(range(256)) * 4 + b"%%EOF"


DAMAGE_CASES = [
    pytest.param(_truncate, "truncated", id="truncated"),
    pytest.param(_garble, "damaged", id="garbled-body"),
    pytest.param(lambda pdf: b"just words, no pdf here\n" * 5, "damaged", id="not-a-pdf"),
]


@pytest.mark.parametrize("damage, message", DAMAGE_CASES)
def test_reading_pdf_damage_is_read_error(damage, message):
    with pytest.raises(ReadError, match=message):
        read_bytes(damage(build_pdf([BODY, BODY])), "trasig.pdf")


def test_reading_pdf_without_text_layer_needs_ocr(monkeypatch):
    monkeypatch.setattr(reading, "ocr_available", lambda: False)
    with pytest.raises(ReadError, match="no text layer") as caught:
        read_bytes(build_pdf([[], []], image_only=True), "skannad.pdf")
    for package in ("tesseract-ocr", "tesseract-ocr-swe", "poppler-utils", "pytesseract"):
        assert package in caught.value.message
        assert package in caught.value.message_sv


def test_reading_pdf_ocr_fills_empty_pages(monkeypatch):
    calls = []

    def fake_ocr(data, page_numbers):
        calls.append(page_numbers)
        return ["\n".join(BODY) for _ in page_numbers]

    monkeypatch.setattr(reading, "ocr_available", lambda: True)
    monkeypatch.setattr(reading, "ocr_pdf_pages", fake_ocr)
    document = read_bytes(build_pdf([BODY, []], image_only=False), "blandad.pdf")
    assert calls == [[2]]
    assert document.text.count("Val av justerare") == 2
    assert any("OCR" in warning for warning in document.warnings)


def test_reading_pdf_partial_text_layer_warns_without_ocr(monkeypatch):
    monkeypatch.setattr(reading, "ocr_available", lambda: False)
    document = read_bytes(build_pdf([BODY, []]), "blandad.pdf")
    assert "Val av justerare" in document.text
    assert any("1 of 2 pages have no text layer" in warning for warning in document.warnings)


@pytest.mark.skipif(not reading.ocr_available(), reason="tesseract with Swedish data not installed")
def test_reading_pdf_ocr_runs_on_a_blank_scan():
    # A blank image gives no words; the point is that the real OCR chain runs end to end.
    with pytest.raises(ReadError, match="no text"):
        read_bytes(build_pdf([[]], image_only=True), "tom.pdf")


SCANNED_LINES = [
    "Protokoll från sammanträdet",
    "Närvarande: ordföranden och sekreteraren",
    "Nämnden beslutade att godkänna dagordningen.",
    "Överenskommelse om hälso- och sjukvård",
    "Nämnden beslutade att lägga rapporten till handlingarna.",
]


def scanned_pdf(lines: list[str]) -> bytes:
    """A page image of printed Swedish lines saved as a PDF without any text layer (what a scanner gives)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((120, 150 + number * 80), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=200)
    return out.getvalue()


@pytest.mark.skipif(not reading.ocr_available() or not os.path.exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                    reason="tesseract with Swedish data (or the DejaVu font to print a test page) not installed")
def test_reading_pdf_ocr_reads_a_swedish_scan():
    document = read_bytes(scanned_pdf(SCANNED_LINES), "skannad.pdf")
    assert any("OCR was used for 1 of 1 pages" in w for w in document.warnings)
    lines = [line for line in document.text.split("\n") if line]
    # Swedish letters come through: at least four of the five printed lines are read exactly.
    assert sum(line in lines for line in SCANNED_LINES) >= 4, document.text
