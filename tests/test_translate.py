"""BlockTranslator against the loopback server: deep-translator's own HTTP code runs, nothing leaves 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from hypothesis import given, settings as hsettings, strategies as st

from reader import paths
from reader.errors import ConfigError, TranslateError
from reader.memory import TranslationMemory
from reader.models import Article, Block, BlockTranslation
from reader.translate import (
    NOT_REQUESTED,
    BlockTranslator,
    TranslatorSettings,
    describe_error,
    merge,
    split_text,
    translate_article,
)
from tests.translate_server import Reply, TranslateServer, translate_server  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
FAST = {"timeout": 2.0, "retries": 2, "backoff": 0.01}


def make(server, engine="google", memory=None, **values):
    settings = TranslatorSettings(engine=engine, url=server.url, **{**FAST, **values})
    return BlockTranslator(settings, memory=memory if memory is not None else TranslationMemory(bundled=False))


def paragraphs(count, size=80):
    base = "Le gouvernement a présenté jeudi un plan de {i} milliards d'euros pour la recherche. "
    return [(base.format(i=i) * (size // len(base) + 1))[:size].strip() + f" ({i})" for i in range(count)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- alignment ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["google", "libre", "mymemory", "deepl"])
async def test_one_translation_per_block_in_order(translate_server, engine):
    texts = paragraphs(12)
    extra = {"key": "k"} if engine == "deepl" else {}
    results = await make(translate_server, engine, **extra).translate(texts, "fr")
    assert [r.text for r in results] == [t.upper() for t in texts]
    assert all(r.error is None and not r.from_memory for r in results)


async def test_blank_symbols_and_duplicates_stay_aligned(translate_server):
    texts = ["Bonjour.", "", "   ", "— * —", "Bonjour.", "12", "Au revoir."]
    translator = make(translate_server, pack=False)
    results = await translator.translate(texts, "fr")
    assert [r.text for r in results] == ["BONJOUR.", "", "   ", "— * —", "BONJOUR.", "12", "AU REVOIR."]
    # "12" has digits, so it is asked; the duplicate "Bonjour." is asked once.
    assert translate_server.count == 3


async def test_titles_and_quotes_are_just_more_texts(translate_server):
    article = Article(
        source="x",
        url=None,
        title="La mer monte",
        blocks=(Block("paragraph", "Le niveau de la mer monte."), Block("quote", "« Il faut agir », dit-elle.")),
        lang="fr",
    )
    seen = []
    translation = await translate_article(article, make(translate_server), on_result=lambda i, r: seen.append(i))
    assert translation.title == BlockTranslation("LA MER MONTE")
    assert [b.text for b in translation.blocks] == ["LE NIVEAU DE LA MER MONTE.", "« IL FAUT AGIR », DIT-ELLE."]
    assert translation.translator == "Google Translate" and translation.target == "en"
    assert sorted(seen) == [-1, 0, 1]


async def test_same_source_and_target_asks_nothing(translate_server):
    translator = make(translate_server)
    results = await translator.translate(["Hello there."], "en")
    assert results == [BlockTranslation("Hello there.", from_memory=True)]
    assert translate_server.count == 0


# -- streaming and priority ---------------------------------------------------------------------------------


async def test_results_stream_in_priority_order_on_the_loop_thread(translate_server):
    translate_server.delay = 0.02
    texts = paragraphs(8)
    translator = make(translate_server, pack=False, concurrency=1)
    calls = []
    loop_thread = threading.get_ident()
    results = await translator.translate(
        texts, "fr", order=[5, 6, 5, 99], on_result=lambda i, r: calls.append((i, threading.get_ident()))
    )
    assert [i for i, _ in calls] == [5, 6, 0, 1, 2, 3, 4, 7]
    assert {thread for _, thread in calls} == {loop_thread}
    assert len(results) == 8


async def test_first_block_arrives_before_the_last(translate_server):
    translate_server.delay = 0.2
    texts = paragraphs(6)
    arrivals = []
    start = time.monotonic()
    await make(translate_server, pack=False, concurrency=2).translate(
        texts, "fr", on_result=lambda i, r: arrivals.append(time.monotonic() - start)
    )
    assert len(arrivals) == 6
    assert arrivals[0] < arrivals[-1] - 0.15  # delivered as it came, not all at the end


async def test_only_translates_the_given_indices(translate_server):
    texts = paragraphs(6)
    translator = make(translate_server, pack=False)
    seen = []
    results = await translator.translate(texts, "fr", only=[4, 1, 42], on_result=lambda i, r: seen.append(i))
    assert sorted(seen) == [1, 4]
    assert translate_server.count == 2
    assert [r is NOT_REQUESTED or r == NOT_REQUESTED for r in results] == [True, False, True, True, False, True]
    previous = [BlockTranslation(None, error="translation unavailable: engine timed out")] * 6
    merged = merge(previous, results)
    assert merged[1].text == texts[1].upper() and merged[0].error


# -- concurrency and packing --------------------------------------------------------------------------------


async def test_concurrency_is_bounded(translate_server):
    translate_server.delay = 0.1
    await make(translate_server, pack=False, concurrency=3).translate(paragraphs(12), "fr")
    assert translate_server.count == 12
    assert translate_server.max_in_flight == 3


@pytest.mark.parametrize("engine", ["google", "libre"])
async def test_packing_reduces_requests_and_splits_back_exactly(translate_server, engine):
    texts = paragraphs(30, size=300)
    translator = make(translate_server, engine)
    results = await translator.translate(texts, "fr")
    assert [r.text for r in results] == [t.upper() for t in texts]
    # ~9,300 characters: the concurrency bound (4) for Google, LibreTranslate's 2,000-character limit (5).
    assert translate_server.count == {"google": 4, "libre": 5}[engine]
    assert translator.packed_requests == translate_server.count


async def test_engine_that_loses_separators_falls_back_to_one_block_per_request(translate_server):
    # An engine that keeps words and punctuation but drops unusual symbols: our markers do not survive.
    translate_server.translate = lambda text: re.sub(r"[^\w\s.,'()-]", "", text).upper()
    texts = paragraphs(10)
    translator = make(translate_server)
    results = await translator.translate(texts, "fr")
    assert [r.text for r in results] == [t.upper() for t in texts]
    packed = translator.packed_requests
    assert packed >= 1 and translate_server.count == packed + 10
    # And it stops trying: the next article goes one block per request at once.
    translate_server.reset()
    await translator.translate(paragraphs(3, size=50), "fr")
    assert translate_server.count == 3 and translator.packed_requests == packed


async def test_long_blocks_are_split_on_sentences_and_joined(translate_server):
    sentence = "La Banque centrale européenne a relevé ses taux directeurs de 0,25 point. "
    long_text = (sentence * 40).strip()  # ~3,000 characters
    translator = make(translate_server, pack=False, max_chars=500)
    results = await translator.translate([long_text, "Court."], "fr")
    assert results[0].text == long_text.upper()
    assert results[1].text == "COURT."
    queries = [s.params["q"] for s in translate_server.seen]
    assert all(len(q) <= 500 for q in queries)
    assert all(q.endswith(".") for q in queries)  # cut after a sentence
    assert len(queries) == 1 + len(split_text(long_text, 500))


async def test_block_longer_than_googles_limit_still_translates(translate_server):
    text = ("Une phrase assez longue pour remplir la page, encore et encore. " * 200).strip()  # 13,000
    results = await make(translate_server).translate([text], "fr")
    assert results[0].text == text.upper()
    assert all(len(s.params["q"]) < 5000 for s in translate_server.seen)


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?…»\n\t é"), max_size=400), st.integers(min_value=3, max_value=60))
def test_split_text_gives_the_text_back_in_pieces_within_the_limit(text, limit):
    pieces = split_text(text, limit)
    assert "".join(piece + gap for piece, gap in pieces) == text
    assert all(len(piece) <= limit for piece, _ in pieces)


# -- memory -------------------------------------------------------------------------------------------------


async def test_reopening_an_article_sends_zero_requests(translate_server):
    texts = paragraphs(10)
    first = await make(translate_server, memory=TranslationMemory()).translate(texts, "fr")
    count = translate_server.count
    assert count > 0
    # A new translator (a new run of the app) with the default memory file.
    translator = make(translate_server, memory=TranslationMemory())
    again = await translator.translate(texts, "fr")
    assert translate_server.count == count
    assert translator.requests == 0
    assert [r.text for r in again] == [r.text for r in first]
    assert all(r.from_memory for r in again)
    assert paths.translation_memory_file().exists()


async def test_memory_is_keyed_by_engine_and_languages(translate_server):
    memory = TranslationMemory()
    await make(translate_server, memory=memory).translate(["Bonjour."], "fr")
    await make(translate_server, "libre", memory=memory).translate(["Bonjour."], "fr")
    await make(translate_server, memory=memory, target="de").translate(["Bonjour."], "fr")
    await make(translate_server, memory=memory).translate(["Bonjour."], None)
    assert translate_server.count == 4


async def test_bundled_sample_needs_no_network_for_any_engine(translate_server):
    import json

    data = json.loads(paths.sample_translation().read_text(encoding="utf-8"))
    texts = [data["title"][0], *(fr for fr, _ in data["pairs"])]
    expected = [data["title"][1], *(en for _, en in data["pairs"])]
    for engine, source in [("google", "fr"), ("libre", None), ("mymemory", "auto")]:
        translator = make(translate_server, engine, memory=TranslationMemory())
        results = await translator.translate(texts, source)
        assert [r.text for r in results] == expected
        assert all(r.from_memory for r in results)
    assert translate_server.count == 0
    # Another target is not in the sample.
    await make(translate_server, memory=TranslationMemory(), target="de").translate(texts[:1], "fr")
    assert translate_server.count == 1


async def test_translation_carries_on_when_memory_is_corrupt(translate_server):
    path = paths.translation_memory_file()
    paths.ensure_dir(path.parent)
    path.write_bytes(b"this is not a database" * 100)
    translator = make(translate_server, memory=TranslationMemory())
    results = await translator.translate(["Bonjour."], "fr")
    assert results[0].text == "BONJOUR."
    assert any("set aside" in w for w in translator.warnings)


async def test_keys_never_reach_messages_logs_repr_or_memory(translate_server, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "SECRET-KEY-8e1f"
    translate_server.then(Reply(status=403))
    memory = TranslationMemory()
    translator = make(translate_server, "libre", memory=memory, key=secret)
    results = await translator.translate(["Bonjour.", "Merci."], "fr")
    assert translate_server.seen[0].params["api_key"] == secret  # it was sent
    failed = [r for r in results if r.error]
    assert failed and failed[0].error == "translation unavailable: engine refused the key (HTTP 403)"
    assert secret not in repr(translator.settings) and secret not in repr(translator)
    assert secret not in caplog.text
    memory.close()
    for file in paths.translation_memory_file().parent.iterdir():
        assert secret.encode() not in file.read_bytes()


async def test_a_locked_memory_never_stops_the_event_loop(translate_server):
    """Another reader holds the memory file (reads shut out too): lookups and writes wait in the memory's
    own thread, only the first of them for the busy timeout, and the event loop keeps running."""
    import sqlite3

    path = paths.translation_memory_file()
    paths.ensure_dir(path.parent)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE held (x)")
    holder.execute("BEGIN EXCLUSIVE")
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    try:
        translator = make(translate_server, pack=False, memory=TranslationMemory())
        start = time.monotonic()
        results = await translator.translate(paragraphs(12), "fr")
        elapsed = time.monotonic() - start
    finally:
        ticking.cancel()
        holder.execute("ROLLBACK")
        holder.close()
    assert all(r.text and not r.from_memory for r in results)
    assert max(gaps) < 0.9, f"(hang guard: a lock wait is 1 s) the event loop stalled {max(gaps):.2f} s"
    assert elapsed < 3.5, elapsed  # one busy timeout (1 s) and its open retries, not one per block
    assert translator.warnings == ["translation memory unavailable (database is locked): translating without it"]


async def test_memory_calls_run_off_the_event_loop_thread(translate_server, monkeypatch):
    threads: list[str] = []
    for name in ("get_many", "put_many"):
        real = getattr(TranslationMemory, name)

        def spy(self, *args, _real=real, **kwargs):
            threads.append(threading.current_thread().name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(TranslationMemory, name, spy)
    await make(translate_server, memory=TranslationMemory()).translate(paragraphs(5), "fr")
    assert threads and threading.current_thread().name not in threads
    assert set(threads) == {"reader-memory"}


def test_close_without_an_event_loop_closes_the_memory_at_once(translate_server):
    translator = BlockTranslator(TranslatorSettings(url=translate_server.url, **FAST))
    asyncio.run(translator.translate(["Bonjour."], "fr"))
    assert translator.memory._conn is not None
    translator.close()
    assert translator.memory._conn is None


# -- failures -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "reply", "message", "requests_made"),
    [
        ("google", Reply(status=503), "engine error (HTTP 503)", 3),
        ("libre", Reply(status=503), "engine error (HTTP 503)", 3),
        ("google", Reply(status=429), "rate limited by the engine (HTTP 429)", 3),
        ("libre", Reply(status=429), "rate limited by the engine (HTTP 429)", 3),
        ("google", Reply(status=403), "engine refused the key (HTTP 403)", 1),
        ("libre", Reply(status=403), "engine refused the key (HTTP 403)", 1),
        ("google", Reply(status=404), "engine error (HTTP 404)", 1),
        ("google", Reply(body="<html><p>captcha</p></html>", content_type="text/html"), "engine returned no translation", 1),
        ("google", Reply(translation=""), "engine returned no translation", 1),
        ("libre", Reply(translation=""), "engine returned no translation", 1),
        ("libre", Reply(body="<html>oops</html>", content_type="text/html"), "engine returned an unreadable answer", 1),
        ("libre", Reply(body='{"error": "nope"}', content_type="application/json"), "engine returned an unreadable answer", 1),
        ("google", Reply(close=True), "cannot reach the engine (connection closed)", 3),
    ],
)
async def test_each_failure_maps_to_one_short_message(translate_server, engine, reply, message, requests_made):
    translate_server.default = reply
    translator = make(translate_server, engine)
    results = await translator.translate(["Bonjour le monde."], "fr")
    assert results == [BlockTranslation(text=None, error="translation unavailable: " + message)]
    assert translate_server.count == requests_made == translator.requests


async def test_transient_failures_are_retried_then_succeed(translate_server):
    translate_server.then(Reply(status=503), Reply(status=429))
    results = await make(translate_server).translate(["Bonjour."], "fr")
    assert results == [BlockTranslation("BONJOUR.")]
    assert translate_server.count == 3


async def test_backoff_grows(translate_server):
    translate_server.default = Reply(status=503)
    start = time.monotonic()
    await make(translate_server, retries=2, backoff=0.1).translate(["Bonjour."], "fr")
    assert time.monotonic() - start >= 0.3  # 0.1 + 0.2


async def test_connection_refused():
    settings = TranslatorSettings(url=f"http://127.0.0.1:{free_port()}/", **FAST)
    results = await BlockTranslator(settings, memory=False).translate(["Bonjour."], "fr")
    assert results[0].error == "translation unavailable: cannot reach the engine (connection refused)"


async def test_unsupported_language_fails_without_a_request(translate_server):
    results = await make(translate_server).translate(["Bonjour."], "xx")
    assert results[0].error == "translation unavailable: language not supported: xx"
    assert translate_server.count == 0


async def test_one_failed_block_leaves_the_others(translate_server):
    translate_server.rule = lambda seen: Reply(status=500) if "DEUX" in seen.params["q"].upper() else None
    results = await make(translate_server, pack=False, retries=0).translate(["Un.", "Deux.", "Trois."], "fr")
    assert [r.text for r in results] == ["UN.", None, "TROIS."]
    assert results[1].error == "translation unavailable: engine error (HTTP 500)"


async def test_retry_of_failed_blocks_with_only(translate_server):
    translate_server.rule = lambda seen: Reply(status=500) if "DEUX" in seen.params["q"].upper() else None
    translator = make(translate_server, pack=False, retries=0, memory=TranslationMemory())
    first = await translator.translate(["Un.", "Deux.", "Trois."], "fr")
    translate_server.rule = None
    translate_server.reset()
    failed = [i for i, r in enumerate(first) if r.error]
    second = await translator.translate(["Un.", "Deux.", "Trois."], "fr", only=failed)
    assert translate_server.count == 1
    assert [r.text for r in merge(first, second)] == ["UN.", "DEUX.", "TROIS."]


# -- deadlines, cancelling, quitting ------------------------------------------------------------------------


async def test_a_hung_server_times_out_on_our_deadline(translate_server):
    translate_server.default = Reply(hang=True)
    translator = make(translate_server, timeout=0.3, retries=1)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    tick_task = asyncio.create_task(ticker())
    start = time.monotonic()
    results = await translator.translate(["Bonjour."], "fr")
    elapsed = time.monotonic() - start
    tick_task.cancel()
    assert results[0].error == "translation unavailable: engine timed out"
    assert translate_server.count == 2
    assert elapsed < 3
    assert ticks > 20  # the event loop kept running meanwhile


async def test_cancelling_translate_returns_promptly(translate_server):
    translate_server.default = Reply(hang=True)
    task = asyncio.create_task(make(translate_server, timeout=30).translate(paragraphs(6), "fr"))
    while translate_server.count == 0:
        await asyncio.sleep(0.01)
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=1.0)
    assert task in done and task.cancelled()


def test_the_interpreter_exits_with_a_request_hung_in_flight(tmp_path):
    script = f"""
import asyncio, sys
sys.path.insert(0, {str(ROOT)!r})
from tests.translate_server import Reply, TranslateServer
from reader.translate import BlockTranslator, TranslatorSettings

async def main():
    server = TranslateServer(default=Reply(hang=True)).start()
    translator = BlockTranslator(TranslatorSettings(url=server.url, timeout=60, pack=False), memory=False)
    task = asyncio.create_task(translator.translate(["Un.", "Deux.", "Trois."], "fr"))
    while server.count < 3:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.wait({{task}}, timeout=1.0)
    print("cancelled" if task.cancelled() else "still running", flush=True)
    # A second translation left in flight: asyncio.run cancels it and must not wait for its threads.
    asyncio.create_task(translator.translate(["Quatre."], "fr"))
    await asyncio.sleep(0.2)

asyncio.run(main())
print("exiting", flush=True)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=20, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["cancelled", "exiting"]


# -- settings and error mapping -----------------------------------------------------------------------------


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown translator 'bing': choose google, libre, mymemory, deepl or microsoft"):
        TranslatorSettings(engine="bing")


@pytest.mark.parametrize(
    "values",
    [{"target": ""}, {"url": "ftp://x"}, {"timeout": 0}, {"concurrency": 0}, {"retries": -1}, {"max_chars": 1}],
)
def test_bad_settings_are_config_errors(values):
    with pytest.raises(ConfigError):
        TranslatorSettings(**values)


def test_settings_from_env_read_the_key_and_hide_it():
    settings = TranslatorSettings.from_env({"READER_TRANSLATOR_KEY": "abc123"}, engine="DeepL", url=None)
    assert settings.engine == "deepl" and settings.key == "abc123"
    assert "abc123" not in repr(settings) and "***" in repr(settings)
    assert TranslatorSettings.from_env({}).key is None
    assert TranslatorSettings.from_env({"READER_TRANSLATOR_KEY": "a"}, key="b").key == "b"


def test_engines_that_need_a_key_say_so():
    with pytest.raises(ConfigError, match="READER_TRANSLATOR_KEY"):
        BlockTranslator(TranslatorSettings(engine="deepl"), memory=False)
    assert BlockTranslator(TranslatorSettings(engine="deepl", key="k"), memory=False).name == "DeepL"


@pytest.mark.parametrize(
    ("error", "message", "transient"),
    [
        (TimeoutError(), "engine timed out", True),
        (requests.ReadTimeout(), "engine timed out", True),
        (requests.ConnectionError(ConnectionRefusedError(111, "Connection refused")), "cannot reach the engine (connection refused)", True),
        (ValueError("Expecting value"), "engine returned an unreadable answer", False),
        (TranslateError("translation unavailable: x", transient=True), "x", True),
        (RuntimeError("boom"), "engine failed (RuntimeError)", False),
        (AttributeError("'NoneType' object has no attribute 'json'"), "cannot reach the engine", True),
    ],
)
def test_describe_error(error, message, transient):
    assert describe_error(error) == ("translation unavailable: " + message, transient)


def test_describe_error_never_shows_the_exception_text():
    from deep_translator.exceptions import AuthorizationException

    message, transient = describe_error(AuthorizationException("SECRET"))
    assert "SECRET" not in message and not transient


async def test_a_pack_the_engine_cannot_take_is_retried_block_by_block(translate_server):
    translate_server.then(Reply(status=414))  # URI too long, for the packed request only
    texts = paragraphs(3)
    translator = make(translate_server, concurrency=1)
    results = await translator.translate(texts, "fr")
    assert [r.text for r in results] == [t.upper() for t in texts]
    assert translate_server.count == 1 + 3


async def test_a_failing_engine_is_not_asked_block_by_block(translate_server):
    translate_server.default = Reply(status=503)
    results = await make(translate_server, concurrency=1, retries=1).translate(paragraphs(5), "fr")
    assert {r.error for r in results} == {"translation unavailable: engine error (HTTP 503)"}
    assert translate_server.count == 2  # one pack, one retry


async def test_retry_after_is_honoured_within_a_bound(translate_server):
    translate_server.then(Reply(status=429, headers={"Retry-After": "0.5"}))
    start = time.monotonic()
    results = await make(translate_server).translate(["Bonjour."], "fr")
    assert results == [BlockTranslation("BONJOUR.")]
    assert time.monotonic() - start >= 0.5


async def test_deepl_detects_the_language_when_the_article_does_not_say(translate_server):
    results = await make(translate_server, "deepl", key="k:fx").translate(["Bonjour."], None)
    assert results == [BlockTranslation("BONJOUR.")]
    assert "source_lang" not in translate_server.seen[0].params
    assert translate_server.seen[0].params["target_lang"] == "en"


async def test_a_reload_after_cancelling_a_hung_translation_is_not_blocked(translate_server):
    translate_server.default = Reply(hang=True)
    translator = make(translate_server, timeout=30, pack=False, concurrency=2)
    task = asyncio.create_task(translator.translate(paragraphs(4), "fr"))
    while translate_server.count < 2:
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.wait({task}, timeout=1.0)
    assert task.cancelled()
    # The engine is back: the same translator (its concurrency slots freed) translates at once.
    translate_server.default = Reply()
    results = await asyncio.wait_for(translator.translate(["Bonjour."], "fr"), timeout=3)
    assert results == [BlockTranslation("BONJOUR.")]


async def test_the_bundled_sample_article_translates_with_no_request(translate_server):
    pipeline = pytest.importorskip("reader.pipeline")
    article, _ = await pipeline.load_article(None)
    translation = await translate_article(article, make(translate_server, memory=TranslationMemory()))
    assert translate_server.count == 0
    assert len(translation.blocks) == len(article.blocks) > 0
    assert all(block.from_memory and block.text for block in translation.blocks)
    assert translation.title is not None and translation.title.from_memory


@pytest.mark.parametrize("seed", range(6))
async def test_every_requested_index_is_delivered_once_whatever_happens(translate_server, seed):
    import random

    rng = random.Random(seed)
    words = ["Bonjour.", "Merci beaucoup.", "", "—", "Il pleut. " * 30, "ÉCHEC ici.", "La mer."]
    texts = [rng.choice(words) + (str(rng.randint(0, 3)) if rng.random() < 0.5 else "") for _ in range(25)]
    # Any request holding a failing text fails; packs that hold one fall back or fail as a whole.
    translate_server.rule = lambda seen: Reply(status=400) if "ÉCHEC" in seen.params["q"].upper() else None
    only = sorted(rng.sample(range(25), 15)) if seed % 2 else None
    calls: dict[int, list[BlockTranslation]] = {}
    results = await make(translate_server, max_chars=120, concurrency=rng.randint(1, 4)).translate(
        texts, "fr", only=only, order=rng.sample(range(25), 5), on_result=lambda i, r: calls.setdefault(i, []).append(r)
    )
    wanted = set(only) if only is not None else set(range(25))
    assert set(calls) == wanted and all(len(v) == 1 for v in calls.values())
    for index, text in enumerate(texts):
        result = results[index]
        if index not in wanted:
            assert result == NOT_REQUESTED
            continue
        assert calls[index] == [result]
        if "ÉCHEC" in text:
            assert result.error == "translation unavailable: engine error (HTTP 400)"
        elif text.strip() and any(c.isalnum() for c in text):
            assert result.text == " ".join(text.split()).upper() or result.text == text.strip().upper()
        else:
            assert result.text == text
