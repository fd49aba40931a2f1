"""The side panel: summary, figures, quotes and people, each item selectable.

It receives a ``reader.models.Digest`` and posts :class:`FactsPanel.FactSelected` when the reader picks an
item (Enter or click); the App scrolls both panes and flashes the span. An OptionList gives keyboard
navigation, mouse selection and line-API drawing for free. Every prompt is a ``Content`` built from plain
text, so a quote containing "[bold]" stays text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.models import Digest, Figure, Quote, Span


@dataclass(frozen=True)
class FactItem:
    """What an option stands for: its kind ("summary", "figure", "quote", "entity"), span and text."""

    kind: str
    span: Span | None
    text: str


def _format_value(figure: Figure) -> str:
    value = figure.value
    if value is None:
        return ""

    def number(x: float) -> str:
        if abs(x) >= 1e9:
            return f"{x / 1e9:g} bn"
        if abs(x) >= 1e6:
            return f"{x / 1e6:g} M"
        return f"{x:,.10g}".replace(",", " ")

    if isinstance(value, (tuple, list)):
        shown = f"{number(value[0])}–{number(value[1])}"
    else:
        shown = number(float(value))
    unit = figure.unit or ""
    return f"{shown} {unit}".strip()


def _says_the_same(value: str, surface: str) -> bool:
    """True when the normalised value adds nothing to the surface text ("24 %" = "24 %")."""
    def squeeze(text: str) -> str:
        return "".join(ch for ch in text if not ch.isspace()).replace(",", ".")

    return squeeze(value) in squeeze(surface)


class FactsPanel(OptionList):
    """Lists the digest; selecting an item posts FactSelected."""

    class FactSelected(Message):
        def __init__(self, item: FactItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: dict[str, FactItem] = {}
        self._digest: Digest | None = None
        self._quote_translations: Mapping[int, str] = {}

    @property
    def digest(self) -> Digest | None:
        return self._digest

    def show_digest(self, digest: Digest | None, quote_translations: Mapping[int, str] | None = None) -> None:
        """Rebuild the list from ``digest``; ``quote_translations`` maps quote index → translated text."""
        self._digest = digest
        self._quote_translations = dict(quote_translations or {})
        self._rebuild()

    def show_message(self, message: str) -> None:
        self._digest = None
        self._items = {}
        self.set_options([Option(Content(message), disabled=True)])

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        digest = self._digest
        self._items = {}
        options: list[Option | None] = []
        if digest is None:
            self.set_options([])
            return

        def section(title: str, count: int) -> None:
            if options:
                options.append(None)
            options.append(Option(Content.styled(f"{title} ({count})", "bold $accent"), disabled=True))

        def add(kind: str, number: int, prompt: Content, span: Span | None, text: str) -> None:
            option_id = f"{kind}-{number}"
            self._items[option_id] = FactItem(kind, span, text)
            options.append(Option(prompt, id=option_id))

        section("Summary", len(digest.summary))
        for number, sentence in enumerate(digest.summary):
            span = Span(sentence.block, sentence.start, sentence.end)
            add("summary", number, Content("• ") + Content(sentence.text), span, sentence.text)
        section("Figures", len(digest.figures))
        for number, figure in enumerate(digest.figures):
            value = _format_value(figure)
            prompt = Content("• ") + Content(figure.text)
            if value and not _says_the_same(value, figure.text):
                prompt = prompt + Content.styled(f"  = {value}", "$text-muted")
            add("figure", number, prompt, Span(figure.block, figure.start, figure.end), figure.text)
        quotes = [q for q in digest.quotes if q.kind == "speech"] + [q for q in digest.quotes if q.kind != "speech"]
        section("Quotes", len(quotes))
        for quote in quotes:
            number = digest.quotes.index(quote)
            add("quote", number, self._quote_prompt(quote, number), Span(quote.block, quote.start, quote.end), quote.text)
        section("People & organisations", len(digest.entities))
        for number, entity in enumerate(digest.entities):
            span = entity.spans[0] if entity.spans else None
            prompt = Content("• ") + Content(entity.name) + Content.styled(f"  {entity.type} ×{entity.count}", "$text-muted")
            add("entity", number, prompt, span, entity.name)
        self.set_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def _quote_prompt(self, quote: Quote, number: int) -> Content:
        speaker = quote.speaker or ("term" if quote.kind == "term" else "unattributed")
        prompt = Content("• ") + Content.styled(f"{speaker}: ", "bold") + Content(f"« {quote.text} »")
        translated = self._quote_translations.get(number)
        if translated:
            prompt = prompt + Content("\n") + Content.styled(f"“{translated}”", "italic $text-muted")
        return prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option.id or "")
        if item is not None:
            self.post_message(self.FactSelected(item))

    def selected_item(self) -> FactItem | None:
        """The highlighted item (for copy)."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._items.get(option.id or "")
