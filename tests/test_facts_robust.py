"""reader.facts never raises and always returns valid spans, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.facts import _digest, digest_to_dict
from reader.models import Article, Block

_PIECES = st.sampled_from(
    ["«", "»", "“", "”", "\"", "‹", "›", " ", "\u00a0", "\u202f", ",", ".", ":", "%", "$", "€", "-", "–", "12",
     "2 209", "14,3", "milliards", "de dollars", "entre", "et", "à", "près du double", "a-t-il dit",
     "a-t-elle ajouté", "a déclaré", "Mark Zuckerberg", "Zuckerberg", "le PDG", "la directrice", "selon",
     "Susan Li", "Fayçal ben Farhane", "Banque de France", "Meta de", "de", "ben", "Dre", "mercredi", "12 mars 2024", "une quinzaine", "de", "il", "elle", "\n", "M.", "Mme", "said", "he"]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map(" ".join), st.lists(_PIECES, max_size=60).map("".join))


def _check(texts: list[str], lang: str | None) -> None:
    art = Article(source="h", url=None, title="", blocks=tuple(Block("paragraph", t) for t in texts), lang=lang)
    result = _digest(art)  # the strict path: digest() would also hide a bug behind its safety net
    for item in (*result.figures, *result.quotes, *result.summary):
        assert 0 <= item.block < len(texts)
        assert 0 <= item.start <= item.end <= len(texts[item.block])
        assert texts[item.block][item.start : item.end] == item.text
    for entity in result.entities:
        assert entity.count >= 1
    digest_to_dict(result)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=5), st.sampled_from(["fr", "en", None]))
def test_arbitrary_text_never_raises(texts, lang):
    _check(texts, lang)


def test_empty_article():
    _check([], "fr")
    _check([""], "en")
