"""A small SQLite file that is a convenience, so it must never stop anyone from reading.

The translation memory (``reader.memory``) and the reading history (``reader.history``) are both such files,
and fail the same way; this module is how. A subclass of ``SQLiteStore`` supplies only its schema, its
queries and its messages; everything below is shared:

- Lazy open: nothing is opened before the first call, and a read never creates the file or its directory.
- Two running readers share the file: WAL journal, a busy timeout, writes in ``BEGIN IMMEDIATE`` so they
  queue instead of failing, and an open retried while another reader holds a lock SQLite does not wait
  for by itself (two readers creating the file, or switching it to WAL, at the same moment).
- A corrupt file, or one of a schema version we do not know, is renamed ``<name>.corrupt-<time>`` and a
  fresh one started, with a warning.
- Read-only or full disk, a locked database, a directory that cannot be made: the store steps aside with a
  warning (writes only, when reads still work; everything, when they do not; nothing but this one call,
  when another reader merely holds the lock). Nothing here raises to the caller.
- After another reader's lock made a call give up, the calls of the next ``LOCK_BACKOFF`` seconds do not
  wait for it: one attempt each, without busy timeout or open retries, and no further warning.
- ``warnings`` collects one message per distinct problem, written for the user (the texts are the
  subclass's), and each is logged once under the subclass's module.
- One connection behind a lock, so the event loop and worker threads may all call in.

Why a base class rather than a helper object each store holds: what is shared is not a few functions but
the object's whole life and much of its public face (``path``, ``available``, ``warnings``, ``close()``,
``with``) plus the connection the failure handling swaps out. Held by composition, each store would
forward all of that again, and the duplication this module removes would come back as forwarding code.
The subclass hooks are few and declarative: ``schema_version``, ``schema``, ``tables``, the two message
templates and ``_default_path()``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Self, TypeVar

from reader import paths

__all__ = ["SQLiteStore"]

T = TypeVar("T")

# After a call gave up on another reader's lock, how long the following calls skip the waiting: one attempt
# each, no busy timeout, no open retries. Waiting on every call is what froze the app: a locked translation
# memory cost the busy timeout plus the open retries once per translated block. Not trying at all for this
# long would lose the first writes after the other reader lets go (and a lock is usually held for
# milliseconds), while one attempt that does not wait costs about a millisecond. A write that succeeds ends
# the back-off at once; when it runs out, the next call waits once more (the other reader may only be slow).
LOCK_BACKOFF = 30.0


class SQLiteStore:
    """One SQLite file that steps aside with a warning instead of raising.

    Subclasses set:
        schema_version: stored in ``PRAGMA user_version``; a file with another (non-zero) one is set aside.
        schema: ``CREATE … IF NOT EXISTS`` statements, run at every open (they take no write lock when the
            objects exist, and a table gone missing comes back).
        tables: tables read once at open, because reading is what reveals a file that is not a database.
        unavailable: the warning when the store steps aside, with ``{reason}``.
        damaged: the warning when the file was set aside, with ``{name}`` (the new name of the old file).
    and define ``_default_path()``. Queries go through ``_read`` and ``_write``.

    Args:
        path: the SQLite file; None means ``_default_path()``, read when first used (so READER_HOME set
            later still counts).
        busy_timeout: seconds a statement (and opening) waits for another reader's lock before giving up.
    """

    schema_version: ClassVar[int]
    schema: ClassVar[tuple[str, ...]]
    tables: ClassVar[tuple[str, ...]]
    unavailable: ClassVar[str]
    damaged: ClassVar[str]

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float) -> None:
        self._path = Path(path) if path is not None else None
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._conn_patience: float | None = None  # the busy timeout set on _conn, when known
        self._locked_until = 0.0  # time.monotonic() before which nobody waits for a lock (LOCK_BACKOFF)
        self._disabled = False  # no reads, no writes for the rest of this object's life
        self._read_only = False  # reads still work, writes are skipped
        self.warnings: list[str] = []

    def _default_path(self) -> Path:
        raise NotImplementedError

    # -- public API ---------------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else self._default_path()

    @property
    def available(self) -> bool:
        """False once the store has stepped aside (the app may show ``warnings``)."""
        return not self._disabled

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:  # pragma: no cover - closing never matters to the user
                    pass
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reading and writing ------------------------------------------------------------------------------

    def _read(self, query: Callable[[sqlite3.Connection], T], *, default: T) -> T:
        """``query``'s answer, or ``default`` when the file is absent, unavailable or the query fails."""
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return default
            try:
                self._apply_patience(conn)
                return query(conn)
            except sqlite3.Error as error:
                self._failed(error, writing=False)
                return default

    def _write(self, change: Callable[[sqlite3.Connection], object]) -> None:
        """Run ``change`` in one immediate transaction: it waits for another reader's write, then commits.

        A deferred transaction that reads before it writes can fail at once with "database is locked" when
        another reader wrote in between; an immediate one takes the write lock first, through the busy
        timeout, so two readers queue.
        """
        with self._lock:
            if self._read_only:
                return
            conn = self._connection(create=True)
            if conn is None:
                return
            try:
                self._apply_patience(conn)
                conn.execute("BEGIN IMMEDIATE")
                try:
                    change(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                self._failed(error, writing=True)
            else:
                self._locked_until = 0.0  # the write lock was ours: nobody holds the file any more

    # -- the database -------------------------------------------------------------------------------------

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection, opening it if needed; None when unavailable (or absent and not ``create``)."""
        if self._disabled:
            return None
        if self._conn is not None:
            return self._conn
        path = self.path
        if not create and not path.exists():
            return None
        try:
            paths.ensure_dir(path.parent)
        except OSError as error:
            self._disable(error.strerror or type(error).__name__)
            return None
        self._conn_patience = None  # _open may be replaced (tests): _apply_patience sets it again
        try:
            self._conn = self._open_patiently(path)
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error):
                self._cannot_open(error)
                return None
            if not self._set_aside(path):
                return None
            try:
                self._conn = self._open_patiently(path)
            except sqlite3.Error as again:
                self._cannot_open(again)
                return None
        return self._conn

    def _cannot_open(self, error: sqlite3.Error) -> None:
        if _is_locked(error):
            # Another reader is creating, converting or writing the file: skip this operation, retry next
            # time (without waiting, for a while).
            self._lock_failed(error)
        else:
            self._disable(_reason(error))

    def _lock_failed(self, error: sqlite3.Error) -> None:
        """Another reader's lock made this call give up: one warning, then LOCK_BACKOFF without waiting."""
        if not self._backing_off():
            self._warn(self.unavailable.format(reason=_reason(error)))
        self._locked_until = time.monotonic() + LOCK_BACKOFF

    def _backing_off(self) -> bool:
        return time.monotonic() < self._locked_until

    def _patience(self) -> float:
        """Seconds a call may wait for another reader's lock: none while backing off (LOCK_BACKOFF)."""
        return 0.0 if self._backing_off() else self._busy_timeout

    def _apply_patience(self, conn: sqlite3.Connection) -> None:
        """Give ``conn`` the busy timeout of the moment (it changes when a back-off starts or ends)."""
        patience = self._patience()
        if patience != self._conn_patience:
            conn.execute(f"PRAGMA busy_timeout={int(patience * 1000)}")
            self._conn_patience = patience

    def _open_patiently(self, path: Path) -> sqlite3.Connection:
        """_open, retried while another process holds a lock SQLite does not wait for by itself.

        Two readers creating the file at once, or switching it to WAL, can get "database is locked"
        at once, without the busy handler being consulted. While backing off from a lock, one attempt only.
        """
        deadline = time.monotonic() + self._patience()
        while True:
            try:
                return self._open(path)
            except sqlite3.OperationalError as error:
                if not _is_locked(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _open(self, path: Path) -> sqlite3.Connection:
        # Autocommit: _write opens its own BEGIN IMMEDIATE transactions.
        patience = self._patience()
        conn = sqlite3.connect(path, timeout=patience, check_same_thread=False, isolation_level=None)
        try:
            # Reading the schema is what reveals a file that is not a database.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, self.schema_version):
                raise sqlite3.DatabaseError(f"unknown schema version {version}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            for statement in self.schema:
                conn.execute(statement)
            if version == 0:
                conn.execute(f"PRAGMA user_version={self.schema_version}")
            for table in self.tables:
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        self._conn_patience = patience
        return conn

    def _set_aside(self, path: Path) -> bool:
        """Rename a damaged file (and drop its journal) so a fresh one can start; False (and disabled) if not."""
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        except OSError as error:
            self._disable(error.strerror or type(error).__name__)
            return False
        self._warn(self.damaged.format(name=aside.name))
        return True

    def _failed(self, error: sqlite3.Error, *, writing: bool) -> None:
        """A statement failed on an open connection: decide how far the store steps aside."""
        if _is_corrupt(error):
            self.close()
            self._set_aside(self.path)  # the next call starts a fresh file
            return
        reason = _reason(error)
        if _is_locked(error):
            # Another reader holds the lock: skip this operation, try again next time (without waiting,
            # for a while).
            self._lock_failed(error)
        elif writing:
            # Read-only or full disk: what is stored can still be read.
            self._read_only = True
            self._warn(self.unavailable.format(reason=reason))
        else:
            self._disable(reason)

    def _disable(self, reason: str) -> None:
        self._disabled = True
        self.close()
        self._warn(self.unavailable.format(reason=reason))

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            # Logged under the subclass's module (reader.memory, reader.history), as before it moved here.
            logging.getLogger(type(self).__module__).warning("%s", message)


def _reason(error: BaseException) -> str:
    """The first line of an error, short enough for a status bar."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:80]


def _is_locked(error: sqlite3.Error) -> bool:
    """Another reader holds the lock: worth trying again later, not a reason to step aside for good."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _is_corrupt(error: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT and SQLITE_NOTADB arrive as a bare DatabaseError; a schema we do not know, too.

    Only those: a subclass (a constraint, a blob too big, a misuse) says nothing about the file, and
    setting a good file aside for it would throw away everything in it.
    """
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError or "not a database" in text or "malformed" in text
