"""TranslationMemory: lookups, sharing between readers, and stepping aside instead of crashing."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading

import pytest

from reader import paths
from reader.memory import TranslationMemory, text_hash


def test_put_then_get(reader_home):
    memory = TranslationMemory(bundled=False)
    assert memory.get("google", "fr", "en", "Bonjour") is None
    memory.put("google", "fr", "en", "Bonjour", "Hello")
    assert memory.get("google", "fr", "en", "Bonjour") == "Hello"
    assert memory.get("libre", "fr", "en", "Bonjour") is None
    assert memory.get("google", "auto", "en", "Bonjour") is None
    assert memory.get("google", "fr", "de", "Bonjour") is None
    assert memory.path == reader_home / "cache" / "translations.sqlite3"
    assert memory.warnings == []


def test_unknown_source_is_auto():
    memory = TranslationMemory(bundled=False)
    memory.put("google", None, "en", "Salut", "Hi")
    assert memory.get("google", "auto", "en", "Salut") == "Hi"
    assert memory.get("google", "", "en", "Salut") == "Hi"


def test_get_many_and_put_many():
    memory = TranslationMemory(bundled=False)
    texts = [f"phrase {i}" for i in range(1200)]  # more than one statement's worth of parameters
    memory.put_many("google", "fr", "en", [(t, t.upper()) for t in texts])
    found = memory.get_many("google", "fr", "en", texts + ["absent"])
    assert found == {t: t.upper() for t in texts}


def test_a_lookup_never_creates_the_file():
    memory = TranslationMemory(bundled=False)
    memory.get("google", "fr", "en", "x")
    assert not paths.translation_memory_file().exists()
    assert not paths.cache_dir().exists()


def test_only_hashes_and_translations_are_stored():
    memory = TranslationMemory(bundled=False)
    memory.put("google", "fr", "en", "Texte original très particulier", "Translation")
    memory.close()
    conn = sqlite3.connect(paths.translation_memory_file())
    rows = conn.execute("SELECT engine, source, target, hash, translation FROM translations").fetchall()
    assert rows == [("google", "fr", "en", text_hash("Texte original très particulier"), "Translation")]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_readers_share_the_file():
    first, second = TranslationMemory(bundled=False), TranslationMemory(bundled=False)
    first.put("google", "fr", "en", "Un", "One")
    assert second.get("google", "fr", "en", "Un") == "One"
    second.put("google", "fr", "en", "Deux", "Two")
    assert first.get("google", "fr", "en", "Deux") == "Two"


def test_threads_can_share_one_memory():
    memory = TranslationMemory(bundled=False)
    errors = []

    def work(n):
        try:
            for i in range(50):
                memory.put("google", "fr", "en", f"{n}-{i}", f"t{n}-{i}")
                assert memory.get("google", "fr", "en", f"{n}-{i}") == f"t{n}-{i}"
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and memory.warnings == []


def _writer(path, n, count):
    memory = TranslationMemory(path, bundled=False, busy_timeout=5)
    for i in range(count):
        memory.put("google", "fr", "en", f"{n}:{i}", f"T{n}:{i}")
    memory.close()
    if memory.warnings:
        raise SystemExit(1)


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "shared.sqlite3"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, n, 100)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    found = TranslationMemory(path, bundled=False).get_many("google", "fr", "en", [f"{n}:{i}" for n in range(2) for i in range(100)])
    assert len(found) == 200


def test_a_corrupt_file_is_set_aside_and_recreated():
    path = paths.translation_memory_file()
    paths.ensure_dir(path.parent)
    path.write_bytes(b"garbage, not SQLite " * 200)
    memory = TranslationMemory(bundled=False)
    assert memory.get("google", "fr", "en", "Un") is None
    memory.put("google", "fr", "en", "Un", "One")
    assert memory.get("google", "fr", "en", "Un") == "One"
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"garbage")
    assert len(memory.warnings) == 1
    assert memory.warnings[0].startswith("translation memory was damaged: set aside as translations.sqlite3.corrupt-")


def test_a_file_from_a_future_version_is_set_aside():
    path = paths.translation_memory_file()
    paths.ensure_dir(path.parent)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    memory = TranslationMemory(bundled=False)
    memory.put("google", "fr", "en", "Un", "One")
    assert memory.get("google", "fr", "en", "Un") == "One"
    assert "set aside" in memory.warnings[0]


def test_a_locked_database_is_skipped_with_a_warning():
    memory = TranslationMemory(bundled=False, busy_timeout=0.05)
    memory.put("google", "fr", "en", "Un", "One")
    holder = sqlite3.connect(paths.translation_memory_file(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        memory.put("google", "fr", "en", "Deux", "Two")  # must not raise
        assert memory.warnings == [
            "translation memory unavailable (database is locked): translating without it"
        ]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    memory.put("google", "fr", "en", "Deux", "Two")  # works again once the lock is gone
    assert memory.get("google", "fr", "en", "Deux") == "Two"


def test_a_full_disk_stops_writes_but_not_reads():
    memory = TranslationMemory(bundled=False)
    memory.put("google", "fr", "en", "Un", "One")
    page_count = memory._conn.execute("PRAGMA page_count").fetchone()[0]
    memory._conn.execute(f"PRAGMA max_page_count={page_count}")  # the file can grow no more
    memory.put_many("google", "fr", "en", [(f"t{i}", "x" * 5000) for i in range(50)])
    assert memory.warnings == ["translation memory unavailable (database or disk is full): translating without it"]
    assert memory.get("google", "fr", "en", "Un") == "One"
    memory.put("google", "fr", "en", "Trois", "Three")  # skipped quietly now
    assert len(memory.warnings) == 1


def test_an_unusable_directory_means_no_memory_and_a_warning(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    memory = TranslationMemory(blocker / "cache" / "translations.sqlite3", bundled=False)
    memory.put("google", "fr", "en", "Un", "One")
    assert memory.get("google", "fr", "en", "Un") is None
    assert not memory.available
    assert len(memory.warnings) == 1 and memory.warnings[0].startswith("translation memory unavailable (")


def test_a_read_only_file_means_no_memory_and_a_warning(tmp_path):
    path = tmp_path / "ro.sqlite3"
    TranslationMemory(path, bundled=False).put("google", "fr", "en", "Un", "One")
    # Open the file through a read-only URI, the way a read-only mount behaves even for root.
    memory = TranslationMemory(path, bundled=False)
    memory._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    assert memory.get("google", "fr", "en", "Un") == "One"
    memory.put("google", "fr", "en", "Deux", "Two")
    assert memory.warnings == [
        "translation memory unavailable (attempt to write a readonly database): translating without it"
    ]


# -- the bundled sample -------------------------------------------------------------------------------------


@pytest.fixture
def sample():
    return json.loads(paths.sample_translation().read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", ["fr", "auto", None, "FR"])
@pytest.mark.parametrize("engine", ["google", "libre", "deepl"])
def test_bundled_sample_hits_for_any_engine(sample, source, engine):
    memory = TranslationMemory()
    french, english = sample["pairs"][0]
    assert memory.get(engine, source, "en", french) == english
    assert memory.get(engine, source, "en", sample["title"][0]) == sample["title"][1]
    assert not paths.translation_memory_file().exists()  # no disk involved


def test_bundled_sample_is_only_for_its_languages(sample):
    memory = TranslationMemory()
    french, _ = sample["pairs"][0]
    assert memory.get("google", "de", "en", french) is None
    assert memory.get("google", "fr", "de", french) is None
    assert TranslationMemory(bundled=False).get("google", "fr", "en", french) is None


def test_bundled_file_can_be_given_and_can_be_missing_or_broken(tmp_path):
    custom = tmp_path / "t.json"
    custom.write_text(json.dumps({"source": "fr", "target": "en", "engine": "bundled", "title": ["A", "B"], "pairs": [["Oui", "Yes"]]}))
    assert TranslationMemory(bundled=custom).get("x", "fr", "en", "Oui") == "Yes"
    assert TranslationMemory(bundled=tmp_path / "missing.json").get("x", "fr", "en", "Oui") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert TranslationMemory(bundled=broken).get("x", "fr", "en", "Oui") is None
