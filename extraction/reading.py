"""Documents -> clean text: reads .txt, .pdf (text layer or OCR) and .docx into a `Document`."""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import warnings
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Iterable

from extraction.errors import ReadError
from extraction.patterns import word_set

MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its parts together may unpack to at most this much.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx")
PAGE_BREAK = "\n\f\n"

# Below this many words a document is probably a cover page or a failed extraction.
MIN_WORDS = 40
# Swedish running text has 15-25 % of these; a share under 1 % means another language or garbage.
SWEDISH_FUNCTION_WORDS = frozenset(
    {"och", "att", "som", "för", "på", "med", "är", "av", "den", "till"}
)
MIN_SWEDISH_SHARE = 0.01
# Minutes and agendas name themselves and their parts; fewer genre words than this means another kind of text.
MIN_MINUTES_WORDS = 2
# Control characters other than tab/newline/CR/FF/VT; more than this share means a binary file.
MAX_CONTROL_SHARE = 0.01
OCR_PACKAGES_HINT = (
    "the Debian packages tesseract-ocr tesseract-ocr-swe poppler-utils and the Python package pytesseract"
)


@dataclass(frozen=True)
class Document:
    """One read document: its name, where it came from, its cleaned text and what went oddly."""

    name: str
    path: str | None
    text: str
    sha256: str
    format: str
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Public entry points


def read_path(path: Path) -> Document:
    """Read a .txt, .pdf or .docx file from disk into a Document."""
    path = Path(path)
    try:
        _check_file(path)
        _check_suffix(path.name)
        _check_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except OSError as error:
        # Also a folder on the way that may not be searched: exists() itself raises then.
        raise ReadError(
            f"Could not read {path}: {error.strerror or error}",
            f"Kunde inte läsa {path}: {error.strerror or error}",
        ) from error
    return _read(data, path.name, str(path))


def _check_file(path: Path) -> None:
    if not path.exists():
        if path.is_symlink():
            raise _broken_link_error(path)
        raise ReadError(f"File not found: {path}", f"Filen finns inte: {path}")
    if path.is_dir():
        raise ReadError(
            f"{path} is a folder, not a document.", f"{path} är en mapp, inte ett dokument."
        )
    if not path.is_file():
        # A named pipe or a device would block or never end when read.
        raise ReadError(
            f"{path} is not a regular file (a pipe, socket or device).",
            f"{path} är ingen vanlig fil (en pipe, socket eller enhet).",
        )


def read_bytes(data: bytes, name: str) -> Document:
    """Read an uploaded document given its bytes and file name (the name decides the format)."""
    return _read(bytes(data), PurePath(name).name, None)


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted) to supported documents; keep given files in order."""
    try:
        return _collect_paths(paths)
    except OSError as error:
        where = error.filename or "a given path"
        raise ReadError(
            f"Could not open {where}: {error.strerror or error}",
            f"Kunde inte öppna {where}: {error.strerror or error}",
        ) from error


def _collect_paths(paths: Iterable[Path]) -> list[Path]:
    collected: list[Path] = []
    seen: set[Path] = set()

    def add(candidate: Path) -> None:
        key = candidate.resolve()
        if key not in seen:
            seen.add(key)
            collected.append(candidate)

    for path in map(Path, paths):
        if not path.exists():
            if path.is_symlink():
                raise _broken_link_error(path)
            raise ReadError(f"No such file or folder: {path}", f"Filen eller mappen finns inte: {path}")
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise ReadError(
                    f"The folder {path} cannot be opened: permission denied.",
                    f"Mappen {path} kan inte öppnas: behörighet saknas.",
                )
            found = sorted(
                (p for p in path.rglob("*") if p.is_file() and _is_document_name(p.relative_to(path))),
                key=lambda p: p.relative_to(path).as_posix().lower(),
            )
            if not found:
                raise ReadError(
                    f"The folder {path} has no documents to read (.txt, .pdf, .docx).",
                    f"Mappen {path} innehåller inga dokument att läsa (.txt, .pdf, .docx).",
                )
            for p in found:
                add(p)
        else:
            # A file named explicitly is kept; read_path reports it if its format is unsupported.
            add(path)
    if not any(p.suffix.lower() in SUPPORTED_SUFFIXES for p in collected):
        if collected:
            _check_suffix(collected[0].name)  # files named explicitly, none of a kind we read: say why
        raise ReadError(
            "No documents to read (.txt, .pdf, .docx) were given.",
            "Inga dokument att läsa (.txt, .pdf, .docx) angavs.",
        )
    return collected


# ---------------------------------------------------------------------------
# Dispatch and checks


def _is_document_name(relative: Path) -> bool:
    # Hidden files and Word's "~$name.docx" lock files are not documents.
    if any(part.startswith((".", "~$")) for part in relative.parts):
        return False
    return relative.suffix.lower() in SUPPORTED_SUFFIXES


def _broken_link_error(path: Path) -> ReadError:
    return ReadError(
        f"{path} is a symbolic link that leads nowhere (its target is missing or the links form a loop).",
        f"{path} är en symbolisk länk som inte leder någonstans (målet saknas eller länkarna går i ring).",
    )


def _check_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        hint = " Save it as .docx first." if suffix in (".doc", ".odt", ".rtf") else ""
        hint_sv = " Spara det som .docx först." if hint else ""
        raise ReadError(
            f"{name}: unsupported file type {shown}; Samkarta reads .txt, .pdf and .docx.{hint}",
            f"{name}: filtypen {suffix or '(ingen)'} stöds inte; Samkarta läser .txt, .pdf och .docx.{hint_sv}",
        )
    return suffix


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        limit = _megabytes(MAX_BYTES)
        raise ReadError(
            f"{name} is {_megabytes(size)}, larger than the limit of {limit}.",
            f"{name} är {_megabytes(size)}, större än gränsen på {limit}.",
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _read(data: bytes, name: str, path: str | None) -> Document:
    suffix = _check_suffix(name)
    _check_size(len(data), name)
    if not data.strip():
        raise ReadError(f"{name} is empty.", f"{name} är tom.")
    warnings: list[str] = []
    if suffix == ".txt":
        raw = _decode_text(data, name, warnings)
    elif suffix == ".pdf":
        raw = _extract_pdf(data, name, warnings)
    else:
        raw = _extract_docx(data, name)
    text = clean_text(raw)
    if not text.strip():
        raise ReadError(f"{name} contains no text.", f"{name} innehåller ingen text.")
    warnings.extend(_language_warnings(text))
    return Document(
        name=name,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format=suffix.lstrip("."),
        warnings=tuple(warnings),
    )


def looks_like_minutes(text: str) -> bool:
    """False for a text long enough to judge that names none of the genre's parts (a recipe, a story):
    its numbered lines are then no agenda items."""
    if _has_minutes_words(text):
        return True
    return not any("does not look like minutes" in w for w in _language_warnings(text))


def _has_minutes_words(text: str) -> bool:
    """Whether the text has MIN_MINUTES_WORDS words of the genre ("§" counts too), read from the start until
    they are found. Speed only: with them, _language_warnings never says "does not look like minutes", and
    minutes name them in their first lines; the whole text is read only when they are not there."""
    found = text.count("§")
    if found >= MIN_MINUTES_WORDS:
        return True
    markers = word_set("minutes_words.txt")
    for m in WORD.finditer(text.lower()):
        if m.group() in markers:
            found += 1
            if found >= MIN_MINUTES_WORDS:
                return True
    return False


WORD = re.compile(r"[^\W\d_]+")


def _language_warnings(text: str) -> list[str]:
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return [f"Very little text ({len(words)} words); the document may be a cover page or badly extracted."]
    share = sum(word in SWEDISH_FUNCTION_WORDS for word in words) / len(words)
    if share < MIN_SWEDISH_SHARE:
        return [
            f"The text does not look Swedish ({share:.1%} Swedish function words); "
            "extraction is tuned for Swedish minutes."
        ]
    markers = word_set("minutes_words.txt")
    if sum(word in markers for word in words) + text.count("§") < MIN_MINUTES_WORDS:
        return [
            "The text does not look like minutes or an agenda (hardly any words such as "
            "protokoll, närvarande, beslut or §); expect few or no facts."
        ]
    return []


# ---------------------------------------------------------------------------
# .txt


_MAGIC = (
    (b"%PDF-", "a PDF file", "en PDF-fil"),
    (b"PK\x03\x04", "a zip archive (perhaps a .docx)", "ett zip-arkiv (kanske en .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office file", "en äldre Word/Office-fil"),
    (b"{\\rtf", "an RTF file", "en RTF-fil"),
)
# Letters that appear when UTF-8 or a DOS code page is read with the wrong table.
_MOJIBAKE = set("ÃÂ„†‡‰‹›˜™š›œžŸ¤¦¨¯´¸")
_SWEDISH_LETTERS = set("åäöÅÄÖé")


def _decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    for magic, what, what_sv in _MAGIC:
        if data.startswith(magic):
            raise ReadError(
                f"{name} is named .txt but is {what}; give it its right extension.",
                f"{name} heter .txt men är {what_sv}; ge filen rätt filändelse.",
            )
    text = _decode_with_bom(data) or _decode_utf16_without_bom(data)
    if text is None:
        if data.count(b"\x00") > 0:
            raise _binary_error(name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_mixed(data, warnings)
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
    )
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise _binary_error(name)
    return text


def _binary_error(name: str) -> ReadError:
    return ReadError(
        f"{name} does not look like a text file (it contains binary data).",
        f"{name} ser inte ut som en textfil (den innehåller binära data).",
    )


def _decode_with_bom(data: bytes) -> str | None:
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text of Latin letters has a NUL in every other byte; binaries scatter them.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        encoding = "utf-16-le"
    elif even > 0.3 and odd < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    return data[: len(data) - len(data) % 2].decode(encoding, errors="replace")


def _decode_mixed(data: bytes, warnings: list[str]) -> str:
    """Non-UTF-8 bytes: a legacy code page, or line by line when UTF-8 lines are pasted among legacy ones."""
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    if not any(line is not None and not line.isascii() for line in decoded):
        encoding, text = _decode_legacy(data)
        warnings.append(f"The file is not UTF-8; it was decoded as {encoding}.")
        return text
    legacy = [i for i, line in enumerate(decoded) if line is None]
    encoding, _ = _decode_legacy(b"\n".join(lines[i] for i in legacy))
    for i in legacy:
        decoded[i] = lines[i].decode(encoding)
    warnings.append(
        f"The file mixes encodings: {len(legacy)} of {len(lines)} lines are not UTF-8 "
        f"and were decoded as {encoding}."
    )
    return "\n".join(decoded)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with the legacy code page that gives the most Swedish-looking text."""
    candidates = []
    for encoding in ("cp1252", "cp850", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        swedish = sum(ch in _SWEDISH_LETTERS for ch in text)
        odd = sum(ch in _MOJIBAKE or "\x80" <= ch <= "\x9f" for ch in text)
        candidates.append((swedish - 3 * odd, encoding, text))
    # latin-1 decodes every byte, so there is always a candidate; ties keep the order above.
    best = max(candidates, key=lambda c: c[0])
    return best[1], best[2]


# ---------------------------------------------------------------------------
# .pdf


def _extract_pdf(data: bytes, name: str, warnings: list[str]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    corrupt = ReadError(
        f"{name} is damaged or not a PDF and could not be read.",
        f"{name} är skadad eller ingen PDF och kunde inte läsas.",
    )
    if b"%PDF-" not in data[:1024]:
        raise corrupt
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-8192:]:
        # pypdf silently rebuilds truncated files and would hand back a partial document.
        raise ReadError(
            f"{name} is truncated (the end of the PDF is missing); download it again.",
            f"{name} är avkortad (slutet av PDF-filen saknas); ladda ner den igen.",
        )
    encrypted = ReadError(
        f"{name} is password-protected; save an unprotected copy and read that.",
        f"{name} är lösenordsskyddad; spara en oskyddad kopia och läs in den.",
    )
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                # Many PDFs are "encrypted" only against editing and open with the empty password.
                try:
                    if not reader.decrypt(""):
                        raise encrypted
                except (NotImplementedError, PdfReadError) as error:
                    raise encrypted from error
            pages = [page.extract_text() or "" for page in reader.pages]
        except ReadError:
            raise
        except DependencyError as error:
            # AES-encrypted PDFs open with the empty password only when pypdf has its crypto backend.
            raise ReadError(
                f"{name} is encrypted with AES; reading it needs the Python package cryptography.",
                f"{name} är krypterad med AES; för att läsa den behövs Pythonpaketet cryptography.",
            ) from error
        except Exception as error:  # pypdf raises many kinds on broken files; all mean the same here.
            raise corrupt from error
    if not pages:
        raise ReadError(f"{name} has no pages.", f"{name} har inga sidor.")
    empty = [i for i, text in enumerate(pages) if len(text.strip()) < 10]
    if empty:
        pages = _fill_pages_by_ocr(data, name, pages, empty, warnings)
    return PAGE_BREAK.join(pages)


@contextmanager
def _quiet_pypdf():
    """pypdf logs and warns about every repair it makes; the reader reports problems itself, in one line."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _fill_pages_by_ocr(
    data: bytes, name: str, pages: list[str], empty: list[int], warnings: list[str]
) -> list[str]:
    all_empty = len(empty) == len(pages)
    if not ocr_available():
        if all_empty:
            raise ReadError(
                f"{name} has no text layer (it is a scanned image). Reading it needs OCR: "
                f"install {OCR_PACKAGES_HINT}.",
                f"{name} saknar textlager (den är en inskannad bild). För att läsa den behövs OCR: "
                "installera Debianpaketen tesseract-ocr tesseract-ocr-swe poppler-utils "
                "och Pythonpaketet pytesseract.",
            )
        warnings.append(
            f"{len(empty)} of {len(pages)} pages have no text layer and were skipped; "
            f"OCR needs {OCR_PACKAGES_HINT}."
        )
        return pages
    try:
        recognised = ocr_pdf_pages(data, [i + 1 for i in empty])
    except Exception as error:  # pdftoppm or tesseract failing on a damaged page: say so, never a traceback
        why = " ".join(str(error).split())[:200] or type(error).__name__
        if all_empty:
            raise ReadError(
                f"{name} has no text layer and OCR could not read it ({why}).",
                f"{name} saknar textlager och OCR kunde inte läsa den ({why}).",
            ) from error
        warnings.append(f"{len(empty)} of {len(pages)} pages have no text layer and OCR failed on them; they were skipped.")
        return pages
    pages = list(pages)
    for index, text in zip(empty, recognised):
        pages[index] = text
    warnings.append(
        f"OCR was used for {len(empty)} of {len(pages)} pages; expect misread letters."
    )
    return pages


def ocr_available() -> bool:
    """True when pytesseract, the tesseract binary with Swedish data and pdftoppm are installed."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        langs = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "swe" in (langs.stdout + langs.stderr).split()


def ocr_pdf_pages(data: bytes, page_numbers: list[int]) -> list[str]:
    """OCR the given 1-based pages of a PDF in Swedish; returns one text per page."""
    import pytesseract

    texts = []
    with tempfile.TemporaryDirectory(prefix="samkarta-ocr-") as folder:
        pdf = Path(folder) / "in.pdf"
        pdf.write_bytes(data)
        for number in page_numbers:
            stem = Path(folder) / f"page{number}"
            subprocess.run(
                ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile",
                 "-f", str(number), "-l", str(number), str(pdf), str(stem)],
                check=True, capture_output=True, timeout=300,
            )
            texts.append(pytesseract.image_to_string(str(stem) + ".png", lang="swe"))
    return texts


# ---------------------------------------------------------------------------
# .docx


def _extract_docx(data: bytes, name: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            f"{name} is an old Word file or a password-protected .docx; save it as an unprotected .docx.",
            f"{name} är en äldre Word-fil eller en lösenordsskyddad .docx; spara den som oskyddad .docx.",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(
            f"{name} is not a valid .docx file (it is not a zip archive).",
            f"{name} är ingen giltig .docx-fil (den är inget zip-arkiv).",
        )
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReadError(
            f"{name} is not a valid .docx file (the zip archive is damaged).",
            f"{name} är ingen giltig .docx-fil (zip-arkivet är skadat).",
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        # A "zip bomb" would fill the memory when its XML is parsed.
        raise ReadError(
            f"{name} unpacks to {_megabytes(unpacked)}, larger than the limit of {_megabytes(MAX_UNPACKED_BYTES)}.",
            f"{name} packas upp till {_megabytes(unpacked)}, större än gränsen på {_megabytes(MAX_UNPACKED_BYTES)}.",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError/ValueError/... on a foreign zip.
        raise ReadError(
            f"{name} is a zip archive but not a Word document.",
            f"{name} är ett zip-arkiv men inget Word-dokument.",
        ) from error
    lines: list[str] = []
    try:
        # Walk the body in order so tables stay where they stand between paragraphs.
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, document)))
    except Exception as error:  # malformed parts (bad merges, missing styles) surface only here
        raise ReadError(
            f"{name} is a damaged Word document and could not be read.",
            f"{name} är ett skadat Word-dokument och kunde inte läsas.",
        ) from error
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            parts = [p.strip() for p in cell.text.splitlines() if p.strip()]
            # Several paragraphs in a cell (e.g. a list of names) stay on the row's one line.
            cells.append(", ".join(parts))
        lines.append("\t".join(cells).rstrip("\t"))
    return lines


# ---------------------------------------------------------------------------
# Cleaning

_SIDA = re.compile(r"(?i)^\s*(sida|sid\.?|page)\s*:?\s*\d+\s*((av|of|/)\s*\d+)?\s*$")
_N_OF_M = re.compile(r"^\s*\d{1,3}\s*\(\s*\d{1,3}\s*\)\s*$")  # "3 (7)"
_PAREN_N = re.compile(r"^\s*\(\s*\d{1,3}\s*\)\s*$")  # "(2)"
_SLASH_N = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")  # "3/7" alone on a line
_LONE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_BULLET_AT_START = re.compile(r"^(\s*)[\ue000-\uf8ff•●▪◦‣∙·]\s*")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
# Emphasis "*...*" or "_..._", also wrapped over a line or two (never over a blank line).
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?(?:\n(?![ \t]*\n)[^*\n]+?){0,2})(?<=[^\s*])\*(?![\w*])")
_UNDERLINE = re.compile(r"(?<!\w)_(?=[^\s_])([^_\n]+?(?:\n(?![ \t]*\n)[^_\n]+?){0,2})(?<=[^\s_])_(?!\w)")
# Words after which a trailing hyphen is a shared compound part ("hälso- och sjukvård").
_COMPOUND_LINKS = ("och", "eller", "samt", "resp", "respektive", "till", "som")
# Present and past tense ("beslutar", "beslutade") mark a sentence, never a letterhead.
_VERB_LIKE = re.compile(r"(?i)\b[^\W\d_]{3,}(?:ade|ar)\b")
_HEADER_ZONE = 3  # lines at the top and bottom of a page where letterheads and footers sit


def clean_text(raw: str) -> str:
    """Normalise extracted text: page furniture, blank runs, hyphenation, markers, bullets."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    # Word's manual line break exports as vertical tab; non-breaking spaces confuse tokenising.
    text = text.replace("\v", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    text = re.sub(r"\u00ad\n", "-\n", text).replace("\u00ad", "")

    pages = [page.split("\n") for page in text.split("\f")]
    pages = [[line for line in page if not _is_furniture(line)] for page in pages]
    if len(pages) > 1:
        pages = _peel_page_edges(pages)
    else:
        pages = [_drop_counting_numbers(pages[0])]
    lines = [line for page in pages for line in page]

    text = "\n".join(line.rstrip() for line in lines)
    text = _strip_markdown(text)
    lines = [_normalise_bullet(line) for line in text.split("\n")]
    lines = _join_hyphenated(lines)
    return _collapse_blank_lines(lines)


def _is_furniture(line: str) -> bool:
    return bool(
        _SIDA.match(line) or _N_OF_M.match(line) or _PAREN_N.match(line) or _SLASH_N.match(line)
    )


def _page_line_key(line: str) -> str:
    # Page numbers and dates change from page to page in an otherwise identical header.
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _looks_like_letterhead(line: str) -> bool:
    # Minutes repeat decision lines ("att lägga ... handlingarna.", "X beslutade:") and those can
    # land at a page edge; letterheads and footers are short labels that end without punctuation.
    stripped = line.strip()
    return (
        0 < len(stripped) <= 120
        and not stripped.endswith((".", ":", ";", ","))
        and not stripped[0].islower()
        and not _VERB_LIKE.search(stripped)
    )


def _edge_indexes(page: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and of the last few non-blank lines, each counted from its edge."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    return filled[:_HEADER_ZONE], filled[::-1][:_HEADER_ZONE]


def _peel_page_edges(pages: list[list[str]]) -> list[list[str]]:
    """Strip lone page numbers and lines repeated at the edges of 3+ pages (and of half of them)."""
    counts: Counter[str] = Counter()
    for page in pages:
        top, bottom = _edge_indexes(page)
        counts.update({_page_line_key(page[i]) for i in top + bottom if _looks_like_letterhead(page[i])})
    needed = max(3, (len(pages) + 1) // 2)
    repeated = {key for key, count in counts.items() if count >= needed}

    def peelable(line: str) -> bool:
        if _LONE_NUMBER.match(line):
            return True
        return _looks_like_letterhead(line) and _page_line_key(line) in repeated

    result = []
    for page in pages:
        drop = set()
        # Peel from each edge inward and stop at the first content line, so a repeated line
        # below a page's own text is never taken for a header.
        for edge in _edge_indexes(page):
            for i in edge:
                if not peelable(page[i]):
                    break
                drop.add(i)
        result.append([line for i, line in enumerate(page) if i not in drop])
    return result


def _drop_counting_numbers(page: list[str]) -> list[str]:
    """Without page breaks, drop lone numbers only when they count up like pages: 1, 2, 3 ..."""
    # A lone number may be content; a year such as "2024" never matches (at most three digits).
    numbered = [(i, int(m.group(1))) for i, line in enumerate(page) if (m := _LONE_NUMBER.match(line))]
    values = [value for _, value in numbered]
    if not values or values[0] > 2 or values != list(range(values[0], values[0] + len(values))):
        return page
    drop = {i for i, _ in numbered}
    return [line for i, line in enumerate(page) if i not in drop]


def _strip_markdown(text: str) -> str:
    # Bold often spans lines or is cut by a page break, so every "**" goes, paired or not.
    text = text.replace("**", "")
    return _UNDERLINE.sub(r"\1", _ITALIC.sub(r"\1", text))


def _normalise_bullet(line: str) -> str:
    match = _BULLET_AT_START.match(line)
    if match:
        line = match.group(1) + "• " + line[match.end():]
    # Private-use glyphs elsewhere are symbol-font bullets or icons with no text value.
    return _PRIVATE_USE.sub(" ", line)


def _join_hyphenated(lines: list[str]) -> list[str]:
    """Join words split by a line-end hyphen, across blank lines, keeping compound hyphens."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = re.search(r"(\w)-$", line)
        if match and not match.group(1).isdigit():
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines):
                following = lines[j].lstrip()
                first_word = re.match(r"[^\W\d_]+[^\s]*", following)
                word = re.match(r"[^\W\d_]+", following)
                if first_word and following[0].islower() and word.group(0) not in _COMPOUND_LINKS:
                    # An acronym keeps its hyphen ("RKA-avtal"); a split word loses it.
                    head = line if match.group(1).isupper() else line[:-1]
                    out.append(head + first_word.group(0))
                    # Only the word's tail moves up, so the rest keeps its own line.
                    rest = following[first_word.end():].lstrip()
                    if rest:
                        lines[j] = rest
                        i = j
                    else:
                        i = j + 1
                    continue
        out.append(line)
        i += 1
    return out


def _collapse_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line.rstrip())
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + ("\n" if out else "")
