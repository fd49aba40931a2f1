"""The reference for the speed benchmarks: a bare Textual app (Header, Static, Footer).

    python benchmarks/bare_app.py [--scroll]

With ``--scroll`` the Static sits in a VerticalScroll with many lines, and ``j`` scrolls it one line at once (no
animation, like reader's ``j``): the reference for key-press-to-frame latency
measured through tmux.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static


class Bare(App):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare app marker text")
        yield Footer()


class BareScroll(App):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("j", "down", "Down")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="scroll"):
            yield Static("\n".join(f"bare app marker text, line {n}" for n in range(2000)))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scroll").focus()

    def action_down(self) -> None:
        self.query_one("#scroll").scroll_down(animate=False)  # like reader's j: one line, at once


if __name__ == "__main__":
    (BareScroll if "--scroll" in sys.argv[1:] else Bare)().run()
