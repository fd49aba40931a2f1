"""Find the article in a web page: drop the site's chrome, keep the body's structure, read the metadata.

    extract(html, url=None) -> Article

One pass over the DOM (iterative, never recursive) turns the page into text blocks, each tied to the
element that holds it; hidden and always-useless subtrees (scripts, dialogs, screen-reader text, forms
with inputs) are skipped on the way. Then, on those small arrays:

1. every block gets a weight — its length, less its link text, more for sentence punctuation;
2. weights flow up to every ancestor, and the content container is found by walking down from the body
   while one child still holds most of its parent's weight (semantic tags and class hints help);
3. inside the container, blocks under chrome-looking elements (class/id/aria-label hints: share,
   newsletter, comments, related…), link lists and boilerplate lines are dropped, duplicates removed.

Pages whose body holds nearly nothing fall back to JSON-LD ``articleBody`` or a ``__NEXT_DATA__``-like
JSON blob. Metadata comes from :mod:`reader.metadata`; related links ("Liens associés", "Related",
"Read more") go to ``Article.related``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.errors import ExtractError
from reader.metadata import Metadata, read_metadata
from reader.models import Article, Block, Link
from reader.sanitize import clean_line, clean_text

__all__ = ["extract"]

NO_ARTICLE = "no article found on this page (it may need JavaScript or a login)"

# Removed before the walk, in C: their text is never prose.
_STRIP_TAGS = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "video", "audio", "picture", "source", "map", "head", "link", "meta", "input", "select", "textarea",
    "button", "option", "label",
]
# Skipped subtrees during the walk.
_SKIP = frozenset({"dialog", "figure", "figcaption", "img", "menu", "form", "title", "-comment", "datalist",
                   "frameset", "frame", "applet", "area"})
# Elements that start a new block of text.
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "tbody", "thead", "tfoot", "caption", "address", "hr", "br", "details", "summary", "center",
    "hgroup", "body", "html", "fieldset", "legend", "figure", "figcaption", "form", "dialog", "menu",
    "option", "noscript", "iframe",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Structural chrome: recorded like anything else, then dropped unless it holds the article.
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_JUNK_ROLES = frozenset({
    "dialog", "alertdialog", "navigation", "banner", "contentinfo", "search", "menu", "menubar",
    "toolbar", "tablist", "tooltip", "complementary", "listbox", "combobox",
})
# Class names that hide text from sighted readers (Bootstrap, Tailwind, WordPress, GOV.UK…).
_SR_ONLY = re.compile(
    r"(?:^|\s)(?:sr-only|visually-?hidden|screen-?reader-?(?:text|only)|visuallyhidden|a11y-hidden|"
    r"element-invisible|offscreen|hide-?text|u-hidden|is-hidden|d-none|display-none)(?:$|\s)",
    re.IGNORECASE,
)
# class/id/aria-label words of chrome inside or around an article.
_NEGATIVE = re.compile(
    r"share|sharing|social|newsletter|subscri|cookie|consent|gdpr|comment|disqus|related|recommend|"
    r"promo|sponsor|advert|outbrain|taboola|sidebar|breadcrumb|popup|modal|signup|sign-up|paywall|"
    r"author-?bio|partager|partage|abonne|lire-aussi|read-?more|more-?stories|trending|most-?popular|"
    r"(?:^|[\s_-])(?:ads?|adv|ad-slot|nav|navbar|menu|footer|header|masthead|tags?|toolbar|print|widget|"
    r"banner|pagination|pager|skip|caption|credits?|byline|meta|dateline|rating|jump|hidden)(?:$|[\s_-])",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"article-?body|articlebody|story-?body|entry-?content|post-?content|article-?content|post-?body|"
    r"article-?text|story-?content|main-?content|body-?text|content-?body|rich-?text|prose",
    re.IGNORECASE,
)
# Headings that announce a list of links kept apart from the body.
_RELATED_HEADING = re.compile(
    r"^(?:liens? associés|related|read (?:more|also|next)|lire aussi|à lire aussi|a lire aussi|"
    r"sur le même sujet|see also|more on (?:this|the) |you may also like|more from|more stories|"
    r"also read|dans la même rubrique|pour aller plus loin|recommended|weitere artikel|leer más|"
    r"lee también|mehr zum thema)",
    re.IGNORECASE,
)
# Whole lines that are chrome wherever they appear.
_BOILERPLATE = re.compile(
    r"^(?:advertisement|advertising|publicité|anzeige|publicidad|sponsored|share(?: this)?(?: article| story)?|"
    r"partager|tweet|email|print|imprimer|read more|lire la suite|continue reading|click here.*|"
    r"sign up.*newsletter.*|subscribe.*|abonnez-vous.*|follow us.*|suivez-nous.*|copy link|copier le lien|"
    r"skip to (?:main )?content|back to top|retour en haut|loading\W*|chargement\W*)$",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = re.compile(r"[.!?。！？…:;,»«\"]")
_MULTI_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u202f\u2009\u2007]{2,}|[\t\n\r\f\v]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Tags whose end tag is optional or which never nest: they do not count toward nesting depth.
_FLAT_TAGS = frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup",
    "rb", "rt", "rp", "html", "head", "body", "br", "hr", "img", "input", "meta", "link", "area", "base",
    "col", "embed", "param", "source", "track", "wbr", "keygen",
})
# lexbor's tree builder is quadratic in nesting depth (100,000 nested divs take ~20 s); deeper pages
# are flattened before parsing. Real articles stay far below.
_MAX_DEPTH = 1500
_DEPTH_CHECK_MIN_TAGS = _MAX_DEPTH


@dataclass(slots=True)
class _Block:
    text: str
    kind: str
    element: int  # index of the innermost open element
    link_chars: int
    weight: float = 0.0


class _Walk:
    """The page as arrays: elements (parent, tag, hints) and text blocks in reading order."""

    def __init__(self) -> None:
        self.parent: list[int] = [-1]
        self.tags: list[str] = ["#root"]
        self.negative: list[bool] = [False]
        self.positive: list[bool] = [False]
        self.blocks: list[_Block] = []
        self.links: list[tuple[int, str, str]] = []  # (element index of the <a>, href, text)
        self.related_roots: set[int] = set()


def _hidden(attrs: dict) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if "cmdk-root" in attrs or "cmdk-list" in attrs or "cmdk-dialog" in attrs:
        return True
    role = attrs.get("role")
    if role and role.strip().lower() in _JUNK_ROLES:
        return True
    if attrs.get("aria-modal") == "true":
        return True
    style = attrs.get("style")
    if style:
        compact = style.replace(" ", "").lower()
        if "display:none" in compact or "visibility:hidden" in compact:
            return True
    cls = attrs.get("class")
    return bool(cls and _SR_ONLY.search(cls))


def _walk(root) -> _Walk:
    """Turn the subtree under ``root`` into blocks, iteratively (pages can nest very deeply)."""
    out = _Walk()
    parent, tags, negative, positive = out.parent, out.tags, out.negative, out.positive
    blocks = out.blocks
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    link_start: list[tuple[int, str, int]] = []  # (element index, href, position in link_parts)
    link_parts: list[str] = []
    open_elements = [0]
    context = {"pre": 0, "heading": 0, "quote": 0, "li": 0}

    def flush() -> None:
        nonlocal link_chars
        if not buf:
            return
        raw = "".join(buf)
        buf.clear()
        chars = link_chars
        link_chars = 0
        if context["pre"]:
            text = clean_text(raw).strip("\n").rstrip()
            kind = "preformatted"
        else:
            text = _normalise(raw)
            kind = ("heading" if context["heading"] else "quote" if context["quote"]
                    else "list_item" if context["li"] else "paragraph")
        if text:
            blocks.append(_Block(text, kind, open_elements[-1], chars))

    stack: list = [(root, 0)]
    while stack:
        item = stack.pop()
        node, owner = item
        if node is None:  # end of element ``owner``
            tag = tags[owner]
            if tag in _BLOCK:
                flush()
            if tag == "a":
                link_depth -= 1
                if link_start and link_start[-1][0] == owner:
                    _, href, start = link_start.pop()
                    text = "".join(link_parts[start:])
                    out.links.append((owner, href, text))
                    if not link_start:
                        link_parts.clear()
            elif tag == "pre":
                context["pre"] -= 1
            elif tag in _HEADINGS:
                context["heading"] -= 1
            elif tag == "blockquote":
                context["quote"] -= 1
            elif tag == "li":
                context["li"] -= 1
            open_elements.pop()
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                buf.append(text)
                if link_depth:
                    link_chars += len(text)
                    link_parts.append(text)
            continue
        if tag in _SKIP or tag is None or tag.startswith("-"):
            if tag in _BLOCK:
                flush()
            continue
        if tag == "br" or tag == "hr":
            flush()
            continue
        attrs = node.attributes
        if attrs and _hidden(attrs):
            if tag in _BLOCK:
                flush()
            continue
        if tag in _BLOCK:
            flush()
        index = len(tags)
        parent.append(owner)
        tags.append(tag)
        hint = ""
        if attrs:
            hint = " ".join(v for k in ("class", "id", "aria-label", "itemprop", "data-component")
                            if (v := attrs.get(k)))
        if hint and tag not in ("a", "span", "b", "i", "em", "strong", "p", "li"):
            is_positive = bool(_POSITIVE.search(hint)) or attrs.get("itemprop") == "articleBody"
            positive.append(is_positive)
            negative.append(not is_positive and bool(_NEGATIVE.search(hint)))
            if "related" in hint.lower():
                out.related_roots.add(index)
        else:
            positive.append(tag == "article" or tag == "main")
            negative.append(tag in _CHROME_TAGS)
        if tag in _CHROME_TAGS:
            negative[index] = True
        open_elements.append(index)
        if tag == "a":
            link_depth += 1
            href = attrs.get("href") if attrs else None
            if href:
                link_start.append((index, href, len(link_parts)))
        elif tag == "pre":
            context["pre"] += 1
        elif tag in _HEADINGS:
            context["heading"] += 1
        elif tag == "blockquote":
            context["quote"] += 1
        elif tag == "li":
            context["li"] += 1
        stack.append((None, index))
        children = [(child, index) for child in node.iter(include_text=True)]
        children.reverse()
        stack.extend(children)
    flush()
    return out


def _normalise(raw: str) -> str:
    """One line: ASCII whitespace collapsed, runs of mixed spaces made one space, lone no-break spaces kept."""
    text = clean_text(raw)
    text = _MULTI_SPACE.sub(" ", text)
    return text.strip(" \u00a0\u202f\u2009\u2007\u200b")


def _limit_depth(html: str) -> str:
    """Flatten pathological nesting that would make the HTML parser quadratic."""
    if html.count("<") < _DEPTH_CHECK_MIN_TAGS:
        return html
    depth = 0
    deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _FLAT_TAGS or match.group(3):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > _MAX_DEPTH:
                    break
    if deepest <= _MAX_DEPTH:
        return html
    depth = 0
    dropped = 0

    def replace(match: re.Match) -> str:
        nonlocal depth, dropped
        name = match.group(2).lower()
        if name in _FLAT_TAGS or match.group(3):
            return match.group(0)
        if match.group(1):
            if dropped:
                dropped -= 1
                return ""
            depth = max(0, depth - 1)
            return match.group(0)
        if depth >= _MAX_DEPTH:
            dropped += 1
            return " "
        depth += 1
        return match.group(0)

    return _TAG.sub(replace, html)


def _decode(data: bytes) -> str:
    try:
        from reader.charset import decode_html
    except ImportError:  # pragma: no cover - reader.charset ships with the package
        for codec in ("utf-8", "cp1252"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
        return data.decode("latin-1")
    return decode_html(data)


# --------------------------------------------------------------------------------------- scoring


def _weigh(blocks: list[_Block]) -> None:
    for block in blocks:
        if block.kind == "heading" or block.kind == "preformatted":
            continue
        length = len(block.text)
        if length < 25:
            continue
        density = block.link_chars / length
        if density > 0.5:
            continue
        punctuation = len(_SENTENCE_PUNCT.findall(block.text))
        block.weight = (length * (1 - density)) * (0.5 if punctuation == 0 else 1.0) + 10 * min(punctuation, 20)


def _find_container(walk: _Walk) -> int:
    parent = walk.parent
    count = len(parent)
    weight = [0.0] * count
    children: dict[int, set[int]] = {}
    for block in walk.blocks:
        if not block.weight:
            continue
        node = block.element
        while node >= 0:
            weight[node] += block.weight
            up = parent[node]
            if up >= 0:
                children.setdefault(up, set()).add(node)
            node = up
    total = weight[0]
    if not total:
        return 0
    # A semantic container that holds most of the text wins outright.
    best_positive = -1
    for index in range(count):
        if walk.positive[index] and weight[index] >= 0.6 * total:
            best_positive = index  # later (deeper) ones overwrite: document order is pre-order
    node = 0
    while True:
        kids = children.get(node)
        if not kids:
            break
        child = max(kids, key=weight.__getitem__)
        if weight[child] >= 0.6 * weight[node]:
            node = child
        else:
            break
    if best_positive >= 0 and _is_ancestor(parent, best_positive, node) is False and _is_ancestor(parent, node, best_positive):
        node = best_positive
    walk_weight = weight
    walk._weight = walk_weight  # type: ignore[attr-defined]
    return node


def _is_ancestor(parent: list[int], ancestor: int, node: int) -> bool:
    while node >= 0:
        if node == ancestor:
            return True
        node = parent[node]
    return False


def _ancestors_until(parent: list[int], node: int, stop: int) -> list[int] | None:
    """Elements from ``node`` up to (excluding) ``stop``; None when ``stop`` is not an ancestor."""
    chain = []
    while node >= 0:
        if node == stop:
            return chain
        chain.append(node)
        node = parent[node]
    return None


def _select_blocks(walk: _Walk, container: int, title: str | None) -> list[Block]:
    parent, negative = walk.parent, walk.negative
    weight = getattr(walk, "_weight", None) or [0.0] * len(parent)
    total = weight[container] or 1.0
    dropped_cache: dict[int, bool] = {}
    result: list[Block] = []
    seen: set[str] = set()
    title_key = (title or "").casefold()
    for block in walk.blocks:
        chain = _ancestors_until(parent, block.element, container)
        if chain is None:
            continue
        excluded = False
        for node in chain:
            verdict = dropped_cache.get(node)
            if verdict is None:
                # Chrome-looking elements are dropped unless they hold most of the article.
                verdict = negative[node] and weight[node] < 0.5 * total
                dropped_cache[node] = verdict
            if verdict:
                excluded = True
                break
        if excluded:
            continue
        text = block.text
        length = len(text)
        if block.kind != "preformatted" and block.link_chars > 0.5 * length:
            continue
        if length < 60 and _BOILERPLATE.match(text):
            continue
        if _RELATED_HEADING.match(text) and (block.kind == "heading" or length < 40):
            continue
        if block.kind == "heading" and title_key and text.casefold() == title_key and not result:
            continue
        key = text.casefold()
        if length >= 15:
            if key in seen:
                continue
            seen.add(key)
        result.append(Block(block.kind, text))
    # Trailing headings with nothing after them are section titles of removed chrome.
    while result and result[-1].kind == "heading":
        result.pop()
    return result


def _related_links(walk: _Walk, url: str | None) -> tuple[Link, ...]:
    parent = walk.parent
    roots = set(walk.related_roots)
    # A heading such as "Liens associés" makes its parent element a related-links box.
    for block in walk.blocks:
        if len(block.text) < 60 and _RELATED_HEADING.match(block.text):
            up = parent[block.element]
            if block.kind == "heading" and up > 0:
                roots.add(up)
            else:
                roots.add(block.element)
    if not roots:
        return ()
    links: list[Link] = []
    seen: set[str] = set()
    for element, href, text in walk.links:
        node = element
        inside = False
        while node >= 0:
            if node in roots:
                inside = True
                break
            node = parent[node]
        if not inside:
            continue
        title = clean_line(text)
        if len(title) < 3 or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = clean_line(urljoin(url, href) if url else href)
        if target in seen:
            continue
        seen.add(target)
        links.append(Link(title, target))
        if len(links) >= 20:
            break
    return tuple(links)


# --------------------------------------------------------------------------------------- JSON fallback


def _blocks_from_text(body: str) -> list[Block]:
    blocks = []
    seen = set()
    for line in re.split(r"\n\s*\n|\n", clean_text(body)):
        text = _normalise(line)
        if text and text not in seen:
            seen.add(text)
            blocks.append(Block("paragraph", text))
    return blocks


def _blocks_from_html_fragment(fragment: str) -> list[Block]:
    tree = LexborHTMLParser(f"<html><body>{fragment}</body></html>")
    tree.strip_tags(_STRIP_TAGS)
    if tree.body is None:
        return []
    walk = _walk(tree.body)
    seen = set()
    blocks = []
    for block in walk.blocks:
        if block.text not in seen:
            seen.add(block.text)
            blocks.append(Block(block.kind, block.text))
    return blocks


def _longest_json_text(raw: str) -> str | None:
    """The longest prose-like string in a JSON document (an article body in a framework's page data)."""
    if len(raw) > 20_000_000:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    best = None
    best_len = 0
    stack = [data]
    visited = 0
    while stack and visited < 200_000:
        visited += 1
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and len(item) > best_len and item.count(" ") >= 30:
            best, best_len = item, len(item)
    return best


def _json_fallback(json_blobs: list[str], meta: Metadata) -> list[Block]:
    candidates: list[list[Block]] = []
    if meta.article_body:
        body = meta.article_body
        candidates.append(_blocks_from_html_fragment(body) if "</p>" in body else _blocks_from_text(body))
    for raw in json_blobs:
        text = _longest_json_text(raw)
        if text:
            is_html = "</p>" in text or "<br" in text
            candidates.append(_blocks_from_html_fragment(text) if is_html else _blocks_from_text(text))
    if not candidates:
        return []
    return max(candidates, key=lambda blocks: sum(len(b.text) for b in blocks))


# --------------------------------------------------------------------------------------- entry point


def extract(html: str | bytes, url: str | None = None) -> Article:
    """Read the article in ``html`` (text, or bytes decoded like a browser would).

    Raises:
        ExtractError: the page holds no readable article (empty, JavaScript-only, login wall), or could
            not be read at all.
    """
    try:
        return _extract(html, url)
    except ExtractError:
        raise
    except Exception as error:  # hostile markup must never crash the caller
        raise ExtractError(f"could not read this page ({type(error).__name__})") from error


def _extract(html: str | bytes, url: str | None) -> Article:
    if isinstance(html, (bytes, bytearray, memoryview)):
        html = _decode(bytes(html))
    if not isinstance(html, str):
        raise ExtractError(NO_ARTICLE)
    if "\x00" in html:
        html = html.replace("\x00", "")
    if not html.strip():
        raise ExtractError(NO_ARTICLE)
    html = _limit_depth(html)
    tree = LexborHTMLParser(html)
    meta = read_metadata(tree, url)
    json_blobs = [
        script.text(deep=True)
        for script in tree.css('script#__NEXT_DATA__, script[type="application/json"], script#__NUXT_DATA__')
    ]
    tree.strip_tags(_STRIP_TAGS)
    body = tree.body
    blocks: list[Block] = []
    related: tuple[Link, ...] = ()
    if body is not None:
        walk = _walk(body)
        _weigh(walk.blocks)
        container = _find_container(walk)
        blocks = _select_blocks(walk, container, meta.title)
        related = _related_links(walk, url)
    body_chars = sum(len(block.text) for block in blocks)
    if body_chars < 500 and (meta.article_body or json_blobs):
        fallback = _json_fallback(json_blobs, meta)
        if sum(len(block.text) for block in fallback) > max(2 * body_chars, 200):
            blocks = fallback
    if not blocks or sum(len(block.text) for block in blocks) < 50:
        raise ExtractError(NO_ARTICLE)
    title = meta.title or ""
    if title and blocks and blocks[0].kind == "heading" and blocks[0].text.casefold() == title.casefold():
        blocks = blocks[1:]
    return Article(
        source=url or "",
        url=url,
        title=title,
        blocks=tuple(blocks),
        byline=meta.byline,
        published=meta.published,
        site=meta.site,
        lang=meta.lang,
        related=related,
        description=meta.description,
        canonical_url=meta.canonical_url,
    )
