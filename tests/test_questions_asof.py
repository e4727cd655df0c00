"""Tests of the named questions on invented minutes: the path through concerns, aliases and near spellings;
roles and memberships as of a date; and the CLI options --open, --as-of and 'samkarta analyse'."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.records import Attendee, Item, Mandate, Meeting, Record, Role, Source
from graph.ingest import build_records
from graph.questions import run_query, similar_names
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent


def _src(text: str) -> Source:
    return Source(0, len(text), text)


def records() -> list[Record]:
    """Two invented minutes that spell one agreement two ways, with roles over time."""
    first = Record(
        document="forum_230201.txt", sha256="a1" * 32,
        meeting=Meeting(body="Hjälpmedelsforum", date="2023-02-01", kind="minutes"),
        attendees=(Attendee("Sara Holm", "Västby kommun", "ordförande"),),
        items=(Item("4", "Beslut: Revidering av Hjälpmedelavtalet", "Beslut",
                    source=_src("4. Beslut: Revidering av Hjälpmedelavtalet")),),
        mandates=(Mandate("Hjälpmedelsforum", "Arbetsgruppen för förskrivning", "ta fram ett förslag till revidering",
                          "2023-02-01", "4", source=_src("Arbetsgruppen för förskrivning får i uppdrag att ta fram")),),
        roles=(Role("Sara Holm", "ordförande", "Hjälpmedelsforum", "2023-01-01", "2023-12-31",
                    source=_src("Sara Holm, ordförande 2023")),
               Role("Olle Berg", "sekreterare", "Hjälpmedelsforum", source=_src("Olle Berg, sekreterare"))),
        bodies=("Hjälpmedelsforum", "Arbetsgruppen för förskrivning"),
        agreements=("Hjälpmedelavtalet",),
    )
    second = Record(
        document="forum_240301.txt", sha256="b2" * 32,
        meeting=Meeting(body="Hjälpmedelsforum", date="2024-03-01", kind="minutes"),
        items=(Item("2", "Information: Hjälpmedelsavtalet gäller från 1 juli", "Information",
                    source=_src("2. Information: Hjälpmedelsavtalet gäller från 1 juli")),),
        roles=(Role("Nils Ek", "ordförande", "Hjälpmedelsforum", "2024-01-01", None, source=_src("Nils Ek, ordförande")),),
        bodies=("Hjälpmedelsforum",),
        agreements=("Hjälpmedelsavtalet",),
    )
    return [first, second]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("asof") / "store"
    with EmbeddedStore(path) as store:
        report = build_records(store, records(),
                               aliases={"forum_240301.txt": {"Hjälpmedelsavtalet": ["HMA-avtalet"]}})
        assert not report.failed
    return path


@pytest.fixture(scope="module")
def store(store_dir):
    with EmbeddedStore(store_dir, read_only=True) as s:
        yield s


def test_questions_path_follows_a_near_spelling_and_the_steps_on_its_item(store):
    assert similar_names(store, "Hjälpmedelsavtalet") == ["Hjälpmedelavtalet"]
    rows = run_query(store, "path", topic="Hjälpmedelsavtalet")
    steps = [(r["date"], r["kind"]) for r in rows]
    assert ("2023-02-01", "ärende") in steps
    assert ("2023-02-01", "uppdrag") in steps          # stands under the item that names the agreement
    assert ("2024-03-01", "ärende") in steps
    mandate = next(r for r in rows if r["kind"] == "uppdrag")
    assert mandate["receiver"] == "Arbetsgruppen för förskrivning"
    assert mandate["quote"] == "Arbetsgruppen för förskrivning får i uppdrag att ta fram"
    assert [r["date"] for r in rows if r["date"]] == sorted(r["date"] for r in rows if r["date"])


def test_questions_path_by_alias_of_an_agreement(store):
    rows = run_query(store, "path", topic="HMA-avtalet")
    assert {(r["date"], r["kind"]) for r in rows} >= {("2024-03-01", "ärende"), ("2024-03-01", "möte")}


def test_questions_merged_spellings_are_alt_labels_of_one_node(store):
    rows = store.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                       "SELECT ?label ?alias WHERE { ?a skos:prefLabel ?label ; skos:altLabel ?alias }")
    assert rows == [{"label": "Hjälpmedelsavtalet", "alias": "HMA-avtalet"}]


@pytest.mark.parametrize("as_of, holders", [
    ("2022-12-31", set()),
    ("2023-06-30", {"Sara Holm", "Olle Berg"}),
    ("2024-06-30", {"Nils Ek", "Olle Berg"}),
    (None, {"Sara Holm", "Olle Berg", "Nils Ek"}),
])
def test_questions_roles_as_of_a_date(store, as_of, holders):
    body = run_query(store, "body", body="Hjälpmedelsforum", as_of=as_of)
    assert {r["target"] for r in body if r["relation"] == "har medlem"} == holders
    for name in ("Sara Holm", "Olle Berg", "Nils Ek"):
        person = run_query(store, "person", name=name, asOf=as_of)
        assert any(r["relation"] == "roll" for r in person) == (name in holders)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_questions_cli_open_mandates_as_of(store_dir):
    result = run("query", "--store", str(store_dir), "mandates", "--open", "--as-of", "2023-03-03", "--format", "json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert (row["receiver"], row["status"], row["age"], row["overdue"]) == (
        "Arbetsgruppen för förskrivning", "öppet", 30, False)


@pytest.mark.parametrize("args, message", [
    (["query", "mandates", "--as-of", "1 juli"], "samkarta: --as-of must be a date written YYYY-MM-DD"),
    (["analyse", "chain", "--from", "forum"], "samkarta: analyse chain needs --from BODY and --to BODY"),
    (["analyse", "chain", "--from", "nosuch", "--to", "forum"], "samkarta: no body is named like 'nosuch'"),
])
def test_questions_cli_bad_options_are_one_line_errors(store_dir, args, message):
    result = run(args[0], "--store", str(store_dir), *args[1:])
    assert result.returncode == 1
    assert result.stderr.strip() == message or result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_questions_cli_analyse_chain_and_centrality(store_dir):
    result = run("analyse", "--store", str(store_dir), "chain", "--from", "Hjälpmedelsforum", "--to", "förskrivning",
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "link,giver,receiver,task,date,mandate"
    assert result.stdout.splitlines()[1].startswith("1,Hjälpmedelsforum,Arbetsgruppen för förskrivning,")
    result = run("analyse", "--store", str(store_dir), "centrality", "--top", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_questions_cli_new_options_are_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("samkarta analyse", "--open", "--as-of", "graphml", "gexf", "xlsx"):
        assert text in readme, text
