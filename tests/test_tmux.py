"""End to end in a real terminal: start reader in tmux, read the screen, press keys, quit.

This is what a person sees, escape sequences and all; Pilot tests cannot catch a terminal-level problem
(a hijacked pane title, raw escape codes). Skipped where tmux is not installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")


class Tmux:
    def __init__(self, command: str, width: int, height: int, env: dict[str, str], cwd: str | None = None) -> None:
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        where = ["-c", cwd] if cwd else []
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), *where,
                        f"env TERM=xterm-256color {exports} {command}; echo EXITED:$?; sleep 30"], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away; screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def title(self) -> str:
        return subprocess.run(["tmux", "display", "-p", "-t", self.name, "#{pane_title}"],
                              capture_output=True, text=True).stdout.strip()

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def reader_command() -> str:
    installed = shutil.which("reader", path=os.path.dirname(sys.executable))
    return shlex.quote(installed) if installed else f"{shlex.quote(sys.executable)} -m reader"


@pytest.mark.parametrize("width, height", [(160, 50), (80, 24)])
def test_sample_in_a_real_terminal(tmp_path, width, height):
    # Started from an unrelated directory: the installed package must find its styles and sample itself.
    session = Tmux(reader_command(), width, height, {"READER_HOME": str(tmp_path)}, cwd=str(tmp_path))
    try:
        screen = session.wait_for("Zuckerberg")
        assert "Command Palette" not in screen
        session.wait_for("from memory")
        session.keys("t")
        session.wait_gone("from memory")
        session.keys("t")
        session.wait_for("from memory")
        session.keys("?")
        session.wait_for("move focus between panes")
        session.keys("Escape")
        session.wait_gone("move focus between panes")
        session.keys("q")
        session.wait_for("EXITED:0")
    finally:
        session.kill()
