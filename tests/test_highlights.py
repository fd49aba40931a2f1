from reader.highlights import original_marks, translated_marks
from reader.models import Digest, Entity, Figure, Quote, Span


def test_translated_marks_find_every_number_of_a_figure_in_its_translated_form():
    digest = Digest(figures=(
        Figure("entre 115 et 135 milliards de dollars", "money", (115e9, 135e9), "USD", 0, 0, 37),
        Figure("14,3 milliards", "money", 14.3e9, "USD", 1, 0, 14),
        Figure("5 500 morts", "count", 5500.0, "morts", 2, 0, 11),
    ))
    translations = {0: "between $115 billion and $135 billion", 1: "for $14.3 billion", 2: "nearly 5,500 dead"}
    marked = [(block, translations[block][start:end]) for block, start, end, _ in translated_marks(digest, translations)]
    assert marked == [(0, "115"), (0, "135"), (1, "14.3"), (2, "5,500")]


def test_translated_marks_cover_the_quoted_stretch_of_a_speech_block():
    digest = Digest(quotes=(Quote("Nous allons gagner", "Marie Curie", "speech", 0, 1, 19),))
    text = "“We are going to win,” said Marie Curie."
    marks = translated_marks(digest, {0: text})
    assert [(text[s:e], kind) for _, s, e, kind in marks] == [("We are going to win,", "speech")]


def test_original_marks_use_the_digest_spans():
    digest = Digest(
        figures=(Figure("24 %", "percent", 24.0, "%", 0, 5, 9),),
        quotes=(Quote("oui", None, "term", 1, 2, 5),),
        entities=(Entity("Meta", "organisation", 2, (Span(0, 0, 4), Span(1, 7, 11))),),
    )
    assert sorted(original_marks(digest)) == [(0, 0, 4, "entity"), (0, 5, 9, "figure"), (1, 2, 5, "speech"),
                                             (1, 7, 11, "entity")]
