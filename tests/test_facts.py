"""reader.facts: figures, quotes with speakers, entities and summary, checked on the bundled sample's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reader
from reader.facts import digest, digest_to_dict
from reader.models import Article, Block

FIXTURES = Path(__file__).parent / "fixtures" / "facts"


def load(name: str) -> Article:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    blocks = tuple(Block(b["kind"], b["text"]) for b in data["blocks"])
    return Article(source=name, url=None, title=data["title"], blocks=blocks, lang=data["lang"])


def article(*paragraphs: str, lang: str = "fr") -> Article:
    return Article(source="t", url=None, title="t", blocks=tuple(Block("paragraph", p) for p in paragraphs), lang=lang)


def assert_spans(art: Article, result) -> None:
    for item in (*result.figures, *result.quotes, *result.summary):
        assert art.blocks[item.block].text[item.start : item.end] == item.text


@pytest.fixture(scope="module")
def sample():
    art = load("sample")
    return art, digest(art)


def test_reexported():
    assert reader.digest is digest


def test_sample_spans(sample):
    assert_spans(*sample)


def test_sample_required_figures(sample):
    _, result = sample
    by_text = {f.text: f for f in result.figures}
    rng = by_text["entre 115 et 135 milliards de dollars"]
    assert (rng.kind, rng.value, rng.unit) == ("money", (115e9, 135e9), "USD")
    assert by_text["24 %"].value == 24 and by_text["24 %"].unit == "%"
    assert by_text["10 %"].kind == "percent"
    money = by_text["14,3 milliards de dollars"]
    assert (money.kind, money.value, money.unit) == ("money", 14.3e9, "USD")
    assert "près du double" in by_text


def test_sample_quotes_have_speakers(sample):
    _, result = sample
    speeches = [q for q in result.quotes if q.kind == "speech"]
    assert len(result.quotes) == 10
    assert {q.speaker for q in speeches} == {"Mark Zuckerberg", "Susan Li"}
    elle = next(q for q in result.quotes if q.text.startswith("Nos équipes"))
    assert elle.speaker == "Susan Li"


def test_sample_entities_deduplicated(sample):
    _, result = sample
    people = {e.name: e for e in result.entities if e.type == "person"}
    assert "Zuckerberg" not in people
    assert people["Mark Zuckerberg"].count >= 5
    assert "Susan Li" in people


def test_sample_summary(sample):
    art, result = sample
    assert len(result.summary) == 3
    positions = [(s.block, s.start) for s in result.summary]
    assert positions == sorted(positions)


def test_to_dict_shape(sample):
    _, result = sample
    data = digest_to_dict(result)
    json.dumps(data)
    assert set(data) == {"summary", "figures", "quotes", "entities"}
    rng = next(f for f in data["figures"] if f["text"].startswith("entre 115"))
    assert rng["value"] == [115e9, 135e9]


def test_summary_skips_headings_and_questions():
    art = Article(
        source="t",
        url=None,
        title="t",
        blocks=(
            Block("heading", "Un titre intermédiaire très long avec beaucoup de mots importants dans le texte"),
            Block("paragraph", "Qu’est-ce qui vous inquiète le plus dans les glaciers des Alpes aujourd’hui ?"),
            Block("paragraph", "Les glaciers des Alpes ont perdu 60 % de leur volume depuis 1850, selon les mesures."),
            Block("paragraph", "Les glaciers fondent plus vite chaque année dans les Alpes et ailleurs en Europe."),
        ),
        lang="fr",
    )
    result = digest(art)
    assert {s.block for s in result.summary} <= {2, 3}


def _benchmark():
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "facts.py"
    spec = importlib.util.spec_from_file_location("facts_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_strict_and_spans(path):
    from reader.facts import _digest

    art = load(path.stem)
    result = _digest(art)  # strict: an exception in any stage fails here instead of degrading silently
    assert_spans(art, result)


def test_gold_thresholds():
    bench = _benchmark()
    total: dict[str, int] = {}
    for path in sorted(FIXTURES.glob("*.json")):
        for key, value in bench.score(*bench.load(path)).items():
            total[key] = total.get(key, 0) + value
    assert total["q_match"] / total["q_gold"] >= 0.95
    assert total["speaker_ok"] / total["q_match"] >= 0.90
    assert total["fig_match"] / total["fig_gold"] >= 0.90
    assert total["fig_match"] / total["fig_pred"] >= 0.90
