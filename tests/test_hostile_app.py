"""The app (Pilot) against hostile sources and broken state (issue 6).

After the sample is shown, opening a hostile source must: post a notice with a one-line message, show the
same message in the original pane's message line, keep the app running, and leave the sample exactly as it
was. Page text with markup or escape codes is shown as typed and never acts. Damaged, locked or full state
files cost the memory and the history, with a warning, never the article.

Toasts are only rendered when ``run_test(notifications=True)``: without it a notice that breaks on render
would go unnoticed, so every test here turns them on.
"""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets._toast import Toast

from reader import paths
from reader.app import ReaderApp
from reader.fetch import FetchLimits
from reader.translate import TranslatorSettings
from tests import hostile_pages as pages
from tests.hostile_server import closed_port, hostile_server, hostile_server_session  # noqa: F401
from tests.page_server import PageServer
from tests.translate_server import translate_server  # noqa: F401 - fixture
from widgets.article_view import ArticleView

SIZE = (160, 50)


async def settle(pilot) -> None:
    """Wait until loading and translation workers are done and their messages handled."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture(scope="module")
def page_server():
    server = PageServer().start()
    yield server
    server.stop()


def libre(server) -> TranslatorSettings:
    return TranslatorSettings(engine="libre", url=server.url, retries=0, timeout=5)


@pytest.fixture
def new_app(translate_server):
    """ReaderApp whose engine is the loopback translation server: no test may reach the internet (the
    sample's quotes are not all in its bundled translation, so a default app would call Google)."""
    return lambda **options: ReaderApp(settings=libre(translate_server), **options)


def view_text(app: ReaderApp, view_id: str = "#original-view") -> str:
    return "\n".join(block.text for block in app.query_one(view_id, ArticleView).blocks)


def notices(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def pane_message(app: ReaderApp, pane: str = "#original") -> str:
    return str(app.query_one(f"{pane} .pane-message").render())


def rendered_lines(app: ReaderApp, view_id: str) -> list[str]:
    """What the view paints, row by row: the text that would reach the terminal."""
    view = app.query_one(view_id, ArticleView)
    return ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]


class Sample:
    """The sample as shown, to check that a failure took nothing away."""

    def __init__(self, app: ReaderApp) -> None:
        self.article = app.article
        self.title = app.article.title
        self.original = view_text(app, "#original-view")
        self.translation = view_text(app, "#translation-view")

    def assert_intact(self, app: ReaderApp) -> None:
        assert app.article is self.article and app.article.title == self.title
        assert view_text(app, "#original-view") == self.original
        assert view_text(app, "#translation-view") == self.translation
        assert "Zuckerberg" in self.title


async def open_and_fail(app: ReaderApp, pilot, source: str, *words: str) -> str:
    """Open ``source`` over the sample; check notice, pane line and liveness; return the message."""
    sample = Sample(app)
    app.open_source(source)
    await settle(pilot)
    assert app.is_running
    message = pane_message(app)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert "\n" not in message and "Traceback" not in message
    assert message in notices(app)
    assert not app.query_one("#original").loading
    sample.assert_intact(app)
    await pilot.pause(0.1)  # the toast is painted: a notice that cannot render would stop the app here
    assert app.is_running and app.query(Toast)
    return message


# ---------------------------------------------------------------------- one source per family

FAMILIES = [
    ("refused", lambda s: f"http://127.0.0.1:{closed_port()}/", ["connection refused by 127.0.0.1:"]),
    ("404", lambda s: s.url("/status/404"), ["HTTP 404 Not Found from"]),
    ("503", lambda s: s.url("/status/503"), ["HTTP 503 Service Unavailable from"]),
    ("pdf", lambda s: s.url("/pdf"), ["not an HTML page: the server sent a PDF document"]),
    ("redirect-loop", lambda s: s.url("/loop"), ["redirect loop:", "gave up after 10"]),
    ("gzip-bomb", lambda s: s.url("/gzip-bomb?size=50000000"), ["page too big:", "more than 20 MB"]),
    ("empty", lambda s: s.url("/empty"), ["empty page:", "sent no content"]),
]


@pytest.mark.parametrize("make_url, words", [f[1:] for f in FAMILIES], ids=[f[0] for f in FAMILIES])
async def test_a_hostile_source_keeps_the_sample_and_says_why(new_app, hostile_server, make_url, words):
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_and_fail(app, pilot, make_url(hostile_server), *words)


@pytest.mark.parametrize("builder", [pages.javascript_shell, pages.login_wall], ids=["javascript-shell", "login-wall"])
async def test_a_page_without_an_article(new_app, page_server, builder):
    url = page_server.add_page(f"/{builder.__name__}", builder())
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_and_fail(app, pilot, url, "no article found on this page (it may need JavaScript or a login)")


async def test_many_failures_in_a_row_leave_the_app_and_the_sample_intact(new_app, hostile_server, tmp_path):
    """A gauntlet in one session: every message in turn, the sample still there at the end."""
    cases = [
        (hostile_server.url("/redirect/11"), "too many redirects"),
        (hostile_server.url("/status/403?reason=Abonnement%20requis"), "HTTP 403 Abonnement requis"),
        (hostile_server.url("/png"), "an image (image/png)"),
        (hostile_server.url("/json"), "JSON data"),
        (hostile_server.url("/octet"), "binary data"),
        (hostile_server.url("/hostile-type"), "binary data (application/x-evil"),
        (hostile_server.url("/huge-stream?size=25000000"), "page too big"),
        (hostile_server.url("/bad-gzip"), "corrupt compressed page (gzip)"),
        (hostile_server.url("/zstd-encoded"), "compressed with 'zstd'"),
        (hostile_server.url("/garbage"), "malformed HTTP response"),
        (hostile_server.url("/close"), "closed the connection without answering"),
        (hostile_server.url("/redirect-file"), "unsupported URL scheme 'file'"),
        ("javascript:alert(1)", "unsupported URL scheme 'javascript'"),
        (f"https://{hostile_server.host}/article", "TLS error"),
        (hostile_server.url("/br-bomb?size=100000000"), "page too big"),
        (hostile_server.url("/reset-mid"), "reset the connection before the page was complete"),
        ("ftp://example.com/a.html", "unsupported URL scheme 'ftp'"),
        ("/nonexistent/dir/page.html", "no such file: /nonexistent/dir/page.html"),
        (str(tmp_path), f"{tmp_path} is a directory, not a file"),
    ]
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for url, words in cases:
            await open_and_fail(app, pilot, url, words)


# ---------------------------------------------------------------------- time: the UI keeps answering

@pytest.mark.parametrize("path, words", [
    ("/hang", "accepted the connection but did not answer within 1 s"),
    ("/drip?delay=0.1&size=1000", "took too long: the page was not loaded within 2 s"),
], ids=["never-answers", "one-byte-at-a-time"])
async def test_a_slow_server_is_cut_off_and_the_ui_keeps_answering(new_app, hostile_server, monkeypatch, path,
                                                                    words):
    """The app has no setting for fetch limits: the test shortens the defaults it uses."""
    monkeypatch.setattr("reader.fetch.DEFAULT_LIMITS", FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=2))
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        sample = Sample(app)
        app.open_source(hostile_server.url(path))
        await pilot.pause(0.5)  # past LOADING_DELAY: the indicator shows for slow loads
        assert app.query_one("#original").loading  # still loading, and yet the keys work
        translation = app.query_one("#translation")
        await pilot.press("t")
        assert not translation.display
        await pilot.press("t")
        assert translation.display
        await settle(pilot)
        assert app.is_running and words in pane_message(app) and pane_message(app) in notices(app)
        sample.assert_intact(app)


# ---------------------------------------------------------------------- content that is merely huge or broken

CONTENT = [
    ("deep-nesting", pages.deep_nesting, "budget", 1),
    ("50000-paragraphs", pages.tiny_paragraphs, "Phrase 49999.", 50_000),
    ("broken-markup", pages.broken_markup, "budget", None),
    ("nul-bytes", pages.nul_bytes, "budget", None),
]


@pytest.mark.parametrize("builder, expected, blocks", [c[1:] for c in CONTENT], ids=[c[0] for c in CONTENT])
async def test_huge_or_broken_pages_open_and_the_keys_still_work(translate_server, tmp_path, builder, expected, blocks):
    content = builder()
    path = tmp_path / "page.html"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    settings = TranslatorSettings(engine="libre", url=translate_server.url, retries=0, timeout=5, target="fr")
    app = ReaderApp(settings=settings)  # French to French: nothing to translate for the big ones
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_source(str(path))
        await settle(pilot)
        assert app.is_running and app.article is not None and "Zuckerberg" not in app.article.title
        text = view_text(app)
        assert expected in text and "\x00" not in text
        if blocks is not None:
            assert len(app.article.blocks) == blocks
        view = app.query_one("#original-view", ArticleView)
        await pilot.press("end")
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("home")
        assert view.scroll_offset.y == 0
        assert app.is_running


def watch_event_loop(app, gaps: list[float]) -> None:
    """Record, every 50 ms, how long the event loop really took to come back (a stall shows as a gap)."""
    import time

    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    app.set_interval(0.05, tick)


async def test_a_ten_megabyte_paragraph_never_freezes_the_ui(translate_server, tmp_path):
    path = tmp_path / "big.html"
    path.write_text(pages.huge_paragraph(10_000_000))
    settings = TranslatorSettings(engine="libre", url=translate_server.url, retries=0, timeout=5, target="fr")
    app = ReaderApp(settings=settings)
    gaps: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        watch_event_loop(app, gaps)
        app.open_source(str(path))
        await settle(pilot)
        assert app.is_running and len(app.article.blocks) == 1 and len(app.article.blocks[0].text) > 9_000_000
    assert max(gaps) < 4.0, f"(hang guard: the bug froze ~6 s) the event loop stalled {max(gaps):.1f} s"


# ---------------------------------------------------------------------- text that tries to act

async def test_markup_and_escape_codes_are_shown_as_typed(page_server, translate_server):
    url = page_server.add_page("/attack", pages.attack_page())
    hostile_translation = "TRADUIT \x1b[31mROUGE\x1b]2;PWNED\x07 [/] [@click=app.quit]Q[/] \u202eFIN"
    translate_server.translate = lambda text: hostile_translation
    app = ReaderApp(settings=libre(translate_server))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_source(url)
        await settle(pilot)
        assert app.is_running and app.article is not None and "Piège" in app.article.title
        text = view_text(app)
        for visible in pages.ATTACK_VISIBLE:
            assert visible in text, visible
        translated = view_text(app, "#translation-view")
        assert "TRADUIT ROUGE [/] [@click=app.quit]Q[/] FIN" in translated
        for view_id in ("#original-view", "#translation-view"):
            for line in rendered_lines(app, view_id):
                assert "\x1b" not in line and not pages.FORBIDDEN.search(line), repr(line)
        assert "[bold red]rouge[/]" in "".join(rendered_lines(app, "#original-view"))
        header = str(app.query_one("#header").render())
        assert app.article.title in header
        view = app.query_one("#original-view", ArticleView)
        for x, y in [(2, 0), (10, 0), (20, 1), (30, 1), (40, 2), (8, 2), (50, 3), (14, 4)]:  # over the markup
            await pilot.click("#original-view", offset=(x, y))
        await pilot.pause(0.1)
        assert app.is_running and app.return_code is None


async def test_the_sample_then_the_attack_then_a_failure(page_server):
    """A hostile page replaces the sample, then a failure leaves the hostile page as it was."""
    url = page_server.add_page("/attack2", pages.attack_page())
    app = ReaderApp(target="fr")  # already French: no translation, no network
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_source(url)
        await settle(pilot)
        before = view_text(app)
        assert "[@click=app.quit]clic[/]" in before
        app.open_source(page_server.url("/nothing-here"))
        await settle(pilot)
        assert app.is_running and "HTTP 404" in pane_message(app)
        assert view_text(app) == before


async def test_markup_in_an_error_message_is_text(new_app, hostile_server):
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_and_fail(app, pilot, hostile_server.url("/status/403?reason=%5B%2F%5D%20closed"),
                            "HTTP 403 [/] closed")


async def test_an_action_in_an_error_message_is_text(new_app, hostile_server):
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_and_fail(app, pilot, hostile_server.url("/status/403?reason=%5B%40click%3Dapp.quit%5DOK"),
                            "[@click=app.quit]OK")
        toast = app.query_one(Toast)
        content = toast.render()
        assert "[@click=app.quit]OK" in content.plain
        assert not any("click" in str(span.style) for span in content.spans)


async def test_a_path_with_brackets_is_named_in_full(new_app, tmp_path):
    path = tmp_path / "[brouillon] article.html"
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_and_fail(app, pilot, str(path), f"no such file: {path}")
        assert f"no such file: {path}" in app.query_one(Toast).render().plain


async def test_copying_a_paragraph_with_markup(page_server):
    url = page_server.add_page("/crochets", pages.article(["Le prix [/] baisse encore. " + pages.PROSE, pages.PROSE]))
    app = ReaderApp(target="fr")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_source(url)
        await settle(pilot)
        app.query_one("#original-view").focus()
        await pilot.press("y")
        await pilot.pause(0.2)
        assert app.is_running
        assert app.clipboard.startswith("Le prix [/] baisse")


# ---------------------------------------------------------------------- history: nothing lost

async def test_a_failed_reload_falls_back_to_the_saved_copy(page_server, translate_server):
    url = page_server.add_page("/saved", pages.article([pages.PROSE, "Deuxième paragraphe, assez long pour compter."],
                                                       title="Article gardé"))
    app = ReaderApp(settings=libre(translate_server))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_source(url)
        await settle(pilot)
        assert app.article.title == "Article gardé"
        before = view_text(app)
        page_server.routes["/saved"] = (503, "text/html", b"<p>maintenance</p>")
        app.open_source(url)
        await settle(pilot)
        assert app.is_running and app.article.title == "Article gardé" and view_text(app) == before
        assert any("HTTP 503 Service Unavailable" in n and "copy saved in your history" in n for n in notices(app))


# ---------------------------------------------------------------------- state files

@pytest.fixture
def state_files(reader_home):
    memory, history = paths.translation_memory_file(), paths.data_dir() / "history.sqlite3"
    memory.parent.mkdir(parents=True)
    history.parent.mkdir(parents=True)
    return memory, history


async def _read_despite_broken_state(new_app, page_server, translate_server, *expected: str) -> None:
    """The sample, then an article translated by the engine: both shown, each problem one warning."""
    url = page_server.add_page("/etat", pages.article([pages.PROSE, "Un second paragraphe, assez long pour compter."],
                                                      title="État"))
    app = new_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.is_running and app.article is not None and "Zuckerberg" in app.article.title
        assert "Susan Li" in view_text(app) and "billion" in view_text(app, "#translation-view")
        app.open_source(url)
        await settle(pilot)
        assert app.is_running and app.article.title == "État"
        assert "BUDGET" in view_text(app, "#translation-view")  # translated, without the memory
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        for words in expected:
            assert any(words in w for w in warnings), (words, warnings)
        await pilot.pause(0.1)
        assert app.is_running
async def test_corrupt_memory_and_history(new_app, page_server, translate_server, state_files):
    memory, history = state_files
    memory.write_bytes(b"pas une base de donnees " * 200)
    history.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    await _read_despite_broken_state(new_app, page_server, translate_server, "translation memory was damaged: set aside as translations.sqlite3.corrupt-",
                                "reading history was damaged: set aside as history.sqlite3.corrupt-")
    assert list(memory.parent.glob("translations.sqlite3.corrupt-*"))  # set aside, not deleted
    assert list(history.parent.glob("history.sqlite3.corrupt-*"))


async def test_memory_and_history_locked_by_another_reader(page_server, translate_server, state_files, locked):
    """Another reader in the middle of a write holds both files: the article is read and translated anyway."""
    locked(*state_files)
    url = page_server.add_page("/verrou", pages.article([pages.PROSE], title="Verrou"))
    app = ReaderApp(url, settings=libre(translate_server))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.is_running and app.article is not None and app.article.title == "Verrou"
        assert "BUDGET" in view_text(app, "#translation-view")
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        for words in ("translation memory unavailable (database is locked): translating without it",
                      "reading history unavailable (database is locked): carrying on without it"):
            assert words in warnings, (words, warnings)


@pytest.fixture
def locked():
    """Hold SQLite files the way another running reader in the middle of a write does."""
    holders = []

    def lock(*files):
        for path in files:
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("CREATE TABLE held (x)")
            holder.execute("BEGIN EXCLUSIVE")
            holders.append(holder)

    yield lock
    for holder in holders:
        holder.rollback()
        holder.close()


async def test_a_locked_memory_never_freezes_the_ui(page_server, translate_server, state_files, locked):
    locked(state_files[0])
    url = page_server.add_page("/gel", pages.article([pages.PROSE], title="Gel"))
    app = ReaderApp(url, settings=libre(translate_server))
    gaps: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        watch_event_loop(app, gaps)
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.article is not None and app.article.title == "Gel"
        assert "BUDGET" in view_text(app, "#translation-view")
    assert max(gaps) < 0.9, f"(hang guard: a lock wait is 1 s) the event loop stalled {max(gaps):.1f} s"


async def test_memory_and_history_on_a_full_disk(new_app, page_server, translate_server, state_files):
    """/dev/full: every write fails with ENOSPC, like a full disk."""
    import os

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    for path in state_files:
        path.symlink_to("/dev/full")
    await _read_despite_broken_state(new_app, page_server, translate_server, "translation memory unavailable (database or disk is full)",
                                "reading history unavailable (database or disk is full)")


async def test_state_directory_cannot_be_made(new_app, page_server, translate_server, reader_home):
    """READER_HOME's data and cache folders are files: as good as a read-only disk, even for root."""
    reader_home.mkdir()
    (reader_home / "data").write_text("a file, not a folder")
    (reader_home / "cache").write_text("a file, not a folder")
    await _read_despite_broken_state(new_app, page_server, translate_server, "reading history unavailable",
                                     "translation memory unavailable")


async def test_the_sample_asks_no_engine(new_app, translate_server):
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.article is not None and "Zuckerberg" in app.article.title
    assert translate_server.count == 0, [seen.params.get("q", "")[:60] for seen in translate_server.seen]
