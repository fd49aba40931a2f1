from reader.search import find_all, fold
from reader.models import Span


def test_fold_keeps_offsets_and_drops_accents_and_case():
    text = "Élevé, ÇA coûte 14,3 milliards"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "eleve, ca coute 14,3 milliards"


def test_find_all_matches_across_blocks_without_accents():
    blocks = ["Meta a dépassé les attentes.", "Rien ici.", "Les dépenses dépassent 115 milliards ; DÉPASSÉ."]
    matches = find_all(blocks, "depass")
    assert matches == [Span(0, 7, 13), Span(2, 13, 19), Span(2, 39, 45)]
    for span in matches:
        assert fold(blocks[span.block][span.start:span.end]) == "depass"


def test_find_all_empty_query_and_limit():
    assert find_all(["abc"], "   ") == []
    assert len(find_all(["a" * 50], "a", limit=7)) == 7
