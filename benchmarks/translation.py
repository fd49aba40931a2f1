"""How fast is an article translated? BlockTranslator against a naive per-paragraph loop.

A 30-paragraph French article (~12,000 characters) goes to the loopback server of the tests (Google's
mobile page), which answers every request after 200 ms. Measured in the same run:

- naive: one GoogleTranslator call per paragraph, one after the other (what a first version would do);
- BlockTranslator without packing (4 requests in flight);
- BlockTranslator as shipped (packing + 4 in flight);
- the same article opened again: translation memory, no request.

Target: every block within 3 round trips (≤ 0.6 s + overhead), the first within one, and 0 requests on
reopening. Prints a markdown table. Run: ``python benchmarks/translation.py [--delay 0.2]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.memory import TranslationMemory  # noqa: E402
from reader.translate import BlockTranslator, TranslatorSettings  # noqa: E402
from tests.translate_server import TranslateServer  # noqa: E402

SENTENCES = [
    "Le gouvernement a présenté jeudi un projet de loi destiné à encadrer l’usage de l’intelligence artificielle.",
    "Selon le ministère, près de 2 209 entreprises seraient concernées dès l’an prochain.",
    "« Nous ne pouvons pas attendre que les autres décident pour nous », a déclaré la ministre devant les députés.",
    "Les syndicats dénoncent un calendrier trop serré et réclament une concertation plus large.",
    "À la Bourse de Paris, le CAC 40 a terminé la séance en hausse de 0,8 %, porté par les valeurs technologiques.",
    "Les analystes estiment que les investissements pourraient atteindre 135 milliards de dollars en 2026.",
    "Dans les régions, les élus locaux s’inquiètent de l’impact sur l’emploi et sur les services publics.",
    "Le texte doit être examiné au Sénat au début du mois de mars, avant une adoption définitive espérée en juin.",
]


def article(paragraphs: int = 30, size: int = 360) -> list[str]:
    out = []
    for p in range(paragraphs):
        words: list[str] = []
        k = p
        while len(" ".join(words)) < size:
            words.append(SENTENCES[k % len(SENTENCES)])
            k += 3
        out.append(f"{p + 1}. " + " ".join(words))
    return out


def naive(server: TranslateServer, texts: list[str]) -> tuple[float, float]:
    """The loop everyone writes first: one request per paragraph, sequentially."""
    from deep_translator import GoogleTranslator

    start = time.perf_counter()
    first = 0.0
    for n, text in enumerate(texts):
        translator = GoogleTranslator(source="fr", target="en")
        translator._base_url = server.url + "m"
        translator.translate(text)
        if n == 0:
            first = time.perf_counter() - start
    return first, time.perf_counter() - start


async def ours(server: TranslateServer, texts: list[str], memory: TranslationMemory, **values) -> tuple[float, float, int]:
    translator = BlockTranslator(TranslatorSettings(url=server.url, **values), memory=memory)
    start = time.perf_counter()
    first: list[float] = []
    results = await translator.translate(
        texts, "fr", order=range(5), on_result=lambda i, r: first or first.append(time.perf_counter() - start)
    )
    total = time.perf_counter() - start
    assert all(r.text == t.upper() for r, t in zip(results, texts)), "misaligned or failed translation"
    return first[0], total, translator.requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2, help="server answer time in seconds (default 0.2)")
    args = parser.parse_args()
    texts = article()
    chars = sum(map(len, texts))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, TranslateServer(delay=args.delay) as server:
        import deep_translator  # noqa: F401  - import cost is not what we measure

        server.reset()
        first, total = naive(server, texts)
        rows.append(("naive sequential loop (1 request per paragraph)", server.count, first, total))

        server.reset()
        memory = TranslationMemory(Path(tmp) / "unpacked.sqlite3", bundled=False)
        first, total, count = asyncio.run(ours(server, texts, memory, pack=False))
        rows.append(("BlockTranslator, no packing, 4 in flight", count, first, total))

        server.reset()
        memory = TranslationMemory(Path(tmp) / "tm.sqlite3", bundled=False)
        first, total, count = asyncio.run(ours(server, texts, memory))
        rows.append(("BlockTranslator (packing, 4 in flight)", count, first, total))
        memory.close()

        server.reset()
        memory = TranslationMemory(Path(tmp) / "tm.sqlite3", bundled=False)
        first, total, count = asyncio.run(ours(server, texts, memory))
        assert server.count == 0
        rows.append(("same article reopened (translation memory)", count, first, total))

    rtt = args.delay
    print(f"{len(texts)} paragraphs, {chars:,} characters; loopback Google answering in {rtt * 1000:.0f} ms\n")
    print("| run | requests | first block | all blocks | all / round trip |")
    print("|---|---:|---:|---:|---:|")
    for name, count, first, total in rows:
        print(f"| {name} | {count} | {first * 1000:,.0f} ms | {total * 1000:,.0f} ms | {total / rtt:.1f} |")
    packed = rows[2]
    ok = packed[3] <= 3 * rtt + 0.15 and packed[2] <= rtt + 0.15 and rows[3][1] == 0
    print(f"\ntarget (all ≤ 3 round trips + overhead, first ≤ 1, reopen 0 requests): {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
