"""Shared test setup: every test gets its own READER_HOME, so no test reads or writes the user's files."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def reader_home(tmp_path, monkeypatch):
    home = tmp_path / "reader-home"
    monkeypatch.setenv("READER_HOME", str(home))
    return home
