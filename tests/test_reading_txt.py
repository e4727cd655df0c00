"""Reading .txt files: encodings, input checks, warnings, and the shipped sample minutes."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extraction import reading
from extraction.errors import ReadError
from extraction.reading import read_bytes, read_path

SEEDS = sorted(Path(__file__).resolve().parents[1].joinpath("data", "seeds").glob("*.txt"))

SWEDISH = (
    "Protokoll från sammanträdet.\r\n"
    "Nämnden beslutade att godkänna dagordningen och att lägga rapporten till handlingarna.\r\n"
    "Ärendet om överenskommelsen för hälso- och sjukvård med kommunerna är på väg till styrelsen.\r\n"
) * 3

ENCODINGS = [
    pytest.param(SWEDISH.encode("utf-8"), False, id="utf-8"),
    pytest.param(b"\xef\xbb\xbf" + SWEDISH.encode("utf-8"), False, id="utf-8-bom"),
    pytest.param(SWEDISH.encode("utf-16"), False, id="utf-16-bom"),
    pytest.param(SWEDISH.encode("utf-16-le"), False, id="utf-16-le-no-bom"),
    pytest.param(SWEDISH.encode("utf-16-be"), False, id="utf-16-be-no-bom"),
    pytest.param(SWEDISH.encode("utf-32"), False, id="utf-32-bom"),
    pytest.param(SWEDISH.encode("cp1252"), True, id="cp1252"),
    pytest.param((SWEDISH + "Kostnad 5 € – enligt ”avtal”.\n").encode("cp1252"), True, id="cp1252-symbols"),
    pytest.param(SWEDISH.encode("cp850"), True, id="cp850-dos"),
]


@pytest.mark.parametrize("data, falls_back", ENCODINGS)
def test_reading_txt_encodings(data, falls_back):
    document = read_bytes(data, "protokoll.txt")
    expected = reading.clean_text(SWEDISH)
    assert document.text.startswith(expected.rstrip("\n"))
    assert "\r" not in document.text
    assert any("not UTF-8" in w for w in document.warnings) == falls_back


def test_reading_txt_document_fields(tmp_path):
    data = SWEDISH.encode("utf-8")
    path = tmp_path / "000_protokoll.txt"
    path.write_bytes(data)
    document = read_path(path)
    assert document.name == "000_protokoll.txt"
    assert document.path == str(path)
    assert document.format == "txt"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.warnings == ()
    assert read_bytes(data, "uppladdad/000_protokoll.txt").name == "000_protokoll.txt"


BAD_INPUT = [
    pytest.param(b"", "empty", id="empty"),
    pytest.param(b" \n\t\r\n  \n", "empty", id="whitespace-only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary", id="png"),
    pytest.param(bytes(range(1, 32)) * 40 + b"abc", "binary", id="control-characters"),
    pytest.param(b"%PDF-1.4\n" + b"x" * 100, "PDF", id="pdf-renamed"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, "zip", id="docx-renamed"),
    pytest.param("\n\n(2)\nSida 1 av 1\n".encode(), "no text", id="only-furniture"),
]


@pytest.mark.parametrize("data, message", BAD_INPUT)
def test_reading_txt_bad_input(data, message):
    with pytest.raises(ReadError, match=message) as caught:
        read_bytes(data, "fel.txt")
    assert "fel.txt" in caught.value.message_sv


@pytest.mark.parametrize("name", ["protokoll.doc", "protokoll.odt", "protokoll", "bild.png"])
def test_reading_unsupported_extension(name):
    with pytest.raises(ReadError, match="unsupported file type"):
        read_bytes(SWEDISH.encode(), name)


def test_reading_extension_is_case_insensitive():
    assert read_bytes(SWEDISH.encode(), "PROTOKOLL.TXT").format == "txt"


def test_reading_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="not found"):
        read_path(tmp_path / "saknas.txt")
    with pytest.raises(ReadError, match="folder"):
        read_path(tmp_path)


def test_reading_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1024 * 1024)
    data = SWEDISH.encode() * (1024 * 1024 // len(SWEDISH.encode()) + 1)
    with pytest.raises(ReadError, match="limit of 1 MB"):
        read_bytes(data, "stor.txt")
    path = tmp_path / "stor.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="limit of 1 MB") as caught:
        read_path(path)
    assert "1 MB" in caught.value.message_sv


def test_reading_default_size_limit_is_20_mb():
    assert reading.MAX_BYTES == 20 * 1024 * 1024


WARNINGS = [
    pytest.param("Kort anteckning.", "Very little text", id="little-text"),
    pytest.param(
        "The committee decided to approve the agenda and to file the report for the record. " * 10,
        "does not look Swedish",
        id="english",
    ),
    pytest.param(SWEDISH, None, id="swedish"),
]


@pytest.mark.parametrize("text, warning", WARNINGS)
def test_reading_text_warnings(text, warning):
    warnings = read_bytes(text.encode(), "x.txt").warnings
    if warning is None:
        assert warnings == ()
    else:
        assert any(warning in w for w in warnings)


@pytest.mark.skipif(not SEEDS, reason="sample minutes not present")
@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_reading_seed_minutes(path):
    document = read_path(path)
    lines = document.text.split("\n")
    assert "Sida 3 av 7" not in document.text
    assert not any(line != line.rstrip() for line in lines)
    assert "\n\n\n" not in document.text
    # Repeated decision lines are content, so every one read from the file is still there.
    raw = path.read_text(encoding="utf-8")
    for phrase in ("att lägga informationen till handlingarna", "beslutade"):
        assert document.text.count(phrase) >= raw.count(phrase)


def test_reading_seed_minutes_keep_decision_lines():
    texts = [read_path(p).text.split("\n") for p in SEEDS]
    assert any("att lägga informationen till handlingarna." in lines for lines in texts)
    assert any("Länschefsnätverket beslutade:" in lines for lines in texts)
