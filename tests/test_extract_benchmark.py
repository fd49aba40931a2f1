"""Regression floor on the Article Extraction Benchmark (quality only: timing stays in benchmarks/)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "extraction.py"
DATASET = REPO.parent / "shared" / "bench" / "article-extraction-benchmark"


def _bench_module():
    spec = importlib.util.spec_from_file_location("reader_extraction_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (DATASET / "ground-truth.json").exists(),
    reason=f"benchmark data not found at {DATASET} (the shared/bench folder is not part of the repo)",
)
def test_f1_on_the_article_extraction_benchmark_stays_above_the_floor():
    bench = _bench_module()
    pages = bench.load(DATASET)
    assert len(pages) > 100
    outputs = [bench.run_reader(html, url) for _, url, html, _ in pages]
    result = bench.evaluate("reader", outputs, 1.0, pages)
    assert result["f1"] >= 0.96, f"F1 {result['f1']:.3f} fell below the 0.96 floor"
    assert result["precision"] >= 0.94 and result["recall"] >= 0.94


def test_metric_matches_the_benchmark_definition():
    bench = _bench_module()
    assert bench.page_scores("", "") == (1.0, 1.0)
    assert bench.page_scores("one two three four", "one two three four") == (1.0, 1.0)
    precision, recall = bench.page_scores("a b c d e", "a b c d")
    assert precision == 1.0 and recall == 0.5
    assert bench.page_scores("a b c d", "") == (0.0, 0.0)
