"""Source → Page → Article → Digest, shared by the app and ``--dump``.

One function so that the app and the CLI can never disagree on what "open this source" means: the same
fetcher, the same extractor, the same digest. Extraction and facts are CPU work and run in a thread so
the app's event loop keeps painting; both are bounded in time (see reader.extract).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

from reader import paths
from reader.models import Article, Digest, Page

SAMPLE_SOURCE = "sample"


def sample_source() -> str:
    """The bundled sample page, shipped in the wheel."""
    return str(paths.sample_page())


def analyse(page: Page, source_label: str | None = None) -> tuple[Article, Digest]:
    """Extract the article from a loaded page and compute its digest (synchronous, CPU only)."""
    article = extract_article(page, source_label)
    return article, digest_article(article)


def source_label(source: str | Page | None) -> str | None:
    """What an article says it came from when the page's own source does not tell: "sample" for None."""
    return SAMPLE_SOURCE if source is None else None


def extract_article(page: Page, source_label: str | None = None) -> Article:
    """The article in a loaded page (synchronous, CPU only); the app shows it before the digest is ready."""
    from reader.extract import extract

    article = extract(page.html, url=page.url)
    return dataclasses.replace(article, source=source_label or page.source)


def digest_article(article: Article) -> Digest:
    """Figures, quotes, entities and summary (synchronous, CPU only: ~0.3 s for 100,000 words)."""
    from reader.facts import digest

    return digest(article)


def is_web_url(source: str) -> bool:
    """An http(s) URL, as the user typed it (leading spaces and upper case allowed)."""
    return source.lstrip()[:8].lower().startswith(("http://", "https://"))


async def load_page(source: str | Page | None, **fetch_options) -> Page:
    if isinstance(source, Page):
        return source
    from reader.fetch import fetch

    source = sample_source() if source is None else source
    if isinstance(source, str) and is_web_url(source) and not fetch_options.keys() & {"client", "limits"}:
        async with _shared_client() as client:
            return await fetch(source, client=client, **fetch_options)
    return await fetch(source, **fetch_options)


class _SharedClient:
    """One HTTP client for the web loads in flight on an event loop, closed when the last one ends.

    Making a client loads the CA bundle, about 25 ms of CPU: with a client per URL, ``--dump json`` on 50
    URLs spent 1.2 s of its 2.5 s there (and the event loop was blocked meanwhile). Concurrent loads also
    reuse connections this way.
    """

    _by_loop: dict[asyncio.AbstractEventLoop, "_SharedClient"] = {}

    def __init__(self) -> None:
        from reader.fetch import make_client

        self.client = make_client()
        self.users = 0

    @classmethod
    def for_loop(cls, loop: asyncio.AbstractEventLoop) -> "_SharedClient":
        shared = cls._by_loop.get(loop)
        if shared is None:
            shared = cls._by_loop[loop] = cls()
        return shared


@contextlib.asynccontextmanager
async def _shared_client():
    loop = asyncio.get_running_loop()
    shared = _SharedClient.for_loop(loop)
    shared.users += 1
    try:
        yield shared.client
    finally:
        shared.users -= 1
        if not shared.users:
            del _SharedClient._by_loop[loop]
            await shared.client.aclose()


async def load_article(source: str | Page | None, **fetch_options) -> tuple[Article, Digest]:
    """Fetch (or take) the page, then extract and digest it off the event loop."""
    page = await load_page(source, **fetch_options)
    return await asyncio.to_thread(analyse, page, source_label(source))
