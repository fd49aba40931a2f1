"""reader.facts, rule by rule: French and English number formats, quote marks, speakers, terms, entities."""

from __future__ import annotations

import pytest

from reader.facts import digest
from reader.models import Article, Block

NB, NNB = "\u00a0", "\u202f"


def art(*paragraphs: str, lang: str = "fr") -> Article:
    return Article(source="t", url=None, title="t", blocks=tuple(Block("paragraph", p) for p in paragraphs), lang=lang)


def figures(text: str, lang: str = "fr"):
    article = art(text, lang=lang)
    result = digest(article)
    for f in result.figures:
        assert text[f.start : f.end] == f.text
    return {f.text: f for f in result.figures}


def quotes(*paragraphs: str, lang: str = "fr"):
    article = art(*paragraphs, lang=lang)
    result = digest(article)
    for q in result.quotes:
        assert article.blocks[q.block].text[q.start : q.end] == q.text
    return result.quotes


@pytest.mark.parametrize("space", [" ", NB, NNB])
def test_thousands_separators(space):
    found = figures(f"Le vol transportait 2{space}209 passagers.")
    fig = found[f"2{space}209 passagers"]
    assert (fig.kind, fig.value, fig.unit) == ("count", 2209, "passagers")


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("Un rachat à 14,3 Md$ cette année.", "14,3 Md$", 14.3e9, "USD"),
        ("Une levée de 3 M€ en mai.", "3 M€", 3e6, "EUR"),
        ("Un budget de 500 k€ seulement.", "500 k€", 5e5, "EUR"),
        ("Il a payé 14,3 milliards de dollars.", "14,3 milliards de dollars", 14.3e9, "USD"),
        ("Un coût de 1,2 million d’euros.", "1,2 million d’euros", 1.2e6, "EUR"),
        ("Le billet coûte 20 €.", "20 €", 20, "EUR"),
        ("Il vaut 3 milliards de livres sterling.", "3 milliards de livres sterling", 3e9, "GBP"),
    ],
)
def test_french_money(text, surface, value, unit):
    fig = figures(text)[surface]
    assert (fig.kind, fig.value, fig.unit) == ("money", pytest.approx(value), unit)


def test_percent_with_and_without_space():
    found = figures(f"Les ventes ont progressé de 24% puis de 3,5{NB}% et de 12 pour cent.")
    assert found["24%"].value == 24 and found["24%"].unit == "%"
    assert found[f"3,5{NB}%"].value == 3.5
    assert found["12 pour cent"].kind == "percent"


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value", "unit"),
    [
        ("Elles s’éleveront entre 115 et 135 milliards de dollars en 2025.", "entre 115 et 135 milliards de dollars",
         "money", (115e9, 135e9), "USD"),
        ("Une hausse de 10 à 12 % est attendue.", "de 10 à 12 %", "percent", (10, 12), "%"),
        ("On compte près de 5 500 morts.", "près de 5 500 morts", "count", 5500, "morts"),
        ("Une quinzaine de blessés ont été évacués.", "Une quinzaine de blessés", "count", 15, "blessés"),
        ("Ils ont livré 25 tonnes de matériel.", "25 tonnes de matériel", "count", 25, "tonnes"),
        ("Elle a dépensé près du double de l’an dernier.", "près du double", "other", 2, "×"),
        ("Le chantier a duré trois ans.", "trois ans", "duration", 3, "ans"),
        ("Il avait 206 passagers à bord.", "206 passagers", "count", 206, "passagers"),
    ],
)
def test_french_figures(text, surface, kind, value, unit):
    fig = figures(text)[surface]
    expected = tuple(pytest.approx(v) for v in value) if isinstance(value, tuple) else pytest.approx(value)
    assert (fig.kind, fig.value, fig.unit) == (kind, expected, unit)


def test_french_dates():
    found = figures("Le 12 mars 2024, puis mercredi, et en juin 2025, enfin en 2026.")
    assert found["12 mars 2024"].unit == "2024-03-12" and found["12 mars 2024"].kind == "date"
    assert found["mercredi"].kind == "date"
    assert found["juin 2025"].unit == "2025-06"
    assert found["2026"].kind == "date"


def test_vague_collectives():
    fig = figures("Des dizaines de milliers de manifestants ont défilé.")
    (only,) = fig.values()
    assert only.kind == "count" and only.value is None and only.unit == "manifestants"


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value", "unit"),
    [
        ("Meta paid $14.3 billion for the stake.", "$14.3 billion", "money", 14.3e9, "USD"),
        ("Revenue grew 24% last year.", "24%", "percent", 24, "%"),
        ("The plant employs 1,200 workers.", "1,200 workers", "count", 1200, "workers"),
        ("It will spend between $115 billion and $135 billion.", "between $115 billion and $135 billion", "money",
         (115e9, 135e9), "USD"),
        ("The deal is worth €5m.", "€5m", "money", 5e6, "EUR"),
        ("It took three years.", "three years", "duration", 3, "years"),
    ],
)
def test_english_figures(text, surface, kind, value, unit):
    fig = figures(text, lang="en")[surface]
    expected = tuple(pytest.approx(v) for v in value) if isinstance(value, tuple) else pytest.approx(value)
    assert (fig.kind, fig.value, fig.unit) == (kind, expected, unit)


def test_english_date():
    found = figures("On March 12, 2024, the board met.", lang="en")
    assert found["March 12, 2024"].unit == "2024-03-12"


# -- quotes -------------------------------------------------------------------------------------------------


def test_marks_and_nesting():
    found = quotes(
        "« Il m’a dit : “reviens demain” et je suis revenu », a raconté Paul Martin. "
        "Selon Marie Durand, “les chiffres sont bons”. Il a lancé \"nous verrons bien\" ce soir-là."
    )
    texts = [q.text for q in found]
    assert texts[0] == "Il m’a dit : “reviens demain” et je suis revenu"
    assert found[0].speaker == "Paul Martin"
    assert texts[1] == "les chiffres sont bons" and found[1].speaker == "Marie Durand"
    assert texts[2] == "nous verrons bien"


def test_quote_over_paragraphs_shares_speaker():
    found = quotes(
        "Le maire de Lyon, Paul Martin, a pris la parole.",
        "« Nous avons beaucoup travaillé cette année. Les résultats sont là.",
        "« Mais il reste tant à faire pour les quartiers », a-t-il conclu.",
    )
    assert [q.block for q in found] == [1, 2]
    assert all(q.speaker == "Paul Martin" for q in found)


def test_pronoun_gender_picks_the_right_person():
    found = quotes(
        "La ministre de la Santé, Claire Dubois, et le directeur de l’hôpital, Marc Leroy, ont visité le service.",
        "« Les urgences tiennent bon », a-t-elle affirmé. « Mais nous manquons de lits », a-t-il ajouté.",
    )
    assert [q.speaker for q in found] == ["Claire Dubois", "Marc Leroy"]


def test_title_resolves_to_the_person_introduced_with_it():
    found = quotes(
        "Le ministre de l’Intérieur, Jean Dupont, s’est rendu sur place.",
        "Une habitante, Lucie Morel, était présente. « Nous ferons toute la lumière », a déclaré le ministre.",
    )
    assert found[0].speaker == "Jean Dupont"


@pytest.mark.parametrize(
    "sentence",
    [
        "Jean Dupont a affirmé que « la réforme sera votée avant l’été ».",
        "Selon Jean Dupont, « la réforme sera votée avant l’été ».",
        "« La réforme sera votée avant l’été », a déclaré Jean Dupont.",
        "« La réforme sera votée avant l’été », estime Jean Dupont, député de la Somme.",
        "Jean Dupont : « La réforme sera votée avant l’été. »",
    ],
)
def test_explicit_speakers(sentence):
    (quote,) = quotes(sentence)
    assert (quote.speaker, quote.kind) == ("Jean Dupont", "speech")


def test_term_and_unattributed_quotes():
    found = quotes(
        "Le gouvernement a présenté le projet de loi « pour une école de la confiance » mardi. "
        "Sur les murs, on pouvait lire « Nous ne lâcherons rien, jamais, pour nos enfants ».",
    )
    assert (found[0].kind, found[0].speaker) == ("term", None)
    assert (found[1].kind, found[1].speaker) == ("speech", None)


def test_english_speakers():
    found = quotes(
        "Meta's chief financial officer, Susan Li, spoke after Mark Zuckerberg. "
        "“We are capacity constrained,” she said. “We will keep investing,” Zuckerberg said. "
        "“It is a big year,” said Mark Zuckerberg. According to Li, “demand grew faster than supply.”",
        lang="en",
    )
    assert [q.speaker for q in found] == ["Susan Li", "Mark Zuckerberg", "Mark Zuckerberg", "Susan Li"]


def test_entities_are_deduplicated():
    result = digest(art("Mark Zuckerberg, PDG de Meta, a parlé. Zuckerberg a ensuite quitté Meta pour Paris."))
    people = [e for e in result.entities if e.type == "person"]
    assert [(e.name, e.count) for e in people] == [("Mark Zuckerberg", 2)]
    types = {e.name: e.type for e in result.entities}
    assert types["Meta"] == "organisation" and types["Paris"] == "place"


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value", "unit"),
    [
        ("La loi entre en vigueur le 1er janvier 2026.", "1er janvier 2026", "date", None, "2026-01-01"),
        ("Cela représente des millions d’euros.", "des millions d’euros", "money", None, "EUR"),
        ("Il faudra plusieurs milliards de dollars.", "plusieurs milliards de dollars", "money", None, "USD"),
        ("Un tiers des salariés et trois fois plus de cadres.", "Un tiers", "other", 1 / 3, "×"),
        ("La saison 2024-2025 commence.", "2024-2025", "date", None, "2024/2025"),
        ("Le chômage a reculé de 0,3 point de pourcentage.", "0,3 point de pourcentage", "percent", 0.3, "points"),
        ("Un million de personnes ont manifesté.", "Un million de personnes", "count", 1e6, "personnes"),
        ("Le rendez-vous est fixé à 20 h 30 précises.", "20 h 30", "date", None, None),
    ],
)
def test_more_french_figures(text, surface, kind, value, unit):
    fig = figures(text)[surface]
    assert (fig.kind, fig.value if value is None else pytest.approx(value), fig.unit) == (
        kind, fig.value if value is None else pytest.approx(value), unit)
    if value is None:
        assert fig.value is None


def test_incise_inside_the_quote():
    (quote,) = quotes("Le maire, Paul Martin, est formel. « Nous allons, a-t-il expliqué, tout reconstruire. »")
    assert quote.speaker == "Paul Martin"


def test_et_d_ajouter_keeps_the_speaker():
    found = quotes(
        "« Le club va bien », a assuré le président, Louis Girard. Et d’ajouter : « Nous recruterons cet hiver. »"
    )
    assert [q.speaker for q in found] == ["Louis Girard", "Louis Girard"]


def test_gender_learned_from_a_pronoun():
    # Neither first name is in the lexicon: "a-t-elle" teaches that Eden Caron is a woman.
    found = quotes(
        "Sasha Morel et Eden Caron ont présenté le projet. « Nous sommes prêts », a-t-elle assuré.",
        "Sasha Morel a donné les chiffres. Eden Caron a conclu. « Le calendrier sera tenu », a-t-il promis.",
    )
    assert [q.speaker for q in found] == ["Eden Caron", "Sasha Morel"]


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [("Il mesure 1,85 m et pèse 80 kg.", "1,85 m", "m"), ("Une limite fixée à 130 km/h.", "130 km", "km")],
)
def test_short_units(text, surface, unit):
    fig = figures(text)[surface]
    assert (fig.kind, fig.unit) == ("count", unit)


def test_quote_after_a_paragraph_ending_with_a_colon():
    found = quotes(
        "Au terme de la réunion, la présidente de la région, Carole Delga-Martin, a déclaré :",
        "« Nous ne fermerons aucune ligne ferroviaire cette année. »",
    )
    assert found[0].speaker == "Carole Delga-Martin"


def test_angle_quotes_single():
    (quote,) = quotes("Il a résumé d’un mot : ‹ impossible ›, a souligné Paul Martin.")
    assert quote.text == "impossible"
