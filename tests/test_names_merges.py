"""`samkarta names`: the merges the resolver made, with their evidence, for a person to review."""
from __future__ import annotations

import csv
import io
import json

from cli import main
from extraction import names
from extraction.records import Attendee, Meeting, Record

ONE = """Minnesanteckningar Omsorgsnätverket

Datum: 2024-03-05

Närvarande:
Karin Sjöström, Mora
Per-Erik Lindqvist, Orsa

1. Mötets öppnande

Omsorgsnätverket beslutade att öppna mötet.

2. Information från styrgruppen

Styrgruppen informerade om arbetet.
"""

TWO = """Minnesanteckningar Omsorgsnätverket

Datum: 2024-04-09

Närvarande:
Karin Sjöström, Mora
Per-Erik Lindkvist, Orsa

1. Mötets öppnande

Omsorgsnätverket beslutade att öppna mötet.
"""


def _record(document, *people):
    return Record(document=document, meeting=Meeting(body="Omsorgsnätverket"),
                  attendees=tuple(Attendee(p) for p in people))


def test_names_spelling_variant_merged_with_score():
    analysed = [(_record("a.txt", "Karin Sjöström", "Karin Sjöström"), {}), (_record("b.txt", "Karin Sjöstrom"), {})]
    found = names.merges(analysed, aliases_file=None)
    assert [(m.kind, m.variant, m.canonical) for m in found] == [("person", "Karin Sjöstrom", "Karin Sjöström")]
    assert "accents" in found[0].evidence


def test_names_alias_file_forces_a_merge(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# test\nONV\tOmsorgsnätverket\n", encoding="utf-8")
    record = Record(document="a.txt", meeting=Meeting(body="Omsorgsnätverket"), bodies=("ONV",))
    found = names.merges([(record, {})], aliases_file=aliases)
    assert [(m.kind, m.variant, m.canonical, m.evidence, m.document) for m in found] == [
        ("body", "ONV", "Omsorgsnätverket", "alias file", "a.txt")]


def test_names_bare_group_resolved_in_context():
    record = Record(document="a.txt", meeting=Meeting(body="Omsorgsnätverket"), bodies=("Styrgruppen",))
    found = names.merges([(record, {})], aliases_file=None)
    assert [(m.variant, m.canonical, m.evidence) for m in found] == [
        ("Styrgruppen", "Styrgruppen för Omsorgsnätverket", "bare group in the minutes of its own body")]


def test_names_format_table_csv_json():
    found = [names.Merge("person", "Karin Sjöström", "Karin Sjöstrom", "same letters apart from accents, case or hyphens")]
    table = names.format_merges(found, "table").splitlines()
    assert table[0].split() == ["kind", "variant", "canonical", "evidence", "document"]
    assert table[2].startswith("person  Karin Sjöstrom")
    rows = list(csv.DictReader(io.StringIO(names.format_merges(found, "csv"))))
    assert rows == [{"kind": "person", "variant": "Karin Sjöstrom", "canonical": "Karin Sjöström",
                     "evidence": "same letters apart from accents, case or hyphens", "document": ""}]
    assert json.loads(names.format_merges(found, "json"))[0]["canonical"] == "Karin Sjöström"
    assert names.format_merges([], "table") == "no merges\n"


def test_names_command_lists_merges(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(ONE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(TWO, encoding="utf-8")
    assert main(["names", "--format", "json", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    pairs = {(r["kind"], r["variant"], r["canonical"]) for r in rows}
    assert ("person", "Per-Erik Lindkvist", "Per-Erik Lindqvist") in pairs or \
        ("person", "Per-Erik Lindqvist", "Per-Erik Lindkvist") in pairs
    assert all(r["evidence"] for r in rows)


def test_names_command_missing_path_is_one_line_error(tmp_path, capsys):
    assert main(["names", str(tmp_path / "nothing.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("samkarta: ") and err.count("\n") == 1
