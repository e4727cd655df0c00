"""The benchmark: per corpus size, extraction speed (1 and 2 processes) against a tokeniser-only pass, build time,
store size, rebuild time, peak memory, and the latency of every named question, embedded and over `oxigraph serve`.

    python -m bench.run --sizes 10 100            # a quick run, a few minutes
    python -m bench.run --sizes 1000 10000 --seed 1 --work /tmp/samkarta-bench

Every measurement runs in a child process (a stage of this script), so warm-up and memory are its own; the
parent samples the resident memory of the child's whole process tree (psutil) to give the peak.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))   # the loopback server helper the tests use too
from servers import free_port, serving  # noqa: E402

DEFAULT_WORK = Path("/tmp/samkarta-bench")
CODE = ROOT          # where the measured code runs from: a frozen copy (see snapshot), unless --no-snapshot


# ---------------------------------------------------------------- stages (run in a child process)

def _texts(corpus: Path) -> list:
    from extraction.reading import collect_paths, read_path
    return [read_path(p) for p in collect_paths([corpus])]


def stage_tokenize(corpus: Path, **_) -> dict:
    """The reference: spacy.blank("sv") tokenisation of the same texts, one process."""
    import spacy
    docs = _texts(corpus)
    nlp = spacy.blank("sv")
    nlp(docs[0].text)
    start = time.perf_counter()
    tokens = sum(len(nlp(d.text)) for d in docs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": len(docs), "tokens": tokens,
            "megabytes": sum(len(d.text.encode("utf-8")) for d in docs) / 1e6}


def stage_extract(corpus: Path, jobs: int = 1, **_) -> dict:
    """Extraction as `samkarta build` does it (damage check, pipeline per document, in `jobs` processes), then
    the cross-document name resolution; the warm-up (pipeline and OCR lexicon) is timed on its own."""
    from extraction import names
    from graph.ingest import _warm_up, _Workers, analyse_all
    docs = _texts(corpus)
    start = time.perf_counter()
    _warm_up()
    warm = time.perf_counter() - start
    start = time.perf_counter()
    with _Workers(jobs) as workers:
        docs, raw = analyse_all(docs, workers)
    analyse = time.perf_counter() - start
    start = time.perf_counter()
    records = names.resolve(raw)
    resolve = time.perf_counter() - start
    facts = sum(len(r.attendees) + len(r.items) + len(r.decisions) + len(r.mandates) + len(r.references)
                for r in records)
    return {"warmup_seconds": warm, "seconds": analyse, "resolve_seconds": resolve, "documents": len(docs),
            "facts": facts, "megabytes": sum(len(d.text.encode("utf-8")) for d in docs) / 1e6}


def stage_queries(store: str | None = None, endpoint: str | None = None, runs: int = 20, seed: int = 1,
                  question: int | None = None, **_) -> dict:
    """p50/p95 latency of every named question (graph/queries via graph.questions.run_query), or of case
    number `question` only."""
    from graph.questions import available, run_query
    from graph.store import open_store
    out = {}
    with open_store(store, endpoint, read_only=True) as s:
        for k, (name, params) in enumerate(_query_cases(seed)):
            if name not in available() or (question is not None and k != question):
                continue
            times, rows = [], 0
            for i in range(runs + 1):
                start = time.perf_counter()
                rows = len(run_query(s, name, **params))
                if i:                      # the first run warms caches; it is not counted
                    times.append(time.perf_counter() - start)
            label = name + "".join(f" --{k} {v}" for k, v in params.items())
            out[label] = {"p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * _percentile(times, 95),
                          "rows": rows}
    return out


def median_run(runs: list[dict]) -> dict:
    """The run with the median seconds (of an even number of runs, the slower of the middle two)."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return ordered[len(ordered) // 2]


def _query_cases(seed: int) -> list[tuple[str, dict]]:
    from bench.generate import counties, county_world
    world = county_world(seed, sorted(counties())[0])
    person = world.region_staff[0].name.split()[0]
    return [("mandates", {}), ("mandates", {"body": "Styrgruppen"}), ("path", {"topic": "hemsjukvård"}),
            ("inventory", {}), ("person", {"name": person}), ("body", {"body": "nätverket"})]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


STAGES = {"tokenize": stage_tokenize, "extract": stage_extract, "queries": stage_queries}


# ---------------------------------------------------------------- measuring a child process

class _Peak:
    """Samples the resident memory (RSS) of a process and its descendants until stopped."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.tree = self.single = self.shared = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        tick = 0
        while not self._stop.is_set():
            # PSS every PSS_EVERY-th sample: reading it walks the process's page tables (a quarter of a core at
            # every 50 ms on a 1.5 GiB writer), RSS is a counter.
            with_pss, tick = tick % PSS_EVERY == 0, tick + 1
            try:
                root = psutil.Process(self.pid)
                procs = [root] + root.children(recursive=True)
                sizes, proportional = [], []
                for p in procs:
                    try:
                        sizes.append(p.memory_info().rss)
                        if with_pss:
                            proportional.append(_pss(p))
                    except psutil.Error:
                        pass
                self.tree = max(self.tree, sum(sizes))
                self.single = max(self.single, max(sizes, default=0))
                self.shared = max(self.shared, sum(proportional))
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> "_Peak":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


PSS_EVERY = 10    # samples: PSS every 0.5 s, RSS every 50 ms


def _pss(process) -> int:
    """Proportional set size: the process's private pages plus its share of pages it shares (a page that three
    forked processes share counts a third in each), so the sum over a tree is the memory the tree really holds.
    Linux only; elsewhere the RSS."""
    try:
        return process.memory_full_info().pss
    except AttributeError:
        return process.memory_info().rss


def measure(args: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    """Run a command; its wall time, peak tree RSS and, if it prints JSON on its last line, that result.
    A command that outlives `timeout` seconds is stopped and reported as {"timed_out": seconds}."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=CODE,
                            env={**os.environ, "PYTHONPATH": str(CODE), **(env or {})})
    with _Peak(proc.pid) as peak:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return {"timed_out": timeout, "wall_seconds": time.perf_counter() - start}
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {err.strip()[-800:]}")
    result: dict = {}
    lines = [ln for ln in out.splitlines() if ln.strip()]
    if lines and lines[-1].startswith("{"):
        result = json.loads(lines[-1])
    result.update(wall_seconds=wall, peak_tree_mb=peak.tree / 2**20, peak_process_mb=peak.single / 2**20,
                  peak_tree_pss_mb=peak.shared / 2**20,
                  stderr_tail=err.strip().splitlines()[-1] if err.strip() else "")
    return result


def _stage(name: str, **options) -> list[str]:
    args = [sys.executable, "-m", "bench.run", "--stage", name]
    for key, value in options.items():
        if value is not None:
            args += [f"--{key.replace('_', '-')}", str(value)]
    return args


def snapshot(work: Path) -> Path:
    """A copy of the code and word lists, so edits made to the tree while the benchmark runs do not change what
    is measured (nor invalidate the build cache between the build and the rebuild)."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("extraction", "graph", "bench"):
        shutil.copytree(ROOT / name, code / name, ignore=skip)
    (code / "data").mkdir()
    (code / "tests").mkdir()
    for name in ("cli.py", "data/aliases.tsv", "tests/servers.py"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, code / name)
    return code


def _folder_mb(path: Path, skip: str | None = None) -> float:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not (skip and skip in p.relative_to(path).parts):
            total += p.stat().st_size
    return total / 2**20


@contextmanager
def oxigraph_server(location: Path, timeout: float = 60):
    """`oxigraph serve` on 127.0.0.1 and a free port over `location`; stopped however the block ends."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                 url + "/query?query=ASK%7B%7D", timeout=timeout, what="oxigraph serve",
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        yield url, proc


# ---------------------------------------------------------------- one size

def run_size(size: int, args) -> dict:
    from bench.generate import write_corpus
    work = args.work / f"n{size}-seed{args.seed}"
    corpus = work / "corpus"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != size:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, size, args.seed)
    out: dict = {"size": size, "megabytes": _folder_mb(corpus)}
    partial = work / "figures.json"

    def say(text: str) -> None:
        """Progress on stderr; the figures so far in <work>/n<size>-seed<seed>/figures.json after every step."""
        partial.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"[{size}] {text}", file=sys.stderr, flush=True)

    # The tokeniser and each extraction pass run --rounds times, in turn (tokeniser, 1 process, 2 processes,
    # tokeniser, ...), so a slow spell of the machine falls on every pass alike; the median round of each is
    # reported, and every round's seconds are kept beside it.
    passes = [("tokenize", "tokeniser reference", _stage("tokenize", corpus=corpus))]
    passes += [(f"extract_j{jobs}", f"extraction, {jobs} process(es)", _stage("extract", corpus=corpus, jobs=jobs))
               for jobs in args.jobs if not (jobs == 1 and args.single_max and size > args.single_max)]
    rounds: dict[str, list[dict]] = {key: [] for key, _, _ in passes}
    for number in range(1, max(1, args.rounds) + 1):
        for key, label, command in passes:
            say(f"{label}, round {number}")
            rounds[key].append(measure(command))
    for key, runs in rounds.items():
        out[key] = median_run(runs)
        out[f"{key}_rounds"] = [run.get("seconds") for run in runs]

    build_jobs = max(args.jobs)
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    samkarta = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main(sys.argv[1:]))"]
    say(f"build into the embedded store, -j {build_jobs}")
    out["build"] = measure(samkarta + ["build", "-j", str(build_jobs), "--store", str(store), str(corpus)])
    out["store_mb"] = _folder_mb(store, skip="samkarta-cache")
    out["cache_mb"] = _folder_mb(store / "samkarta-cache") if (store / "samkarta-cache").exists() else 0.0
    say("rebuild, nothing changed")
    out["rebuild"] = measure(samkarta + ["build", "-j", str(build_jobs), "--store", str(store), str(corpus)])
    say("named questions, embedded store")
    out["queries"] = questions(args, store=store)

    if args.server:
        server_store = work / "server-store"
        shutil.rmtree(server_store, ignore_errors=True)
        if not args.server_build_max or size <= args.server_build_max:
            with oxigraph_server(server_store) as (url, _):
                say(f"build into oxigraph serve (loopback), -j {build_jobs}")
                out["server_build"] = measure(samkarta + ["build", "-j", str(build_jobs), "--endpoint", url,
                                                          str(corpus)])
                say("named questions, oxigraph serve")
                out["server_queries"] = questions(args, endpoint=url)
        else:
            # Too big to build twice in the time: serve a copy of the embedded store's data instead.
            shutil.copytree(store, server_store, ignore=shutil.ignore_patterns("samkarta-cache", ".samkarta.lock"))
            with oxigraph_server(server_store) as (url, _):
                say("named questions, oxigraph serve (copy of the embedded store)")
                out["server_queries"] = questions(args, endpoint=url)
        shutil.rmtree(server_store, ignore_errors=True)
    say("done")
    return out


def questions(args, store: Path | None = None, endpoint: str | None = None) -> dict:
    """Each named question in its own child process, stopped after --query-timeout seconds."""
    out: dict = {}
    for k, (name, params) in enumerate(_query_cases(args.seed)):
        label = name + "".join(f" --{key} {value}" for key, value in params.items())
        result = measure(_stage("queries", store=store, endpoint=endpoint, runs=args.runs, seed=args.seed,
                                question=k), timeout=args.query_timeout)
        out[label] = result.get(label) or {"timed_out": result.get("timed_out")}
    return out


# ---------------------------------------------------------------- report

def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "-"


def _memory(step: dict) -> str:
    return f"{step.get('peak_tree_pss_mb', 0):.0f} / {step['peak_tree_mb']:.0f} MiB"


def report_lines(result: dict) -> list[str]:
    n, tok = result["size"], result["tokenize"]
    lines = [f"## {n:,} documents ({result['megabytes']:.1f} MB of text)", "",
             "| pass | seconds | docs/s | MB/s | × tokeniser | peak memory of the tree (PSS / RSS summed) |", "| --- | --- | --- | --- | --- | --- |"]
    tok_rate = tok["documents"] / tok["seconds"]
    lines.append(f"| tokeniser only, spacy.blank(\"sv\"), 1 process | {tok['seconds']:.2f} | {_rate(n, tok['seconds'])} | "
                 f"{_rate(tok['megabytes'], tok['seconds'])} | 1.00 | {_memory(tok)} |")
    passes = sorted(k for k in result if k.startswith("extract_j") and not k.endswith("_rounds"))
    for key in passes:
        e = result[key]
        ratio = (e["documents"] / e["seconds"]) / tok_rate
        lines.append(f"| extraction, {key[len('extract_j'):]} process(es) | {e['seconds']:.2f} "
                     f"(+{e['warmup_seconds']:.1f} warm-up, +{e['resolve_seconds']:.2f} names) | "
                     f"{_rate(n, e['seconds'])} | {_rate(e['megabytes'], e['seconds'])} | {ratio:.2f} | "
                     f"{_memory(e)} |")
    if "extract_j1" in result and "extract_j2" in result:
        speedup = result["extract_j1"]["seconds"] / result["extract_j2"]["seconds"]
        lines += ["", f"2 processes vs 1: {speedup:.2f}× faster (median rounds)"]
    every = [(key, result[f"{key}_rounds"]) for key in ("tokenize", *passes)
             if len(result.get(f"{key}_rounds") or []) > 1]
    if every:
        lines += ["", "Every round (seconds): " + "; ".join(
            f"{'tokeniser' if key == 'tokenize' else key[len('extract_j'):] + ' process(es)'} "
            + ", ".join("-" if s is None else f"{s:.2f}" for s in seconds) for key, seconds in every)]
        j1, j2 = result.get("extract_j1_rounds") or [], result.get("extract_j2_rounds") or []
        if len(j1) == len(j2) > 1 and all(j1) and all(j2):
            lines.append("2 vs 1 in each round: " + ", ".join(f"{a / b:.2f}×" for a, b in zip(j1, j2)))
    b, rb = result["build"], result["rebuild"]
    lines += ["", f"- build into the embedded store: {b['wall_seconds']:.1f} s wall ({b['stderr_tail']}); "
              f"peak memory of the process tree {b.get('peak_tree_pss_mb', 0):.0f} MiB PSS (shared pages counted once; "
              f"RSS summed {b['peak_tree_mb']:.0f} MiB, largest process {b['peak_process_mb']:.0f} MiB)",
              f"- store on disk: {result['store_mb']:.1f} MiB (+ {result['cache_mb']:.1f} MiB build cache)",
              f"- rebuild, nothing changed: {rb['wall_seconds']:.2f} s = {100 * rb['wall_seconds'] / b['wall_seconds']:.1f} % "
              f"of the full build ({rb['stderr_tail']})"]
    if "server_build" in result:
        sb = result["server_build"]
        lines.append(f"- build into `oxigraph serve` on loopback: {sb['wall_seconds']:.1f} s wall ({sb['stderr_tail']})")
    lines += ["", "| question | embedded p50 | embedded p95 | server p50 | server p95 | rows |",
              "| --- | --- | --- | --- | --- | --- |"]
    server = result.get("server_queries", {})
    def cells(q: dict | None) -> str:
        if not q:
            return "- | -"
        if q.get("timed_out"):
            return f"> {q['timed_out']:.0f} s (stopped) | -"
        return f"{q['p50_ms']:.1f} ms | {q['p95_ms']:.1f} ms"
    for label, q in result["queries"].items():
        rows = q.get("rows", "-") if isinstance(q, dict) else "-"
        lines.append(f"| `{label}` | {cells(q)} | {cells(server.get(label))} | {rows} |")
    return lines


def conditions() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return (f"{platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Samkarta benchmark on synthetic minutes (bench/generate.py).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100], help="corpus sizes (default 10 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker processes to compare (default 1 2)")
    parser.add_argument("--single-max", type=int, default=0,
                        help="skip the 1-process extraction above this size (0: never skip)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the tokeniser and extraction passes, taken in turn; the median is reported "
                             "(default 3)")
    parser.add_argument("--runs", type=int, default=20, help="runs per named question (default 20)")
    parser.add_argument("--query-timeout", type=float, default=120,
                        help="stop a named question's runs after this many seconds (default 120)")
    parser.add_argument("--no-server", dest="server", action="store_false", help="skip the oxigraph serve path")
    parser.add_argument("--server-build-max", type=int, default=1000,
                        help="above this size the server serves a copy of the embedded store instead of a second build")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"corpora and stores (default {DEFAULT_WORK})")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="run the working tree itself, not a copy of it taken at the start")
    # A stage is one measurement, run by the parent in a child process.
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--question", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        options = dict(corpus=args.corpus, store=args.store, endpoint=args.endpoint, runs=args.runs, seed=args.seed,
                       jobs=args.jobs[0], question=args.question)
        print(json.dumps(STAGES[args.stage](**options)))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    global CODE
    if args.snapshot:
        CODE = snapshot(args.work)
    results = []
    print(f"# Samkarta benchmark, seed {args.seed}\n\nStarted {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {conditions()}\n")
    for size in args.sizes:
        result = run_size(size, args)
        results.append(result)
        print("\n".join(report_lines(result)) + "\n", flush=True)
    print(f"Finished {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {conditions()}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
