"""A titled pane around an ArticleView, with a one-line message area for errors and progress.

The message line is how a failure is shown "in the pane" without touching what is already displayed:
the view keeps its blocks, the message says what went wrong.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from widgets.article_view import ArticleView


class ArticlePane(Vertical):
    """Title line, optional message line, optional progress line (both mounted when first needed), and the
    article view."""

    def __init__(self, title: str, *, view_id: str, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._title = title
        self._view_id = view_id
        self._read: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(self._title), classes="pane-title")
        yield ArticleView(id=self._view_id)

    def _line(self, kind: str) -> Static | None:
        """The message or the progress line if it exists."""
        lines = self.query(f".{kind}")
        return lines.first(Static) if lines else None

    def _new_line(self, kind: str) -> Static:
        """Mount the message or progress line on first use: most panes never show one, and every widget
        costs time on the first frame. Order: title, message, progress, view."""
        line = Static("", classes=kind)
        after = self._line("pane-progress") if kind == "pane-message" else None
        self.mount(line, before=after or self.view)
        return line

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def set_title(self, title: str) -> None:
        self._title = title
        self._show_title()

    def set_reading_progress(self, percent: int | None) -> None:
        """Show how far the reader got ("· 35%") after the title."""
        if percent != self._read:
            self._read = percent
            self._show_title()

    def _show_title(self) -> None:
        content = Content(self._title)
        if self._read is not None:
            content = content + Content.styled(f"  · {self._read}%", "$text-muted")
        self.query_one(".pane-title", Static).update(content)

    def show_message(self, message: str | None, *, error: bool = False) -> None:
        """Show (or with None, hide) the message line; the view's content is untouched."""
        line = self._line("pane-message")
        if line is None:
            if not message:
                return
            line = self._new_line("pane-message")
        line.update(Content(message or ""))
        line.set_class(bool(message), "-visible")
        line.set_class(error, "-error")

    def show_progress(self, done: int, total: int) -> None:
        """A one-line bar "━━━━━━──── 12/30", shown while 0 < done < total.

        Drawn as text rather than with Textual's ProgressBar (four widgets per pane) to keep the widget
        tree, and so the first frame, small.
        """
        visible = 0 < total and done < total
        line = self._line("pane-progress")
        if line is None:
            if not visible:
                return
            line = self._new_line("pane-progress")
        line.set_class(visible, "-visible")
        if visible:
            width = 24
            filled = round(width * done / total)
            line.update(Content.styled("━" * filled, "$accent") + Content.styled("─" * (width - filled), "$panel-lighten-2")
                        + Content(f" {done}/{total}"))
