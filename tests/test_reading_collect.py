"""Expanding command-line paths to the documents to read."""
from __future__ import annotations

from pathlib import Path

import pytest

from extraction.errors import ReadError
from extraction.reading import collect_paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for relative in [
        "b.txt", "a.PDF", "notes.md", "sub/c.docx", "sub/deeper/d.txt", "sub/~$c.docx", ".hidden/e.txt",
        "sub/.f.txt", "bilder/logo.png",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return tmp_path


def test_reading_collect_expands_folders_recursively_sorted(tree):
    found = [p.relative_to(tree).as_posix() for p in collect_paths([tree])]
    assert found == ["a.PDF", "b.txt", "sub/c.docx", "sub/deeper/d.txt"]


def test_reading_collect_keeps_given_files_in_order_and_drops_duplicates(tree):
    given = [tree / "sub" / "deeper" / "d.txt", tree / "b.txt", tree / "sub", tree / "b.txt"]
    found = [p.relative_to(tree).as_posix() for p in collect_paths(given)]
    assert found == ["sub/deeper/d.txt", "b.txt", "sub/c.docx"]


ERRORS = [
    pytest.param(["missing.txt"], "No such file", id="missing"),
    pytest.param(["bilder"], "no documents", id="folder-without-documents"),
    pytest.param(["notes.md"], "unsupported file type .md", id="only-unsupported-files"),
    pytest.param([], "No documents", id="nothing-given"),
]


@pytest.mark.parametrize("relative, message", ERRORS)
def test_reading_collect_errors(tree, relative, message):
    with pytest.raises(ReadError, match=message) as caught:
        collect_paths([tree / r for r in relative])
    assert caught.value.message_sv != caught.value.message
