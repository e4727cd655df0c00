"""The least a question that returns every mandate of a store can cost, whatever its SPARQL: one- and two-pattern
queries with the same rows as `samkarta query mandates`, timed on the embedded store as graph.store reads it.

    python -m bench.floor STORE_DIR [--runs 5]

Prints the median and the slowest of the runs after one warm-up, per step: opening the store read-only, counting
the mandates, listing their IRIs, their IRIs with one text column (the task), the same ordered, the same cut to a
page of 200 rows; then the Python work alone of making as many rows of 16 columns as the question returns.
"""
from __future__ import annotations

import argparse
import statistics
import time

PREFIX = "PREFIX skv: <https://samkarta.se/ns#> "
STEPS = {
    "count the mandates": "SELECT (COUNT(*) AS ?n) WHERE { ?m a skv:Mandate }",
    "their IRIs": "SELECT ?m WHERE { ?m a skv:Mandate }",
    "IRI and task": "SELECT ?m ?t WHERE { ?m a skv:Mandate ; skv:task ?t }",
    "IRI and task, ORDER BY task": "SELECT ?m ?t WHERE { ?m a skv:Mandate ; skv:task ?t } ORDER BY ?t",
    "IRI and task, first 200 (LIMIT)": "SELECT ?m ?t WHERE { ?m a skv:Mandate ; skv:task ?t } LIMIT 200",
}


def _timed(func, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for i in range(runs + 1):
        start = time.perf_counter()
        result = func()
        if i:                                   # the first run warms caches
            times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), result


def main(argv: list[str] | None = None) -> int:
    import pyoxigraph as ox

    from graph.store import open_store
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    median, worst, _ = _timed(lambda: ox.Store.read_only(args.store), args.runs)
    print(f"{'open the store read-only':34s} {'':>8}  median {1000 * median:8.1f} ms  max {1000 * worst:8.1f} ms")
    count = 0
    for label, query in STEPS.items():
        def run(query=PREFIX + query):
            with open_store(args.store, read_only=True) as store:
                return store.query(query)
        median, worst, rows = _timed(run, args.runs)
        n = int(rows[0]["n"]) if "n" in rows[0] else len(rows)
        count = max(count, n)
        print(f"{label:34s} {n:>8,}  median {1000 * median:8.1f} ms  max {1000 * worst:8.1f} ms")
    def make_rows():
        rows = [{f"column{j}": f"value {i} {j}" for j in range(16)} for i in range(count)]
        return [{**row, "status": "öppet"} for row in rows]        # as graph/questions.py adds its columns
    median, worst, _ = _timed(make_rows, args.runs)
    print(f"{'Python only: rows of 16 columns':34s} {count:>8,}  median {1000 * median:8.1f} ms  max {1000 * worst:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
