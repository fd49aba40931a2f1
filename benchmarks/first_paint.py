"""Time to first paint: `reader` on the bundled sample against a bare Textual app, in a real terminal.

    python benchmarks/first_paint.py [--runs N]

Both programs start in detached tmux sessions (a private tmux server, started once beforehand), in turns,
at 160×50 and 80×24; the screen is read with ``tmux capture-pane -p`` every ~10 ms until a marker shows:
"marker text" for the bare app (benchmarks/bare_app.py: Header, Static, Footer) and a phrase of the sample's
first paragraph for reader, which therefore counts only when the article text is painted, not an empty
frame. Each reader run gets a fresh READER_HOME (first run: no history, no config). Machines are noisy, so
the reference is measured in the same run, interleaved, and the result is the ratio of medians.

A third program, for diagnosis: reader opening a URL of a loopback socket that accepts and never answers,
timed until its header says "loading": the cost of reader's own first frame (imports, config, a larger widget
tree and its CSS) without any article.

Bytecode: pip compiles a package's modules when it installs them, so a user's reader starts from .pyc
files, as Textual does here. An editable checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every
reader module at every start instead; the benchmark compiles them once beforehand so that both programs
are measured the way they run once installed.

Target (issue 8): reader / bare ≤ 1.25. A benchmark, not a test: it prints a markdown table and exits 0.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import socket
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tmux import Session, TmuxServer  # noqa: E402

HERE = Path(__file__).resolve().parent
READER = str(Path(sys.executable).with_name("reader"))
BARE_MARKER = "marker text"
READER_MARKER = "Zuckerberg, PDG"
SIZES = ((160, 50), (80, 24))
TARGET = 1.25


def compile_reader() -> None:
    """Write the .pyc files of reader's packages where they are imported from (see the module docstring)."""
    for package in ("reader", "widgets"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                compileall.compile_dir(location, quiet=1)


def one_run(server: TmuxServer, which: str, size: tuple[int, int], silent_url: str = "") -> float | None:
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
        if which == "bare":
            command, marker = [sys.executable, str(HERE / "bare_app.py")], BARE_MARKER
        elif which == "chrome":
            command, marker = [READER, silent_url], "loading"
        else:
            command, marker = [READER], READER_MARKER
        session = Session(server, command, *size, env={"READER_HOME": home})
        try:
            return session.wait_for(marker)
        finally:
            session.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each program per terminal size")
    args = parser.parse_args()
    compile_reader()
    silent = socket.socket()  # accepts connections (the kernel's backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}/article"
    server = TmuxServer()
    rows = []
    try:
        for size in SIZES:
            one_run(server, "bare", size)  # warm-up: bytecode caches, disk cache
            one_run(server, "reader", size)
            times: dict[str, list[float]] = {"bare": [], "reader": [], "chrome": []}
            for n in range(args.runs):
                order = ("bare", "reader", "chrome") if n % 2 == 0 else ("chrome", "reader", "bare")
                for which in order:
                    elapsed = one_run(server, which, size, silent_url)
                    if elapsed is not None:
                        times[which].append(elapsed)
            rows.append((size, times))
    finally:
        server.close()
        silent.close()

    print(f"First paint in tmux, {args.runs} runs each, interleaved (seconds from session start to marker on screen)\n")
    print("| terminal | bare Textual app median (best) | reader on the sample median (best) | ratio of medians | target | met "
          "| diagnosis: reader's empty first frame (URL that never answers) median, ratio |")
    print("|---|---|---|---|---|---|---|")
    for (width, height), times in rows:
        bare, reader = times["bare"], times["reader"]
        if not bare or not reader:
            print(f"| {width}×{height} | {len(bare)} ok | {len(reader)} ok | – | ≤ {TARGET} | no (timeouts) | – |")
            continue
        ratio = statistics.median(reader) / statistics.median(bare)
        chrome = times["chrome"]
        diagnosis = (f"{statistics.median(chrome):.3f}, {statistics.median(chrome) / statistics.median(bare):.2f}"
                     if chrome else "–")
        print(f"| {width}×{height} | {statistics.median(bare):.3f} ({min(bare):.3f}) | "
              f"{statistics.median(reader):.3f} ({min(reader):.3f}) | {ratio:.2f} | ≤ {TARGET} | "
              f"{'yes' if ratio <= TARGET else 'no'} | {diagnosis} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
