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
     "Susan Li", "Fayçal ben Farhane", "Banque de France", "Meta de", "de", "ben", "Dre", "mercredi",
     "12 mars 2024", "une quinzaine", "de", "il", "elle", "\n", "M.", "Mme", "said", "he"]
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


def test_pathological_blocks_stay_fast():
    import time

    blocks = ['"a" ' * 2000, "le ministre Jean Dupont, " * 2000, "« Suite " * 2000, "1-" * 5000, "Le Président " * 2000]
    start = time.perf_counter()
    _check(blocks, "fr")
    assert time.perf_counter() - start < 5  # linear: about 0.3 s; a quadratic step would take minutes


def test_a_failing_stage_degrades_only_itself(monkeypatch):
    from reader import facts_people
    from reader.facts import digest

    def broken(*args, **kwargs):
        raise RuntimeError("a bug met on unforeseen text")

    monkeypatch.setattr(facts_people.People, "scan", broken)
    text = "« Nous ferons mieux », a déclaré Jean Dupont, qui annonce 14,3 milliards de dollars."
    result = digest(Article(source="t", url=None, title="", blocks=(Block("paragraph", text),), lang="fr"))
    assert [f.text for f in result.figures] == ["14,3 milliards de dollars"]
    assert [q.text for q in result.quotes] == ["Nous ferons mieux"]


def test_values_are_floats_or_pairs_of_floats():
    import json
    from pathlib import Path

    for path in sorted((Path(__file__).parent / "fixtures" / "facts").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        art = Article(source=path.stem, url=None, title="", lang=data["lang"],
                      blocks=tuple(Block(b["kind"], b["text"]) for b in data["blocks"]))
        for figure in _digest(art).figures:
            value = figure.value
            assert value is None or type(value) is float or (
                type(value) is tuple and len(value) == 2 and all(type(v) is float for v in value)
            ), (path.stem, figure)
