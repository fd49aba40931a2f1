from widgets.article_view import HUGE_BLOCK, wrap_offsets


def test_wrap_keeps_french_marks_with_their_words():
    text = "un modèle permet de « façonner l’avenir de ces produits ». Fin : oui"
    lines = [text[a:b] for a, b in wrap_offsets(text, 30)]
    assert lines == ["un modèle permet de « façonner", "l’avenir de ces produits ».", "Fin : oui"]
    assert not any(line.startswith(("»", ":")) for line in [text[a:b] for a, b in wrap_offsets(text, 20)])


def test_wrap_never_breaks_at_a_no_break_space_and_cuts_overlong_words():
    text = "il y a 5\u00a0500 morts et 24\u00a0% de plus"
    assert all("5\u00a0500" in text[a:b] or "5\u00a0500" not in text[a:b + 1] for a, b in wrap_offsets(text, 9))
    assert [b - a for a, b in wrap_offsets("x" * 25, 10)] == [10, 10, 5]


def test_huge_blocks_wrap_fast_and_cover_the_text():
    text = "mot " * (HUGE_BLOCK // 2)
    lines = wrap_offsets(text, 40)
    assert all(b - a <= 40 for a, b in lines)
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
