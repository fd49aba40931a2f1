"""The search line at the bottom of the screen: a query input and the match count.

It only collects the query and shows a count; the App runs the search (reader.search) and moves
between matches, so this widget holds no article state.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class SearchBar(Horizontal):
    """Hidden until shown; enter searches, escape closes."""

    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    class Submitted(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Static(Content("/"), classes="search-prompt")
        yield Input(placeholder="search the original and the translation (accents optional)", id="search-input")
        yield Static("", id="search-count")

    def open(self, query: str = "") -> None:
        self.display = True
        field = self.query_one(Input)
        field.value = query
        field.focus()

    def show_count(self, current: int | None, total: int, query: str) -> None:
        if not query:
            text = ""
        elif total == 0:
            text = "no match"
        else:
            text = f"{(current or 0) + 1}/{total}"
        self.query_one("#search-count", Static).update(Content(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
