"""The Textual App: the one place that wires fetch → extract → facts/translate → widgets.

State changes happen here and only here. Workers do the I/O and the heavy work (an async worker for
fetching, threads for extraction and facts, daemon threads inside ``reader.translate`` for the blocking
engine calls); they post messages, and the handlers below update the widgets. A new source cancels the
load in flight (exclusive workers) and a generation number drops late messages from an older article.

Heavy modules (httpx, selectolax, deep-translator) are imported inside the workers, never at import
time, so the first frame paints as fast as a bare Textual app.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from reader.errors import ReaderError
from reader.models import Article, BlockTranslation, Digest, Page
from widgets.article_view import ArticleView, Highlight, ViewBlock
from widgets.dialogs import HelpScreen, OpenDialog
from widgets.facts_panel import FactsPanel
from widgets.header import ArticleHeader
from widgets.pane import ArticlePane

if TYPE_CHECKING:
    from reader.translate import TranslatorSettings

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"

# Below this width three panes are too narrow to read: the facts panel becomes an overlay.
NARROW_WIDTH = 100

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ja": "Japanese", "zh": "Chinese", "ru": "Russian", "ar": "Arabic", "pl": "Polish",
}

# Help screen groups: (group, [(keys, description)]). README's key table is the same list.
KEY_HELP = [
    ("Reading", [
        ("j / k, ↓ / ↑", "scroll one line"),
        ("space / b, pgdn / pgup", "scroll one page"),
        ("g / G, home / end", "top / bottom"),
        ("tab / shift+tab", "move focus between panes"),
        ("mouse wheel", "scroll the pane under the pointer"),
    ]),
    ("Panes", [
        ("t", "show / hide the translation"),
        ("f", "show / hide the facts panel"),
        ("h", "show / hide highlights"),
        ("enter (facts)", "jump to the fact in both panes"),
    ]),
    ("Article", [
        ("o", "open a URL or a file"),
        ("r", "reload the article"),
        ("R", "retry failed translations"),
    ]),
    ("App", [
        ("?", "this help"),
        ("ctrl+p", "command palette"),
        ("q", "quit"),
    ]),
]


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get((code or "").lower(), code or "?")


@dataclass
class Loaded(Message):
    """The load worker finished: the article and its digest are ready."""

    generation: int
    article: Article
    digest: Digest


@dataclass
class LoadFailed(Message):
    generation: int
    message: str


@dataclass
class BlockTranslated(Message):
    """One translated text arrived (a block, the title, or a quote)."""

    generation: int
    index: int
    result: BlockTranslation


@dataclass
class TranslationFinished(Message):
    generation: int
    failed: int
    translator: str
    warnings: tuple[str, ...] = ()


class ReaderApp(App[int]):
    """Three panes: original, translation, facts."""

    TITLE = "reader"
    CSS_PATH = [STYLES_DIR / "app.tcss"]

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("t", "toggle_translation", "Translation"),
        Binding("f", "toggle_facts", "Facts"),
        Binding("h", "toggle_highlights", "Highlights", show=False),
        Binding("o", "open", "Open"),
        Binding("r", "reload", "Reload"),
        Binding("R", "retry_translation", "Retry", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        source: str | Page | None = None,
        *,
        settings: "TranslatorSettings | None" = None,
        target: str = "en",
    ) -> None:
        super().__init__()
        self._initial = source
        self._settings = settings
        self._target = settings.target if settings is not None else target
        self._generation = 0
        self._source: str | Page | None = None
        self.article: Article | None = None
        self.digest: Digest | None = None
        self.translations: dict[int, BlockTranslation] = {}
        self._translated_title: str | None = None
        self._quote_translations: dict[int, str] = {}
        self._translation_started = False
        self._translator = None  # created on first use: importing deep-translator is slow

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield ArticleHeader(id="header")
        with Horizontal(id="panes"):
            yield ArticlePane("Original", view_id="original-view", id="original")
            yield ArticlePane(language_name(self._target), view_id="translation-view", id="translation")
            with Vertical(id="facts"):
                yield Static(Content("Facts"), classes="pane-title")
                yield FactsPanel(id="facts-list")
        yield Footer()

    def on_mount(self) -> None:
        self._narrow = self.size.width < NARROW_WIDTH
        self.screen.set_class(self._narrow, "-narrow")
        if self._narrow:  # under 100 columns the facts panel is an overlay, shown on demand
            self.query_one("#facts").display = False
        self.query_one(ArticleHeader).show_text("reader — loading…")
        self.query_one("#original-view").focus()
        self.open_source(self._initial)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        if narrow != getattr(self, "_narrow", narrow):
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
    def facts(self) -> FactsPanel:
        return self.query_one(FactsPanel)

    # ---------------------------------------------------------------- loading

    def open_source(self, source: str | Page | None, *, reload: bool = False) -> None:
        """Start loading ``source`` (None = the bundled sample); what is shown stays until it succeeds."""
        self._generation += 1
        self._source = source
        self.original.loading = True
        self.original.show_message(None)
        self._load(self._generation, source, reload)

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self, generation: int, source: str | Page | None, reload: bool) -> None:
        try:
            from reader.pipeline import load_article

            article, digest = await load_article(source)
        except ReaderError as error:
            self.post_message(LoadFailed(generation, str(error)))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug must not kill the reader: report it in one line
            self.post_message(LoadFailed(generation, f"unexpected error: {type(error).__name__}: {error}"))
        else:
            self.post_message(Loaded(generation, article, digest))

    def on_loaded(self, message: Loaded) -> None:
        if message.generation != self._generation:
            return
        self.article, self.digest = message.article, message.digest
        self.translations = {}
        self._translated_title = None
        self._quote_translations = {}
        self.original.loading = False
        self.original.show_message(None)
        article = message.article
        self.query_one(ArticleHeader).show_article(article)
        self.original.set_title(f"Original ({language_name(article.lang)})" if article.lang else "Original")
        self.original.view.set_blocks([ViewBlock(b.kind, b.text) for b in article.blocks])
        self.facts.show_digest(message.digest)
        self._apply_highlights()
        self.translation.view.set_blocks([ViewBlock(b.kind, b.text, tone="pending") for b in article.blocks])
        self._translation_started = False
        if self.translation.display:
            self._start_translation()

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.generation != self._generation:
            return
        self.original.loading = False
        self.original.show_message(message.message, error=True)
        if self.article is None:
            self.query_one(ArticleHeader).show_text("reader — nothing loaded")
            self.facts.show_message("No article.")
        self.notify(message.message, title="Could not open", severity="error")

    # ---------------------------------------------------------------- translation

    def _settings_or_default(self) -> "TranslatorSettings":
        if self._settings is None:
            from reader.translate import TranslatorSettings

            self._settings = TranslatorSettings.from_env(target=self._target)
        return self._settings

    def _start_translation(self, only: list[int] | None = None) -> None:
        article = self.article
        if article is None:
            return
        self._translation_started = True
        if article.lang and article.lang.split("-")[0] == self._target:
            self.translation.show_message(f"The article is already in {language_name(self._target)}.")
            self.translation.view.set_blocks([ViewBlock(b.kind, b.text) for b in article.blocks])
            return
        self.translation.show_message("Translating…")
        self._translate(self._generation, article, only)

    @work(exclusive=True, group="translate", exit_on_error=False)
    async def _translate(self, generation: int, article: Article, only: list[int] | None) -> None:
        from reader.translate import BlockTranslator

        if self._translator is None:
            self._translator = BlockTranslator(self._settings_or_default())
        translator = self._translator
        quotes = [q.text for q in self.digest.quotes] if self.digest else []
        texts = [b.text for b in article.blocks] + [article.title] + quotes
        top = self.original.view.top_block()
        order = list(range(top, len(article.blocks))) + list(range(0, top)) + list(range(len(article.blocks), len(texts)))

        def deliver(index: int, result: BlockTranslation) -> None:
            self.post_message(BlockTranslated(generation, index, result))

        try:
            results = await translator.translate(texts, article.lang, on_result=deliver, order=order, only=only)
        except ReaderError as error:
            self.post_message(TranslationFinished(generation, len(texts), translator.name, (str(error),)))
            return
        failed = sum(1 for r in results[: len(article.blocks)] if r is not None and r.error)
        warnings = tuple(getattr(translator, "warnings", ()) or ())
        self.post_message(TranslationFinished(generation, failed, translator.name, warnings))

    def on_block_translated(self, message: BlockTranslated) -> None:
        if message.generation != self._generation or self.article is None:
            return
        blocks = self.article.blocks
        result = message.result
        if message.index < len(blocks):
            self.translations[message.index] = result
            original = blocks[message.index]
            if result.error or result.text is None:
                view_block = ViewBlock(original.kind, original.text, tone="error", note=result.error or "no translation")
            else:
                view_block = ViewBlock(original.kind, result.text, tone="memory" if result.from_memory else "normal")
            self.translation.view.update_block(message.index, view_block)
            done = sum(1 for r in self.translations.values() if r.text is not None or r.error)
            self.translation.show_progress(done, len(blocks))
        elif message.index == len(blocks):
            if result.text:
                self._translated_title = result.text
        elif result.text:
            self._quote_translations[message.index - len(blocks) - 1] = result.text
            self.facts.show_digest(self.digest, self._quote_translations)

    def on_translation_finished(self, message: TranslationFinished) -> None:
        if message.generation != self._generation or self.article is None:
            return
        total = len(self.article.blocks)
        from_memory = total and all(r.from_memory for r in self.translations.values()) and len(self.translations) == total
        source = "from memory" if from_memory else message.translator
        self.translation.set_title(f"{language_name(self._target)} · {source}")
        self.translation.show_progress(total, total)
        for warning in message.warnings:
            self.notify(warning, severity="warning")
        if message.failed:
            text = f"{message.failed} of {total} paragraphs could not be translated — press R to retry"
            self.translation.show_message(text, error=True)
            self.notify(text, title="Translation", severity="error")
        else:
            self.translation.show_message(None)

    # ---------------------------------------------------------------- facts and highlights

    def _apply_highlights(self) -> None:
        digest = self.digest
        if digest is None:
            return
        marks = [Highlight(f.block, f.start, f.end, "figure") for f in digest.figures]
        marks += [Highlight(q.block, q.start, q.end, "speech") for q in digest.quotes]
        for entity in digest.entities:
            marks += [Highlight(s.block, s.start, s.end, "entity") for s in entity.spans]
        self.original.view.set_highlights(marks)

    @on(FactsPanel.FactSelected)
    def jump_to_fact(self, message: FactsPanel.FactSelected) -> None:
        span = message.item.span
        if span is None:
            return
        original = self.original.view
        original.flash(Highlight(span.block, span.start, span.end, "flash"))
        original.scroll_to_block(span.block, offset=span.start)
        translated = self.translation.view
        block_text = translated.block_text(span.block)
        translated.flash(Highlight(span.block, 0, len(block_text), "flash"))
        translated.scroll_to_block(span.block)

    # ---------------------------------------------------------------- actions

    def action_toggle_translation(self) -> None:
        pane = self.translation
        pane.display = not pane.display
        if pane.display and not self._translation_started:
            self._start_translation()

    def action_toggle_facts(self) -> None:
        panel = self.query_one("#facts")
        panel.display = not panel.display
        if panel.display and self._narrow:
            self.query_one(FactsPanel).focus()
        elif not panel.display and panel.has_focus_within:
            self.query_one("#original-view").focus()

    def action_toggle_highlights(self) -> None:
        for view in self.query(ArticleView):
            view.show_highlights = not view.show_highlights

    def action_open(self) -> None:
        def opened(value: str | None) -> None:
            if value:
                self.open_source(value)

        current = self._source if isinstance(self._source, str) else ""
        self.push_screen(OpenDialog(current or ""), opened)

    def action_reload(self) -> None:
        self.open_source(self._source, reload=True)

    def action_retry_translation(self) -> None:
        if self.article is None:
            return
        failed = [i for i, r in self.translations.items() if r.error]
        if not failed:
            self.notify("Nothing to retry.")
            return
        self._start_translation(only=failed)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(KEY_HELP))

    async def action_quit(self) -> None:
        self.workers.cancel_all()
        self.exit(0)
