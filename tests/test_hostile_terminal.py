"""A page that attacks the terminal, opened by the real ``reader`` in tmux (issue 6).

Pilot cannot see what reaches the terminal; tmux can: the pane title an OSC sequence would set, and the
colours an SGR sequence would paint (``capture-pane -e`` keeps them). Skipped where tmux is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid

import pytest

from tests.page_server import PageServer
from tests.test_tmux import Tmux, reader_command
from tests.translate_server import translate_server  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")

PARAGRAPH = (
    "Texte \x1b[31mvermillon\x1b[0m normal, puis \x1b[41;1mfond\x1b[m et \x1b]2;PWNED\x07 un titre, "
    "\x9b32mhuit\x9b0m bits \x9d0;PWNED\x9c, \x1b]0;PWNED\x1b\\ encore, \u202eesrever\u202c "
    "et [bold red]crochets[/] [@click=app.quit]clic[/] [link=https://evil.example]lien[/link] fin."
)
PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Piège\x1b]2;PWNED\x07</title></head>'
    "<body><article><h1>Piège pour terminal</h1>"
    f"<p>{PARAGRAPH}</p>"
    "<p>Le gouvernement a présenté mercredi un budget qui prévoit une hausse de 3 % des dépenses publiques, "
    "selon le ministre, qui a défendu devant les députés un effort sans précédent.</p>"
    "</article></body></html>"
)


def capture(session: Tmux, escapes: bool) -> str:
    command = ["tmux", "capture-pane", "-p", "-t", session.name] + (["-e"] if escapes else [])
    return subprocess.run(command, capture_output=True, text=True).stdout


@pytest.fixture
def osc_sets_the_title():
    """Whether an OSC 2 from a program renames the pane in this tmux: if not, the title check proves nothing.

    The probe session stays until the test ends: killing the last session stops the tmux server, and a
    session started at that moment fails with "server exited unexpectedly".
    """
    name = f"reader-probe-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "10",
                    "printf '\\033]2;CANARY\\007'; sleep 60"], check=True)
    try:
        title = ""
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and title != "CANARY":
            title = subprocess.run(["tmux", "display", "-p", "-t", name, "#{pane_title}"],
                                   capture_output=True, text=True).stdout.strip()
            time.sleep(0.05)
        yield title == "CANARY"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


@pytest.fixture
def hostile_page():
    server = PageServer().start()
    server.routes["/piege"] = (200, "text/html; charset=utf-8", PAGE.encode("utf-8"))
    yield server.url("/piege")
    server.stop()


def test_escape_codes_in_a_page_never_reach_the_terminal(tmp_path, osc_sets_the_title, hostile_page,
                                                         translate_server):
    if not osc_sets_the_title:
        pytest.skip("this tmux does not let programs set the pane title: the OSC check would prove nothing")
    command = f"{reader_command()} --translator libre --translator-url {translate_server.url} {hostile_page}"
    session = Tmux(command, 160, 50, {"READER_HOME": str(tmp_path)})
    titles = set()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            titles.add(session.title())
            if "VERMILLON" in session.screen():  # the translation is in: every pane has painted
                break
            time.sleep(0.1)
        screen = session.wait_for("VERMILLON")
        titles.add(session.title())
        assert not any("PWNED" in title for title in titles), titles
        assert "PWNED" not in screen

        # The words are there, in reading order, and the markup is shown as typed.
        assert "Texte vermillon normal" in screen
        assert "esrever" in screen and "huit" in screen
        assert "[bold red]crochets[/]" in screen
        assert "[@click=app.quit]clic[/]" in screen or "[@click=app.quit]" in screen

        # With escapes kept: nothing but the app's own styles. A page colour would sit inside the phrase.
        styled = capture(session, escapes=True)
        assert "Texte vermillon normal" in styled, "a style change inside the phrase: the page's SGR got through"
        assert "\x1b[31m" not in styled and "\x1b[41" not in styled
        line = next(line for line in styled.splitlines() if "vermillon" in line)
        assert not re.search(r"\x1b\[[0-9;]*31m\s*vermillon", line)

        # Clicking over the [@click=app.quit] text and quitting normally: exit status 0 only after q.
        session.keys("q")
        session.wait_for("EXITED:0")
    finally:
        session.kill()
