"""The one module that knows where reader keeps files.

Config, cache and data live in the platform's user directories (platformdirs), unless the environment
variable ``READER_HOME`` names one folder that holds all three (tests and portable installs use it).
Nothing here creates a directory: callers that write call :func:`ensure_dir` first, so a read-only run
never leaves folders behind.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"
HOME_ENV = "READER_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def translation_memory_file() -> Path:
    return cache_dir() / "translations.sqlite3"


def bundled_dir() -> Path:
    """Data shipped inside the wheel: the sample page and its translation memory."""
    return Path(__file__).resolve().parent / "data"


def sample_page() -> Path:
    return bundled_dir() / "sample.html"


def sample_translation() -> Path:
    return bundled_dir() / "sample.translation.json"


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path
