"""Translation memory: every translation we ever got, so reopening an article asks no engine again.

An SQLite file under the user cache dir (``reader.paths.translation_memory_file()``; ``READER_HOME`` moves
it), one row per (engine, source, target, sha256 of the text). Only texts' hashes and translations are
stored: never a key, a URL or a setting.

Sharing and failure, in short:

- Two running readers share the file: WAL journal, a busy timeout, ``INSERT OR REPLACE`` in
  ``BEGIN IMMEDIATE`` so writes queue, and an open retried while the other one creates the file.
- A corrupt file is renamed ``translations.sqlite3.corrupt-<time>`` and a new one is started, with a warning.
- Read-only or full disk, a locked database, a missing directory that cannot be made: the memory steps
  aside with a warning ("translation memory unavailable (database is locked): translating without it")
  and translation carries on without it. Nothing here raises to the caller.

The bundled sample's translation (``reader/data/sample.translation.json``, shipped in the wheel) is a
read-only layer on top: a lookup for source "fr" (or unknown/"auto") and target "en" of one of its exact
texts hits, whatever the engine, without touching the disk or the network.

Thread safety: one connection guarded by a lock, so the event loop and worker threads may all call in.
The database is opened lazily, on first use; a lookup never creates the file.

All of that machinery lives in ``reader.store`` (shared with the reading history); this module keeps the
table, the lookups and its own messages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from reader import paths
from reader.store import SQLiteStore

__all__ = ["TranslationMemory", "text_hash"]

log = logging.getLogger(__name__)

# Bumped when the table changes shape; an older file is then set aside like a corrupt one.
SCHEMA_VERSION = 1

# How long a call waits for another reader holding the lock. Short: the translator runs it on a thread of
# its own, but a translation is not done until its writes are, and working without memory for one article
# is better than a late one. After one such wait the store stops waiting for a while (store.LOCK_BACKOFF).
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
_DAMAGED = "translation memory was damaged: set aside as {name} and started afresh"


def text_hash(text: str) -> str:
    """The key of a text in the memory: hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _source_key(source: str | None) -> str:
    return (source or "auto").lower()


class TranslationMemory(SQLiteStore):
    """Translations already obtained, looked up by (engine, source, target, text).

    Args:
        path: the SQLite file; None means ``reader.paths.translation_memory_file()`` (read when first used,
            so READER_HOME set later still counts).
        bundled: the bundled translation JSON; None means ``reader.paths.sample_translation()``, False none.
        busy_timeout: seconds a statement waits for another process's lock before giving up.

    ``warnings`` collects one message per distinct problem, written for the user.
    """

    schema_version = SCHEMA_VERSION
    schema = (_SCHEMA,)
    tables = ("translations",)
    unavailable = _UNAVAILABLE
    damaged = _DAMAGED

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        bundled: str | Path | None | bool = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        super().__init__(path, busy_timeout=busy_timeout)
        self._bundled_path: Path | None | bool = Path(bundled) if isinstance(bundled, (str, Path)) else bundled
        self._bundled: dict[str, str] | None = None

    def _default_path(self) -> Path:
        return paths.translation_memory_file()

    # -- public API ---------------------------------------------------------------------------------------

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
        key = (engine, _source_key(source), target.lower())

        def lookup(conn: sqlite3.Connection) -> None:
            # Fills ``found`` as it goes, so chunks read before a failure still count.
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

        self._read(lookup, default=None)
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
        self._write(
            lambda conn: conn.executemany(
                "INSERT OR REPLACE INTO translations"
                " (engine, source, target, hash, translation, created) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        )

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
            pairs = list(data.get("pairs", [])) + list(data.get("quotes", []))  # the facts panel's quotes
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
