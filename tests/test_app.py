"""The app, driven headless with Pilot: the sample's three panes, the keys, opening a page, failures.

Every page and every translation comes from servers these tests start on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from reader.app import ReaderApp
from reader.keymap import ACTIONS
from reader.translate import TranslatorSettings
from tests.page_server import article_html, page_server  # noqa: F401 - fixture
from tests.translate_server import translate_server  # noqa: F401 - fixture
from widgets.article_view import ArticleView
from widgets.dialogs import HelpScreen, OpenDialog
from widgets.facts_panel import FactsPanel

SIZE = (160, 50)


async def settle(pilot) -> None:
    """Wait until loading and translation workers are done and their messages handled."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def select_fact(pilot, kind: str, text: str):
    """Highlight the first facts-panel item of ``kind`` whose prompt contains ``text``, press enter."""
    facts = pilot.app.query_one(FactsPanel)
    facts.focus()
    facts.highlighted = next(i for i in range(facts.option_count)
                             if (facts.get_option_at_index(i).id or "").startswith(kind)
                             and text in str(facts.get_option_at_index(i).prompt))
    item = facts.selected_item()
    await pilot.press("enter")
    await pilot.pause(0.5)
    return item


def view_text(app: ReaderApp, view_id: str) -> str:
    return "\n".join(block.text for block in app.query_one(view_id, ArticleView).blocks)


def libre(server) -> TranslatorSettings:
    return TranslatorSettings(engine="libre", url=server.url, retries=0, timeout=5)


async def test_sample_fills_three_panes_without_network():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = view_text(app, "#original-view")
        assert "Susan Li" in original and "milliards de dollars" in original
        translation = app.query_one("#translation-view", ArticleView)
        assert translation.blocks, "translation pane is empty"
        assert all(block.tone == "memory" for block in translation.blocks)
        assert "billion" in view_text(app, "#translation-view")
        assert "from memory" in str(app.query_one("#translation .pane-title").render())
        facts = app.query_one(FactsPanel)
        prompts = "\n".join(str(facts.get_option_at_index(i).prompt) for i in range(facts.option_count))
        assert "Susan Li" in prompts and "Zuckerberg" in prompts
        assert "14,3 milliards de dollars" in prompts


async def test_t_and_f_toggle_panes():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        translation, facts = app.query_one("#translation"), app.query_one("#facts")
        assert translation.display and facts.display
        await pilot.press("t")
        assert not translation.display
        await pilot.press("f")
        assert not facts.display
        await pilot.press("t", "f")
        assert translation.display and facts.display


async def test_o_opens_a_page_from_a_local_server(page_server, translate_server):
    url = page_server.add_page(
        "/monde/article.html",
        article_html("Le port rouvre", ["Le port de Marseille a rouvert lundi après trois jours de grève.",
                                        "« Nous sommes soulagés », a déclaré Jean Dupont, le directeur du port."]),
    )
    app = ReaderApp(settings=libre(translate_server))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)
        await pilot.press(*"x")  # the input starts with nothing useful: replace it
        app.screen.query_one("#open-input").value = url
        await pilot.press("enter")
        await settle(pilot)
        assert "Marseille a rouvert" in view_text(app, "#original-view")
        assert "Command Palette" not in view_text(app, "#original-view")
        assert "MARSEILLE A ROUVERT" in view_text(app, "#translation-view")
        assert app.article is not None and app.article.title == "Le port rouvre"
        assert page_server.requests == ["/monde/article.html"]


async def test_failed_open_keeps_the_article_and_says_why(page_server):
    missing = page_server.url("/nothing-here")
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = view_text(app, "#original-view")
        app.open_source(missing)
        await settle(pilot)
        assert view_text(app, "#original-view") == before
        message = str(app.query_one("#original .pane-message").render())
        assert "404" in message
        assert any("404" in str(n.message) for n in app._notifications)


async def test_page_text_is_never_markup(page_server, translate_server):
    hostile = "Prix [bold red]rouge[/] et [@click=app.quit]clic[/] puis [link=http://x]lien \x1b[31mANSI fin."
    url = page_server.add_page("/piege", article_html("Piège", [hostile, "Un second paragraphe assez long pour compter."]))
    app = ReaderApp(url, settings=libre(translate_server))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        text = view_text(app, "#original-view")
        assert "[bold red]rouge[/]" in text and "[@click=app.quit]" in text
        assert "\x1b" not in text
        await pilot.click("#original-view")
        assert app.is_running


async def test_help_lists_every_binding():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(".help-rows"))
        for binding in ReaderApp.BINDINGS:
            action = next(a for a in ACTIONS if a.id == binding.action)
            assert f"{action.shown_key}" in shown and action.description in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_selecting_a_quote_jumps_and_flashes_both_panes():
    app = ReaderApp()
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        item = await select_fact(pilot, "quote-", "Susan Li")
        original = app.query_one("#original-view", ArticleView)
        flash = original._flash
        assert flash is not None
        assert original.block_text(flash.block)[flash.start:flash.end] == item.text
        assert (flash.block, flash.start) == (item.span.block, item.span.start)
        assert original.scroll_offset.y > 0
        assert app.query_one("#translation-view", ArticleView)._flash.block == flash.block


async def test_q_quits():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_keys_scroll_the_focused_pane(size):
    app = ReaderApp()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        view = app.query_one("#original-view", ArticleView)
        assert view.has_focus
        await pilot.press("j", "j", "j")
        assert view.scroll_offset.y == 3
        await pilot.press("k")
        assert view.scroll_offset.y == 2
        await pilot.press("end")
        assert view.scroll_offset.y == view.max_scroll_y > 0
        await pilot.press("home")
        assert view.scroll_offset.y == 0
        await pilot.press("tab")
        assert app.query_one("#translation-view").has_focus


async def test_selecting_a_figure_marks_its_digits_in_the_translation():
    app = ReaderApp()
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        item = await select_fact(pilot, "figure-", "14,3 milliards")
        original = app.query_one("#original-view", ArticleView)
        assert original._flash.block == item.span.block
        assert original.block_text(item.span.block)[original._flash.start:original._flash.end] == "14,3 milliards de dollars"
        translated = app.query_one("#translation-view", ArticleView)
        marks = translated._highlights[item.span.block]
        marked = [translated.block_text(item.span.block)[m.start:m.end] for m in marks if m.style == "figure"]
        assert "14.3" in marked
        assert translated.scroll_offset.y > 0


async def test_translated_title_shows_in_the_header():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = str(app.query_one("#header").render())
        assert "Zuckerberg lance" in header and "Wall Street" in header
        assert app._translated_title and app._translated_title in header


async def test_q_quits_promptly_with_a_translation_hung_in_flight(page_server, translate_server):
    import asyncio

    from tests.translate_server import Reply

    translate_server.default = Reply(hang=True)
    url = page_server.add_page("/lent", article_html("Lent", [
        "Le serveur de traduction ne répond jamais à cette requête, il reste suspendu.",
        "Il faut pourtant que le lecteur puisse quitter tout de suite, sans attendre.",
    ]))
    app = ReaderApp(url, settings=TranslatorSettings(engine="libre", url=translate_server.url, timeout=60, retries=0))

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                await pilot.pause(0.05)
                if translate_server.count:
                    break
            assert translate_server.count >= 1  # a request is in flight and will never be answered
            await pilot.press("q")

    await asyncio.wait_for(run(), timeout=10)  # a hang guard, not a timing target
    assert app.return_code == 0


async def test_mouse_wheel_scrolls_the_pane_under_the_pointer():
    from textual import events

    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.sync_scroll = False
        translated = app.query_one("#translation-view", ArticleView)
        # Pilot has no public wheel helper: post the same events a terminal would send.
        await pilot._post_mouse_events([events.MouseScrollDown] * 3, translated, offset=(10, 10))
        await pilot.pause(0.3)
        assert translated.scroll_offset.y > 0
        assert app.query_one("#original-view", ArticleView).scroll_offset.y == 0
