"""Every action of the app, driven with Pilot: layouts, sync, search, export, copy, history, palette…"""

from __future__ import annotations

import os

import pytest

from reader.app import LAYOUTS, ReaderApp
from reader.config import Config
from reader.keymap import ACTIONS
from reader.translate import TranslatorSettings
from tests.page_server import article_html, page_server  # noqa: F401 - fixture
from tests.translate_server import Reply, translate_server  # noqa: F401 - fixture
from widgets.article_view import ArticleView
from widgets.dialogs import ChoiceDialog, HistoryScreen, PromptDialog
from widgets.facts_panel import FactsPanel

SIZE = (160, 50)

PARAGRAPHS = [
    "Le conseil municipal de Lyon a voté mardi un budget de 1,2 milliard d'euros pour l'année prochaine.",
    "« Nous investissons dans les écoles et les transports », a déclaré Grégory Doucet, le maire de la ville.",
    "L'opposition dénonce une hausse de 5 % de la taxe foncière, jugée trop lourde pour les ménages modestes.",
    "Le vote définitif aura lieu en décembre, après une dernière consultation des habitants des quartiers.",
]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def libre(server, **extra) -> TranslatorSettings:
    return TranslatorSettings(engine="libre", url=server.url, retries=0, timeout=5, **extra)


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_l_cycles_every_layout_and_remembers_it(reader_home):
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in LAYOUTS:
            seen.append((app.layout_name, app.original.display, app.translation.display, app.bilingual.display))
            await pilot.press("l")
            await settle(pilot)
        assert [s[0] for s in seen] == list(LAYOUTS)
        assert seen[0][1:] == (True, True, False)       # side by side
        assert seen[1][1:] == (False, False, True)      # interleaved
        assert seen[2][1:] == (False, True, False)      # translation only
        assert seen[3][1:] == (True, False, False)      # original only
        bilingual = app.bilingual.view
        assert len(bilingual.blocks) == 2 * len(app.article.blocks)
        assert bilingual.blocks[1].tone == "aside" and "green light" in bilingual.blocks[1].text
    config_text = (reader_home / "config" / "config.toml").read_text()
    assert 'layout = "side-by-side"' in config_text


async def test_the_interleaved_pane_arrives_complete_when_first_shown():
    """It is mounted only when first needed: it must then hold the article, the translation, the facts'
    marks and its title, as if it had been there all along."""
    app = ReaderApp(remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app._bilingual_pane() is None  # not part of the first frame
        app.layout_name = "interleaved"
        await settle(pilot)
        view = app.bilingual.view
        assert app.bilingual.display and view.has_focus
        assert [b.text for b in view.blocks[::2]] == [b.text for b in app.article.blocks]
        assert all(b.tone == "aside" for b in view.blocks[1::2])
        assert [b.text for b in view.blocks[1::2]] == [b.text for b in app.translation.view.blocks]
        assert view._highlights, "the facts' marks are missing"
        assert "French + English" in str(app.bilingual.query_one(".pane-title").render())


async def test_config_sets_layout_and_keys():
    config = Config(layout="interleaved", keys={"toggle_translation": "T"}, highlights=False)
    app = ReaderApp(config=config, remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.layout_name == "interleaved" and app.bilingual.display
        assert not app.original.view.show_highlights
        await pilot.press("T")
        assert app.layout_name == "original"


async def test_synced_scrolling_follows_the_focused_pane_and_s_turns_it_off():
    app = ReaderApp()
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot)
        original, translated = app.original.view, app.translation.view
        original.focus()
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause(0.3)
        assert original.top_block() > 0
        assert translated.top_block() == original.top_block()
        assert translated.current_block == original.current_block
        await pilot.press("s")
        assert not app.sync_scroll
        await pilot.press("home")
        await pilot.pause(0.3)
        assert original.top_block() == 0 and translated.top_block() > 0


async def test_search_counts_matches_in_both_panes_and_n_moves():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"zuckerberg", "enter")
        await pilot.pause()
        original = [m for m in app._matches if m[0] == "original-view"]
        translated = [m for m in app._matches if m[0] == "translation-view"]
        assert len(original) >= 6 and len(translated) >= 6
        count = str(app.query_one("#search-count").render())
        assert count == f"1/{len(app._matches)}"
        await pilot.press("n")
        assert app._match_index == 1
        await pilot.press("N", "N")
        assert app._match_index == len(app._matches) - 1
        await pilot.press("slash")
        await pilot.press(*"eleve", "enter")  # accents optional: finds "s’éleveront"
        await pilot.pause()
        assert app._matches and "éleve" in app.original.view.block_text(app._matches[0][1].block)


async def test_e_exports_markdown_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
    files = list(tmp_path.glob("*.md"))
    assert len(files) == 1
    text = files[0].read_text()
    assert text.startswith("# Zuckerberg lance") and "## Translation" in text and "Susan Li" in text
    assert str(files[0]) in notices(app)


async def test_y_copies_the_paragraph_or_the_selected_fact():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == app.article.blocks[0].text
        facts = app.query_one(FactsPanel)
        facts.focus()
        facts.highlighted = next(i for i in range(facts.option_count)
                                 if (facts.get_option_at_index(i).id or "").startswith("figure-"))
        await pilot.press("y")
        assert app.clipboard == facts.selected_item().text


async def test_O_without_a_browser_copies_the_address(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("O")
        assert app.clipboard.startswith("https://hyper.ai/")


async def test_history_reopens_an_article_offline(page_server, translate_server):
    url = page_server.add_page("/lyon", article_html("Budget voté", PARAGRAPHS))
    app = ReaderApp(url, settings=libre(translate_server))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.article.title == "Budget voté"
        app.open_source(None)
        await settle(pilot)
        page_server.routes.clear()  # the site is gone: only the history's copy remains
        await pilot.press("H")
        assert isinstance(app.screen, HistoryScreen)
        history = app.screen.query_one("#history-list")
        texts = [str(history.get_option_at_index(i).prompt) for i in range(history.option_count)]
        assert "Budget voté" in texts[1] and "HyperAI" in texts[0]  # newest first
        history.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.article.title == "Budget voté"
        assert app.page.from_cache
        assert all(b.tone == "memory" for b in app.translation.view.blocks)  # no engine asked again
        assert "CONSEIL MUNICIPAL" in app.translation.view.blocks[0].text


async def test_unreachable_url_falls_back_to_the_saved_copy(page_server, translate_server):
    url = page_server.add_page("/lyon", article_html("Budget voté", PARAGRAPHS))
    app = ReaderApp(url, settings=libre(translate_server))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        page_server.routes.clear()
        page_server.stop()
        app.action_reload()
        await settle(pilot)
        assert app.article.title == "Budget voté" and app.page.from_cache
        assert "saved in your history" in notices(app)


async def test_retry_translates_only_the_failed_blocks(page_server, translate_server):
    url = page_server.add_page("/lyon", article_html("Budget voté", PARAGRAPHS))
    translate_server.default = Reply(status=503)
    app = ReaderApp(url, settings=libre(translate_server, pack=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.translation.view
        assert all(block.tone == "error" for block in view.blocks)
        assert "press R to retry" in str(app.query_one("#translation .pane-message").render())
        translate_server.default = Reply()
        await pilot.press("R")
        await settle(pilot)
        assert all(block.tone == "normal" for block in view.blocks)
        assert "LYON" in view.blocks[0].text


async def test_translate_to_and_change_translator_from_dialogs(translate_server):
    app = ReaderApp(settings=libre(translate_server))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_translate_to()
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one("Input").value = "de"
        await pilot.press("enter")
        await settle(pilot)
        assert app._target == "de"
        assert "German" in str(app.query_one("#translation .pane-title").render())
        assert translate_server.count > 0  # the bundled memory is English only
        app.action_change_translator()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        assert app._settings.engine == "libre"


async def test_h_toggles_highlights_in_every_view():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        views = list(app.query(ArticleView))
        assert all(view.show_highlights for view in views)
        await pilot.press("h")
        assert not any(view.show_highlights for view in views)


async def test_command_palette_lists_every_action_with_its_key():
    app = ReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for action in ACTIONS:
            if action.id == "command_palette":
                continue
            assert any(action.description.lower() in title.lower() and (action.shown_key in title)
                       for title in titles), action.id
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


@pytest.mark.parametrize("width", [80, 160])
async def test_f_shows_facts_as_an_overlay_when_narrow(width):
    app = ReaderApp()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        facts = app.query_one("#facts")
        assert facts.display == (width >= 100)
        await pilot.press("f")
        assert facts.display == (width < 100)
        if width < 100:
            assert app.query_one(FactsPanel).has_focus
