"""A build killed with SIGKILL while it writes leaves every document as it was or as it should be, never half.

A store is filled with an older version of a small invented corpus; a real `samkarta build` of the newer
version (changed documents at the same paths plus new ones) is killed at a random moment after its first
write reached the store's write-ahead log. The store must then open, and each document's named graph must be
exactly its old graph or exactly its new one, with no trace of the other. Ten kills in a row.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMKARTA = Path(sys.executable).with_name("samkarta")
KILLS = 10

# Invented names and topics in the genre's forms (no real body, person or agenda is named here).
PEOPLE = ["Anna Lindqvist", "Bo Sandberg", "Cecilia Holm", "David Ek", "Eva Nyberg", "Fredrik Ström",
          "Gun Berglund", "Hans Viklund"]
TOPICS = ["hemsjukvård", "missbruksvård", "barn och unga", "äldreomsorg", "psykiatri", "hjälpmedel",
          "kunskapsstyrning", "digitalisering"]
ROLES = ["socialchef", "förvaltningschef", "verksamhetschef", "utvecklingsledare"]


def minutes(number: int, version: int) -> str:
    """One invented set of minutes; `version` changes its decisions and date, as a corrected file would."""
    topic = TOPICS[number % len(TOPICS)]
    people = [PEOPLE[(number + k) % len(PEOPLE)] for k in range(4)]
    month, day = 1 + number % 12, 1 + (number * 3 + version) % 27
    present = "\n".join(f"{p}, {ROLES[k % len(ROLES)]}, Exempelby kommun" for k, p in enumerate(people))
    return (
        f"Protokoll\nStyrgruppen för {topic}\nDatum: 2024-{month:02d}-{day:02d}\nPlats: Kommunhuset, Exempelby\n\n"
        f"Närvarande:\n{present}\n\n"
        f"§ 1 Mötets öppnande\nOrdföranden {people[0]} öppnade mötet.\n\n"
        f"§ 2 Lägesrapport om {topic}\n{people[1]} informerade om arbetet med {topic}.\n"
        f"Styrgruppen beslutade att lägga informationen till handlingarna.\n\n"
        f"§ 3 Handlingsplan för {topic}\n"
        f"Styrgruppen beslutade att godkänna handlingsplanen i version {version}.\n"
        f"Styrgruppen beslutade att ge {people[2]} i uppdrag att ta fram en uppföljning till nästa möte.\n\n"
        f"§ 4 Övriga frågor\nInga övriga frågor.\n"
    )


def write_corpus(folder: Path, count: int, version: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"protokoll-{number:03d}.txt"
        path.write_text(minutes(number, version), encoding="utf-8")
        paths.append(path)
    return paths


def samkarta(*args: str, **kwargs) -> list[str]:
    command = [str(SAMKARTA)] if SAMKARTA.exists() else [sys.executable, str(ROOT / "cli.py")]
    return [*command, *args]


def graphs(store: Path) -> dict[str, frozenset[str]]:
    """Named graph -> its quads (N-Quads lines); opening the store for writing proves it still opens."""
    with open_store(store) as opened:
        data = opened.nquads().decode("utf-8")
    out: dict[str, set[str]] = {}
    for line in data.splitlines():
        graph = re.search(r"<([^<>]+)> \.$", line)
        out.setdefault(graph.group(1) if graph else "", set()).add(line)
    return {g: frozenset(q) for g, q in out.items()}


def wal_bytes(store: Path) -> int:
    """Bytes in the store's write-ahead logs: they grow only when a write transaction commits."""
    total = 0
    for path in store.glob("*.log"):
        if re.fullmatch(r"\d+\.log", path.name):
            try:
                total += path.stat().st_size
            except FileNotFoundError:  # a log retired between listing and looking
                pass
    return total


CACHE = "samkarta-cache"  # graph.incremental.CACHE_FOLDER: the analyses a build keeps inside the store folder


def build_watched(store: Path, corpus: Path) -> list[float]:
    """Run a build to its end; the moments (s after start) at which its write-ahead log grew."""
    started = time.monotonic()
    process = subprocess.Popen(samkarta("build", "--store", str(store), str(corpus)), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    growth, size = [], wal_bytes(store) if store.exists() else 0
    while process.poll() is None:
        now = wal_bytes(store) if store.exists() else 0
        if now > size:
            growth.append(time.monotonic() - started)
            size = now
        time.sleep(0.002)
    assert process.returncode == 0, process.stderr.read()
    assert growth, "the build never wrote to its log"
    return growth


FILES = 8


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """The corpus folder (new version), the store before the build, the store after a build left alone, and how
    long a build writes (from its first write to its last)."""
    base = tmp_path_factory.mktemp("kill")
    corpus = base / "corpus"
    write_corpus(corpus, FILES, version=1)
    before = base / "before"
    build_watched(before, corpus)
    write_corpus(corpus, FILES, version=2)               # the same files, changed
    write_corpus(corpus, FILES, version=1, start=FILES)  # and as many new ones
    after = base / "after"
    shutil.copytree(before, after)
    build_watched(after, corpus)
    scene = {"corpus": corpus, "before": before, "after": after, "old": graphs(before), "new": graphs(after)}
    # A rehearsal under the kill runs' own conditions (the analyses cached) times their writing.
    growth = build_watched(fresh_store(scene, base / "rehearsal"), corpus)
    # One commit per document, then the derived graph's: time the documents' part (all of it if commits merged).
    scene["write_seconds"] = max(growth[min(len(growth), 2 * FILES) - 1] - growth[0], 0.05)
    return scene


def fresh_store(scene, folder: Path) -> Path:
    """A copy of the store before the build, holding the analyses of the new corpus in its cache: the build then
    spends its time writing rather than extracting (what it writes is the same)."""
    shutil.copytree(scene["before"], folder)
    if (scene["after"] / CACHE).is_dir():
        shutil.rmtree(folder / CACHE, ignore_errors=True)
        shutil.copytree(scene["after"] / CACHE, folder / CACHE)
    return folder


def document_graphs(state: dict[str, frozenset[str]]) -> dict[str, str]:
    """File number -> graph, for the graphs of documents (the derived graph has no file)."""
    return {_number(quads): graph for graph, quads in state.items() if _number(quads)}


def test_robust_kill_scene_changes_every_document(scene):
    old, new = document_graphs(scene["old"]), document_graphs(scene["new"])
    assert len(old) == FILES and len(new) == 2 * FILES
    assert not set(old.values()) & set(new.values())   # each changed file's graph was replaced, none kept
    assert all(len(scene["new"][g]) > 20 for g in new.values())


def kill_during_write(scene, store: Path, delay: float) -> bool:
    """Start a build on `store` and SIGKILL it `delay` s after its first write; True if it was still running."""
    process = subprocess.Popen(samkarta("build", "--store", str(store), str(scene["corpus"])), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while process.poll() is None and wal_bytes(store) == 0 and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(delay)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return alive


def assert_whole(state, scene, run) -> int:
    """Every graph is exactly old or exactly new, and each file has its old or its new graph, never both or
    neither (a new file may have none yet); the number of files whose new graph is in."""
    old, new = scene["old"], scene["new"]
    for graph, quads in state.items():
        assert quads in (old.get(graph), new.get(graph)), f"run {run}: graph {graph} is neither old nor new"
    old_docs, new_docs = document_graphs(old), document_graphs(new)
    written = 0
    for number, new_graph in new_docs.items():
        old_graph = old_docs.get(number)
        if old_graph is not None:
            assert (old_graph in state) != (new_graph in state), f"run {run}: file {number} is not whole"
        written += new_graph in state
    return written


def test_robust_kill_during_build_leaves_each_document_whole(scene, tmp_path):
    rng = random.Random(20241124)
    outcomes = []
    for run in range(KILLS):
        store = fresh_store(scene, tmp_path / f"store-{run}")
        killed = kill_during_write(scene, store, rng.uniform(0, scene["write_seconds"]))
        state = graphs(store)                    # the store opens after the kill
        outcomes.append((killed, assert_whole(state, scene, run)))
    print(f"\n{KILLS} kills (still running when killed, new graphs in of {2 * FILES}):", outcomes)
    # The kills landed while the build wrote: in several runs some documents were in and some not yet.
    assert sum(1 for killed, written in outcomes if killed and 0 < written < 2 * FILES) >= 3, outcomes


def test_robust_build_after_a_kill_completes_the_store(scene, tmp_path):
    store = fresh_store(scene, tmp_path / "store")
    kill_during_write(scene, store, scene["write_seconds"] / 3)
    result = subprocess.run(samkarta("build", "--store", str(store), str(scene["corpus"])), cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert graphs(store) == scene["new"]


def _number(quads: frozenset[str]) -> str:
    """Which file a graph came from: the protokoll-NNN number in its document name."""
    for line in quads:
        found = re.search(r"protokoll-(\d{3})\.txt", line)
        if found:
            return found.group(1)
    return ""


# ---------------------------------------------------------------- two builds, and a reader, at the same time

def holds_write_lock(pid: int, store: Path) -> bool:
    """True when process `pid` holds the store's lock exclusively (read from /proc/locks, without touching it)."""
    inode = (store / ".samkarta.lock").stat().st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and "WRITE" in fields and str(pid) in fields and any(
                f.endswith(f":{inode}") for f in fields):
            return True
    return False


def test_robust_two_builds_at_once_the_second_is_refused(scene, tmp_path):
    store = fresh_store(scene, tmp_path / "store")
    first = subprocess.Popen(samkarta("build", "--store", str(store), str(scene["corpus"])), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while first.poll() is None and not holds_write_lock(first.pid, store) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert first.poll() is None, "the first build ended before the second could start"
    second = subprocess.run(samkarta("build", "--store", str(store), str(scene["corpus"])), cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert first.poll() is None, "the second build was refused only after the first had ended"
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert second.returncode == 1 and "Traceback" not in second.stderr
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("samkarta: ") and "being written by another process" in lines[0]
    assert graphs(store) == scene["new"]


READER = """
import hashlib, sys, time
from pathlib import Path
from extraction.errors import StoreError
from graph.store import open_store
store, out, stop = Path(sys.argv[1]), open(sys.argv[2], "a"), Path(sys.argv[3])
while not stop.exists():
    try:
        with open_store(store, read_only=True) as opened:
            data = b"\\n".join(sorted(opened.nquads().splitlines()))
        out.write("read " + hashlib.sha256(data).hexdigest() + "\\n")
    except StoreError as error:
        out.write("refused " + error.message + "\\n")
    except Exception as error:
        out.write("crash " + repr(error).replace("\\n", " ") + "\\n")
    out.flush()
    time.sleep(0.02)
"""


def digest(store: Path) -> str:
    import hashlib
    with open_store(store, read_only=True) as opened:
        return hashlib.sha256(b"\n".join(sorted(opened.nquads().splitlines()))).hexdigest()


def test_robust_reader_during_a_build_sees_old_or_new_never_a_mix(scene, tmp_path):
    store = fresh_store(scene, tmp_path / "store")
    old, new = digest(store), digest(scene["after"])
    out, stop = tmp_path / "reads.txt", tmp_path / "stop"
    out.write_text("")
    reader = subprocess.Popen([sys.executable, "-c", READER, str(store), str(out), str(stop)], cwd=ROOT)
    try:
        while not out.read_text().strip():
            assert reader.poll() is None
            time.sleep(0.02)
        build = subprocess.run(samkarta("build", "--store", str(store), str(scene["corpus"])), cwd=ROOT,
                               capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, build.stderr   # a reader at the moment the build opened the store is waited out
        seen = len(out.read_text().splitlines())
        while len(out.read_text().splitlines()) < seen + 2:
            assert reader.poll() is None
            time.sleep(0.02)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    lines = out.read_text().splitlines()
    reads = [line.split(" ", 1)[1] for line in lines if line.startswith("read ")]
    assert not [line for line in lines if line.startswith("crash ")]
    assert all("being written by another process" in line for line in lines if line.startswith("refused "))
    assert set(reads) <= {old, new}, "a reader saw a state that is neither the old nor the new graph"
    assert reads[0] == old and reads[-1] == new
    refused = sum(line.startswith("refused ") for line in lines)
    print(f"\nreader during a build: {len(reads)} reads (old or new), {refused} told a build is writing")
    assert refused >= 1, "the reader never ran while the build wrote"
