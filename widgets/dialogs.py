"""Modal screens: the "open" prompt and the help screen.

Both are plain: they return a value to the App (``dismiss``) and do no I/O of their own.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class OpenDialog(ModalScreen[str | None]):
    """Asks for a URL or a path; dismisses with the text, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog"):
            yield Static(Content("Open a URL, a file path, or - for stdin"), classes="dialog-title")
            yield Input(value=self._initial, placeholder="https://… or ~/saved/page.html", id="open-input")
            yield Static(Content("enter: open   escape: cancel"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Lists every key by group. ``groups`` is [(group, [(keys, description), ...]), ...]."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> None:
        super().__init__()
        self._groups = [(name, list(rows)) for name, rows in groups]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Content.styled("Keys", "bold"), classes="dialog-title")
            for name, rows in self._groups:
                yield Static(Content.styled(name, "bold $accent"), classes="help-group")
                width = max((len(keys) for keys, _ in rows), default=0)
                lines = [Content.styled(keys.ljust(width + 3), "bold") + Content(text) for keys, text in rows]
                yield Static(Content("\n").join(lines), classes="help-rows")
            yield Static(Content("escape, q or ? closes this screen"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
