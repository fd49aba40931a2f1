"""reader.extract: one small page per heuristic, the bundled sample, encodings, hostile input, the benchmark floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from reader.errors import ExtractError
from reader.extract import extract
from reader.models import Link

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "reader" / "data" / "sample.html"

PROSE = (
    "Le gouvernement a présenté mercredi un budget qui prévoit une hausse de 2,3 % des dépenses, "
    "une mesure saluée par les économistes mais critiquée par l'opposition, qui la juge insuffisante."
)


def paragraphs(n: int, prefix: str = "Paragraph") -> str:
    return "".join(f"<p>{prefix} {i}. {PROSE}</p>" for i in range(n))


def page(body: str, head: str = "", lang: str = "fr") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


def texts(article) -> list[str]:
    return [block.text for block in article.blocks]


# --------------------------------------------------------------------------- the bundled sample


@pytest.fixture(scope="module")
def sample_html() -> str:
    if not SAMPLE.exists():
        pytest.skip("reader/data/sample.html is not there yet")
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_gives_exactly_the_article_paragraphs(sample_html):
    tree = LexborHTMLParser(sample_html)
    body = tree.css_first('[itemprop="articleBody"]')
    expected = [" ".join(p.text(separator="").split()) for p in body.css("p, h2, h3, li, blockquote")]
    article = extract(sample_html, url="https://hyper.ai/fr/headlines/x")
    assert [" ".join(t.split()) for t in texts(article)] == expected
    joined = article.text
    for chrome in ("Command Palette", "Search for a command", "cookies", "Partager", "newsletter",
                   "Liens associés", "Tous droits réservés", "Accueil", "Copier le lien", "Rechercher"):
        assert chrome not in joined


def test_sample_metadata(sample_html):
    article = extract(sample_html.encode("utf-8"))
    assert article.title.startswith("Zuckerberg lance une folle expansion en IA")
    assert "|" not in article.title and "HyperAI" not in article.title
    assert article.site == "HyperAI"
    assert article.lang == "fr"
    assert article.published and article.published.startswith("2025-10-30T08:15:00")
    assert article.canonical_url and article.canonical_url.startswith("https://hyper.ai/fr/headlines/")
    assert article.related and all(isinstance(link, Link) for link in article.related)
    assert article.related[0].title.startswith("Nvidia dépasse")
    assert all(link.url.startswith("https://") for link in article.related)


# --------------------------------------------------------------------------- encodings


def test_windows_1252_bytes_with_meta_charset():
    html = page(f"<article><h1>Élection</h1>{paragraphs(3)}<p>Coût : 5 € — « oui » ’</p></article>")
    data = html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    article = extract(data)
    assert "prévoit une hausse" in article.text
    assert "Coût : 5 € — « oui » ’" in article.text


def test_iso_8859_1_label_is_read_as_windows_1252():
    html = page(f"<article>{paragraphs(3)}<p>L’été — 20 €</p></article>")
    data = html.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("cp1252")
    assert "L’été — 20 €" in extract(data).text


def test_windows_1252_bytes_without_any_declaration():
    html = f"<html><body><article>{paragraphs(3)}<p>Le coût : 5 € — « oui », dit l’économiste.</p></article></body></html>"
    article = extract(html.encode("cp1252"))
    assert "Le coût : 5 € — « oui », dit l’économiste." in article.text


def test_utf8_bytes_without_declaration():
    html = f"<html><body><article>{paragraphs(3)}</article></body></html>"
    assert "présenté" in extract(html.encode("utf-8")).text


# --------------------------------------------------------------------------- chrome removal


def test_header_nav_footer_scripts_and_styles_are_removed():
    body = (
        "<header><a href='/'>Logo</a><nav><a href='/a'>Accueil</a><a href='/b'>Monde</a></nav></header>"
        f"<main><article>{paragraphs(3)}</article></main><script>var x = 'script text';</script>"
        "<style>.a{color:red}</style><footer><p>© 2025 Le Site. Tous droits réservés.</p></footer>"
    )
    article = extract(page(body))
    assert len(article.blocks) == 3
    for chrome in ("Accueil", "Monde", "script text", "color:red", "droits"):
        assert chrome not in article.text


@pytest.mark.parametrize("hidden", [
    '<div hidden>Caché attribut</div>',
    '<div aria-hidden="true">Caché aria</div>',
    '<div style="display: none">Caché style</div>',
    '<div style="visibility:hidden">Caché visibilité</div>',
    '<span class="sr-only">Caché lecteur</span>',
    '<span class="visually-hidden">Caché lecteur</span>',
])
def test_hidden_elements_are_removed(hidden):
    article = extract(page(f"<article>{paragraphs(2)}<p>{PROSE} {hidden}</p>{paragraphs(1, 'Fin')}</article>"))
    assert "Caché" not in article.text
    assert len(article.blocks) == 4


def test_command_palette_dialog_is_removed():
    palette = (
        '<div role="dialog"><h2 class="sr-only">Command Palette</h2>'
        '<p class="sr-only">Search for a command to run...</p>'
        '<div cmdk-root=""><div cmdk-list=""><div cmdk-item="">Accueil</div></div></div></div>'
        '<div cmdk-root=""><div cmdk-item="">Changer de thème</div></div>'
    )
    article = extract(page(palette + f"<article>{paragraphs(3)}</article>"))
    assert "Command" not in article.text and "Accueil" not in article.text and "thème" not in article.text


def test_cookie_banner_share_bar_newsletter_and_comments_are_removed():
    body = (
        "<article>"
        f"{paragraphs(4)}"
        '<div class="share-bar"><span>Partager</span><a href="https://twitter.com/x">Twitter</a></div>'
        '<div class="newsletter-box"><p>Recevez chaque semaine l’essentiel de l’actualité, directement '
        'dans votre boîte mail, gratuitement et sans engagement.</p></div>'
        "</article>"
        '<div id="comments"><p>Commentaire : je ne suis pas du tout d’accord avec cette analyse, '
        'qui oublie complètement les effets sur les ménages les plus modestes du pays.</p></div>'
        '<div id="cookie-consent"><p>Nous utilisons des cookies pour mesurer l’audience et améliorer '
        'votre expérience, vous pouvez refuser à tout moment.</p></div>'
    )
    article = extract(page(body))
    assert len(article.blocks) == 4
    for chrome in ("Partager", "Twitter", "boîte mail", "Commentaire", "cookies"):
        assert chrome not in article.text


def test_link_lists_inside_the_article_are_dropped():
    links = "".join(f'<li><a href="/{i}">Un autre article numéro {i} à lire</a></li>' for i in range(5))
    article = extract(page(f"<article>{paragraphs(3)}<ul>{links}</ul></article>"))
    assert "Un autre article" not in article.text


def test_content_container_is_found_among_teasers():
    teasers = "".join(
        f'<div class="teaser"><a href="/t{i}">Titre {i}</a><span>Court résumé.</span></div>' for i in range(30)
    )
    article = extract(page(f"<div>{teasers}</div><div class='story'>{paragraphs(5)}</div><div>{teasers}</div>"))
    assert len(article.blocks) == 5
    assert "Titre" not in article.text


def test_captions_are_dropped_consistently():
    figure = "<figure><img src='a.jpg'><figcaption>Légende : le ministre à Paris.</figcaption></figure>"
    article = extract(page(f"<article>{paragraphs(2)}{figure}{paragraphs(2, 'Suite')}</article>"))
    assert "Légende" not in article.text


def test_figure_wrapping_a_quote_or_table_is_content_but_its_caption_is_not():
    figure = (
        "<figure class='wp-block-pullquote'><blockquote><p>Une phrase citée qui compte.</p></blockquote>"
        "<figcaption>Légende du bloc</figcaption></figure>"
        "<figure class='wp-block-table'><table><tr><td>Cellule chiffrée 42</td></tr></table></figure>"
    )
    article = extract(page(f"<article>{paragraphs(2)}{figure}{paragraphs(1, 'Fin')}</article>"))
    assert ("quote", "Une phrase citée qui compte.") in [(b.kind, b.text) for b in article.blocks]
    assert "Cellule chiffrée 42" in article.text
    assert "Légende" not in article.text


# --------------------------------------------------------------------------- structure and whitespace


def test_structure_kinds():
    body = (
        f"<article><h1>Le titre</h1>{paragraphs(2)}<h2>Une section</h2><ul><li>Premier point</li>"
        "<li>Second point</li></ul><blockquote><p>Une citation qui compte.</p></blockquote>"
        "<pre>ligne 1\n  ligne 2</pre></article>"
    )
    article = extract(page(body, head="<title>Le titre | Le Site</title>"))
    kinds = [(block.kind, block.text) for block in article.blocks]
    assert kinds[0][0] == "paragraph"  # the leading h1 equal to the title is not a block
    assert ("heading", "Une section") in kinds
    assert ("list_item", "Premier point") in kinds and ("list_item", "Second point") in kinds
    assert ("quote", "Une citation qui compte.") in kinds
    assert ("preformatted", "ligne 1\n  ligne 2") in kinds
    assert article.title == "Le titre"


def test_whitespace_is_collapsed_and_no_break_spaces_kept():
    body = f"<article>{paragraphs(2)}<p>  Le   budget\n atteint 2\u00a0209 millions,\tsoit 12\u202f%.  </p></article>"
    article = extract(page(body))
    assert "Le budget atteint 2\u00a0209 millions, soit 12\u202f%." in texts(article)


def test_inline_elements_do_not_split_words():
    body = f"<article>{paragraphs(2)}<p>Le <b>prési</b>dent a <a href='/x'>dit</a> non.</p></article>"
    assert "Le président a dit non." in texts(extract(page(body)))


def test_duplicated_paragraphs_are_kept_once():
    body = f"<article>{paragraphs(2)}{paragraphs(2)}</article>"
    assert len(extract(page(body)).blocks) == 2


def test_control_characters_and_escapes_are_cleaned():
    body = f"<article>{paragraphs(2)}<p>Texte \x1b[31mrouge\x1b[0m et \u202eà l'envers.</p></article>"
    text = extract(page(body)).text
    assert "\x1b" not in text and "\u202e" not in text and "rouge" in text


# --------------------------------------------------------------------------- metadata


def test_metadata_from_opengraph_and_meta_tags():
    head = (
        '<meta property="og:title" content="La réforme des retraites adoptée | Politique | Le Journal">'
        '<meta property="og:site_name" content="Le Journal">'
        '<meta name="author" content="Marie Dupont">'
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
        '<meta name="description" content="Le résumé.">'
        '<link rel="canonical" href="/2024/un-titre">'
    )
    article = extract(page(f"<article>{paragraphs(3)}</article>", head=head, lang="fr-FR"),
                      url="https://journal.example/x?utm=1")
    assert article.title == "La réforme des retraites adoptée"
    assert article.site == "Le Journal"
    assert article.byline == "Marie Dupont"
    assert article.published == "2024-03-05T10:00:00+00:00"
    assert article.lang == "fr"
    assert article.description == "Le résumé."
    assert article.canonical_url == "https://journal.example/2024/un-titre"


def test_metadata_from_json_ld():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Site Web"},
            {"@type": "NewsArticle", "headline": "Titre JSON-LD", "datePublished": "2023-01-02",
             "inLanguage": "de-DE", "author": [{"@type": "Person", "name": "A. Autor"}, {"name": "B. Autor"}],
             "publisher": {"@type": "Organization", "name": "Verlag"}},
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    html = f"<html><head>{head}</head><body><article>{paragraphs(3)}</article></body></html>"
    article = extract(html)
    assert article.title == "Titre JSON-LD"
    assert article.published == "2023-01-02"
    assert article.lang == "de"
    assert article.byline == "A. Autor, B. Autor"
    assert article.site == "Verlag"


def test_language_from_og_locale_and_date_from_time_element():
    head = '<meta property="og:locale" content="es_ES">'
    body = f'<article><time datetime="2022-07-08T09:10:11+02:00">8 julio</time>{paragraphs(3)}</article>'
    article = extract(f"<html><head>{head}</head><body>{body}</body></html>")
    assert article.lang == "es"
    assert article.published == "2022-07-08T09:10:11+02:00"


def test_title_falls_back_to_h1():
    article = extract(page(f"<article><h1>Seul titre</h1>{paragraphs(3)}</article>"))
    assert article.title == "Seul titre"
    assert "Seul titre" not in article.text


def test_related_links_are_kept_apart():
    body = (
        f"<article>{paragraphs(3)}</article><aside><section><h2>Read more</h2><ul>"
        '<li><a href="/one">First related story</a></li><li><a href="https://other.example/two">A second related story</a></li><li><a href="/tag">Politics</a></li>'
        "</ul></section></aside>"
    )
    article = extract(page(body), url="https://news.example/a/b")
    assert article.related == (
        Link("First related story", "https://news.example/one"),
        Link("A second related story", "https://other.example/two"),
    )
    assert "First related" not in article.text


def test_zero_width_joiners_inside_a_word_are_removed_from_the_body():
    """"ré\u200dsumé" must read (and be found by search) as "résumé", like every other cleaned text."""
    article = extract(page(f"<article><p>Un ré\u200dsumé du débat. {PROSE}</p>{paragraphs(2)}</article>"))
    assert "Un résumé du débat." in article.text and "\u200d" not in article.text


# --------------------------------------------------------------------------- JSON fallbacks


def test_json_ld_article_body_when_html_is_empty():
    data = {"@type": "NewsArticle", "headline": "H", "articleBody": f"{PROSE}\n\nDeuxième paragraphe. {PROSE}"}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
            '<body><div id="root"></div></body></html>')
    article = extract(html)
    assert len(article.blocks) == 2 and article.blocks[1].text.startswith("Deuxième paragraphe.")


def test_next_data_blob_when_html_is_empty():
    data = {"props": {"pageProps": {"article": {"title": "T", "body": f"<p>{PROSE}</p><p>Suite. {PROSE}</p>"}}}}
    html = (f'<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
            f"{json.dumps(data)}</script></body></html>")
    article = extract(html)
    assert [block.text for block in article.blocks] == [PROSE, f"Suite. {PROSE}"]


# --------------------------------------------------------------------------- no article, hostile input


@pytest.mark.parametrize("html", [
    "", "   ", b"", "<html><body></body></html>",
    '<html><body><div id="root"></div><script src="/app.js"></script></body></html>',
    "<html><body><form><input name=user><input type=password><button>Log in</button></form></body></html>",
])
def test_no_article_raises_extract_error(html):
    with pytest.raises(ExtractError) as caught:
        extract(html)
    assert "\n" not in str(caught.value) and str(caught.value)


def test_nul_bytes_and_broken_markup():
    html = f"<html><body><article>\x00{paragraphs(3)}<p>unclosed <b><i>tags <div></td></tr></article>"
    article = extract(html)
    assert "\x00" not in article.text and len(article.blocks) >= 3


def test_very_deep_nesting_is_bounded():
    html = "<div>" * 100_000 + PROSE + "</div>" * 100_000
    try:
        article = extract(html)
    except ExtractError:
        return
    assert "budget" in article.text


def test_ten_megabyte_paragraph():
    article = extract(f"<html><body><p>{'mot ' * 2_500_000}</p></body></html>")
    assert len(article.text) > 9_000_000


def test_fifty_thousand_tiny_paragraphs():
    html = "<html><body><article>" + "".join(f"<p>Phrase {i}.</p>" for i in range(50_000)) + "</article></body></html>"
    article = extract(html)
    assert len(article.blocks) == 50_000


def test_extract_never_raises_anything_but_extract_error():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    fragments = st.sampled_from([
        "<p>", "</p>", "<div>", "</div>", "<article>", "<script>", "</script>", "<a href='x'>", "</a>",
        '<meta property="og:title" content="', '<script type="application/ld+json">', '{"@type":"Article"',
        "<pre>", "<br>", "&nbsp;", "\x00", "\x1b[31m", PROSE, "<!--", "-->", "<li>", "<h1>", "<table><td>",
        '<html lang="', "<time datetime='", "<svg><foreignObject><p>", "<template>", "<noscript>",
    ])
    documents = st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400),
        st.lists(st.one_of(fragments, st.text(max_size=20)), max_size=40).map("".join),
    )

    @hypothesis.settings(max_examples=300, deadline=None, database=None)
    @hypothesis.given(documents)
    def check(document):
        try:
            extract(document)
        except ExtractError:
            pass

    check()
