"""Tests of 'samkarta query': JSON and CSV output, and a one-line error for an unknown question."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.ingest import build_records
from graph.samples import sample_records
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    with EmbeddedStore(path) as store:  # closed again, so the command can open it
        build_records(store, sample_records())
    return str(path)


def test_questions_cli_mandates_json(store_dir):
    result = run("query", "--store", store_dir, "mandates", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and rows[0]["receiver"] == "Arbetsgruppen för hemsjukvårdsavtalet"


def test_questions_cli_csv_has_header(store_dir):
    result = run("query", "--store", store_dir, "path", "--topic", "hemsjukvård", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = list(csv.reader(io.StringIO(result.stdout)))
    assert lines[0][:3] == ["date", "kind", "body"] and len(lines) > 2


def test_questions_cli_table_and_filters(store_dir):
    result = run("query", "--store", store_dir, "person", "--name", "Ulrika")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Person") and "Ulrika Gärdsback" in result.stdout


@pytest.mark.parametrize("args", [["nosuch"], ["inventory", "--topic", "x"]])
def test_questions_cli_unknown_is_one_line_error(store_dir, args):
    result = run("query", "--store", store_dir, *args)
    assert result.returncode != 0
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("samkarta: "), result.stderr
    assert result.stdout == ""


def test_questions_cli_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "samkarta query" in readme
    assert "usage: samkarta query" in run("query", "--help").stdout
