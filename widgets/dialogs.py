"""Modal screens: the prompts ("open", a language), the pick lists (engine, history) and the help screen.

Both are plain: they return a value to the App (``dismiss``) and do no I/O of their own.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class PromptDialog(ModalScreen[str | None]):
    """Asks for one line of text; dismisses with it (stripped), or None on escape or empty input."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, *, initial: str = "", placeholder: str = "", hint: str = "enter: ok   escape: cancel",
                 input_id: str = "prompt-input") -> None:
        super().__init__()
        self._title, self._initial, self._placeholder, self._hint, self._input_id = title, initial, placeholder, hint, input_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-dialog"):
            yield Static(Content(self._title), classes="dialog-title")
            yield Input(value=self._initial, placeholder=self._placeholder, id=self._input_id)
            yield Static(Content(self._hint), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OpenDialog(PromptDialog):
    """Asks for a URL or a path to open."""

    def __init__(self, initial: str = "") -> None:
        super().__init__("Open a URL or a file path", initial=initial, placeholder="https://… or ~/saved/page.html",
                         hint="enter: open   escape: cancel", input_id="open-input")


class _PickDialog(ModalScreen[str | None]):
    """A list to pick from: enter dismisses with the option's id, escape (``cancel``) with None."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(_PickDialog):
    """Pick one of a few labelled values; dismisses with the value, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self._title, self._choices, self._current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt-dialog"):
            yield Static(Content(self._title), classes="dialog-title")
            options = [Option(Content(("● " if value == self._current else "  ") + label), id=value)
                       for value, label in self._choices]
            yield OptionList(*options, id="choice-list")
            yield Static(Content("enter: choose   escape: cancel"), classes="dialog-hint")


class HistoryScreen(_PickDialog):
    """Articles read, newest first; enter reopens one (dismisses with its key)."""

    BINDINGS = [Binding("escape,q,H", "cancel", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        """``rows`` is [(key, one-line description)], newest first."""
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            yield Static(Content.styled("History", "bold"), classes="dialog-title")
            if self._rows:
                yield OptionList(*[Option(Content(text), id=key) for key, text in self._rows], id="history-list")
            else:
                yield Static(Content("No articles read yet."), classes="dialog-hint")
            yield Static(Content("enter: reopen (works offline)   escape: close"), classes="dialog-hint")


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
