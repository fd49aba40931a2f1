"""Source → Page → Article → Digest, shared by the app and ``--dump``.

One function so that the app and the CLI can never disagree on what "open this source" means: the same
fetcher, the same extractor, the same digest. Extraction and facts are CPU work and run in a thread so
the app's event loop keeps painting; both are bounded in time (see reader.extract).
"""

from __future__ import annotations

import asyncio
import dataclasses

from reader import paths
from reader.models import Article, Digest, Page

SAMPLE_SOURCE = "sample"


def sample_source() -> str:
    """The bundled sample page, shipped in the wheel."""
    return str(paths.sample_page())


def analyse(page: Page, source_label: str | None = None) -> tuple[Article, Digest]:
    """Extract the article from a loaded page and compute its digest (synchronous, CPU only)."""
    from reader.extract import extract
    from reader.facts import digest

    article = extract(page.html, url=page.url)
    article = dataclasses.replace(article, source=source_label or page.source)
    return article, digest(article)


async def load_page(source: str | Page | None, **fetch_options) -> Page:
    if isinstance(source, Page):
        return source
    from reader.fetch import fetch

    return await fetch(sample_source() if source is None else source, **fetch_options)


async def load_article(source: str | Page | None, **fetch_options) -> tuple[Article, Digest]:
    """Fetch (or take) the page, then extract and digest it off the event loop."""
    page = await load_page(source, **fetch_options)
    label = SAMPLE_SOURCE if source is None else None
    return await asyncio.to_thread(analyse, page, label)
