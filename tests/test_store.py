"""SQLiteStore, the machinery the translation memory and the reading history share: what any store does
when the file is being created by someone else, locked, damaged or impossible to set aside."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader import paths, store
from reader.history import History
from reader.memory import TranslationMemory
from reader.store import SQLiteStore, _is_corrupt, _is_locked
from tests.test_history import article, page


class Notes(SQLiteStore):
    """The smallest store: one table of notes."""

    schema_version = 1
    schema = ("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)",)
    tables = ("notes",)
    unavailable = "notes unavailable ({reason})"
    damaged = "notes damaged: {name}"

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = 1.0) -> None:
        super().__init__(path, busy_timeout=busy_timeout)

    def _default_path(self) -> Path:
        return paths.data_dir() / "notes.sqlite3"

    def add(self, text: str) -> None:
        self._write(lambda conn: conn.execute("INSERT INTO notes (text) VALUES (?)", (text,)))

    def all(self) -> list[str]:
        return self._read(lambda conn: [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY rowid")], default=[])


def test_a_store_opens_lazily_and_reading_creates_nothing():
    notes = Notes()
    assert notes.all() == [] and notes._conn is None
    assert not notes.path.parent.exists()
    notes.add("un")
    assert notes.all() == ["un"] and notes.path == paths.data_dir() / "notes.sqlite3"
    with sqlite3.connect(notes.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_the_context_manager_closes_and_returns_the_store_itself():
    with Notes() as notes:
        assert isinstance(notes, Notes)
        notes.add("un")
        assert notes._conn is not None
    assert notes._conn is None
    assert notes.all() == ["un"]  # reopens on demand


def test_many_readers_creating_the_file_at_once_all_succeed():
    """The patient open: SQLite answers "database is locked" at once, busy handler or not, to a reader
    that opens (or switches to WAL) a file another reader is creating."""
    stores = [Notes(busy_timeout=5) for _ in range(8)]
    start = threading.Barrier(len(stores))

    def write(notes: Notes, n: int) -> None:
        start.wait()
        notes.add(f"note {n}")

    threads = [threading.Thread(target=write, args=(notes, n)) for n, notes in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [notes.warnings for notes in stores] == [[]] * len(stores)
    assert sorted(Notes().all()) == [f"note {n}" for n in range(len(stores))]


def test_opening_retries_while_the_file_is_locked(monkeypatch):
    notes = Notes()
    real_open = Notes._open
    attempts = []

    def locked_twice(self, path):
        attempts.append(path)
        if len(attempts) <= 2:
            raise sqlite3.OperationalError("database is locked")
        return real_open(self, path)

    monkeypatch.setattr(Notes, "_open", locked_twice)
    notes.add("un")
    assert len(attempts) == 3 and notes.warnings == [] and notes.all() == ["un"]


@pytest.mark.parametrize("make", [History, TranslationMemory], ids=["history", "memory"])
def test_a_file_locked_while_opening_skips_one_call_then_works(make):
    """Both stores, the history included: a lock held past the busy timeout at open time is another
    reader's moment, not a reason to give up on the file for the rest of the session."""
    store = make(busy_timeout=0.05)
    paths.ensure_dir(store.path.parent)
    holder = sqlite3.connect(store.path, isolation_level=None)  # rollback journal: readers are shut out too
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE other (x)")
    try:
        if make is History:
            store.record_open(page(1), article(1))  # must not raise
        else:
            store.put("google", "fr", "en", "Un", "One")
        assert store.available
        assert len(store.warnings) == 1 and "(database is locked)" in store.warnings[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    if make is History:
        store.record_open(page(1), article(1))
        assert [e.title for e in store.entries()] == ["Titre 1"]
    else:
        store.put("google", "fr", "en", "Un", "One")
        assert store.get("google", "fr", "en", "Un") == "One"
    assert len(store.warnings) == 1


def test_a_corrupt_file_that_cannot_be_set_aside_disables_the_store_with_one_warning(monkeypatch):
    notes = Notes()
    paths.ensure_dir(notes.path.parent)
    notes.path.write_bytes(b"not a database " * 100)

    def refuse(self, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    notes.add("un")  # must not raise
    assert notes.all() == []
    assert not notes.available
    assert notes.warnings == ["notes unavailable (Permission denied)"]
    assert notes.path.read_bytes().startswith(b"not a database")


def test_a_file_damaged_while_open_is_set_aside_and_the_next_call_starts_afresh():
    notes = Notes()
    notes.add("un")

    def damaged(conn):
        raise sqlite3.DatabaseError("database disk image is malformed")

    assert notes._read(damaged, default="nothing") == "nothing"
    assert len(notes.warnings) == 1 and notes.warnings[0].startswith("notes damaged: notes.sqlite3.corrupt-")
    assert notes._conn is None and notes.available
    notes.add("deux")
    assert notes.all() == ["deux"]


def test_a_failed_change_is_rolled_back_and_its_exception_is_the_callers():
    notes = Notes()
    notes.add("un")

    def half_done(conn):
        conn.execute("INSERT INTO notes (text) VALUES ('deux')")
        raise ValueError("a bug in the caller")

    with pytest.raises(ValueError):
        notes._write(half_done)
    assert notes.all() == ["un"] and notes.warnings == []


def test_warnings_are_logged_once_under_the_stores_own_module(caplog, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the directory should be")
    history = History(blocker / "history.sqlite3")
    with caplog.at_level(logging.WARNING):
        history.record_open(page(1), article(1))
        history.record_open(page(2), article(2))
    assert [(r.name, r.getMessage()) for r in caplog.records] == [("reader.history", history.warnings[0])]


def test_only_errors_about_the_file_itself_count_as_corruption():
    assert _is_corrupt(sqlite3.DatabaseError("file is not a database"))
    assert _is_corrupt(sqlite3.DatabaseError("unknown schema version 99"))
    assert _is_corrupt(sqlite3.OperationalError("database disk image is malformed"))
    for harmless in (
        sqlite3.IntegrityError("UNIQUE constraint failed: notes.text"),
        sqlite3.DataError("string or blob too big"),
        sqlite3.OperationalError("database is locked"),
        sqlite3.OperationalError("attempt to write a readonly database"),
        sqlite3.ProgrammingError("Cannot operate on a closed database."),
    ):
        assert not _is_corrupt(harmless), harmless
    assert _is_locked(sqlite3.OperationalError("database is locked"))
    assert _is_locked(sqlite3.OperationalError("database table is locked: notes"))
    assert not _is_locked(sqlite3.IntegrityError("locked column"))


def _hold(path: Path, *, create: bool) -> sqlite3.Connection:
    """Another reader in the middle of a write: with ``create``, a rollback-journal file it just made (so
    reading is shut out too), else the write lock of our own WAL file (reads still work)."""
    holder = sqlite3.connect(path, isolation_level=None)
    if create:
        holder.execute("CREATE TABLE held (x)")
        holder.execute("BEGIN EXCLUSIVE")
    else:
        holder.execute("BEGIN IMMEDIATE")
    return holder


def _timed(call) -> float:
    start = time.monotonic()
    call()
    return time.monotonic() - start


def test_after_a_lock_the_next_writes_do_not_wait_and_do_not_warn_again():
    """The UI froze because every call paid the busy timeout again: once is enough, then one quick try."""
    notes = Notes(busy_timeout=0.5)
    notes.add("un")
    holder = _hold(notes.path, create=False)
    try:
        assert _timed(lambda: notes.add("deux")) >= 0.4  # the first one waits for the other reader
        assert _timed(lambda: [notes.add(f"n{n}") for n in range(20)]) < 0.9  # hang guard: one lock wait is 1 s
        assert notes.all() == ["un"]  # WAL: reading goes on meanwhile
        assert notes.warnings == ["notes unavailable (database is locked)"] and notes.available
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    notes.add("trois")  # the first call after the other reader lets go works, back-off or not
    assert notes.all() == ["un", "trois"] and not notes._backing_off()
    assert len(notes.warnings) == 1


def test_after_a_lock_at_open_the_next_opens_do_not_wait(caplog):
    notes = Notes(busy_timeout=0.5)
    paths.ensure_dir(notes.path.parent)
    holder = _hold(notes.path, create=True)
    try:
        with caplog.at_level(logging.WARNING):
            assert _timed(lambda: notes.add("un")) >= 0.4
            assert _timed(lambda: [(notes.add(f"n{n}"), notes.all()) for n in range(20)]) < 0.9  # hang guard: one lock wait is 1 s
        assert notes.warnings == ["notes unavailable (database is locked)"]
        assert len(caplog.records) == 1  # one log line too, not one per call
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    notes.add("deux")
    assert notes.all() == ["deux"]


def test_when_the_back_off_runs_out_a_call_waits_again(monkeypatch):
    """The other reader may only be slow: after LOCK_BACKOFF, one call is patient again."""
    monkeypatch.setattr(store, "LOCK_BACKOFF", 0.2)
    notes = Notes(busy_timeout=0.3)
    notes.add("un")
    holder = _hold(notes.path, create=False)
    try:
        assert _timed(lambda: notes.add("deux")) >= 0.25
        assert _timed(lambda: notes.add("trois")) < 0.1
        time.sleep(0.25)
        assert _timed(lambda: notes.add("quatre")) >= 0.25
        assert len(notes.warnings) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
