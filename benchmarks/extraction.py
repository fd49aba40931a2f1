"""Compare reader's extraction with trafilatura's on the Article Extraction Benchmark.

    python benchmarks/extraction.py [DATASET_DIR] [--worst N] [--rounds N]

DATASET_DIR defaults to ../shared/bench/article-extraction-benchmark beside the repository. Both
extractors run over the same pages, HTML already in memory, in this one process, taking turns pass by
pass; each one's fastest pass gives its pages/s. The metric is the
benchmark's: ``\\w+`` tokens, 4-token shingles, per-page TP/FP/FN normalised to sum to 1, precision and
recall averaged over pages, F1 from those means. Prints a markdown table, the speed ratio and reader's
worst pages. trafilatura is optional (the ``bench`` extra): without it only reader's row is printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO.parent / "shared" / "bench" / "article-extraction-benchmark"
sys.path.insert(0, str(REPO))

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + size]) for i in range(max(0, len(tokens) - size + 1)))


def page_scores(expected: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of one page, as the benchmark computes them."""
    truth, guess = shingles(expected), shingles(predicted)
    if not truth and not guess:
        return 1.0, 1.0
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def load(dataset: Path) -> list[tuple[str, str, str, str]]:
    """[(id, url, html, expected body)] for every page that has a ground truth."""
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = dataset / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, truth[key].get("url"), html, truth[key].get("articleBody") or ""))
    return pages


def run_reader(html: str, url: str | None) -> str:
    from reader.errors import ExtractError
    from reader.extract import extract

    try:
        return extract(html, url=url).text
    except ExtractError:
        return ""


def run_trafilatura(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_all(functions: dict, pages, rounds: int) -> dict:
    """Outputs and time of each extractor: whole passes over the pages, the extractors taking turns
    pass by pass, and each one's fastest pass kept, so that other load on the machine during the
    run weighs on all of them alike and a passing spike on none."""
    outputs: dict[str, list[str]] = {}
    best = dict.fromkeys(functions, float("inf"))
    clock = time.perf_counter
    for _ in range(rounds):
        for name, function in functions.items():
            start = clock()
            results = [function(html, url) for _, url, html, _ in pages]
            best[name] = min(best[name], clock() - start)
            outputs[name] = results
    return {name: (outputs[name], best[name]) for name in functions}


def evaluate(name: str, outputs: list[str], elapsed: float, pages) -> dict:
    scores = [page_scores(expected, output) for (_, _, _, expected), output in zip(pages, outputs)]
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_page = []
    for (key, _, _, _), (p, r) in zip(pages, scores):
        per_page.append((2 * p * r / (p + r) if p + r else 0.0, p, r, key))
    return {
        "name": name, "f1": f1, "precision": precision, "recall": recall,
        "pages_per_second": len(pages) / elapsed if elapsed else float("inf"), "per_page": per_page,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET,
                        help=f"benchmark folder (default: {DEFAULT_DATASET})")
    parser.add_argument("--worst", type=int, default=10, help="how many of reader's worst pages to list")
    parser.add_argument("--rounds", type=int, default=3, help="passes per extractor; the fastest counts")
    args = parser.parse_args(argv)
    if not (args.dataset / "ground-truth.json").exists():
        print(f"no benchmark data in {args.dataset} (expected ground-truth.json and html/)", file=sys.stderr)
        return 2
    pages = load(args.dataset)
    functions = {"reader": run_reader}
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        have_trafilatura = False
    else:
        have_trafilatura = True
        functions["trafilatura"] = run_trafilatura
    for function in functions.values():  # warm up: imports, caches, first-call costs
        function(pages[0][2], pages[0][1])
    timed = run_all(functions, pages, max(1, args.rounds))
    results = [evaluate(name, outputs, elapsed, pages) for name, (outputs, elapsed) in timed.items()]

    rounds = max(1, args.rounds)
    passes = "one pass each" if rounds == 1 else f"fastest of {rounds} passes each"
    print(f"Article Extraction Benchmark: {len(pages)} pages from {args.dataset} ({passes})\n")
    print("| extractor | F1 | precision | recall | pages/s |")
    print("|---|---|---|---|---|")
    for result in results:
        print(f"| {result['name']} | {result['f1']:.3f} | {result['precision']:.3f} | {result['recall']:.3f} "
              f"| {result['pages_per_second']:.1f} |")
    print()
    if have_trafilatura:
        ratio = results[0]["pages_per_second"] / results[1]["pages_per_second"]
        print(f"Speed ratio reader / trafilatura: {ratio:.1f}×\n")
    else:
        print("trafilatura is not installed (pip install '.[bench]'): only reader was measured.\n")
    print(f"Worst {args.worst} pages for reader:\n")
    print("| page | F1 | precision | recall |")
    print("|---|---|---|---|")
    for f1, p, r, key in sorted(results[0]["per_page"])[: args.worst]:
        print(f"| {key} | {f1:.3f} | {p:.3f} | {r:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
