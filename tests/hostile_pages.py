"""Hostile page *content* shared by the CLI, app and terminal tests (the hostile server covers transport).

Each builder returns a whole HTML document (str) or bytes; nothing here touches the network.
"""

from __future__ import annotations

import re

PROSE = (
    "Le gouvernement a présenté mercredi un budget qui prévoit une hausse de 3 % des dépenses publiques, "
    "selon le ministre de l’Économie, qui a défendu devant les députés un effort « sans précédent »."
)
CP1252_TEXT = "L’été coûte 5 € — œuvre d’art"

# Text that tries to act on the terminal or on Textual: every family the issue lists.
MARKUP = "[bold red]rouge[/] et [@click=app.quit]clic[/] puis [link=https://evil.example]lien[/link] et [/]"
ATTACK_TEXT = (
    f"Markup {MARKUP} "
    "SGR \x1b[31mROUGE\x1b[0m et \x1b[1;41mFOND\x1b[m "
    "OSC \x1b]2;PWNED\x07 et \x1b]0;PWNED2\x1b\\ "
    "C1 \x9b31mCSIHUIT \x9d2;PWNED3\x9c \x85NEL "
    "C0 \x00\x01\x07\x08\x0b\x0c\x0e\x1f\x7f "
    "bidi \u202eesrever\u202c \u2066isole\u2069 \u200f "
    "invisibles ré\u200bsu\u2060mé\u00ad\ufeff fin."
)
# What must be visible once the attack is displayed: the markup as typed, and the words around it.
ATTACK_VISIBLE = ("[bold red]rouge[/]", "[@click=app.quit]clic[/]", "[link=https://evil.example]lien[/link]",
                  "ROUGE", "FOND", "CSIHUIT", "esrever", "résumé")
# Never allowed in displayed text: C0 (but TAB and LF), DEL, C1, bidi controls, invisible word splitters.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                       r"\u200b\u2060\ufeff\u00ad\u180e]")


def page(body: str, title: str = "Titre", lang: str = "fr") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{body}</body></html>")


def article(paragraphs: list[str], title: str = "Le budget") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return page(f"<main><article><h1>{title}</h1>{body}</article></main>", title=title)


def attack_page() -> str:
    return page(
        f"<article><h1>Piège [b]gras[/b] \x1b[31mtitre</h1><p>{ATTACK_TEXT}</p><p>{PROSE}</p></article>",
        title="[@click=app.quit]Piège\x1b]2;PWNED\x07",
    )


def deep_nesting(levels: int = 100_000) -> str:
    return "<html><body>" + "<div>" * levels + f"<p>{PROSE} {PROSE}</p>" + "</div>" * levels + "</body></html>"


def huge_paragraph(size: int = 10_000_000) -> str:
    return page("<article><p>" + "mot " * (size // 4) + "</p></article>")


def tiny_paragraphs(count: int = 50_000) -> str:
    return page("<article>" + "".join(f"<p>Phrase {i}.</p>" for i in range(count)) + "</article>")


def broken_markup() -> str:
    return ("<html><body><article><p>" + PROSE + "<div><span><p>" + PROSE + "</b></i></div></div></div>"
            "<table><td>" + PROSE + "<p <p <<<>>> &amp &#xFFFFFFFF; &#0; &#x1b;[31m <!-- jamais fermé")


def nul_bytes() -> bytes:
    return article([PROSE.replace(" ", "\x00 ", 5), PROSE + "\x00"]).encode("utf-8")


def login_wall() -> str:
    return page(
        '<header><nav><a href="/">Accueil</a><a href="/abonnement">S’abonner</a></nav></header>'
        '<form action="/login"><h2>Connectez-vous pour lire la suite</h2><input name="email">'
        '<input type="password" name="pw"><button>Se connecter</button></form>'
        "<p>Déjà abonné ? Identifiez-vous.</p>"
    )


def javascript_shell() -> str:
    return ('<!DOCTYPE html><html><head><title>Le Journal</title><script src="/static/app.js"></script>'
            '<script>window.__STATE__ = {"user": null};</script></head>'
            '<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>'
            "</body></html>")


def cp1252_article(stray_c1: bool = False) -> bytes:
    """A windows-1252 article (’ € — œ), optionally with a byte 0x90 (undefined in cp1252) mid-paragraph."""
    middle = "\x90" if stray_c1 else ""
    text = f"{CP1252_TEXT} {middle}et la suite du paragraphe reste lisible jusqu’au bout. {PROSE}"
    html = ('<html><head><meta charset="windows-1252"><title>Été</title></head><body><article><h1>Été</h1>'
            f"<p>{text}</p><p>{PROSE}</p></article></body></html>")
    return html.encode("cp1252", errors="strict") if not stray_c1 else _cp1252_with_raw(html)


def _cp1252_with_raw(html: str) -> bytes:
    before, after = html.split("\x90")
    return before.encode("cp1252") + b"\x90" + after.encode("cp1252")
