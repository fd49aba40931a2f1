"""Translation memory: every translation we ever got, so reopening an article asks no engine again.

An SQLite file under the user cache dir (``reader.paths.translation_memory_file()``; ``READER_HOME`` moves
it), one row per (engine, source, target, sha256 of the text). Only texts' hashes and translations are
stored: never a key, a URL or a setting.

Sharing and failure, in short:

- Two running readers share the file: WAL journal, a busy timeout, ``INSERT OR REPLACE``.
- A corrupt file is renamed ``translations.sqlite3.corrupt-<time>`` and a new one is started, with a warning.
- Read-only or full disk, a locked database, a missing directory that cannot be made: the memory steps
  aside with a warning ("translation memory unavailable (database is locked): translating without it")
  and translation carries on without it. Nothing here raises to the caller.

The bundled sample's translation (``reader/data/sample.translation.json``, shipped in the wheel) is a
read-only layer on top: a lookup for source "fr" (or unknown/"auto") and target "en" of one of its exact
texts hits, whatever the engine, without touching the disk or the network.

Thread safety: one connection guarded by a lock, so the event loop and worker threads may all call in.
The database is opened lazily, on first use; a lookup never creates the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from reader import paths

__all__ = ["TranslationMemory", "text_hash"]

log = logging.getLogger(__name__)

# Bumped when the table changes shape; an older file is then set aside like a corrupt one.
SCHEMA_VERSION = 1

# How long a write waits for another reader holding the lock. Short: the caller is usually the UI's event
# loop, and working without memory for one article is better than a frozen screen.
DEFAULT_BUSY_TIMEOUT = 1.0

# SQLite caps the number of host parameters in one statement (32766 since 3.32); stay well below.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    hash TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source, target, hash)
) WITHOUT ROWID
"""

_UNAVAILABLE = "translation memory unavailable ({reason}): translating without it"


def text_hash(text: str) -> str:
    """The key of a text in the memory: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _source_key(source: str | None) -> str:
    return (source or "auto").lower()


class TranslationMemory:
    """Translations already obtained, looked up by (engine, source, target, text).

    Args:
        path: the SQLite file; None means ``reader.paths.translation_memory_file()`` (read when first used,
            so READER_HOME set later still counts).
        bundled: the bundled translation JSON; None means ``reader.paths.sample_translation()``, False none.
        busy_timeout: seconds a statement waits for another process's lock before giving up.

    ``warnings`` collects one message per distinct problem, written for the user.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        bundled: str | Path | None | bool = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self._path = Path(path) if path is not None else None
        self._bundled_path: Path | None | bool = Path(bundled) if isinstance(bundled, (str, Path)) else bundled
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False  # no reads, no writes for the rest of this object's life
        self._read_only = False  # reads still work, writes are skipped
        self._bundled: dict[str, str] | None = None
        self.warnings: list[str] = []

    # -- public API ---------------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else paths.translation_memory_file()

    @property
    def available(self) -> bool:
        """False once the memory has stepped aside (the app may show ``warnings``)."""
        return not self._disabled

    def get(self, engine: str, source: str | None, target: str, text: str) -> str | None:
        """The stored translation of ``text``, or None."""
        return self.get_many(engine, source, target, [text]).get(text)

    def get_many(self, engine: str, source: str | None, target: str, texts: Iterable[str]) -> dict[str, str]:
        """Translations found for ``texts``, as {text: translation}; misses are left out."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        bundled = self._bundled_for(source, target)
        if bundled:
            for text in wanted:
                hit = bundled.get(text)
                if hit is None and text.strip() != text:
                    hit = bundled.get(text.strip())
                if hit is not None:
                    found[text] = hit
        rest = [text for text in wanted if text not in found]
        if not rest:
            return found
        by_hash: dict[str, list[str]] = {}
        for text in rest:
            by_hash.setdefault(text_hash(text), []).append(text)
        hashes = list(by_hash)
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return found
            key = (engine, _source_key(source), target.lower())
            try:
                for start in range(0, len(hashes), _CHUNK):
                    part = hashes[start : start + _CHUNK]
                    marks = ",".join("?" * len(part))
                    rows = conn.execute(
                        "SELECT hash, translation FROM translations"
                        f" WHERE engine = ? AND source = ? AND target = ? AND hash IN ({marks})",
                        (*key, *part),
                    ).fetchall()
                    for digest, translation in rows:
                        for text in by_hash.get(digest, ()):
                            found[text] = translation
            except sqlite3.Error as error:
                self._failed(error, writing=False)
        return found

    def put(self, engine: str, source: str | None, target: str, text: str, translation: str) -> None:
        """Remember one translation (silently skipped when the memory is unavailable)."""
        self.put_many(engine, source, target, [(text, translation)])

    def put_many(
        self, engine: str, source: str | None, target: str, pairs: Iterable[tuple[str, str]]
    ) -> None:
        """Remember several translations in one transaction."""
        now = time.time()
        key = (engine, _source_key(source), target.lower())
        rows = [(*key, text_hash(text), translation, now) for text, translation in pairs if translation]
        if not rows:
            return
        with self._lock:
            if self._read_only:
                return
            conn = self._connection(create=True)
            if conn is None:
                return
            try:
                with conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO translations"
                        " (engine, source, target, hash, translation, created) VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
            except sqlite3.Error as error:
                self._failed(error, writing=True)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:  # pragma: no cover - closing never matters to the user
                    pass
                self._conn = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- bundled layer ------------------------------------------------------------------------------------

    def _bundled_for(self, source: str | None, target: str) -> dict[str, str] | None:
        if self._bundled_path is False:
            return None
        if self._bundled is None:
            self._bundled = self._load_bundled()
        if not self._bundled:
            return None
        if _source_key(source) not in (self._bundled_source, "auto") or target.lower() != self._bundled_target:
            return None
        return self._bundled

    _bundled_source = "fr"
    _bundled_target = "en"

    def _load_bundled(self) -> dict[str, str]:
        path = self._bundled_path if isinstance(self._bundled_path, Path) else paths.sample_translation()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("bundled translation %s unreadable: %s", path, error)
            return {}
        table: dict[str, str] = {}
        try:
            self._bundled_source = str(data.get("source", "fr")).lower()
            self._bundled_target = str(data.get("target", "en")).lower()
            pairs = list(data.get("pairs", []))
            if data.get("title"):
                pairs.append(data["title"])
            for original, translation in pairs:
                if isinstance(original, str) and isinstance(translation, str) and translation:
                    table[original] = translation
                    table.setdefault(original.strip(), translation)
        except (AttributeError, TypeError, ValueError) as error:
            log.warning("bundled translation %s malformed: %s", path, error)
            return {}
        return table

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
        try:
            self._conn = self._open_patiently(path)
        except sqlite3.DatabaseError as error:
            if _is_locked(error):
                # Another reader is creating or converting the file: skip this operation, retry next time.
                self._warn(_UNAVAILABLE.format(reason=_reason(error)))
                return None
            if _is_corrupt(error):
                self._set_aside(path, error)
                try:
                    self._conn = self._open(path)
                except sqlite3.Error as again:
                    self._disable(_reason(again))
                    return None
            else:
                self._disable(_reason(error))
                return None
        return self._conn

    def _open_patiently(self, path: Path) -> sqlite3.Connection:
        """_open, retried while another process holds a lock SQLite does not wait for by itself.

        Two readers creating the file at once, or switching it to WAL, can get "database is locked"
        at once, without the busy handler being consulted.
        """
        deadline = time.monotonic() + self._busy_timeout
        while True:
            try:
                return self._open(path)
            except sqlite3.OperationalError as error:
                if not _is_locked(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _open(self, path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(
            path, timeout=self._busy_timeout, check_same_thread=False, isolation_level=None
        )
        try:
            # Reading the schema is what reveals a file that is not a database.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if version not in (0, SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"unknown schema version {version}")
            conn.execute(_SCHEMA)
            if version == 0:
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("SELECT 1 FROM translations LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        conn.isolation_level = ""  # back to implicit transactions, so ``with conn:`` commits
        return conn

    def _set_aside(self, path: Path, error: sqlite3.Error) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.unlink()
        except OSError as os_error:
            self._disable(os_error.strerror or type(os_error).__name__)
            raise sqlite3.OperationalError("cannot set aside") from error
        self._warn(f"translation memory was damaged: set aside as {aside.name} and started afresh")

    def _failed(self, error: sqlite3.Error, *, writing: bool) -> None:
        """A statement failed on an open connection: decide how far the memory steps aside."""
        if _is_corrupt(error):
            self.close()
            try:
                self._set_aside(self.path, error)
            except sqlite3.Error:
                return
            return
        reason = _reason(error)
        if _is_locked(error):
            # Another reader holds the lock: skip this operation, try again next time.
            self._warn(_UNAVAILABLE.format(reason=reason))
        elif writing:
            self._read_only = True
            self._warn(_UNAVAILABLE.format(reason=reason))
        else:
            self._disable(reason)

    def _disable(self, reason: str) -> None:
        self._disabled = True
        self.close()
        self._warn(_UNAVAILABLE.format(reason=reason))

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            log.warning("%s", message)


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:80]


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _is_corrupt(error: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT and SQLITE_NOTADB arrive as a bare DatabaseError; a schema we do not know, too."""
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError or "not a database" in text or "malformed" in text
