"""Key facts of an article, without any model: figures, quotes with their speakers, entities and a summary.

    digest(article) -> Digest          pure and fast (one pass of precompiled regexes per block); never raises
    digest_to_dict(digest) -> dict     the JSON shape used by ``--dump`` and the tests

The pipeline, per article:

1. every block: find the quotes by their marks (``facts_quotes``), mask them, split the narration into
   sentences, find figures (``facts_figures`` with the language's words);
2. every block, in order: find people, titles and other names (``facts_people``), so that each later
   pronoun or title can be resolved to the person named before it;
3. attribute every quote (``facts_speech``) and pick the summary sentences.

Language rules live in ``facts_fr`` and ``facts_en``; ``Article.lang`` picks one (French when unknown and
the text does not look English). Shared word lists are in ``facts_lexicon`` (first names with gender, places,
organisation words) and ``facts_trie`` turns word lists into prefix-tree regexes. All spans are Python string
offsets into ``article.blocks[i].text``; ``benchmarks/facts.py`` measures quality against gold files and time.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, TypeVar

from reader.facts_figures import FigureFinder
from reader.facts_people import People
from reader.facts_quotes import MASK_CHAR, QuoteMark, find_quotes, mask, sentences
from reader.facts_speech import Attributed, Attributor
from reader.models import Article, Digest, Entity, Figure, Quote, Span, SummarySentence

__all__ = ["digest", "digest_to_dict", "SUMMARY_SENTENCES"]

SUMMARY_SENTENCES = 3
_FINDERS: dict[str, FigureFinder] = {}


def _language(article: Article) -> ModuleType:
    lang = (article.lang or "").lower()[:2]
    if not lang:
        sample = " ".join(block.text for block in article.blocks[:6])[:4000].lower()
        english = len(re.findall(r"\b(?:the|and|of|to|is|that|with)\b", sample))
        french = len(re.findall(r"\b(?:le|la|les|des|et|est|que|une|du)\b", sample))
        lang = "en" if english > french else "fr"
    if lang == "en":
        from reader import facts_en

        return facts_en
    from reader import facts_fr

    return facts_fr


def _finder(module: ModuleType) -> FigureFinder:
    finder = _FINDERS.get(module.__name__)
    if finder is None:
        finder = _FINDERS[module.__name__] = FigureFinder(module.WORDS)
    return finder


@dataclass
class _Block:
    text: str
    quotes: list[QuoteMark]
    masked: str
    sentences: list[tuple[int, int]]


def digest(article: Article) -> Digest:
    """The facts panel's content for one article; never raises.

    Each stage is guarded on its own: if one fails on some unforeseen text, the others still fill the panel
    (quotes without speakers, say, rather than nothing at all).
    """
    try:
        return _digest(article, strict=False)
    except Exception:  # pragma: no cover - the last safety net: facts must never take the app down
        return Digest()


T = TypeVar("T")


def _run(strict: bool, step: Callable[[], T], fallback: T) -> T:
    if strict:
        return step()
    try:
        return step()
    except Exception:  # a bug met on unforeseen text degrades this stage only
        return fallback


def _digest(article: Article, strict: bool = True) -> Digest:
    """The pipeline; ``strict`` lets exceptions through (the tests use it), ``digest`` does not."""
    module = _language(article)
    rules = module.RULES
    finder = _finder(module)
    blocks = [
        _run(strict, lambda b=block: _prepare(b.text), _Block(block.text, [], block.text, []))
        for block in article.blocks
    ]
    _run(strict, lambda: _link_continued(blocks), None)
    people = People(rules)
    for index, block in enumerate(blocks):
        starts = {start for start, _ in block.sentences}
        _run(strict, lambda i=index, b=block: people.scan(i, b.text, b.masked, starts), None)
    figures = _figures(blocks, finder, strict)
    attributed = _run(
        strict,
        lambda: Attributor(rules, people).run(
            [b.text for b in blocks], [b.masked for b in blocks], [b.quotes for b in blocks],
            [b.sentences for b in blocks],
        ),
        [Attributed(i, mark, None, "speech", "none", (0, 0)) for i, b in enumerate(blocks) for mark in b.quotes],
    )
    quotes = tuple(
        Quote(
            blocks[a.block].text[a.mark.start : a.mark.end],
            people.persons[a.speaker].name if a.speaker is not None and a.speaker >= 0 else None,
            a.kind,  # type: ignore[arg-type]
            a.block,
            a.mark.start,
            a.mark.end,
        )
        for a in attributed
    )
    entities = _run(
        strict,
        lambda: tuple(
            Entity(name, kind, count, tuple(Span(b, s, e) for b, s, e in spans))  # type: ignore[arg-type]
            for name, kind, count, spans in people.entity_items()
        ),
        (),
    )
    prose = [block.kind not in ("heading", "preformatted") for block in article.blocks]
    summary = _run(strict, lambda: _summary(blocks, figures, people, prose), ())
    return Digest(summary=summary, figures=tuple(figures), quotes=quotes, entities=entities)


def _figures(blocks: list[_Block], finder: FigureFinder, strict: bool) -> list[Figure]:
    figures: list[Figure] = []
    scaled: tuple[str, str | None] | None = None  # kind and unit of the last large amount in the article
    for index, block in enumerate(blocks):
        here: tuple[str, str | None] | None = None  # … and of the last amount of this block
        for raw in _run(strict, lambda b=block: finder.find(b.text), []):
            kind, unit = raw.kind, raw.unit
            value = raw.value if isinstance(raw.value, float) else 0.0
            if kind in ("money", "count") and unit and value >= 1e4:
                here = (kind, unit)
                if value >= 1e5:
                    scaled = here
            elif kind == "other" and unit is None and value >= 1e4 and (here or (scaled and value >= 1e5)):
                # "67,4 milliards d'euros …, contre 51,7 milliards", "812 000 ventes …, contre 790 000": a bare
                # amount keeps the currency or the noun of the last amount.
                kind, unit = here or scaled  # type: ignore[misc]
            text = block.text[raw.start : raw.end]
            figures.append(Figure(text, kind, raw.value, unit, index, raw.start, raw.end))  # type: ignore[arg-type]
    return figures


def _prepare(text: str) -> _Block:
    quotes = find_quotes(text)
    masked = mask(text, quotes)
    return _Block(text, quotes, masked, sentences(masked))


def _link_continued(blocks: list[_Block]) -> None:
    """Give the parts of a quote running over paragraphs one group number (the French « convention)."""
    group = 0
    for index, block in enumerate(blocks):
        for quote in block.quotes:
            if quote.continues and index + 1 < len(blocks):
                following = blocks[index + 1]
                if following.quotes and following.text.lstrip()[:1] == "«":
                    if quote.group < 0:
                        quote.group = group
                        group += 1
                    following.quotes[0].group = quote.group


# -- summary ------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")
_SUMMARY_POOL = 120


def _summary(
    blocks: list[_Block], figures: list[Figure], people: People, prose: list[bool]
) -> tuple[SummarySentence, ...]:
    """Three sentences in reading order, scored by centrality, position and density of facts.

    Headings and code are skipped, and so are questions (an interview's questions are the journalist's).
    """
    candidates: list[tuple[int, int, int, list[str]]] = []
    for index, block in enumerate(blocks):
        if len(candidates) >= _SUMMARY_POOL:
            break
        if not prose[index]:
            continue
        for start, end in block.sentences:
            while end > start and block.text[end - 1].isspace():
                end -= 1
            words = [w.lower() for w in _WORD.findall(block.masked, start, end)]
            if len(words) >= 3 and not block.text[start:end].rstrip(" »”\"").endswith("?"):
                candidates.append((index, start, end, words))
    if not candidates:
        return ()
    # A summary comes from the article's opening and body, not its 500th sentence: scoring the first
    # sentences only keeps a book-length page as fast as a news story.
    candidates = candidates[:_SUMMARY_POOL]
    df: Counter[str] = Counter()
    for *_, words in candidates:
        df.update(set(words))
    facts_at: Counter[tuple[int, int]] = Counter()
    for figure in figures:
        facts_at[(figure.block, figure.start)] += 1
    for mention in people.mentions:
        facts_at[(mention.block, mention.start)] += 1
    fact_keys = sorted(facts_at)
    scored: list[tuple[float, int]] = []
    total = len(candidates)
    import bisect

    weight = {w: math.log1p(n) for w, n in df.items() if n > 1}
    for rank, (index, start, end, words) in enumerate(candidates):
        unique = set(words)
        centrality = sum(weight.get(w, 0.0) for w in unique) / (len(unique) + 8)
        lo = bisect.bisect_left(fact_keys, (index, start))
        hi = bisect.bisect_left(fact_keys, (index, end))
        density = min(sum(facts_at[k] for k in fact_keys[lo:hi]), 6) / 6
        position = 1.0 / (1.0 + 4.0 * rank / max(total, 1))
        masked_share = blocks[index].masked.count(MASK_CHAR, start, end) / max(end - start, 1)
        length_fit = 1.0 if 10 <= len(words) <= 45 else 0.6
        score = (0.4 * centrality + 0.35 * position + 0.25 * density) * length_fit * (1 - 0.6 * masked_share)
        scored.append((score, rank))
    best = sorted(sorted(scored, reverse=True)[:SUMMARY_SENTENCES], key=lambda item: item[1])
    out = []
    for _, rank in best:
        index, start, end, _ = candidates[rank]
        out.append(SummarySentence(blocks[index].text[start:end], index, start, end))
    return tuple(out)


# -- JSON ---------------------------------------------------------------------------------------------------


def digest_to_dict(result: Digest) -> dict[str, Any]:
    """The Digest as plain JSON data: a range value becomes a [low, high] list."""
    return {
        "summary": [{"text": s.text, "block": s.block, "start": s.start, "end": s.end} for s in result.summary],
        "figures": [
            {
                "text": f.text,
                "kind": f.kind,
                "value": list(f.value) if isinstance(f.value, tuple) else f.value,
                "unit": f.unit,
                "block": f.block,
                "start": f.start,
                "end": f.end,
            }
            for f in result.figures
        ],
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "kind": q.kind, "block": q.block, "start": q.start, "end": q.end}
            for q in result.quotes
        ],
        "entities": [{"name": e.name, "type": e.type, "count": e.count} for e in result.entities],
    }
