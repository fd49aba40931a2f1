"""Many articles: `reader --dump json URL…` on 50 pages from a slow loopback server, against the same command
loading one page at a time.

    python benchmarks/many_articles.py [--pages 50] [--delay 0.1] [--runs 3]

A ThreadingHTTPServer on 127.0.0.1 answers each of ``--pages`` distinct small French article pages after
``--delay`` seconds, and a 404 (after the same delay) for one bad URL placed in the middle of the list. The
measured command is the installed console script (`reader`, next to sys.executable) run as a subprocess,
start-up included. The reference, measured in the same run and interleaved, is the same CLI in a process
whose ``reader.cli.DUMP_CONCURRENCY`` is set to 1 (one page at a time). Every run is checked: one JSON
object per good URL, in the order given, the bad URL's error on stderr and exit status 2.

Target (issue 8): 50 pages at 100 ms each in ≤ 1.5 s (sequential ≈ 5 s). A benchmark, not a test: it prints
a markdown table and exits 0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

READER = str(Path(sys.executable).with_name("reader"))
TARGET = 1.5

PEOPLE = ["Marie Dupont", "Jean Martin", "Sophie Bernard", "Luc Moreau", "Claire Petit", "Paul Girard"]
CITIES = ["Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Rennes", "Strasbourg"]


def article_page(n: int) -> bytes:
    person, city = PEOPLE[n % len(PEOPLE)], CITIES[n % len(CITIES)]
    paragraphs = [
        f"La mairie de {city} a présenté mardi un budget de {120 + n} millions d’euros pour l’année {2020 + n % 6}, "
        f"en hausse de {3 + n % 9} % par rapport à l’an dernier.",
        f"« Nous devons investir maintenant dans les transports et les écoles », a déclaré {person}, adjointe "
        f"chargée des finances, devant le conseil municipal réuni pour l’occasion.",
        f"Selon les services de la ville, {1500 + 37 * n} logements doivent être rénovés d’ici à {2030 + n % 5}, "
        f"et {n % 12 + 2} nouvelles lignes de bus ouvriront dès l’automne.",
        f"L’opposition dénonce un projet « trop coûteux » et réclame un audit indépendant avant le vote prévu "
        f"le {1 + n % 27} juin. Le débat reprendra la semaine prochaine, article numéro {n}.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Budget de {city} : article {n}"
            f"</title></head><body><nav><a href='/'>Accueil</a></nav><article><h1>Budget de {city} : article {n}"
            f"</h1>{body}</article><footer>© Journal</footer></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    delay = 0.1
    pages = 50

    def do_GET(self) -> None:  # noqa: N802
        time.sleep(self.delay)
        name = self.path.strip("/")
        if name.startswith("article-") and name[8:].isdigit() and int(name[8:]) < self.pages:
            body, status = article_page(int(name[8:])), 200
        else:
            body, status = b"<html><body><p>Not found</p></body></html>", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


SEQUENTIAL = ("import sys, reader.cli as cli; cli.DUMP_CONCURRENCY = 1; "
              "sys.argv[0] = 'reader'; sys.exit(cli.main(sys.argv[1:]))")


def run(urls: list[str], bad: str, sequential: bool, home: str) -> tuple[float, str]:
    command = [sys.executable, "-c", SEQUENTIAL] if sequential else [READER]
    start = time.perf_counter()
    done = subprocess.run([*command, "--dump", "json", *urls], capture_output=True, text=True,
                          env={"READER_HOME": home, "PATH": "/usr/bin:/bin"}, timeout=120)
    elapsed = time.perf_counter() - start
    good = [u for u in urls if u != bad]
    lines = done.stdout.splitlines()
    problems = []
    try:
        sources = [json.loads(line)["source"] for line in lines]
    except (ValueError, KeyError) as error:
        sources = []
        problems.append(f"bad JSON: {error}")
    if sources != good:
        problems.append(f"{len(sources)} objects, order {'ok' if sources == good[:len(sources)] else 'wrong'}")
    if done.returncode != 2:
        problems.append(f"exit status {done.returncode}")
    if bad not in done.stderr or not done.stderr.startswith("reader: "):
        problems.append(f"stderr: {done.stderr.strip()[:100]!r}")
    return elapsed, "ok" if not problems else "; ".join(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds before each answer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    Handler.delay, Handler.pages = args.delay, args.pages
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/article-{n}" for n in range(args.pages)]
    bad = f"{base}/missing"
    urls.insert(len(urls) // 2, bad)
    times: dict[bool, list[float]] = {False: [], True: []}
    checks: dict[bool, set[str]] = {False: set(), True: set()}
    try:
        with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
            run(urls[:3], bad, False, home)  # warm-up: bytecode and disk caches
            for n in range(args.runs):
                for sequential in ((False, True) if n % 2 == 0 else (True, False)):
                    elapsed, check = run(urls, bad, sequential, home)
                    times[sequential].append(elapsed)
                    checks[sequential].add(check)
    finally:
        server.shutdown()

    concurrent, sequential = times[False], times[True]
    speedup = statistics.median(sequential) / statistics.median(concurrent)
    print(f"Many articles: `reader --dump json` on {args.pages} pages + 1 bad URL, loopback server answering in "
          f"{args.delay * 1000:.0f} ms, {args.runs} runs each, interleaved (seconds, process start to exit)\n")
    print("| command | median (best) | checks (order, bad URL on stderr, exit 2) | target | met |")
    print("|---|---|---|---|---|")
    print(f"| concurrent (`reader --dump json URL…`) | {statistics.median(concurrent):.2f} ({min(concurrent):.2f}) | "
          f"{', '.join(sorted(checks[False]))} | ≤ {TARGET} s | "
          f"{'yes' if statistics.median(concurrent) <= TARGET and checks[False] == {'ok'} else 'no'} |")
    print(f"| reference: same CLI, one page at a time | {statistics.median(sequential):.2f} ({min(sequential):.2f}) | "
          f"{', '.join(sorted(checks[True]))} | – | – |")
    print(f"| speed-up | {speedup:.1f}× | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
