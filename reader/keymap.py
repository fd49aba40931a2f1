"""Every key of the app in one table: the bindings, the help screen, the command palette and README's
key table all come from it, so they cannot drift apart (a test compares README with it).

Pure data: no Textual import, so the CLI and tests can read it cheaply.
"""

from __future__ import annotations

from typing import NamedTuple


class Action(NamedTuple):
    """One thing the reader can do (a named tuple: this table is read on the start-up path, and a
    dataclass costs more to define than the whole table to build).

    ``id`` is the binding id users remap in config (``[keys]``) and the App's action name; ``key`` is the
    default key (None: command palette only); ``label`` is the short footer label (None: not in footer).
    """

    id: str
    key: str | None
    group: str
    description: str
    label: str | None = None

    @property
    def shown_key(self) -> str:
        return display_key(self.key) if self.key else ""


# Keys handled by the article views themselves (documentation only: no app binding).
VIEW_KEYS = [
    ("j / k, ↓ / ↑", "scroll one line"),
    ("space / b, pgdn / pgup", "scroll one page"),
    ("g / G, home / end", "top / bottom"),
    ("tab / shift+tab", "move focus between panes"),
    ("mouse wheel", "scroll the pane under the pointer"),
]

ACTIONS: tuple[Action, ...] = (
    Action("toggle_translation", "t", "Panes", "show / hide the translation", "Translation"),
    Action("toggle_facts", "f", "Panes", "show / hide the facts panel", "Facts"),
    Action("cycle_layout", "l", "Panes", "next layout: side by side, interleaved, translation, original", "Layout"),
    Action("toggle_sync", "s", "Panes", "synced scrolling on / off"),
    Action("toggle_highlights", "h", "Panes", "highlights on / off"),
    Action("search", "slash", "Search", "search the original and the translation", "Search"),
    Action("next_match", "n", "Search", "next match"),
    Action("previous_match", "N", "Search", "previous match"),
    Action("open", "o", "Article", "open a URL or a file", "Open"),
    Action("reload", "r", "Article", "reload the article from its source"),
    Action("retry_translation", "R", "Article", "retry failed translations"),
    Action("history", "H", "Article", "articles read (reopen works offline)"),
    Action("export", "e", "Article", "export Markdown to a file"),
    Action("copy", "y", "Article", "copy the selected fact or the current paragraph"),
    Action("open_browser", "O", "Article", "open the article in the browser"),
    Action("translate_to", None, "Article", "translate to another language…"),
    Action("change_translator", None, "Article", "change the translation engine…"),
    Action("help", "question_mark", "App", "this help", "Help"),
    Action("command_palette", "ctrl+p", "App", "command palette: every action"),
    Action("quit", "q", "App", "quit", "Quit"),
)

_KEY_NAMES = {"slash": "/", "question_mark": "?"}


def display_key(key: str) -> str:
    return ", ".join(_KEY_NAMES.get(part, part) for part in key.split(","))


def help_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group, [(keys, description)])] in display order, view keys first."""
    groups: dict[str, list[tuple[str, str]]] = {"Reading": list(VIEW_KEYS)}
    groups["Reading"].append(("enter (facts panel)", "jump to the fact in both panes"))
    for action in ACTIONS:
        groups.setdefault(action.group, []).append((action.shown_key or "(palette)", action.description))
    return list(groups.items())
