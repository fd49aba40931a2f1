"""The Textual App: the one place that wires fetch → extract → facts/translate → widgets.

State changes happen here and only here. Workers do the I/O and the heavy work (an async worker for
fetching, a thread for extraction and facts, daemon threads inside ``reader.translate`` for the blocking
engine calls); they post messages, and the handlers below update the widgets. A new source cancels the
load in flight (exclusive workers) and a generation number drops late messages from an older article.

Heavy modules (httpx, selectolax, deep-translator) are imported inside the workers, never at import
time, so the first frame paints as fast as a bare Textual app.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.errors import ReaderError
from reader.keymap import ACTIONS
from reader.models import Article, BlockTranslation, Digest, Page, Span
from widgets.article_view import ArticleView, Highlight, ViewBlock
from widgets.header import ArticleHeader
from widgets.pane import ArticlePane

if TYPE_CHECKING:
    from reader.config import Config
    from widgets.facts_panel import FactsPanel
    from widgets.search_bar import SearchBar
    from reader.history import History
    from reader.preload import Preload
    from reader.translate import TranslatorSettings

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"

# Below this width three panes are too narrow to read: the facts panel becomes an overlay.
NARROW_WIDTH = 100

# Seconds a load may take before its panes show a loading indicator (no flash for local pages).
LOADING_DELAY = 0.25

LAYOUTS = ("side-by-side", "interleaved", "translation", "original")

FACTS_WAITING = "Finding the facts…"

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ja": "Japanese", "zh": "Chinese", "ru": "Russian", "ar": "Arabic", "pl": "Polish",
    "uk": "Ukrainian", "ko": "Korean", "tr": "Turkish", "sv": "Swedish",
}

TRANSLATORS = [("google", "Google Translate (no key)"), ("libre", "LibreTranslate (any server, --translator-url)"),
               ("mymemory", "MyMemory"), ("deepl", "DeepL (key)"), ("microsoft", "Microsoft Translator (key)")]


def _digest_by_block(digest: Digest) -> dict[int, Digest]:
    """The digest's figures and quotes grouped by block, for marking one translated block at a time."""
    figures: dict[int, list] = {}
    quotes: dict[int, list] = {}
    for figure in digest.figures:
        figures.setdefault(figure.block, []).append(figure)
    for quote in digest.quotes:
        quotes.setdefault(quote.block, []).append(quote)
    return {block: Digest(figures=tuple(figures.get(block, ())), quotes=tuple(quotes.get(block, ())))
            for block in set(figures) | set(quotes)}


def _has_graphical_browser() -> bool:
    import os
    import sys

    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("BROWSER"))


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get((code or "").lower().split("-")[0], code or "?")


# ---------------------------------------------------------------- messages from workers


# Messages are plain classes, not dataclasses: a dataclass costs ~0.3 ms to create at import (start-up).


class Loaded(Message):
    """The load worker has the article (first message) or its digest too (second message)."""

    def __init__(self, generation: int, page: Page, article: Article, digest: Digest | None,
                 shown: asyncio.Event | None = None) -> None:
        super().__init__()
        self.generation, self.page, self.article = generation, page, article
        self.digest = digest  # None: the text is ready, a second Loaded brings the facts
        self.shown = shown  # set once the text is painted


class CacheUsed(Message):
    """The network failed, so the load fell back to the history's saved copy."""

    def __init__(self, generation: int, reason: str) -> None:
        super().__init__()
        self.generation, self.reason = generation, reason


class LoadFailed(Message):
    def __init__(self, generation: int, message: str) -> None:
        super().__init__()
        self.generation, self.message = generation, message


class BlockTranslated(Message):
    """One translated text arrived (a block, the title, or a quote)."""

    def __init__(self, generation: int, index: int, result: BlockTranslation) -> None:
        super().__init__()
        self.generation, self.index, self.result = generation, index, result


class TranslationFinished(Message):
    def __init__(self, generation: int, failed: int, translator: str, warnings: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.generation, self.failed, self.translator, self.warnings = generation, failed, translator, warnings


class ReaderApp(App[int]):
    """Original, translation and facts; layouts, search, history, export."""

    TITLE = "reader"
    CSS_PATH = [STYLES_DIR / "app.tcss"]
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(a.key, a.id, a.label or a.description, show=a.label is not None, id=a.id)
        for a in ACTIONS
        if a.key and a.id != "command_palette"
    ]

    layout_name: reactive[str] = reactive("side-by-side", init=False)
    sync_scroll: reactive[bool] = reactive(True, init=False)

    def __init__(
        self,
        source: str | Page | None = None,
        *,
        settings: "TranslatorSettings | None" = None,
        config: "Config | None" = None,
        target: str | None = None,
        translator_overrides: dict | None = None,
        remember: bool = True,
        preload: "Preload | None" = None,
    ) -> None:
        """``config`` gives the layout, theme, keys and translator; ``translator_overrides`` are the command
        line's (engine, target, url) on top, turned into settings on first use — importing the translation
        machinery is not needed for the first frame. ``remember=False`` keeps layout/theme changes out of
        the config file and articles out of the history (tests). ``preload`` is the initial source already
        being read and extracted off the main thread (reader.preload): if it is done when the screen
        mounts, the first frame shows the text."""
        super().__init__()
        self._preload = preload
        self._config = config
        self._remember = remember
        self._history: "History | None" = None
        self._history_key: str | None = None
        self._initial = source
        self._settings = settings
        self._translator_overrides = dict(translator_overrides or {})
        self._target = (settings.target if settings is not None
                        else target or (config.target if config is not None else "en"))
        self._generation = 0
        self._source: str | Page | None = None
        self._narrow = False
        self._layout_before_t = "side-by-side"
        self.page: Page | None = None
        self.article: Article | None = None
        self.digest: Digest | None = None
        self.translations: dict[int, BlockTranslation] = {}
        self._translated_title: str | None = None
        self._quote_translations: dict[int, str] = {}
        self._quotes_refresh_pending = False
        self._loading_generation = 0
        self._digest_by_block: dict[int, Digest] = {}
        self._translation_started = False
        self._translator = None  # created on first use: importing deep-translator is slow
        self._matches: list[tuple[str, Span]] = []
        self._match_index: int | None = None
        self._query = ""
        layout = config.layout if config is not None else "side-by-side"
        self.set_reactive(ReaderApp.layout_name, layout if layout in LAYOUTS else "side-by-side")
        if config is not None:
            self.set_reactive(ReaderApp.sync_scroll, config.sync_scroll)
            if config.keys:
                self.set_keymap(dict(config.keys))

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Textual's notify, but plain text by default: our notices quote servers, paths and page text,
        and "[/]" or "[@click=app.quit]" in them must be shown, not parsed."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield ArticleHeader(id="header")
        with Horizontal(id="panes"):
            yield ArticlePane("Original", view_id="original-view", id="original")
            yield ArticlePane(language_name(self._target), view_id="translation-view", id="translation")
            if self.layout_name == "interleaved":  # otherwise mounted the first time it is shown
                yield self._new_bilingual_pane()
            with Vertical(id="facts"):
                yield Static(Content("Facts"), classes="pane-title")
                yield Static(Content(FACTS_WAITING), id="facts-waiting")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_config()
        self._narrow = self.size.width < NARROW_WIDTH
        self.screen.set_class(self._narrow, "-narrow")
        if self._narrow:  # under 100 columns the facts panel is an overlay, shown on demand
            self.query_one("#facts").display = False
        self._apply_layout()
        self.query_one(ArticleHeader).show_text("reader — loading…")
        self.open_source(self._initial)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """The first frame is on screen. If the command line paused the garbage collector for the start-up
        (reader.cli), what exists now (modules, classes, styles, widgets) lives as long as the process: it
        moves out of the collector's sight and the collector runs again; collections while scrolling then
        skip all of it. An app run by other code (tests) leaves the collector alone."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self._ensure_facts_list()  # now, so that it is laid out before the digest fills it

    def _apply_config(self) -> None:
        config = self._config
        if config is None:
            return
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            self.notify(f"unknown theme {config.theme!r} in the config: using {self.theme}", severity="warning")
        for view in self.query(ArticleView):
            self._configure_view(view)

    def _configure_view(self, view: ArticleView) -> None:
        if self._config is not None:
            view.show_highlights = self._config.highlights
            view.styles.max_width = self._config.reading_width + 3  # gutter and scrollbar

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and self._config is not None and theme != self._config.theme:
            self._remember_setting("theme", theme)

    def _remember_setting(self, name: str, value: object) -> None:
        if not self._remember:
            return

        def save() -> None:
            from reader.config import save_setting

            warnings: list[str] = []
            if not save_setting(name, value, warnings=warnings):
                for warning in warnings:
                    self.call_from_thread(self.notify, warning, severity="warning")

        self.run_worker(save, thread=True, group="config", exit_on_error=False)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.screen.set_class(narrow, "-narrow")
            self.query_one("#facts").display = not narrow

    @property
    def original(self) -> ArticlePane:
        return self.query_one("#original", ArticlePane)

    @property
    def translation(self) -> ArticlePane:
        return self.query_one("#translation", ArticlePane)

    @property
    def bilingual(self) -> ArticlePane:
        """The interleaved pane, mounted (and filled once composed) on first use."""
        pane = self._bilingual_pane()
        return pane if pane is not None else self._mount_bilingual()

    def _bilingual_pane(self) -> ArticlePane | None:
        """The interleaved pane if it exists. It is mounted the first time the layout needs it: on the
        first frame a hidden pane still costs its widgets, their styles and a copy of the article."""
        panes = self.query("#bilingual")
        return panes.first(ArticlePane) if panes else None

    def _bilingual_view(self) -> ArticleView | None:
        """The interleaved view once it exists and is composed; every change to the article goes to it too."""
        pane = self._bilingual_pane()
        views = pane.query(ArticleView) if pane is not None else ()
        return views.first() if views else None

    def _text_panes(self) -> list[ArticlePane]:
        """The panes showing the original text (messages and the loading indicator go there)."""
        pane = self._bilingual_pane()
        return [self.original] if pane is None else [self.original, pane]

    def _bilingual_title(self) -> str:
        article = self.article
        return f"{language_name(article.lang)} + {language_name(self._target)}" if article else "Bilingual"

    def _new_bilingual_pane(self) -> ArticlePane:
        pane = ArticlePane(self._bilingual_title(), view_id="bilingual-view", id="bilingual")
        pane.display = self.layout_name == "interleaved"
        return pane

    def _mount_bilingual(self) -> ArticlePane:
        pane = self._new_bilingual_pane()
        mounted = self.query_one("#panes").mount(pane, before=self.query_one("#facts"))

        async def fill() -> None:
            await mounted
            view = self._bilingual_view()
            if view is None:
                return
            self._configure_view(view)
            if self.article is not None:
                view.set_blocks(self._bilingual_blocks())
                self._apply_translated_highlights()
            self._apply_layout()

        self.run_worker(fill(), group="bilingual", exit_on_error=False)
        return pane

    @property
    def facts(self) -> FactsPanel:
        return self._ensure_facts_list()

    def _ensure_facts_list(self) -> FactsPanel:
        """The facts list, mounted just after the first frame (or earlier if something needs it): on the
        first frame an OptionList would cost its stylesheet, styles and fifty rows only to say "Finding the
        facts…", which the Static it replaces says as well."""
        from widgets.facts_panel import FactsPanel

        panels = self.query(FactsPanel)
        if panels:
            return panels.first()
        panel = FactsPanel(id="facts-list")
        self.query_one("#facts").mount(panel)
        for waiting in self.query("#facts-waiting"):
            waiting.remove()
        if self.digest is None:
            panel.show_message(FACTS_WAITING if self.article is not None else "No article.")
        return panel

    def _facts_focused(self) -> bool:
        return any(panel.has_focus for panel in self.query("FactsPanel"))

    def _wants_translation(self) -> bool:
        return self.layout_name != "original"

    def watch_layout_name(self, layout: str) -> None:
        self._apply_layout()
        self._remember_setting("layout", layout)
        if self._wants_translation() and self.article is not None and not self._translation_started:
            self._start_translation()

    def _apply_layout(self) -> None:
        layout = self.layout_name
        self.original.display = layout in ("side-by-side", "original")
        self.translation.display = layout in ("side-by-side", "translation")
        bilingual = self._bilingual_pane()
        if bilingual is None and layout == "interleaved":
            bilingual = self._mount_bilingual()  # shown and focused once composed (it calls us again)
        if bilingual is not None:
            bilingual.display = layout == "interleaved"
        visible = [p for p in (self.original, self.translation, bilingual)
                   if p is not None and p.display and p.query(ArticleView)]
        if visible and not any(p.view.has_focus for p in visible) and not self._facts_focused():
            visible[0].view.focus()

    # ---------------------------------------------------------------- loading

    def open_source(self, source: str | Page | None, *, reload: bool = False) -> None:
        """Start loading ``source`` (None = the bundled sample); what is shown stays until it succeeds."""
        self._generation += 1
        self._source = source
        for pane in self._text_panes():
            pane.show_message(None)
        generation = self._generation
        preload, self._preload = self._preload, None
        if preload is not None and preload.source is not source:
            preload = None
        ready = preload.ready() if preload is not None else None
        if ready is not None:  # read and extracted while Textual started: the text goes into this frame
            shown = asyncio.Event()
            self._show_text(ready[0], ready[1], shown)
            self._load(generation, source, reload, ready=ready, shown=shown)
            return
        # The spinner only for loads that take a while: a local page is on screen before it would show.
        self.set_timer(LOADING_DELAY, lambda: self._show_loading(generation))
        self._load(generation, source, reload, preload=preload)

    def _show_loading(self, generation: int) -> None:
        if generation == self._generation and self._loading_generation != generation:
            for pane in self._text_panes():
                if pane.display:
                    pane.loading = True

    def _loading_done(self) -> None:
        self._loading_generation = self._generation
        for pane in self._text_panes():
            pane.loading = False

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self, generation: int, source: str | Page | None, reload: bool, *,
                    preload: "Preload | None" = None, ready: tuple[Page, Article] | None = None,
                    shown: asyncio.Event | None = None) -> None:
        """Fetch and extract (or wait for the preload), show the text (Loaded without a digest); once it is
        painted, find the facts (Loaded again, with the digest): on a long article the facts take longer
        than the text. With ``ready`` the text is already shown and only the facts are left to do."""
        try:
            from reader.pipeline import digest_article

            if ready is not None and shown is not None:
                page, article = ready
            else:
                page, article = await self._page_and_article(generation, source, reload, preload)
                shown = asyncio.Event()
                self.post_message(Loaded(generation, page, article, None, shown))
            try:  # the digest thread would slow the first paint down (the GIL): let the text go first
                await asyncio.wait_for(shown.wait(), timeout=1.0)
            except TimeoutError:
                pass
            digest = await asyncio.to_thread(digest_article, article)
        except ReaderError as error:
            self.post_message(LoadFailed(generation, str(error)))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug must not kill the reader: report it in one line
            self.post_message(LoadFailed(generation, f"unexpected error: {type(error).__name__}: {error}"))
        else:
            self.post_message(Loaded(generation, page, article, digest))

    async def _page_and_article(self, generation: int, source: str | Page | None, reload: bool,
                                preload: "Preload | None") -> tuple[Page, Article]:
        from reader.errors import FetchError
        from reader.pipeline import extract_article, is_web_url, load_page, source_label

        if preload is not None:
            return await preload.wait()
        if isinstance(source, str) and is_web_url(source):
            # the web path imports httpx and builds a TLS context on this loop (~0.1 s): paint first
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            try:
                await asyncio.wait_for(painted.wait(), timeout=0.5)
            except TimeoutError:
                pass
        try:
            page = await load_page(source)
        except FetchError as error:
            page = await self._cached_copy(source, reload)
            if page is None:
                raise
            self.post_message(CacheUsed(generation, str(error)))
        article = await asyncio.to_thread(extract_article, page, source_label(source))
        return page, article

    async def _cached_copy(self, source: str | Page | None, reload: bool) -> Page | None:
        """The page saved in the history, for reading offline when the network fails."""
        if not isinstance(source, str) or source == "-" or self._history_or_none() is None:
            return None
        return await asyncio.to_thread(self._history.cached_page, source)

    def _history_or_none(self) -> "History | None":
        if self._history is None and self._remember:
            from reader.history import History

            self._history = History()
        return self._history

    def on_cache_used(self, message: "CacheUsed") -> None:
        if message.generation == self._generation:
            self.notify(f"{message.reason} — showing the copy saved in your history", title="Offline",
                        severity="warning", timeout=8)

    def on_loaded(self, message: Loaded) -> None:
        if message.generation != self._generation:
            return
        if message.digest is not None and message.article is self.article:
            self._show_digest(message.digest)
            return
        self._show_text(message.page, message.article, message.shown)
        if message.digest is not None:
            self._show_digest(message.digest)

    def _show_text(self, page: Page, article: Article, shown: asyncio.Event | None) -> None:
        """The article's text in every pane; the facts and the translation follow."""
        self._save_progress()
        self.page, self.article, self.digest = page, article, None
        self.translations = {}
        self._translated_title = None
        self._quote_translations = {}
        self._clear_search()
        self._loading_done()
        for pane in self._text_panes():
            pane.show_message(None)
        self.query_one(ArticleHeader).show_article(article)
        self.original.set_title(f"Original ({language_name(article.lang)})" if article.lang else "Original")
        self.original.view.set_blocks([ViewBlock(b.kind, b.text) for b in article.blocks])
        self.translation.view.set_blocks([ViewBlock(b.kind, b.text, tone="pending") for b in article.blocks])
        self.translation.set_title(language_name(self._target))
        self.translation.show_message(None)
        if (bilingual := self._bilingual_view()) is not None:
            self.bilingual.set_title(self._bilingual_title())
            bilingual.set_blocks(self._bilingual_blocks())
        if self.query("FactsPanel"):
            self.facts.show_message(FACTS_WAITING)
        self._translation_started = False
        # after the paint: the history thread imports sqlite3 and opens the database, and would take the
        # GIL (and the import lock) from the first frame's rendering
        self.call_after_refresh(self._record_history, page, article)
        if shown is not None:
            self.call_after_refresh(shown.set)

    def _show_digest(self, digest: Digest) -> None:
        """Facts and highlights, then the translation (which translates the quotes too)."""
        self.digest = digest
        self.facts.show_digest(digest)
        self._apply_highlights()
        if self._wants_translation() and not self._translation_started:
            self._start_translation()

    @work(thread=True, group="history", exit_on_error=False)
    def _record_history(self, page: Page, article: Article) -> None:
        history = self._history_or_none()
        if history is None:
            return
        key = history.record_open(page, article)
        position = history.position(key)
        self.call_from_thread(self._history_recorded, page, key, position, tuple(history.warnings))

    def _history_recorded(self, page: Page, key: str, position: int | None, warnings: tuple[str, ...]) -> None:
        if page is not self.page:
            return
        self._history_key = key
        if position:
            self.original.view.scroll_to_block(position, animate=False, margin=0)
            if (bilingual := self._bilingual_view()) is not None:
                bilingual.scroll_to_block(2 * position, animate=False, margin=0)
        for warning in warnings[:1]:
            self.notify(warning, severity="warning")

    def _save_progress(self) -> None:
        """Remember where the reader is in the current article (called on leaving it)."""
        if self._history is None or self._history_key is None or self.article is None:
            return
        bilingual = self._bilingual_view() if self.layout_name == "interleaved" else None
        view = bilingual or self.original.view
        block = view.top_block() // 2 if view is bilingual else view.top_block()
        self._history.update_progress(self._history_key, block, view.reading_progress())

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.generation != self._generation:
            return
        self._loading_done()
        for pane in self._text_panes():
            pane.show_message(message.message, error=True)
        if self.article is None:
            self.query_one(ArticleHeader).show_text("reader — nothing loaded (press o to open a URL or a file)")
            self.facts.show_message("No article.")
        self.notify(message.message, title="Could not open", severity="error")

    # ---------------------------------------------------------------- translation

    def _settings_or_default(self) -> "TranslatorSettings":
        if self._settings is None:
            if self._config is not None:
                from reader.config import translator_settings

                self._settings = translator_settings(self._config, **{**self._translator_overrides,
                                                                      "target": self._target})
            else:
                from reader.translate import TranslatorSettings

                self._settings = TranslatorSettings.from_env(target=self._target, **self._translator_overrides)
        return self._settings

    def _start_translation(self, only: list[int] | None = None) -> None:
        article = self.article
        if article is None:
            return
        self._translation_started = True
        if article.lang and article.lang.split("-")[0] == self._target.split("-")[0]:
            self.translation.show_message(f"The article is already in {language_name(self._target)}.")
            self.translation.view.set_blocks([ViewBlock(b.kind, b.text) for b in article.blocks])
            return
        self.translation.show_message("Translating…")
        self._translate(self._generation, article, only)

    @work(exclusive=True, group="translate", exit_on_error=False)
    async def _translate(self, generation: int, article: Article, only: list[int] | None) -> None:
        try:
            from reader.translate import BlockTranslator

            if self._translator is None:
                self._translator = BlockTranslator(self._settings_or_default())
            translator = self._translator
        except ReaderError as error:
            self.post_message(TranslationFinished(generation, len(article.blocks), "", (str(error),)))
            return
        quotes = [q.text for q in self.digest.quotes] if self.digest else []
        texts = [b.text for b in article.blocks] + [article.title] + quotes
        top = self.original.view.top_block()
        count = len(article.blocks)
        order = list(range(top, count)) + list(range(0, top)) + list(range(count, len(texts)))

        def deliver(index: int, result: BlockTranslation) -> None:
            self.post_message(BlockTranslated(generation, index, result))

        try:
            results = await translator.translate(texts, article.lang, on_result=deliver, order=order, only=only)
        except ReaderError as error:
            self.post_message(TranslationFinished(generation, count, translator.name, (str(error),)))
            return
        failed = sum(1 for r in results[:count] if r.error)
        self.post_message(TranslationFinished(generation, failed, translator.name, tuple(translator.warnings)))

    def on_block_translated(self, message: BlockTranslated) -> None:
        if message.generation != self._generation or self.article is None or not self.is_running:
            return
        blocks = self.article.blocks
        result = message.result
        index = message.index
        if index < len(blocks):
            self.translations[index] = result
            self.translation.view.update_block(index, self._translated_view_block(index))
            if (bilingual := self._bilingual_view()) is not None:
                bilingual.update_block(2 * index + 1, self._translated_view_block(index, aside=True))
            self.translation.show_progress(len(self.translations), len(blocks))
            if result.text and not result.error:
                self._mark_translated_block(index, result.text)
        elif index == len(blocks):
            if result.text and not result.error:
                self._translated_title = result.text
                self.query_one(ArticleHeader).show_article(self.article, translated_title=result.text)
        elif result.text:
            self._quote_translations[index - len(blocks) - 1] = result.text
            if not self._quotes_refresh_pending:  # many quotes arrive together: rebuild the panel once
                self._quotes_refresh_pending = True
                self.set_timer(0.3, self._refresh_quote_translations)

    def _refresh_quote_translations(self) -> None:
        if not self._quotes_refresh_pending:
            return  # already done when the translation finished
        self._quotes_refresh_pending = False
        if self.digest is not None and self.is_running:
            self.facts.show_digest(self.digest, self._quote_translations)

    def _translated_view_block(self, index: int, *, aside: bool = False) -> ViewBlock:
        original = self.article.blocks[index] if self.article else None
        kind, text = (original.kind, original.text) if original else ("paragraph", "")
        result = self.translations.get(index)
        if result is None:
            return ViewBlock(kind, text, tone="pending")
        if result.error or result.text is None:
            return ViewBlock(kind, text, tone="error", note=result.error or "no translation")
        return ViewBlock(kind, result.text, tone="aside" if aside else ("memory" if result.from_memory else "normal"))

    def _bilingual_blocks(self) -> list[ViewBlock]:
        blocks: list[ViewBlock] = []
        for index, block in enumerate(self.article.blocks if self.article else ()):
            blocks.append(ViewBlock(block.kind, block.text))
            blocks.append(self._translated_view_block(index, aside=True))
        return blocks

    def on_translation_finished(self, message: TranslationFinished) -> None:
        if message.generation != self._generation or self.article is None:
            return
        if self._quotes_refresh_pending:
            self._refresh_quote_translations()
        total = len(self.article.blocks)
        done = [r for r in self.translations.values() if r.text and not r.error]
        from_memory = bool(done) and all(r.from_memory for r in done)
        source = "from memory" if from_memory else message.translator
        if source:
            self.translation.set_title(f"{language_name(self._target)} · {source}")
        self.translation.show_progress(total, total)
        for warning in message.warnings:
            self.notify(warning, severity="warning")
        if message.failed:
            text = f"{message.failed} of {total} paragraphs could not be translated — press R to retry"
            if message.warnings and not self.translations:
                text = message.warnings[0]
            self.translation.show_message(text, error=True)
            self.notify(text, title="Translation", severity="error")
        else:
            self.translation.show_message(None)

    # ---------------------------------------------------------------- facts and highlights

    def _apply_highlights(self) -> None:
        if self.digest is None:
            return
        from reader.highlights import original_marks

        marks = original_marks(self.digest)
        self.original.view.set_highlights([Highlight(*m) for m in marks])
        self._apply_translated_highlights()

    def _apply_translated_highlights(self) -> None:
        """All translated blocks' marks (a new digest); single arrivals use _mark_translated_block."""
        if self.digest is None:
            return
        from reader.highlights import original_marks, translated_marks

        self._digest_by_block = _digest_by_block(self.digest)
        texts = {i: r.text for i, r in self.translations.items() if r.text and not r.error}
        marks = translated_marks(self.digest, texts)
        self.translation.view.set_highlights([Highlight(*m) for m in marks])
        if (view := self._bilingual_view()) is not None:
            bilingual = [Highlight(2 * b, s, e, k) for b, s, e, k in original_marks(self.digest)]
            bilingual += [Highlight(2 * b + 1, s, e, k) for b, s, e, k in marks]
            view.set_highlights(bilingual)

    def _mark_translated_block(self, index: int, text: str) -> None:
        """Marks for one translated block only: a 100,000-word article has thousands of blocks and figures,
        and recomputing every block on every arrival made scrolling stutter while it streamed in."""
        part = self._digest_by_block.get(index)
        if part is None:
            return
        from reader.highlights import translated_marks

        marks = translated_marks(part, {index: text})
        self.translation.view.set_block_highlights(index, [Highlight(*m) for m in marks])
        if (view := self._bilingual_view()) is not None:
            view.set_block_highlights(2 * index + 1, [Highlight(2 * index + 1, s, e, k) for _, s, e, k in marks])

    def on_facts_panel_fact_selected(self, message: "FactsPanel.FactSelected") -> None:
        span = message.item.span
        if span is not None:
            self._jump_to(span, style="flash")

    def _jump_to(self, span: Span, *, style: str, in_translation: Span | None = None) -> None:
        """Scroll every visible view to ``span`` and mark it (the translation marks its whole block)."""
        original = self.original.view
        original.flash(Highlight(span.block, span.start, span.end, style))
        original.scroll_to_block(span.block, offset=span.start)
        translated = self.translation.view
        target = in_translation or Span(span.block, 0, len(translated.block_text(span.block)))
        translated.flash(Highlight(target.block, target.start, target.end, style))
        translated.scroll_to_block(target.block, offset=target.start)
        if (bilingual := self._bilingual_view()) is not None:
            bilingual.flash(Highlight(2 * span.block, span.start, span.end, style))
            bilingual.scroll_to_block(2 * span.block, offset=span.start)

    # ---------------------------------------------------------------- synced scrolling

    @on(ArticleView.ProgressChanged)
    def show_reading_progress(self, message: ArticleView.ProgressChanged) -> None:
        pane = message.view.parent
        if isinstance(pane, ArticlePane) and pane.id in ("original", "bilingual"):
            pane.set_reading_progress(message.percent)

    @on(ArticleView.CurrentBlockChanged)
    def sync_views(self, message: ArticleView.CurrentBlockChanged) -> None:
        if not self.sync_scroll or self.layout_name != "side-by-side":
            return
        source, block = message.view, message.block
        if source.id not in ("original-view", "translation-view") or not (source.has_focus or source.is_mouse_over):
            return
        other = self.translation.view if source.id == "original-view" else self.original.view
        if other.top_block() != block:
            other.scroll_to_block(block, animate=False, margin=0)
        other.current_block = block

    # ---------------------------------------------------------------- search

    def _views_for_search(self) -> list[ArticleView]:
        if self.layout_name == "interleaved":
            view = self._bilingual_view()
            return [view] if view is not None else []
        return [pane.view for pane in (self.original, self.translation) if pane.display]

    def _run_search(self, query: str) -> None:
        from reader.search import find_all

        self._query = query
        self._matches = []
        for view in self._views_for_search():
            spans = find_all([block.text for block in view.blocks], query)
            self._matches += [(view.id or "", span) for span in spans]
            view.set_search([Highlight(s.block, s.start, s.end, "match") for s in spans])
        self._match_index = None
        if self._matches:
            self._goto_match(0)
        self._show_match_count()

    def _goto_match(self, index: int) -> None:
        if not self._matches:
            return
        self._match_index = index % len(self._matches)
        view_id, span = self._matches[self._match_index]
        view = self.query_one(f"#{view_id}", ArticleView)
        view.flash(Highlight(span.block, span.start, span.end, "flash"))
        view.scroll_to_block(span.block, offset=span.start)
        self._show_match_count()

    def _clear_search(self) -> None:
        self._matches, self._match_index = [], None
        for view in self.query(ArticleView):
            view.set_search([])

    def on_search_bar_submitted(self, message: "SearchBar.Submitted") -> None:
        self._run_search(message.query)
        if self._matches:
            view_id = self._matches[0][0]
            self.query_one(f"#{view_id}").focus()

    def on_search_bar_closed(self) -> None:
        self._focus_reading_view()

    def _focus_reading_view(self) -> None:
        for pane in (self.original, self._bilingual_pane(), self.translation):
            if pane is not None and pane.display and pane.query(ArticleView):
                pane.view.focus()
                return

    # ---------------------------------------------------------------- actions

    def action_toggle_translation(self) -> None:
        if self.layout_name == "original":
            self.layout_name = self._layout_before_t if self._layout_before_t != "original" else "side-by-side"
        else:
            self._layout_before_t = self.layout_name
            self.layout_name = "original"

    def action_cycle_layout(self) -> None:
        self.layout_name = LAYOUTS[(LAYOUTS.index(self.layout_name) + 1) % len(LAYOUTS)]
        self.notify(f"Layout: {self.layout_name}", timeout=2)

    def action_toggle_facts(self) -> None:
        panel = self.query_one("#facts")
        panel.display = not panel.display
        if panel.display and self._narrow:
            self.facts.focus()
        elif not panel.display and panel.has_focus_within:
            self._focus_reading_view()

    def action_toggle_sync(self) -> None:
        self.sync_scroll = not self.sync_scroll
        self.notify(f"Synced scrolling {'on' if self.sync_scroll else 'off'}", timeout=2)

    def action_toggle_highlights(self) -> None:
        for view in self.query(ArticleView):
            view.show_highlights = not view.show_highlights

    async def action_search(self) -> None:
        """Show the search line; it is mounted on first use, keeping the first frame's widget tree small."""
        from widgets.search_bar import SearchBar

        bars = self.query(SearchBar)
        if bars:
            bar = bars.first()
        else:
            bar = SearchBar(id="search-bar")
            await self.mount(bar, before=self.query_one(Footer))
        bar.open(self._query)

    def _show_match_count(self) -> None:
        for bar in self.query("SearchBar"):
            bar.show_count(self._match_index, len(self._matches), self._query)

    def action_next_match(self) -> None:
        if self._matches:
            self._goto_match((self._match_index or 0) + 1 if self._match_index is not None else 0)
        else:
            self.notify("No search: press / to search.", timeout=2)

    def action_previous_match(self) -> None:
        if self._matches:
            self._goto_match((self._match_index or 0) - 1)
        else:
            self.notify("No search: press / to search.", timeout=2)

    def action_open(self) -> None:
        def opened(value: str | None) -> None:
            if value:
                self.open_source(value)

        from widgets.dialogs import OpenDialog

        current = self._source if isinstance(self._source, str) else ""
        self.push_screen(OpenDialog(current or ""), opened)

    def action_reload(self) -> None:
        self.open_source(self._source, reload=True)

    def action_retry_translation(self) -> None:
        if self.article is None:
            return
        failed = [i for i, r in self.translations.items() if r.error]
        if not failed:
            self.notify("Nothing to retry.", timeout=2)
            return
        self._start_translation(only=failed)

    def action_help(self) -> None:
        from reader.keymap import help_groups
        from widgets.dialogs import HelpScreen

        self.push_screen(HelpScreen(help_groups()))

    def action_copy(self) -> None:
        text = ""
        if self._facts_focused() and (item := self.facts.selected_item()) is not None:
            text = item.text
        else:
            view = self.focused if isinstance(self.focused, ArticleView) else self.original.view
            text = view.block_text(view.current_block)
        if not text:
            self.notify("Nothing to copy.", timeout=2)
            return
        self.copy_to_clipboard(text)
        preview = text if len(text) <= 60 else text[:57] + "…"
        self.notify(f"Copied: {preview}", timeout=3)

    def action_export(self) -> None:
        if self.article is None or self.digest is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        from reader import export
        from reader.models import Translation

        translation = None
        if self.translations:
            blocks = tuple(self.translations.get(i, BlockTranslation(text=None, error="not translated"))
                           for i in range(len(self.article.blocks)))
            translation = Translation(self._translator.name if self._translator else "", self._target, blocks)
        try:
            path = export.write_markdown(self.article, self.digest, translation, Path.cwd())
        except OSError as error:
            self.notify(f"Could not export: {error.strerror or error}", severity="error")
            return
        self.notify(f"Exported to {path}", title="Export", timeout=6)

    def action_open_browser(self) -> None:
        from reader.export import article_url

        url = article_url(self.article) if self.article else None
        if not url or not url.startswith(("http://", "https://")):
            self.notify("This article has no web address.", severity="warning")
            return
        if not _has_graphical_browser():
            # webbrowser would start a console browser (lynx, w3m) inside our own terminal
            self.copy_to_clipboard(url)
            self.notify(f"No graphical browser here: the address was copied ({url})", timeout=5)
            return
        self.open_url(url)
        self.notify(f"Opening {url}", timeout=3)

    def action_translate_to(self) -> None:
        from widgets.dialogs import PromptDialog

        def chosen(value: str | None) -> None:
            if value:
                self.set_target(value)

        self.push_screen(PromptDialog("Translate to (language code: en, de, es, pt-br…)", initial=self._target), chosen)

    def action_change_translator(self) -> None:
        from widgets.dialogs import ChoiceDialog

        current = self._settings_or_default().engine

        def chosen(value: str | None) -> None:
            if value and value != current:
                self.set_translator(value)

        self.push_screen(ChoiceDialog("Translation engine", TRANSLATORS, current), chosen)

    def set_target(self, target: str) -> None:
        from reader.errors import ConfigError
        from reader.translate import TranslatorSettings

        try:
            settings = TranslatorSettings(**{**self._settings_or_default().__dict__, "target": target})
        except ConfigError as error:
            self.notify(str(error), severity="error")
            return
        self._apply_settings(settings)

    def set_translator(self, engine: str) -> None:
        from reader.errors import ConfigError
        from reader.translate import TranslatorSettings

        try:
            settings = TranslatorSettings.from_env(**{**self._settings_or_default().__dict__, "engine": engine})
        except ConfigError as error:
            self.notify(str(error), severity="error")
            return
        self._apply_settings(settings)

    def _apply_settings(self, settings: "TranslatorSettings") -> None:
        self._settings, self._target = settings, settings.target
        if self._translator is not None:
            self._translator.close()  # its memory connection; a new engine gets a new translator
        self._translator = None
        self.translations = {}
        self._translated_title = None
        if self.article is not None:
            self.query_one(ArticleHeader).show_article(self.article)
            self.translation.view.set_blocks([ViewBlock(b.kind, b.text, tone="pending") for b in self.article.blocks])
            if (bilingual := self._bilingual_view()) is not None:
                bilingual.set_blocks(self._bilingual_blocks())
                self.bilingual.set_title(self._bilingual_title())
            self.translation.set_title(language_name(self._target))
            self._translation_started = False
            if self._wants_translation():
                self._start_translation()

    def action_history(self) -> None:
        history = self._history_or_none()
        if history is None:
            self.notify("History is off in this session.", timeout=3)
            return
        from reader.history import format_history

        entries = history.entries()
        lines = format_history(entries).splitlines()[1:] if entries else []
        rows = [(entry.key, line) for entry, line in zip(entries, lines)]

        def chosen(key: str | None) -> None:
            if key:
                self._open_from_history(key)

        from widgets.dialogs import HistoryScreen

        self.push_screen(HistoryScreen(rows), chosen)

    def _open_from_history(self, key: str) -> None:
        page = self._history.cached_page(key) if self._history else None
        if page is None:
            self.open_source(key)  # not cached (too big, or evicted): fetch it again
        else:
            self.open_source(page)
            self._source = page.url or key

    async def action_quit(self) -> None:
        self._save_progress()
        self.workers.cancel_all()
        self.exit(0)

    # ---------------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for action in ACTIONS:
            if action.id in ("command_palette",):
                continue
            title = action.description[0].upper() + action.description[1:]
            if action.key:
                title += f"  ({action.shown_key})"
            help_text = f"{action.group} · key {action.shown_key}" if action.key else f"{action.group} · palette only"
            yield SystemCommand(title, help_text, getattr(self, f"action_{action.id}"))
        yield from super().get_system_commands(screen)
