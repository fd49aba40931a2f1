"""Screens as a person sees them: every layout at 80×24 and 160×50, the help screen and an error state.

Snapshots live in tests/__snapshots__/; after an intended change of looks, review the diff report and
run `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from reader.app import LAYOUTS, ReaderApp
from reader.config import Config

SIZES = [(80, 24), (160, 50)]


async def settled(pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_main_screen(snap_compare, layout, size):
    app = ReaderApp(config=Config(layout=layout), remember=False)
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, size):
    async def open_help(pilot) -> None:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(ReaderApp(remember=False), terminal_size=size, run_before=open_help)


def test_facts_overlay_at_80_columns(snap_compare):
    async def show_facts(pilot) -> None:
        await settled(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(ReaderApp(remember=False), terminal_size=(80, 24), run_before=show_facts)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_error_state(snap_compare, size, tmp_path):
    missing = str(tmp_path / "no-such-page.html").replace(str(tmp_path), "/tmp/reader-snapshot")
    assert snap_compare(ReaderApp(missing, remember=False), terminal_size=size, run_before=settled)


def test_light_theme(snap_compare):
    """Every colour comes from theme variables, so a light theme must read as well as the dark one."""
    app = ReaderApp(config=Config(theme="textual-light"), remember=False)
    assert snap_compare(app, terminal_size=(160, 50), run_before=settled)
