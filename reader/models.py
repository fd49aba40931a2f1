"""The data that flows from fetch to extract to facts/translate to the widgets.

All models are frozen dataclasses: a widget can hold one without fearing that a worker changes it under
its feet. Every location in an article is a span ``(block, start, end)``: an index into
``Article.blocks`` and Python string offsets into that block's text, so a highlight, a jump and an export
all use the same coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "quote", "list_item", "preformatted"]


@dataclass(frozen=True)
class Page:
    """A loaded source before extraction.

    ``html`` is already decoded text (see ``reader.charset``); ``url`` is the final URL after redirects,
    or None for stdin; ``source`` is what the user typed.
    """

    source: str
    url: str | None
    html: str
    status: int = 200
    content_type: str = "text/html"
    fetched_at: str | None = None  # ISO 8601, UTC
    from_cache: bool = False


@dataclass(frozen=True)
class Block:
    """One unit of the article body, in reading order."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Link:
    """A link kept apart from the body ("Liens associés", "Read also")."""

    title: str
    url: str


@dataclass(frozen=True)
class Article:
    """The readable article: metadata and body blocks, already cleaned for display."""

    source: str
    url: str | None
    title: str
    blocks: tuple[Block, ...]
    byline: str | None = None
    published: str | None = None  # ISO 8601
    site: str | None = None
    lang: str | None = None  # BCP 47 primary tag, lower case ("fr", "en"), or None when unknown
    related: tuple[Link, ...] = ()
    description: str | None = None
    canonical_url: str | None = None

    @property
    def text(self) -> str:
        """The body (without the title): block texts joined by one blank line."""
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Span:
    """A stretch of one block's text."""

    block: int
    start: int
    end: int


@dataclass(frozen=True)
class SummarySentence:
    text: str
    block: int
    start: int
    end: int


FigureKind = Literal["money", "percent", "count", "date", "duration", "other"]


@dataclass(frozen=True)
class Figure:
    """A number that matters, as written ("14,3 milliards de dollars") and normalised (14.3e9, "USD").

    ``value`` is a number, a ``(low, high)`` pair for ranges, or None when it has no numeric reading.
    """

    text: str
    kind: FigureKind
    value: float | tuple[float, float] | None
    unit: str | None
    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """Quoted words: "speech" when somebody says them, "term" for a quoted label or phrase."""

    text: str
    speaker: str | None
    kind: Literal["speech", "term"]
    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A person, organisation, product or place named in the article, with how often it appears."""

    name: str
    type: Literal["person", "organisation", "product", "place", "other"]
    count: int
    spans: tuple[Span, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Digest:
    """What the facts panel shows."""

    summary: tuple[SummarySentence, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class BlockTranslation:
    """The translation of one block: ``text`` on success, ``error`` (a short message) on failure.

    ``from_memory`` is True when no engine was asked (translation memory or the bundled sample).
    """

    text: str | None
    error: str | None = None
    from_memory: bool = False


@dataclass(frozen=True)
class Translation:
    """A whole article's translation, one entry per original block, same order."""

    translator: str
    target: str
    blocks: tuple[BlockTranslation, ...]
    title: BlockTranslation | None = None

    @property
    def failed(self) -> bool:
        return any(block.error for block in self.blocks)
