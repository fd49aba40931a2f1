"""Articles read: what ``reader --history`` lists, where an article was left, and its page for offline reopening.

An SQLite file in the user data dir (``paths.data_dir() / "history.sqlite3"``; ``READER_HOME`` moves it),
two tables:

    history   one row per article, keyed by its final URL (or its source: a path; stdin by content hash):
              title, site, published, lang, opened_at (ISO 8601 UTC), progress (0–100 %), position
              (index of the block at the top of the view)
    pages     the raw page (decoded HTML, zlib-compressed, final URL, status, content type) of the newest
              MAX_PAGES articles, so reopening one from the history works without the network

Reopening an article moves it to the top and keeps its progress and position, so the app can scroll back
to where the reader stopped.

Sharing and failure are the translation memory's (``reader.memory``), from the same code
(``reader.store``), because history is a convenience and must never stop anyone from reading:

- Two running readers share the file: WAL journal, a busy timeout, writes in ``BEGIN IMMEDIATE`` so they
  queue instead of failing, and an open retried while the other one creates the file.
- A corrupt file (or one of an unknown schema) is renamed ``history.sqlite3.corrupt-<time>`` and a new one
  started, with a warning.
- Read-only or full disk, a locked database, a directory that cannot be made: the history steps aside with
  a warning in ``warnings`` and every call becomes a no-op. Nothing here raises to the caller.

The database opens lazily; reading never creates the file or its directory.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from reader import paths
from reader.models import Article, Page
from reader.store import SQLiteStore

__all__ = ["History", "HistoryEntry", "format_history", "history_file", "history_key"]

# Bumped when a table changes shape; an older file is then set aside like a corrupt one.
SCHEMA_VERSION = 1

# Short: callers are usually the UI's event loop, and an article not recorded beats a frozen screen.
DEFAULT_BUSY_TIMEOUT = 1.0

# Pages kept for offline reopening: enough for weeks of reading, small enough (compressed news pages are
# 20–200 kB) that the cache stays in the tens of megabytes.
MAX_PAGES = 200

# Rows kept in the history itself: years of reading; only the listing's speed bounds it.
MAX_ENTRIES = 5000

# A page above this (in UTF-8) is an archive or a feed, not an article worth keeping offline.
MAX_PAGE_BYTES = 5 * 1024 * 1024

_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS history (
        key TEXT PRIMARY KEY,
        url TEXT,
        source TEXT,
        title TEXT NOT NULL,
        site TEXT,
        published TEXT,
        lang TEXT,
        opened_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        progress INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX IF NOT EXISTS history_seq ON history (seq)",
    "CREATE INDEX IF NOT EXISTS history_url ON history (url)",
    "CREATE INDEX IF NOT EXISTS history_source ON history (source)",
    """
    CREATE TABLE IF NOT EXISTS pages (
        key TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        html BLOB NOT NULL,
        status INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        fetched_at TEXT
    )
    """,
)

_UNAVAILABLE = "reading history unavailable ({reason}): carrying on without it"
_DAMAGED = "reading history was damaged: set aside as {name} and started afresh"


def history_file() -> Path:
    """Where the history lives (a ``paths.history_file()`` would be the natural home for this)."""
    return paths.data_dir() / "history.sqlite3"


def history_key(page: Page) -> str:
    """The key of an article in the history: its final URL, else its source; stdin by content hash."""
    if page.url:
        return _without_fragment(page.url)
    if page.source == "-":
        digest = hashlib.sha256(page.html.encode("utf-8", "surrogatepass")).hexdigest()
        return f"stdin:{digest[:16]}"
    return page.source


def _without_fragment(url: str) -> str:
    """``…/article#comments`` and ``…/article`` are the same article."""
    url = url.strip()
    return url.split("#", 1)[0] if url.startswith(("http://", "https://")) else url


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class HistoryEntry:
    """One article read, as ``reader --history`` and the history dialog show it."""

    key: str
    url: str | None
    title: str
    site: str | None
    published: str | None
    opened_at: str  # ISO 8601, UTC
    progress: int  # 0–100 %
    position: int  # block index at the top of the view
    lang: str | None = None


class History(SQLiteStore):
    """The articles read, their reading positions and their pages.

    Args:
        path: the SQLite file; None means ``history_file()`` (read when first used, so READER_HOME set
            later still counts).
        busy_timeout: seconds a statement waits for another reader's lock before giving up.
        max_pages: pages kept for offline reopening (the newest articles').
        max_entries: articles kept in the history.

    ``warnings`` collects one message per distinct problem, written for the user. Thread-safe: one
    connection behind a lock, so the event loop and workers may both call in.
    """

    schema_version = SCHEMA_VERSION
    schema = _SCHEMA
    tables = ("history", "pages")
    unavailable = _UNAVAILABLE
    damaged = _DAMAGED

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        max_pages: int = MAX_PAGES,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        super().__init__(path, busy_timeout=busy_timeout)
        self._max_pages = max_pages
        self._max_entries = max_entries

    def _default_path(self) -> Path:
        return history_file()

    # -- public API ---------------------------------------------------------------------------------------

    def record_open(self, page: Page, article: Article) -> str:
        """Note that ``article`` was opened now, keep its page for offline reopening; returns its key.

        A known article moves to the top and keeps its progress and position. A page that came from this
        cache, or is bigger than MAX_PAGE_BYTES, is not stored again.
        """
        key = history_key(page)
        row = (
            key, page.url, page.source, article.title or key, article.site, article.published, article.lang,
            _now(),
        )
        blob = None if page.from_cache else _compress(page.html)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO history (key, url, source, title, site, published, lang, opened_at, seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM history))"
                " ON CONFLICT (key) DO UPDATE SET url = excluded.url, source = excluded.source,"
                " title = excluded.title, site = excluded.site, published = excluded.published,"
                " lang = excluded.lang, opened_at = excluded.opened_at, seq = excluded.seq",
                row,
            )
            if blob is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO pages (key, source, url, html, status, content_type, fetched_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, page.source, page.url, blob, page.status, page.content_type, page.fetched_at),
                )
            self._prune(conn)

        self._write(write)
        return key

    def update_progress(self, key: str, position: int, progress: float) -> None:
        """Remember where the reader is in an article (block index at the top, percent read).

        Cheap (WAL, no fsync per commit) but still a write: the app should call it when the reader pauses
        or leaves, not on every scroll step. Unknown keys are ignored; progress is clamped to 0–100.
        """
        values = (max(0, int(position)), max(0, min(100, round(progress))), key)
        self._write(lambda conn: conn.execute("UPDATE history SET position = ?, progress = ? WHERE key = ?", values))

    def entries(self, limit: int = 100) -> list[HistoryEntry]:
        """The articles read, most recently opened first."""
        rows = self._read(
            lambda conn: conn.execute(
                "SELECT key, url, title, site, published, opened_at, progress, position, lang"
                " FROM history ORDER BY seq DESC LIMIT ?",
                (max(0, limit),),
            ).fetchall(),
            default=[],
        )
        return [HistoryEntry(*row) for row in rows]

    def cached_page(self, key_or_url: str) -> Page | None:
        """The stored page of an article, by key, final URL or source as typed; marked ``from_cache``."""
        wanted = _without_fragment(key_or_url)
        row = self._read(
            lambda conn: conn.execute(
                "SELECT p.source, p.url, p.html, p.status, p.content_type, p.fetched_at"
                " FROM pages AS p JOIN history AS h ON h.key = p.key"
                " WHERE h.key = ? OR h.url = ? OR h.source = ? ORDER BY h.seq DESC LIMIT 1",
                (wanted, wanted, key_or_url.strip()),
            ).fetchone(),
            default=None,
        )
        if row is None:
            return None
        source, url, blob, status, content_type, fetched_at = row
        try:
            html = _decompress(blob)
        except (zlib.error, UnicodeDecodeError, TypeError):
            return None  # one damaged row: the app fetches the page again
        return Page(
            source=source, url=url, html=html, status=status, content_type=content_type,
            fetched_at=fetched_at, from_cache=True,
        )

    def position(self, key: str) -> int | None:
        """The block index where the reader left the article, or None for an article never opened."""
        row = self._read(
            lambda conn: conn.execute("SELECT position FROM history WHERE key = ?", (key,)).fetchone(),
            default=None,
        )
        return row[0] if row else None

    def forget(self, key: str) -> None:
        """Remove an article and its page."""

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM pages WHERE key = ?", (key,))
            conn.execute("DELETE FROM history WHERE key = ?", (key,))

        self._write(write)

    # -- writing ------------------------------------------------------------------------------------------

    def _prune(self, conn: sqlite3.Connection) -> None:
        """Keep the newest ``max_entries`` articles and the pages of the newest ``max_pages``."""
        conn.execute(
            "DELETE FROM history WHERE key NOT IN (SELECT key FROM history ORDER BY seq DESC LIMIT ?)",
            (self._max_entries,),
        )
        conn.execute(
            "DELETE FROM pages WHERE key NOT IN (SELECT key FROM history ORDER BY seq DESC LIMIT ?)",
            (self._max_pages,),
        )


def _compress(html: str) -> bytes | None:
    """The page as stored (news HTML shrinks 5–10×), or None when it is too big to keep."""
    data = html.encode("utf-8", "surrogatepass")
    return None if len(data) > MAX_PAGE_BYTES else zlib.compress(data, 6)


def _decompress(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------------------------------------
# reader --history

# Column caps, so a long title or site name cannot push the URL off an 120-column terminal.
TITLE_WIDTH = 50
SITE_WIDTH = 20


def format_history(entries: Iterable[HistoryEntry]) -> str:
    """The table ``reader --history`` prints: opened (local time), progress, site, title, URL."""
    entries = list(entries)
    if not entries:
        return "No articles read yet."
    header = ("Opened", "Read", "Site", "Title", "URL")
    rows = [header] + [
        (
            _local_time(entry.opened_at),
            f"{entry.progress}%",
            _fit(entry.site or "", SITE_WIDTH),
            _fit(entry.title, TITLE_WIDTH),
            entry.url or entry.key,
        )
        for entry in entries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]), row[3].ljust(widths[3])]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines)


def _local_time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters: whitespace collapsed, control characters dropped."""
    text = "".join(c for c in " ".join(text.split()) if unicodedata.category(c)[0] != "C")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
