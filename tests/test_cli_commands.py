"""The samkarta command: every subcommand documented, records printed, one-line errors for bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("command", ["extract", "build", "export", "app"])
def test_cli_subcommand_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: samkarta {command}" in result.stdout


@pytest.mark.parametrize("command", ["extract", "build", "export", "app"])
def test_cli_subcommands_are_documented_in_readme(command):
    assert f"samkarta {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_cli_extract_prints_one_record_per_seed():
    result = run("extract", "--jsonl", *sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"] for r in records] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for r in records:
        assert set(r) >= {"document", "meeting", "attendees", "items", "decisions", "mandates", "roles",
                          "bodies", "agreements", "references"}
        assert r["items"] and r["decisions"]


def _file(name: str, data: bytes):
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


def _folder(folder: Path) -> Path:
    (folder / "tom").mkdir()
    return folder / "tom"


@pytest.mark.parametrize("make,needle", [
    (lambda d: d / "saknas.txt", "no such file"),
    (_folder, "no documents"),
    (_file("tomt.txt", b""), "empty"),
    (_file("bild.txt", bytes(range(256)) * 40), "binary"),
    (_file("trasig.pdf", b"%PDF-1.4\n1 0 obj\n<<"), "PDF"),
])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_cli_bad_input_is_one_line_error(tmp_path, make, needle, command):
    target = make(tmp_path)
    args = [command, "--jsonl", str(target)] if command == "extract" else [command, "--store", str(tmp_path / "store"), str(target)]
    result = run(*args)
    assert result.returncode != 0
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("samkarta: ") and "Traceback" not in result.stderr
    assert needle.lower() in lines[0].lower()


def test_cli_build_then_export_is_repeatable(tmp_path):
    store = tmp_path / "store"
    assert run("build", "--store", str(store), str(SEEDS)).returncode == 0
    first = run("export", "--store", str(store), "--format", "nt")
    assert first.returncode == 0, first.stderr
    triples = set(first.stdout.splitlines())
    assert len(triples) > 500
    text = first.stdout
    for kind in ("Person", "Meeting", "Decision"):
        assert kind in text
    assert run("build", "--store", str(store), str(SEEDS)).returncode == 0
    second = run("export", "--store", str(store), "--format", "nt")
    assert set(second.stdout.splitlines()) == triples
    ttl = run("export", "--store", str(store), "--format", "ttl")
    assert ttl.returncode == 0 and "@prefix" in ttl.stdout
