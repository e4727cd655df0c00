"""bench/run.py's report: the median round of each pass, and every round beside it."""
from __future__ import annotations

from bench.run import median_run, report_lines


def _extract(seconds: float) -> dict:
    return {"seconds": seconds, "warmup_seconds": 4.0, "resolve_seconds": 3.0, "documents": 100, "megabytes": 0.5,
            "peak_tree_mb": 500, "peak_tree_pss_mb": 400}


def test_bench_median_run_takes_the_middle_and_of_two_the_slower():
    runs = [{"seconds": 3.0, "n": "c"}, {"seconds": 1.0, "n": "a"}, {"seconds": 2.0, "n": "b"}]
    assert median_run(runs)["n"] == "b"
    assert median_run(runs[:2])["n"] == "c"
    assert median_run(runs[1:2])["n"] == "a"


def test_bench_report_gives_median_ratio_and_every_round():
    build = {"wall_seconds": 60.0, "stderr_tail": "100 added", "peak_tree_mb": 900, "peak_process_mb": 600,
             "peak_tree_pss_mb": 700}
    result = {"size": 100, "megabytes": 0.5,
              "tokenize": {"seconds": 1.0, "documents": 100, "megabytes": 0.5, "peak_tree_mb": 100},
              "tokenize_rounds": [1.0, 1.2, 0.9],
              "extract_j1": _extract(4.0), "extract_j1_rounds": [4.0, 5.0, 3.0],
              "extract_j2": _extract(2.5), "extract_j2_rounds": [2.0, 2.5, 3.0],
              "build": build, "rebuild": {**build, "wall_seconds": 1.5}, "store_mb": 40.0, "cache_mb": 1.0,
              "queries": {}}
    text = "\n".join(report_lines(result))
    assert "| extraction, 1 process(es) | 4.00 " in text
    assert "| 0.25 |" in text                       # 100 docs in 4 s against 100 in 1 s
    assert "2 processes vs 1: 1.60× faster (median rounds)" in text
    assert "Every round (seconds): tokeniser 1.00, 1.20, 0.90; 1 process(es) 4.00, 5.00, 3.00; " \
           "2 process(es) 2.00, 2.50, 3.00" in text
    assert "2 vs 1 in each round: 2.00×, 2.00×, 1.00×" in text
