"""Where to highlight the digest in the original and in the translation.

The original is easy: figures, quotes and names carry their spans. The translation has no spans of its
own, so figures are found again by their digits ("14,3" → "14.3" or "14,3") and quotes by the quoted
stretch of the translated block. Pure functions, so the app and the tests share them.
"""

from __future__ import annotations

import re
from typing import Mapping

from reader.models import Digest

Mark = tuple[int, int, int, str]  # block, start, end, style ("figure", "speech", "entity")

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d+)*")
_TRANSLATED_QUOTE = re.compile(r"“[^”]{2,}”|«[^»]{2,}»|\"[^\"]{2,}\"")


def original_marks(digest: Digest) -> list[Mark]:
    marks: list[Mark] = [(f.block, f.start, f.end, "figure") for f in digest.figures]
    marks += [(q.block, q.start, q.end, "speech") for q in digest.quotes]
    for entity in digest.entities:
        marks += [(s.block, s.start, s.end, "entity") for s in entity.spans]
    return marks


def _number_variants(number: str) -> list[str]:
    """How one number of the original may be written in the translation, longest first."""
    digits = re.sub(r"[ \u00a0\u202f]", "", number)
    variants = {number, digits, digits.replace(",", "."), digits.replace(".", ",")}
    if len(digits) >= 4 and digits.isdigit():  # 5500 → 5,500 in English
        variants.add(f"{int(digits):,}")
    return sorted((v for v in variants if v), key=lambda v: (-len(v), v))  # stable across hash seeds


def translated_marks(digest: Digest, translations: Mapping[int, str]) -> list[Mark]:
    """Figures by their digits and quotes by their quoted stretch, in each translated block."""
    marks: list[Mark] = []
    for figure in digest.figures:
        text = translations.get(figure.block)
        if not text:
            continue
        for number in _NUMBER.findall(figure.text):  # each number of a range: "entre 115 et 135"
            for variant in _number_variants(number):
                found = [(figure.block, m.start(), m.end(), "figure")
                         for m in re.finditer(rf"(?<![\d.,]){re.escape(variant)}(?![\d])", text)]
                if found:
                    marks.extend(found)
                    break
    quoted_blocks = {q.block for q in digest.quotes if q.kind == "speech"}
    for block in sorted(quoted_blocks):
        text = translations.get(block)
        if not text:
            continue
        for match in _TRANSLATED_QUOTE.finditer(text):
            marks.append((block, match.start() + 1, match.end() - 1, "speech"))
    return marks
