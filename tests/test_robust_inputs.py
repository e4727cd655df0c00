"""Bad input, end to end: each wrong file gets its documented message, and a build leaves the store as it was.

Every case in BAD_INPUTS is tried three ways: through the library (collect_paths + read_path, what a build
does), as an upload (read_bytes, when the case is a file's content), and as a real `samkarta build`
process on a filled store, whose dataset is compared, sorted quad by sorted quad, before and after.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
import pytest

from extraction import reading
from extraction.errors import ReadError
from extraction.extract import extract_text
from extraction.reading import collect_paths, read_bytes, read_path
from graph.ingest import build_records
from graph.samples import sample_record_a, sample_record_b
from graph.store import open_store
from test_reading_pdf import BODY, build_pdf, encrypt

ROOT = Path(__file__).resolve().parent.parent
SAMKARTA = Path(sys.executable).with_name("samkarta")
IS_ROOT = os.geteuid() == 0

SWEDISH = (
    "Protokoll från sammanträdet med nämnden.\n"
    "Nämnden beslutade att godkänna dagordningen och att lägga rapporten till handlingarna.\n"
)


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@lru_cache(maxsize=1)
def _zip_bomb() -> bytes:
    """A real .docx whose document part unpacks to 210 MB of XML (it packs to about 200 KB)."""
    with zipfile.ZipFile(io.BytesIO(_docx("Protokoll"))) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"] + b" " * (210 * 1024 * 1024)
    return _zip(entries)


# ---------------------------------------------------------------- the cases
# A case makes its input inside a folder and returns the path to give `samkarta build`.

def content(name: str, data):
    """A file with the given bytes (or bytes made by a function, so slow ones are made only when used)."""
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path
    make.upload = (name, data)
    return make


def sparse(name: str, size: int):
    def make(folder: Path) -> Path:
        path = folder / name
        with open(path, "wb") as handle:  # a hole: the size is real, the disk use is not
            handle.truncate(size)
        return path
    return make


def missing(folder: Path) -> Path:
    return folder / "saknas.txt"


def empty_folder(folder: Path) -> Path:
    (folder / "tom").mkdir()
    return folder / "tom"


def folder_of_others(folder: Path) -> Path:
    (folder / "bilder").mkdir()
    (folder / "bilder" / "logga.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "bilder" / "anteckningar.md").write_text(SWEDISH, encoding="utf-8")
    return folder / "bilder"


def symlink_loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def dangling_link(folder: Path) -> Path:
    (folder / "genvag.txt").symlink_to(folder / "flyttad.txt")
    return folder / "genvag.txt"


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "ror.txt")
    return folder / "ror.txt"


def unreadable_file(folder: Path) -> Path:
    path = folder / "last.txt"
    path.write_text(SWEDISH * 5, encoding="utf-8")
    path.chmod(0)
    return path


def unreadable_folder(folder: Path) -> Path:
    (folder / "last").mkdir()
    (folder / "last" / "protokoll.txt").write_text(SWEDISH * 5, encoding="utf-8")
    (folder / "last").chmod(0)
    return folder / "last"


def file_in_locked_folder(folder: Path) -> Path:
    (folder / "last2").mkdir()
    (folder / "last2" / "protokoll.txt").write_text(SWEDISH * 5, encoding="utf-8")
    (folder / "last2").chmod(0)
    return folder / "last2" / "protokoll.txt"


def scanned_pdf_message() -> str:
    # With Swedish OCR installed the blank scan is read and found empty; without it the need is named.
    return "contains no text" if reading.ocr_available() else "tesseract-ocr-swe"


TWO_PAGES = build_pdf([BODY, BODY])
NUL_TEXT = (SWEDISH * 5).encode("utf-8").replace(b" ", b" \x00", 20)

BAD_INPUTS = [
    pytest.param(content("tom.txt", b""), "is empty", id="empty-file"),
    pytest.param(content("blank.txt", b" \n\t\r\n  \n"), "is empty", id="whitespace-only"),
    pytest.param(content("program.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 12), "binary data",
                 id="binary-renamed-txt"),
    pytest.param(content("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), "binary data",
                 id="image-renamed-txt"),
    pytest.param(content("nollor.txt", NUL_TEXT), "binary data", id="nul-bytes"),
    pytest.param(content("styrtecken.txt", bytes(range(1, 32)) * 40 + b"abc"), "binary data",
                 id="control-characters"),
    pytest.param(content("protokoll.txt", TWO_PAGES), "is named .txt but is a PDF file", id="pdf-renamed-txt"),
    pytest.param(content("protokoll2.txt", lambda: _docx(SWEDISH)), "is named .txt but is a zip archive",
                 id="docx-renamed-txt"),
    pytest.param(content("protokoll3.txt", b"{\\rtf1\\ansi Protokoll}"), "is named .txt but is an RTF file",
                 id="rtf-renamed-txt"),
    pytest.param(content("sidfot.txt", "\n\n(2)\nSida 1 av 1\n".encode()), "contains no text",
                 id="only-page-numbers"),
    pytest.param(content("avbruten.pdf", TWO_PAGES[: len(TWO_PAGES) // 2]), "is truncated", id="truncated-pdf"),
    pytest.param(content("hemlig.pdf", lambda: encrypt(build_pdf([BODY]), "hemligt")), "password-protected",
                 id="encrypted-pdf"),
    pytest.param(content("skannad.pdf", build_pdf([[], []], image_only=True)), scanned_pdf_message(),
                 id="pdf-without-text-layer"),
    pytest.param(content("trasig.pdf", TWO_PAGES[:9] + bytes(range(256)) * 4 + b"%%EOF"), "damaged or not a PDF",
                 id="garbled-pdf"),
    pytest.param(content("sida.pdf", b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n"),
                 "damaged or not a PDF", id="html-saved-as-pdf"),
    pytest.param(content("noll.pdf", build_pdf([])), "has no pages", id="zero-page-pdf"),
    pytest.param(content("text.docx", (SWEDISH * 3).encode()), "not a zip archive", id="docx-not-a-zip"),
    pytest.param(content("avbruten.docx", lambda: _docx(SWEDISH)[:300]), "not a zip archive", id="truncated-docx"),
    pytest.param(content("arkiv.docx", _zip({"readme.txt": b"inget Word-dokument"})), "not a Word document",
                 id="zip-not-word"),
    pytest.param(content("gammal.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), "old Word file",
                 id="old-word-renamed-docx"),
    pytest.param(content("tom.docx", lambda: _docx()), "contains no text", id="docx-without-text"),
    pytest.param(content("bomb.docx", _zip_bomb), "unpacks to", id="docx-zip-bomb"),
    pytest.param(sparse("jattestor.txt", reading.MAX_BYTES + 1024 * 1024), "larger than the limit of 20 MB",
                 id="huge-file"),
    pytest.param(content("protokoll.odt", SWEDISH.encode()), "unsupported file type .odt", id="unsupported-extension"),
    pytest.param(content("protokoll", SWEDISH.encode()), "unsupported file type (none)", id="no-extension"),
    pytest.param(missing, "No such file or folder", id="missing-file"),
    pytest.param(empty_folder, "has no documents", id="folder-without-documents"),
    pytest.param(folder_of_others, "has no documents", id="folder-of-other-files"),
    pytest.param(symlink_loop, "symbolic link that leads nowhere", id="symlink-loop"),
    pytest.param(dangling_link, "symbolic link that leads nowhere", id="dangling-symlink"),
    pytest.param(fifo, "not a regular file", id="named-pipe"),
    pytest.param(unreadable_file, "Permission denied", id="unreadable-file"),
    pytest.param(unreadable_folder, "permission denied", id="unreadable-folder"),
    pytest.param(file_in_locked_folder, "Permission denied", id="file-in-locked-folder"),
]

UPLOADS = [p for p in BAD_INPUTS if hasattr(p.values[0], "upload")]
PERMISSION_CASES = {"unreadable-file", "unreadable-folder", "file-in-locked-folder"}


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def template_store(tmp_path_factory) -> Path:
    """A store holding two documents, copied afresh for every case."""
    path = tmp_path_factory.mktemp("template") / "store"
    with open_store(path) as store:
        build_records(store, [sample_record_a(), sample_record_b()])
    return path


@pytest.fixture
def place(template_store, tmp_path):
    """(input folder, store): a fresh copy of the template store for each case."""
    (tmp_path / "in").mkdir()
    store = tmp_path / "store"
    shutil.copytree(template_store, store)
    yield tmp_path / "in", store
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IRWXU | path.stat().st_mode)


def dataset(store: Path) -> list[bytes]:
    """The store's whole dataset as sorted N-Quads lines (what 'byte-identical' is measured on)."""
    with open_store(store, read_only=True) as opened:
        return sorted(opened.nquads().splitlines())


def unprivileged() -> list[str]:
    """A command prefix that takes away root's power to read any file (permission cases only)."""
    if not IS_ROOT:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def build(store: Path, target: Path, drop_root: bool = False) -> subprocess.CompletedProcess:
    command = [str(SAMKARTA)] if SAMKARTA.exists() else [sys.executable, str(ROOT / "cli.py")]
    prefix = unprivileged() if drop_root else []
    return subprocess.run([*prefix, *command, "build", "--store", str(store), str(target)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def read_all(target: Path) -> None:
    """What a build does with its paths before any extraction."""
    for path in collect_paths([target]):
        read_path(path)


# ---------------------------------------------------------------- the tests

def test_robust_inputs_are_at_least_twenty_distinct():
    ids = [p.id for p in BAD_INPUTS]
    assert len(ids) == len(set(ids)) >= 20


@pytest.mark.parametrize("make, message", BAD_INPUTS)
def test_robust_input_library_raises_documented_read_error(place, make, message, request):
    folder, _ = place
    target = make(folder)
    if request.node.callspec.id in PERMISSION_CASES and IS_ROOT:
        # root reads anything: the library check runs in a child process without that power
        code = ("import sys; from pathlib import Path; from extraction.errors import ReadError\n"
                "from extraction.reading import collect_paths, read_path\n"
                "try:\n    [read_path(p) for p in collect_paths([Path(sys.argv[1])])]\n"
                "except ReadError as e:\n    print(e.message); print(e.message_sv); sys.exit(3)\n")
        run = subprocess.run([*unprivileged(), sys.executable, "-c", code, str(target)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 3, run.stderr
        english, swedish = run.stdout.splitlines()
    else:
        with pytest.raises(ReadError) as caught:
            read_all(target)
        english, swedish = caught.value.message, caught.value.message_sv
    assert message in english
    assert swedish and swedish != english


@pytest.mark.parametrize("make, message", UPLOADS)
def test_robust_input_upload_raises_documented_read_error(make, message):
    name, data = make.upload
    with pytest.raises(ReadError, match=re.escape(message)) as caught:
        read_bytes(data() if callable(data) else data, f"uppladdat/{name}")
    assert name in caught.value.message_sv


@pytest.mark.parametrize("make, message", BAD_INPUTS)
def test_robust_input_cli_build_one_line_and_store_unchanged(place, make, message, request):
    folder, store = place
    target = make(folder)
    before = dataset(store)
    assert len(before) > 50
    result = build(store, target, drop_root=request.node.callspec.id in PERMISSION_CASES)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("samkarta: ") and message in lines[0]
    assert result.stdout == ""
    assert dataset(store) == before


def test_robust_inputs_messages_are_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| ") and "`" in line]
    for param in BAD_INPUTS:
        message = param.values[1] if param.id != "pdf-without-text-layer" else "tesseract-ocr-swe"
        assert any(message in line for line in table), f"{param.id}: {message!r} is not in the README's table"


# ---------------------------------------------------------------- odd but readable: a warning, still processed

RECIPE = (
    "Kladdkaka\n\nIngredienser:\n100 g smör\n2 ägg\n3 dl socker\n1 dl vetemjöl\n4 msk kakao\n\n"
    "Gör så här:\n1. Sätt ugnen på 175 grader.\n2. Smält smöret i en kastrull och låt det svalna något.\n"
    "3. Rör ner ägg och socker, tillsätt sedan mjöl och kakao.\n"
    "4. Häll smeten i en smord form och grädda i mitten av ugnen i cirka 15 minuter.\n"
    "Servera med vispad grädde och färska bär. Kakan ska vara kladdig i mitten.\n"
)
NOVEL = (
    "Kapitel 3\n\nDet hade regnat hela natten när hon till slut gick ner till sjön. Dimman låg tät över vattnet "
    "och hon hörde hur en båt gled förbi någonstans långt ute. Hennes far hade alltid sagt att man aldrig skulle "
    "ro ut i dimma, men han var inte här längre, och hon hade bestämt sig.\n"
    "– Vart ska du? ropade hennes bror från trappan.\n"
    "Hon svarade inte. Hon tänkte på sommaren då de hade byggt flotten tillsammans och på hur de hade skrattat "
    "när den sjönk redan första dagen. Vattnet var kallt mot fötterna. Hon sköt ut ekan och hoppade i.\n"
)
ENGLISH = (
    "Minutes of the board meeting\nPresent: the chair, the secretary and four members\n"
    "1. Opening of the meeting. The chair opened the meeting.\n"
    "2. Budget. The board decided to approve the budget for next year and asked the director to report in June.\n"
    "3. Any other business. None.\n"
) * 2
MIXED = ("Protokoll från mötet i nämnden\n".encode("utf-8") + "Nämnden beslutade att godkänna förslaget.\n".encode(
    "cp1252") + "§ 2 Övriga frågor: inga.\n".encode("utf-8")) * 4
UTF16_NO_BOM = (SWEDISH * 6).encode("utf-16-le")

READABLE_ODDITIES = [
    pytest.param("recept.txt", RECIPE.encode(), "does not look like minutes", id="recipe"),
    pytest.param("roman.txt", NOVEL.encode(), "does not look like minutes", id="novel-excerpt"),
    pytest.param("english.txt", ENGLISH.encode(), "does not look Swedish", id="not-swedish"),
    pytest.param("blandad.txt", MIXED, "mixes encodings", id="mixed-encodings"),
    pytest.param("utf16.txt", UTF16_NO_BOM, None, id="utf-16-without-bom"),
]


@pytest.mark.parametrize("name, data, warning", READABLE_ODDITIES)
def test_robust_oddity_is_read_with_its_warning(name, data, warning):
    document = read_bytes(data, name)
    if warning is None:
        assert document.text.startswith(SWEDISH.split("\n")[0]) and document.warnings == ()
    else:
        assert any(warning in w for w in document.warnings), document.warnings
    assert "Ã" not in document.text and "\ufffd" not in document.text


@pytest.mark.parametrize("text", [RECIPE, NOVEL], ids=["recipe", "novel-excerpt"])
def test_robust_not_minutes_invents_no_facts(text):
    record = extract_text(text, "inte-protokoll.txt")
    assert record.attendees == () and record.decisions == () and record.mandates == ()
    assert record.roles == () and record.references == () and record.agreements == ()
    assert record.meeting.date is None and record.meeting.body is None
    assert record.items == ()           # the recipe's numbered steps are no agenda items


def test_robust_cli_build_prints_warnings_and_processes_oddities(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for param in READABLE_ODDITIES:
        name, data, _ = param.values
        (folder / name).write_bytes(data)
    store = tmp_path / "store"
    result = build(store, folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("samkarta: warning: ")]
    for param in READABLE_ODDITIES:
        name, _, warning = param.values
        if warning:
            assert any(name in line and warning in line for line in warnings), result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"{len(READABLE_ODDITIES)} documents: {len(READABLE_ODDITIES)} added")
    with open_store(store, read_only=True) as opened:
        assert sorted(d.name for d in opened.documents()) == sorted(p.values[0] for p in READABLE_ODDITIES)
