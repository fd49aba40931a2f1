"""The reading history: newest first, progress kept across reopening, pages cached for offline reading,
and never an exception when the file is damaged, locked, read-only or shared by two readers."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from reader.history import History, HistoryEntry, format_history, history_file, history_key
from reader.models import Article, Block, Page


def page(n: int, **changes) -> Page:
    values = dict(
        source=f"lemonde.fr/{n}", url=f"https://www.lemonde.fr/article-{n}", html=f"<p>Article {n} é €</p>",
        status=200, content_type="text/html", fetched_at="2026-11-26T10:00:00+00:00",
    )
    values.update(changes)
    return Page(**values)


def article(n: int, **changes) -> Article:
    values = dict(
        source=f"lemonde.fr/{n}", url=f"https://www.lemonde.fr/article-{n}", title=f"Titre {n}",
        blocks=(Block("paragraph", f"Article {n}"),), published="2026-11-25", site="Le Monde", lang="fr",
    )
    values.update(changes)
    return Article(**values)


def record(history: History, n: int, **page_changes) -> str:
    return history.record_open(page(n, **page_changes), article(n))


# -- recording and listing ---------------------------------------------------------------------------------


def test_nothing_read_means_no_file_and_empty_answers():
    history = History()
    assert history.entries() == []
    assert history.cached_page("https://www.lemonde.fr/article-1") is None
    assert history.position("x") is None
    assert not history_file().exists() and not history_file().parent.exists()
    assert history.warnings == []


def test_entries_are_newest_first_and_reopening_moves_to_the_top():
    history = History()
    keys = [record(history, n) for n in (1, 2, 3)]
    assert keys == [f"https://www.lemonde.fr/article-{n}" for n in (1, 2, 3)]
    assert [e.title for e in history.entries()] == ["Titre 3", "Titre 2", "Titre 1"]
    record(history, 1)
    assert [e.title for e in history.entries()] == ["Titre 1", "Titre 3", "Titre 2"]
    assert [e.title for e in history.entries(limit=2)] == ["Titre 1", "Titre 3"]
    entry = history.entries()[0]
    assert entry == HistoryEntry(
        key=keys[0], url=keys[0], title="Titre 1", site="Le Monde", published="2026-11-25",
        opened_at=entry.opened_at, progress=0, position=0, lang="fr",
    )
    assert entry.opened_at.endswith("+00:00") and entry.opened_at[:2] == "20"
    assert history.warnings == []


def test_the_file_lives_in_the_data_dir(reader_home):
    record(History(), 1)
    assert history_file() == reader_home / "data" / "history.sqlite3"
    assert history_file().is_file()


def test_progress_and_position_are_kept_when_reopening():
    history = History()
    key = record(history, 1)
    history.update_progress(key, position=12, progress=47.6)
    assert history.position(key) == 12
    record(history, 1)  # reopened: back to where the reader stopped
    entry = history.entries()[0]
    assert (entry.position, entry.progress) == (12, 48)
    history.update_progress(key, position=-3, progress=140)
    assert (history.entries()[0].position, history.entries()[0].progress) == (0, 100)
    history.update_progress("never-opened", 5, 50)  # ignored
    assert len(history.entries()) == 1


def test_forget_removes_the_article_and_its_page():
    history = History()
    key = record(history, 1)
    record(history, 2)
    history.forget(key)
    assert [e.key for e in history.entries()] == ["https://www.lemonde.fr/article-2"]
    assert history.cached_page(key) is None


# -- the page cache -------------------------------------------------------------------------------------


def test_cached_page_round_trip_is_marked_from_cache():
    history = History()
    original = page(1)
    key = history.record_open(original, article(1))
    cached = History().cached_page(key)  # another process, later
    assert cached == Page(
        source=original.source, url=original.url, html=original.html, status=200,
        content_type="text/html", fetched_at=original.fetched_at, from_cache=True,
    )


def test_cached_page_is_found_by_source_url_or_key_and_ignores_fragments():
    history = History()
    record(history, 1, url="https://www.lemonde.fr/article-1#comments")
    for wanted in ("lemonde.fr/1", "https://www.lemonde.fr/article-1", "https://www.lemonde.fr/article-1#top"):
        assert history.cached_page(wanted).html == page(1).html, wanted


def test_stdin_pages_are_keyed_by_content():
    one = Page(source="-", url=None, html="<p>un</p>")
    two = Page(source="-", url=None, html="<p>deux</p>")
    assert history_key(one) != history_key(two) and history_key(one).startswith("stdin:")
    history = History()
    history.record_open(one, article(1, url=None))
    assert history.cached_page(history_key(one)).html == "<p>un</p>"


def test_only_the_newest_pages_are_kept():
    history = History(max_pages=2)
    keys = [record(history, n) for n in range(4)]
    assert [history.cached_page(k) is not None for k in keys] == [False, False, True, True]
    assert len(history.entries()) == 4  # the history itself is kept


def test_the_history_itself_is_capped():
    history = History(max_entries=3)
    for n in range(5):
        record(history, n)
    assert [e.title for e in history.entries()] == ["Titre 4", "Titre 3", "Titre 2"]


def test_huge_pages_are_listed_but_not_cached(monkeypatch):
    monkeypatch.setattr("reader.history.MAX_PAGE_BYTES", 1000)
    history = History()
    key = record(history, 1, html="x" * 1001)
    assert history.entries()[0].key == key
    assert history.cached_page(key) is None


def test_reopening_from_the_cache_keeps_the_stored_page():
    history = History()
    key = record(history, 1)
    cached = history.cached_page(key)
    history.record_open(cached, article(1, title="Titre 1 (rouvert)"))
    assert history.cached_page(key) == cached
    assert history.entries()[0].title == "Titre 1 (rouvert)"


def test_pages_are_stored_compressed():
    history = History()
    key = record(history, 1, html="<p>" + "Le gouvernement a annoncé. " * 2000 + "</p>")
    size = history._conn.execute("SELECT length(html) FROM pages WHERE key = ?", (key,)).fetchone()[0]
    assert size < 5000


# -- failures: never raise, warn once -------------------------------------------------------------------


def test_a_corrupt_file_is_set_aside_with_a_warning():
    path = history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 100)
    history = History()
    assert history.entries() == []
    assert len(history.warnings) == 1
    assert history.warnings[0].startswith("reading history was damaged: set aside as history.sqlite3.corrupt-")
    assert [p.name for p in path.parent.glob("history.sqlite3.corrupt-*")]
    record(history, 1)  # a fresh file works
    assert [e.title for e in History().entries()] == ["Titre 1"]


def test_a_file_of_an_unknown_schema_is_set_aside():
    path = history_file()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    history = History()
    record(history, 1)
    assert "set aside" in history.warnings[0]
    assert len(history.entries()) == 1


def test_an_unusable_directory_means_no_history_and_a_warning(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    history = History(blocker / "data" / "history.sqlite3")
    assert record(history, 1) == "https://www.lemonde.fr/article-1"  # no exception
    history.update_progress("https://www.lemonde.fr/article-1", 3, 30)
    history.forget("https://www.lemonde.fr/article-1")
    assert history.entries() == [] and history.cached_page("lemonde.fr/1") is None
    assert not history.available
    assert len(history.warnings) == 1
    assert history.warnings[0].startswith("reading history unavailable (")
    assert history.warnings[0].endswith("): carrying on without it")


def test_a_read_only_database_still_reads_and_warns_once():
    record(History(), 1)
    history = History()
    # Open through a read-only URI, the way a read-only mount behaves even for root.
    history._conn = sqlite3.connect(
        f"file:{history_file()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
    )
    record(history, 2)
    history.update_progress("https://www.lemonde.fr/article-1", 4, 40)
    assert [e.title for e in history.entries()] == ["Titre 1"]
    assert history.cached_page("lemonde.fr/1") is not None
    assert history.warnings == [
        "reading history unavailable (attempt to write a readonly database): carrying on without it"
    ]


def test_a_locked_database_is_skipped_with_a_warning_then_works_again():
    history = History(busy_timeout=0.05)
    record(history, 1)
    holder = sqlite3.connect(history_file(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        record(history, 2)  # must not raise
        assert history.warnings == ["reading history unavailable (database is locked): carrying on without it"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    record(history, 2)
    assert [e.title for e in history.entries()] == ["Titre 2", "Titre 1"]


def test_two_readers_share_the_file():
    first, second = History(), History()
    for n in range(5):
        record(first, n)
        record(second, 100 + n)
    first.update_progress("https://www.lemonde.fr/article-100", 2, 20)
    assert first.warnings == [] and second.warnings == []
    titles = [e.title for e in second.entries()]
    assert titles[:2] == ["Titre 104", "Titre 4"] and len(titles) == 10
    assert second.position("https://www.lemonde.fr/article-100") == 2


def test_two_readers_writing_at_the_same_time_queue_instead_of_failing():
    readers = [History(busy_timeout=5), History(busy_timeout=5)]
    record(readers[0], 0)  # create the file before the race

    def read_articles(history: History, start: int) -> None:
        for n in range(start, start + 30):
            record(history, n)
            history.update_progress(history_key(page(n)), n, 50)

    threads = [threading.Thread(target=read_articles, args=(h, 1 + 100 * i)) for i, h in enumerate(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [h.warnings for h in readers] == [[], []]
    assert len(History().entries(limit=1000)) == 61


# -- reader --history ------------------------------------------------------------------------------------


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def entry(title: str, **changes) -> HistoryEntry:
    values = dict(
        key="k", url="https://example.fr/a", title=title, site="Le Monde", published=None,
        opened_at="2026-11-26T14:05:09+00:00", progress=45, position=3,
    )
    values.update(changes)
    return HistoryEntry(**values)


def test_format_history_when_nothing_was_read():
    assert format_history([]) == "No articles read yet."


def test_format_history_is_an_aligned_table(utc):
    text = format_history(
        [
            entry("La réforme des retraites", progress=100),
            entry("Un titre\nsur deux lignes", site=None, url=None, key="stdin:abc", progress=5,
                  opened_at="2026-11-25T09:00:00+00:00"),
        ]
    )
    assert text.splitlines() == [
        "Opened            Read  Site      Title                     URL",
        "2026-11-26 14:05  100%  Le Monde  La réforme des retraites  https://example.fr/a",
        "2026-11-25 09:00    5%            Un titre sur deux lignes  stdin:abc",
    ]


def test_format_history_shows_local_time_and_shortens_long_titles(utc, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    line = format_history([entry("Mot " * 40, site="S" * 30)]).splitlines()[1]
    assert line.startswith("2026-11-26 15:05   45%  " + "S" * 19 + "…  ")
    title = line.split("  ")[3]
    assert len(title) == 50 and title.endswith("…")
