"""Reading .docx files: paragraphs and tables in body order, and files that are not Word documents."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from extraction.errors import ReadError
from extraction.reading import read_bytes


def build_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar från nätverkets möte")
    document.add_paragraph("Närvarande:")
    table = document.add_table(rows=3, cols=3)
    table.rows[0].cells[0].text = "Kommun"
    table.rows[0].cells[1].text = "Namn"
    table.rows[0].cells[2].text = "Roll"
    table.rows[1].cells[0].text = "Falun"
    table.rows[1].cells[1].text = "Anna Exempel"
    table.rows[1].cells[1].add_paragraph("Bo Exempel")
    table.rows[1].cells[2].text = "Socialchef"
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[1])
    merged.text = "Region"
    table.rows[2].cells[2].text = "Direktör"
    document.add_paragraph("1. Mötets öppnande")
    document.add_paragraph("Nätverket beslutade att öppna mötet.")
    document.add_paragraph("att lägga informationen till handlingarna.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_reading_docx_paragraphs_and_tables_in_order():
    document = read_bytes(build_docx(), "anteckningar.docx")
    assert document.format == "docx"
    assert document.text.rstrip("\n").split("\n") == [
        "Minnesanteckningar från nätverkets möte",
        "Närvarande:",
        "Kommun\tNamn\tRoll",
        "Falun\tAnna Exempel, Bo Exempel\tSocialchef",
        "Region\tDirektör",
        "1. Mötets öppnande",
        "Nätverket beslutade att öppna mötet.",
        "att lägga informationen till handlingarna.",
    ]


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "inget Word-dokument")
    return out.getvalue()


BAD_DOCX = [
    pytest.param("Det här är bara text, ingen docx.\n".encode() * 4, "not a zip", id="plain-text"),
    pytest.param(_zip_without_word(), "not a Word document", id="foreign-zip"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old Word file", id="ole-doc"),
    pytest.param(build_docx()[:300], "not a zip", id="truncated"),
    pytest.param(b"", "empty", id="empty"),
]


@pytest.mark.parametrize("data, message", BAD_DOCX)
def test_reading_docx_bad_files(data, message):
    with pytest.raises(ReadError, match=message) as caught:
        read_bytes(data, "fel.docx")
    assert "fel.docx" in caught.value.message_sv


def test_reading_docx_without_text():
    out = io.BytesIO()
    docx.Document().save(out)
    with pytest.raises(ReadError, match="no text"):
        read_bytes(out.getvalue(), "tom.docx")
