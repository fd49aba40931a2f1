"""reader: open a news article, strip the site's chrome, translate it and pull out its key facts.

The core is a library that never imports Textual::

    import reader
    page = await reader.fetch("https://…")          # or a path, or "-" for stdin
    article = reader.extract(page.html, url=page.url)
    digest = reader.digest(article)

Names are loaded lazily so that ``import reader`` stays cheap on the app's start-up path.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

# A library does not print: the CLI and the app show our warnings themselves, once, in their own words.
logging.getLogger("reader").addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "digest", "fetch", "Article", "Digest", "Page", "ReaderError"]

_LAZY = {
    "extract": ("reader.extract", "extract"),
    "digest": ("reader.facts", "digest"),
    "fetch": ("reader.fetch", "fetch"),
    "Article": ("reader.models", "Article"),
    "Digest": ("reader.models", "Digest"),
    "Page": ("reader.models", "Page"),
    "ReaderError": ("reader.errors", "ReaderError"),
}

if TYPE_CHECKING:  # pragma: no cover
    from reader.errors import ReaderError
    from reader.extract import extract
    from reader.facts import digest
    from reader.fetch import fetch
    from reader.models import Article, Digest, Page


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'reader' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value
