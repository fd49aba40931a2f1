"""Find a query in an article's blocks, ignoring case and accents.

A reader who does not type French accents must still find "élevé" by typing "eleve": both the text and
the query are folded character by character (lower case, diacritics removed) so every offset in the
folded text is the offset in the original, and a match is a span the views can highlight directly.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

from reader.models import Span


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold(text: str) -> str:
    """Lower-case, accent-free text of exactly the same length as ``text``."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def find_all(blocks: Sequence[str], query: str, *, limit: int = 10_000) -> list[Span]:
    """Every non-overlapping occurrence of ``query`` in ``blocks``, in reading order (at most ``limit``)."""
    needle = fold(query.strip())
    if not needle:
        return []
    matches: list[Span] = []
    for index, text in enumerate(blocks):
        haystack = fold(text)
        start = haystack.find(needle)
        while start >= 0:
            matches.append(Span(index, start, start + len(needle)))
            if len(matches) >= limit:
                return matches
            start = haystack.find(needle, start + len(needle))
    return matches
