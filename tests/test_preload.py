"""reader.preload: a local article read and extracted before the UI exists, in a child process or a thread.

Both ways must give what the app's own loader gives, report a missing file the same way, and survive a
child that dies; and an app handed a finished preload shows the text without extracting again.
"""

from __future__ import annotations

import os

import pytest

from reader import pipeline
from reader.errors import FetchError
from reader.fetch import FetchLimits
from reader.models import Page
from reader.preload import Preload, preload
from widgets.article_view import ArticleView



@pytest.fixture(params=[True, False], ids=["child-process", "thread"])
def fork(request) -> bool:
    if request.param and not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    return request.param


async def test_the_sample_comes_back_as_the_pipeline_extracts_it(fork):
    page, article = await Preload(None, fork=fork).wait()
    expected_page = await pipeline.load_page(None)
    expected = pipeline.extract_article(expected_page, pipeline.SAMPLE_SOURCE)
    assert page.html == expected_page.html and page.url == expected_page.url
    assert article.blocks == expected.blocks and article.title == expected.title
    assert article.source == "sample"


async def test_a_file_is_read_and_extracted(tmp_path, fork):
    path = tmp_path / "article.html"
    body = "".join(f"<p>Paragraphe {n} : une phrase assez longue pour compter comme du texte.</p>" for n in range(6))
    path.write_text(f"<html><head><title>Essai</title></head><body><article>{body}</article></body></html>")
    page, article = await Preload(str(path), fork=fork).wait()
    assert page.url == path.resolve().as_uri()
    assert len(article.blocks) == 6 and article.blocks[0].text.startswith("Paragraphe 0")


async def test_a_missing_file_raises_the_loaders_message(tmp_path, fork):
    missing = str(tmp_path / "nowhere.html")
    with pytest.raises(FetchError, match="no such file"):
        await Preload(missing, fork=fork).wait()


async def test_a_page_read_from_stdin_is_not_copied_back(fork):
    page = Page(source="-", url=None, html="<article>" + "<p>Une phrase de texte en français.</p>" * 5 + "</article>")
    got, article = await Preload(page, fork=fork).wait()
    assert got is page
    assert len(article.blocks) == 5


async def test_a_child_that_dies_without_answering_falls_back_to_a_thread(monkeypatch):
    monkeypatch.setattr(Preload, "_child", lambda self, fd: os._exit(1))
    page, article = await Preload(None, fork=True).wait()
    assert article.source == "sample" and article.blocks


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
async def test_a_read_that_never_ends_gives_the_fetchers_slow_read_message(tmp_path):
    fifo = tmp_path / "never.html"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes: none will
    with pytest.raises(FetchError, match=rf"reading {fifo} took longer than 0.3 s"):
        await Preload(str(fifo), fork=False).wait(FetchLimits(total_timeout=0.3))


def test_web_urls_and_stdin_are_not_preloaded():
    assert preload("https://example.org/article") is None
    assert preload("  HTTP://example.org/") is None
    assert preload("-") is None


async def test_ready_is_none_until_done_and_for_failures(tmp_path):
    failed = Preload(str(tmp_path / "nowhere.html"), fork=False)
    with pytest.raises(FetchError):
        await failed.wait()
    assert failed.ready() is None
    done = Preload(None, fork=False)
    await done.wait()
    assert done.ready() is not None


async def test_the_app_shows_a_finished_preload_without_extracting_again(monkeypatch):
    from reader.app import ReaderApp

    loading = Preload(None, fork=False)
    await loading.wait()
    calls: list[object] = []
    real = pipeline.extract_article
    monkeypatch.setattr(pipeline, "extract_article", lambda *a, **k: calls.append(a) or real(*a, **k))
    app = ReaderApp(None, remember=False, preload=loading)
    async with app.run_test(size=(160, 50)) as pilot:
        view = app.query_one("#original-view", ArticleView)
        assert view.blocks, "the text was not there at mount"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.digest is not None  # the facts still follow
    assert calls == []


async def test_the_app_reports_a_failed_preload_in_the_pane(tmp_path):
    from reader.app import ReaderApp

    missing = str(tmp_path / "nowhere.html")
    app = ReaderApp(missing, remember=False, preload=Preload(missing, fork=False))
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        message = str(app.query_one("#original .pane-message").render())
        assert "no such file" in message
