"""Find the article in a web page: drop the site's chrome, keep the body's structure, read the metadata.

    extract(html, url=None) -> Article        # html: str, or bytes decoded by reader.charset

A general content finder, no per-site rules. One parse (lexbor) and one walk over the DOM — iterative,
never recursive, so 100,000 nested elements cost no more than 100,000 siblings — turn the page into
text blocks (paragraph, heading, list item, quote, preformatted), each tied to the element holding it.
On the way, subtrees that are never the article are not entered: scripts, styles, forms, dialogs,
hidden elements (hidden, aria-hidden, display:none, screen-reader-only classes, cmdk command
palettes), nav, and header/footer/aside without paragraphs, and elements whose class/id/aria-label
names chrome (share, social, newsletter, cookie, comments, related, ads, menus…). If leaving those out
lost the article (a class name lied), the page is walked again without the class hints. Then, on
small arrays rather than the tree:

1. every block gets a weight: its length less its link text, more for sentence punctuation, less for
   list items (teaser lists); text inside article/main/articleBody-like containers weighs more;
2. weights flow up to every ancestor; the container is found by walking down from the body while
   one child still holds 70 % of its parent's weight, or a semantic container holding most of it;
   siblings that continue the article (a lede set apart, a body split in two) join it;
3. inside, link lists, boilerplate lines ("Advertisement", "Share"), what follows a "Related" or
   "Comments" heading, and repeated paragraphs are dropped; a leading h1 equal to the title too.

Pages whose body holds nearly nothing fall back to JSON-LD ``articleBody`` or a ``__NEXT_DATA__``-like
JSON blob. Metadata comes from :mod:`reader.metadata`; related links ("Liens associés", "Related",
"Read more") go to ``Article.related``. Every string is cleaned (reader.sanitize) before it is stored.
Captions and credits (figure, figcaption) are always dropped. Anything going wrong inside becomes an
:class:`ExtractError` with a one-line message.
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

# Never entered during the walk: their text is never prose.
_STRIP_TAGS = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "video", "audio", "picture", "source", "map", "head", "link", "meta", "input", "select", "textarea",
    "button", "option", "label",
]
# Skipped subtrees during the walk.
_SKIP = frozenset(_STRIP_TAGS) | {
    "dialog", "figcaption", "img", "menu", "title", "-comment", "datalist", "frameset",
    "frame", "applet", "area", "-doctype",
}
# Elements that start a new block of text.
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
    "tbody", "thead", "tfoot", "caption", "address", "hr", "br", "details", "summary", "center",
    "hgroup", "body", "html", "fieldset", "legend", "figure", "figcaption", "form", "dialog", "menu",
    "option", "noscript", "iframe",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Text inside these elements weighs more when looking for the article (class hints such as
# "article-body" or itemprop=articleBody weigh 2).
_SEMANTIC_BOOST = {"article": 1.5, "main": 1.3}
# Structural chrome: recorded like anything else, then dropped unless it holds the article.
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
# Not entered at all, unless (header, footer, aside, form) they hold several paragraphs: some sites
# wrap the whole article in one of them.
_CHROME_SELECTOR_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_JUNK_ROLES = frozenset({
    "dialog", "alertdialog", "navigation", "banner", "contentinfo", "search", "menu", "menubar",
    "toolbar", "tablist", "tooltip", "complementary", "listbox", "combobox",
})
# Class names that hide text from sighted readers (Bootstrap, Tailwind, WordPress, Drupal, GOV.UK…).
_SR_ONLY = frozenset({
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only", "a11y-hidden",
    "element-invisible", "offscreen", "u-hidden", "is-hidden", "d-none", "display-none", "hide-text",
    "hidetext", "govuk-visually-hidden", "screenreader-only", "sr-text", "screen-reader",
})
# Hints are matched on the lower-cased class/id/aria-label with "-" and "_" removed ("share-bar",
# "share_bar" and "shareBar" all read "sharebar"): substrings for words that are chrome wherever they
# appear, whole tokens for short words that would match inside unrelated names ("ad" in "header").
_NEGATIVE_PARTS = (
    "share", "sharing", "social", "newsletter", "subscri", "cookie", "consent", "gdpr", "comment", "disqus",
    "related", "recommend", "promo", "sponsor", "advert", "outbrain", "taboola", "breadcrumb",
    "popup", "modal", "signup", "authorbio", "partag", "abonne", "lireaussi", "readmore",
    "morestories", "trending", "mostpopular", "mostread",
)
_NEGATIVE_TOKENS = frozenset({
    "ad", "ads", "adv", "advert", "nav", "navbar", "navigation", "menu", "footer", "header", "masthead",
    "tag", "tags", "toolbar", "print", "widget", "banner", "pagination", "pager", "skip", "caption",
    "credit", "credits", "byline", "meta", "dateline", "rating", "jump", "topbar", "overlay", "sidebar",
})
_POSITIVE_PARTS = (
    "articlebody", "storybody", "entrycontent", "postcontent", "articlecontent", "postbody", "articletext",
    "storycontent", "maincontent", "bodytext", "contentbody", "richtext", "prose", "storytext",
    "entrybody", "blogpost", "postentry",
)
# A heading with one of these in its class/id ends the section it is in (what follows is chrome).
_SECTION_END_PARTS = (
    "related", "comment", "recommend", "trending", "popular", "mostread", "morestories", "readmore",
    "lireaussi", "outbrain", "taboola", "newsletter", "promo", "sponsor",
)
# Words of layout wrappers: "content-with-sidebar", "Page-ad-margins", "wrapper-boxed header-style".
# A weak chrome word next to one of them describes the layout, not the element.
_WRAPPER_WORDS = frozenset({
    "wrap", "wrapper", "wrp", "container", "content", "contents", "main", "page", "body", "column",
    "col", "layout", "inner", "outer", "pusher", "canvas", "site", "location", "boxed", "grid", "row",
    "margins", "style", "with", "and", "non", "transition", "overlay",
})
_TOKEN_SPLIT = re.compile(r"[\s_:/.-]+")
_HINT_CACHE: dict[tuple, tuple[bool, bool, bool, bool, bool]] = {}
# Headings that announce a list of links kept apart from the body.
_RELATED_HEADING = re.compile(
    r"^(?:liens? associés|related|read (?:more|also|next)|lire aussi|à lire aussi|a lire aussi|"
    r"sur le même sujet|see also|more on (?:this|the) |you may (?:also )?like|you might (?:also )?like|"
    r"more from|more stories|also read|dans la même rubrique|pour aller plus loin|recommended|"
    r"weitere artikel|leer más|lee también|mehr zum thema|você pode gostar|veja também|leia também|"
    r"artigos relacionados|notícias relacionadas|ti potrebbe interessare|potrebbe interessarti|"
    r"articoli correlati|leggi anche|читайте также|похожие|trending|popular|most (?:read|popular)|"
    r"recent posts|latest (?:news|stories)|top stories|more (?:news|headlines|articles|videos)|"
    r"comments?\b|\d+ (?:comments|responses|replies)|leave a (?:reply|comment)|share this)",
    re.IGNORECASE,
)
# The subset of those headings whose links go to Article.related (not comments, not "share this").
_RELATED_LINKS_HEADING = re.compile(
    r"^(?:liens? associés|related|read (?:more|also|next)|lire aussi|à lire aussi|a lire aussi|"
    r"sur le même sujet|see also|more on |you may (?:also )?like|you might (?:also )?like|more from|"
    r"more stories|also read|dans la même rubrique|pour aller plus loin|recommended|weitere artikel|"
    r"leer más|lee también|mehr zum thema|você pode gostar|veja também|leia também|artigos relacionados|"
    r"notícias relacionadas|ti potrebbe interessare|articoli correlati|leggi anche|читайте также)",
    re.IGNORECASE,
)
# Markup shown as text (from <noscript> or broken pages) is never prose.
_MARKUP = re.compile(r"<(?:img|a|div|iframe|script|span|p)\b[^>]*>", re.IGNORECASE)
# Whole lines that are chrome wherever they appear.
_BOILERPLATE = re.compile(
    r"^(?:advertisement|advertising|publicité|anzeige|publicidad|sponsored|share(?: this)?(?: article| story)?|"
    r"partager|tweet|email|print|imprimer|read more|lire la suite|continue reading|click here.*|"
    r"sign up.*newsletter.*|subscribe.*|abonnez-vous.*|follow us.*|suivez-nous.*|copy link|copier le lien|"
    r"skip to (?:main )?content|back to top|retour en haut|loading\W*|chargement\W*)$",
    re.IGNORECASE,
)
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
# Below this many "<" the depth cannot make parsing slow enough to matter (~0.9 s at 20,000 levels).
_DEPTH_CHECK_MIN_TAGS = 20_000


@dataclass(slots=True)
class _Block:
    raw: str  # text as found; normalised only if the block is kept
    text: str  # whitespace-collapsed text, for scoring
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
        self.positive: list[float] = [0.0]  # weight multiplier of blocks inside (0: no opinion)
        self.blocks: list[_Block] = []
        self.weight: list[float] = []
        self.raw_weight: list[float] = []
        self.chrome: list[bool] = []
        self.descent = 0  # where the weight descent stopped (the container may be deeper)
        self.pruned: list = []  # nodes not entered because weak hints said chrome
        self.pruned_count = 0  # all nodes not entered because of their hints
        self.found: list = []  # nodes for reader.metadata met on the way (meta, ld+json, h1, time, author link)
        self.related_headings: list = []  # h2-h6 nodes announcing related links
        self.related_boxes: list = []  # nodes whose class/id says "related"
        self.chrome_boxes: list = []  # skipped aside/footer nodes, where related links often live


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
    return False


# Attributes whose mere presence sends an element through :func:`_hidden`.
_HIDING_ATTRIBUTES = frozenset({
    "hidden", "aria-hidden", "role", "style", "aria-modal", "cmdk-root", "cmdk-list", "cmdk-dialog",
})
_INLINE = frozenset({"a", "span", "b", "i", "em", "strong", "small", "u", "s", "sup", "sub", "abbr", "cite",
                     "code", "q", "mark", "time", "font", "kbd", "var", "del", "ins", "bdi", "bdo", "data"})


def _hints(key: tuple) -> tuple[bool, bool, bool, bool, bool]:
    """(screen-reader only, positive, weak negative, strong negative, ends section) for a
    (class, id, aria-label, itemprop) key.

    Each class token is judged alone, and state classes ("has-comments", "cookies-not-set",
    "modal-enabled") say nothing. Strong words (share, comment, related…) mark chrome wherever they
    appear; weak ones (ad, menu, header, tag…) only as a whole component of a short class list —
    long lists are the state/taxonomy classes of page wrappers ("single-post tag-x category-y…").
    """
    found = _HINT_CACHE.get(key)
    if found is not None:
        return found
    cls, ident, label, itemprop = key
    tokens = cls.lower().split() if cls else []
    sr_only = bool(tokens) and not _SR_ONLY.isdisjoint(tokens)
    if ident:
        tokens.append(ident.lower())
    if label:
        tokens.append(label.lower().replace(" ", "-"))
    is_positive = itemprop == "articleBody"
    strong = weak = ends = False
    # Weak words count only on a short class list that names no layout wrapper.
    few = len(tokens) <= 4 and all(_WRAPPER_WORDS.isdisjoint(_TOKEN_SPLIT.split(token)) for token in tokens)
    for token in tokens:
        if token.startswith(_STATE_PREFIXES) or token.endswith(_STATE_SUFFIXES):
            continue
        squashed = token.replace("-", "").replace("_", "")
        if "embed" in squashed:  # embedded content ("social-media-embed": a quoted tweet) is content
            continue
        if not is_positive and _POSITIVE_PART.search(squashed):
            is_positive = True
        if _NEGATIVE_PART.search(squashed):
            strong = True
            ends = ends or _SECTION_END_PART.search(squashed) is not None
        elif few and not weak and not _NEGATIVE_TOKENS.isdisjoint(_TOKEN_SPLIT.split(token)):
            weak = True
    if is_positive:
        strong = weak = ends = False
    found = (sr_only, is_positive, weak, strong, ends)
    if len(_HINT_CACHE) > 50_000:  # class names repeat across pages of one site; bound the memory
        _HINT_CACHE.clear()
    _HINT_CACHE[key] = found
    return found


# The word lists above as one search each (a substring test against every word, in C).
_POSITIVE_PART = re.compile("|".join(map(re.escape, _POSITIVE_PARTS)))
_NEGATIVE_PART = re.compile("|".join(map(re.escape, _NEGATIVE_PARTS)))
_SECTION_END_PART = re.compile("|".join(map(re.escape, _SECTION_END_PARTS)))
_STATE_PREFIXES = ("has-", "has_", "no-", "no_", "is-", "is_", "with-", "not-", "enable", "disable", "show-")
_STATE_SUFFIXES = ("-enabled", "-disabled", "-on", "-off", "-set", "-active", "-open", "-loaded", "-closed")
# Elements whose class hints are not trusted: they wrap everything.
_NEVER_CHROME = frozenset({"body", "html", "main", "article"})


# lexbor's tag ids: text nodes have this one; elements it knows (html, p, div…) have ids below
# _STATIC_TAG_IDS, the same in every document, while custom elements get per-document ids above it.
_TEXT_ID = 2  # LXB_TAG__TEXT
_STATIC_TAG_IDS = 0xC4  # LXB_TAG__LAST_ENTRY
# What the walk does on meeting a tag (skip the subtree, break the line, drop a figure, or enter).
_ENTER, _SKIPPED, _BREAK, _FIGURE = 0, 1, 2, 3
# Counters an element opens and closes: -1 for inline-level elements (no block boundary), 0 for block
# elements that set no counter.
_INLINE_LEVEL, _PLAIN_BLOCK, _PRE, _HEADING, _QUOTE, _LIST_ITEM, _CHROME_BOX = -1, 0, 1, 2, 3, 4, 5
_COUNTERS = {"pre": _PRE, "blockquote": _QUOTE, "li": _LIST_ITEM, **dict.fromkeys(_HEADINGS, _HEADING)}


def _tag_info(tag: str | None) -> tuple:
    """(tag, action, block, inline, counter, semantic boost, chrome tag, never chrome, chrome selector)."""
    if tag in _SKIP:
        action = _SKIPPED
    elif tag == "br" or tag == "hr":
        action = _BREAK
    elif tag == "figure":
        action = _FIGURE
    else:
        action = _ENTER
    block = tag in _BLOCK
    if not block:
        counter = _INLINE_LEVEL
    elif tag in _CHROME_SELECTOR_TAGS:
        counter = _CHROME_BOX
    else:
        counter = _COUNTERS.get(tag, _PLAIN_BLOCK)
    return (
        tag, action, block, tag in _INLINE, counter, _SEMANTIC_BOOST.get(tag, 0.0), tag in _CHROME_TAGS,
        tag in _NEVER_CHROME, tag in _CHROME_SELECTOR_TAGS,
    )


# Tag infos by lexbor tag id, filled as tags are met (ids of custom elements are not kept: they
# differ from one document to the next).
_TAG_INFO: dict[int, tuple] = {}


def _walk(root, prune: bool = True) -> _Walk:
    """Turn the subtree under ``root`` into blocks, iteratively (pages can nest very deeply).

    A stack of child iterators, one per open element, stands for the recursion: an element is left
    when its iterator runs out. Tags are told apart by lexbor's tag id (an int, cheaper to get than
    the name) through ``_TAG_INFO``. Links are read whole in C (``text()``) rather than walked: menus
    are mostly links, and this halves the Python work. nav, and header/footer/aside/form without
    paragraphs, are not entered; with ``prune``, elements whose class/id/aria-label look like chrome
    are not entered either. Nodes that reader.metadata and the related-links search need are collected
    on the way (no second pass over the tree).
    """
    out = _Walk()
    parent, tags, negative, positive = out.parent, out.tags, out.negative, out.positive
    blocks = out.blocks
    found = out.found
    buf: list[str] = []
    link_chars = 0
    open_elements = [0]
    counters: list[int] = []  # the counter code of every open element, as in open_elements
    pre = heading = quote = li = in_chrome = 0
    cut: set[int] = set()
    hiding, infos, hint_cache = _HIDING_ATTRIBUTES, _TAG_INFO, _HINT_CACHE

    def flush() -> None:
        nonlocal link_chars
        raw = "".join(buf)
        buf.clear()
        chars = link_chars
        link_chars = 0
        if raw.isspace():
            return
        if pre:
            kind = "preformatted"
        else:
            kind = ("heading" if heading else "quote" if quote else "list_item" if li else "paragraph")
        # Whitespace collapsed as " ".join(raw.split()) would, without splitting when the only spaces
        # are single ASCII ones (isprintable() is False for every other kind of whitespace).
        text = raw.strip() if "  " not in raw and raw.isprintable() else " ".join(raw.split())
        blocks.append(_Block(raw, text, kind, open_elements[-1], chars))

    iters: list = [iter((root,))]
    while iters:
        for node in iters[-1]:
            tag_id = node.tag_id
            if tag_id == _TEXT_ID:
                if buf:
                    text = node.text_content
                    if text:
                        buf.append(text)
                elif not node.is_empty_text_node:  # leading whitespace never matters
                    text = node.text_content
                    if text and not text.isspace():
                        buf.append(text)
                continue
            info = infos.get(tag_id)
            if info is None:
                info = _tag_info(node.tag)
                if tag_id < _STATIC_TAG_IDS:
                    infos[tag_id] = info
            tag, action, is_block, is_inline, counter, boost, chrome_tag, never_chrome, chrome_box = info
            if action:
                if action == _SKIPPED:
                    if tag == "script" or tag == "meta" or tag == "link":
                        if tag != "script" or (node.attrs.get("type") or "").strip().lower() == "application/ld+json":
                            found.append(node)
                    elif buf and is_block:
                        flush()
                    continue
                if action == _BREAK:
                    if buf:
                        flush()
                    continue
                if node.css_first("table, blockquote, pre") is None:
                    # A figure: images with their captions and credits, dropped, always. (A figure
                    # wrapping a table or a quote — WordPress blocks do — is content; its caption
                    # still goes.)
                    if buf:
                        flush()
                    continue
            attrs = node.attributes
            sr_only = is_positive = weak = strong = ends_section = False
            if attrs:
                if not hiding.isdisjoint(attrs):
                    sr_only = _hidden(attrs)
                if not sr_only:
                    key = (attrs.get("class"), attrs.get("id"), attrs.get("aria-label"), attrs.get("itemprop"))
                    if key != (None, None, None, None):
                        sr_only, is_positive, weak, strong, ends_section = hint_cache.get(key) or _hints(key)
                        if never_chrome:
                            weak = strong = ends_section = False
            if cut:
                if open_elements[-1] in cut:
                    strong = True  # follows a chrome heading ("Related", "Comments") in the same box
            if ends_section and counter == _HEADING:
                cut.add(open_elements[-1])
            is_negative = weak or strong
            if is_negative and prune and not is_inline:
                out.pruned_count += 1
                if not strong:  # weak hints may lie: kept for the check in _pruned_too_much
                    out.pruned.append(node)
                elif attrs and "related" in " ".join(
                        v for v in (attrs.get("class"), attrs.get("id"), attrs.get("aria-label")) if v).lower():
                    out.related_boxes.append(node)
                if buf and is_block:
                    flush()
                continue
            if sr_only:
                if buf and is_block:
                    flush()
                continue
            if chrome_box and not in_chrome:
                # Page chrome by its tag; header/footer/aside/form holding several paragraphs are walked
                # (some sites wrap the article in them) and left to the hints and weights. (Inside one
                # that is walked, nested ones are walked too: no quadratic look-ups on nested markup.)
                if tag == "nav" or len(node.css("p")) < 3:
                    if tag == "aside" or tag == "footer":
                        out.chrome_boxes.append(node)
                    if buf:
                        flush()
                    continue
            if tag == "a":
                if attrs and "rel" in attrs and "author" in (attrs["rel"] or "").lower().split():
                    found.append(node)
                text = node.text(True, "")
                if text:
                    buf.append(text)
                    link_chars += len(text)
                continue
            if is_block and buf:
                flush()
            index = len(tags)
            parent.append(open_elements[-1])
            tags.append(tag)
            if is_inline:
                positive.append(0.0)
                negative.append(False)
            else:
                positive.append(2.0 if is_positive else boost)
                negative.append(is_negative or chrome_tag)
                if counter > 0:
                    if counter == _HEADING:
                        heading += 1
                        if tag == "h1":
                            found.append(node)
                        elif heading == 1:  # (headings nested in headings are not looked into again)
                            title = node.text(deep=True)
                            if len(title) < 80 and _RELATED_LINKS_HEADING.match(title.strip()):
                                out.related_headings.append(node)
                    elif counter == _LIST_ITEM:
                        li += 1
                    elif counter == _CHROME_BOX:
                        in_chrome += 1
                    elif counter == _PRE:
                        pre += 1
                    else:
                        quote += 1
            if tag == "time" and attrs and "datetime" in attrs:
                found.append(node)
            open_elements.append(index)
            counters.append(counter)
            iters.append(node.iter(True))
            break
        else:  # the innermost open element has no more children: leave it
            iters.pop()
            if iters:
                counter = counters.pop()
                if counter >= 0:
                    if buf:
                        flush()
                    if counter:
                        if counter == _HEADING:
                            heading -= 1
                        elif counter == _LIST_ITEM:
                            li -= 1
                        elif counter == _CHROME_BOX:
                            in_chrome -= 1
                        elif counter == _PRE:
                            pre -= 1
                        else:
                            quote -= 1
                open_elements.pop()
    if buf:
        flush()
    return out





def _final_text(block: _Block) -> str:
    """The block's text as stored in the Article: cleaned, and one line unless preformatted."""
    raw = block.raw
    if block.kind != "preformatted" and _FINAL_SPECIAL.search(raw) is None:
        return block.text  # nothing to clean, no space to keep: the text computed during the walk
    suspect = _SUSPECT.search(raw) is not None
    if suspect:  # clean_text is a no-op otherwise
        raw = clean_text(raw)
    if block.kind == "preformatted":
        return raw.strip("\n").rstrip()
    kept = [space for space in _KEPT_SPACES if space in raw]
    if not kept:
        # No no-break space to keep: the whitespace-collapsed text computed during the walk is it.
        return " ".join(raw.split()) if suspect else block.text
    # str.split() would collapse no-break spaces too: hide them behind private-use characters
    # (str.replace and str.split run in C; a regex substitution is several times slower).
    for space in kept:
        raw = raw.replace(space, _KEPT_SPACES[space])
    text = " ".join(raw.split())
    for space in kept:
        text = text.replace(_KEPT_SPACES[space], space)
    return text.strip(" \u00a0\u202f\u2009\u2007")


# What reader.sanitize.clean_text may remove or change (controls, bidi controls, invisible characters,
# joiners inside words): a block holding none of them needs no cleaning.
_CLEANED_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\u00ad\u180e"
# Spaces that belong to the text ("2 209", "12 %"), each with a private-use stand-in.
_KEPT_SPACES = {"\u00a0": "\ue000", "\u202f": "\ue001", "\u2009": "\ue002", "\u2007": "\ue003"}
# What makes _final_text more than block.text: a character clean_text removes (_SUSPECT) or a kept space.
_FINAL_SPECIAL = re.compile(f"[{_CLEANED_CHARS}\u00a0\u202f\u2009\u2007]")


def _normalise(raw: str) -> str:
    """One line: ASCII whitespace collapsed, runs of mixed spaces made one space, lone no-break spaces kept."""
    text = clean_text(raw)
    text = _MULTI_SPACE.sub(" ", text)
    return text.strip(" \u00a0\u202f\u2009\u2007\u200b")


def _parser_input(html: str) -> bytes:
    """The page for lexbor: UTF-8 bytes (lone surrogates dropped, as selectolax itself encodes a str),
    with pathological nesting flattened first. (Counting "<" in the bytes is twice as fast as in the
    str, and lexbor then has nothing left to encode.)"""
    data = html.encode("utf-8", "ignore")
    if len(html) >= 3 * _DEPTH_CHECK_MIN_TAGS and data.count(b"<") >= _DEPTH_CHECK_MIN_TAGS:
        flat = _limit_depth(html)
        if flat is not html:
            data = flat.encode("utf-8", "ignore")
    return data


def _limit_depth(html: str) -> str:
    """Flatten pathological nesting that would make the HTML parser quadratic."""
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
        if "<" in block.text and _MARKUP.search(block.text):
            continue
        text = block.text
        # Only min(punctuation, 20) counts: long prose reaches 20 with its commas and full stops alone.
        punctuation = text.count(",") + text.count(".")
        if punctuation < 20:
            punctuation += (text.count("。") + text.count("、") + text.count("?") + text.count("!")
                            + text.count(";") + text.count(":"))
        weight = (length * (1 - density)) * (0.5 if punctuation == 0 else 1.0) + 10 * min(punctuation, 20)
        # Teaser lists are list items; articles are rarely made of them.
        block.weight = weight * 0.6 if block.kind == "list_item" else weight


def _find_container(walk: _Walk) -> int:
    """Index of the element that holds the article.

    Element indices are in document (pre-)order, so a parent's index is below its children's: one
    backward pass sums block weights into every ancestor and remembers each element's heaviest child.
    """
    parent, negative = walk.parent, walk.negative
    count = len(parent)
    _cut_after_related_headings(walk)
    # Raw weights (every block) tell a chrome-looking wrapper that holds most of the page (hints
    # are wrong there) from real chrome.
    raw = [0.0] * count
    for block in walk.blocks:
        if block.weight:
            raw[block.element] += block.weight
    for index in range(count - 1, 0, -1):
        if raw[index]:
            raw[parent[index]] += raw[index]
    walk.raw_weight = raw
    limit = 0.75 * raw[0]
    # Text under chrome-looking elements (comments, share bars, sidebars…) does not vote, unless
    # that leaves almost nothing: then the hints were wrong and every block votes.
    chrome = [False] * count
    positive = walk.positive
    boost = [1.0] * count
    for index in range(1, count):
        up = parent[index]
        chrome[index] = (negative[index] and raw[index] < limit) or chrome[up]
        own = positive[index]
        inherited = boost[up]
        boost[index] = own if own > inherited else inherited
    weight = [0.0] * count
    for block in walk.blocks:
        if block.weight and not chrome[block.element]:
            weight[block.element] += block.weight * boost[block.element]
    everything = sum(block.weight for block in walk.blocks)
    if sum(weight) < min(300.0, 0.15 * everything):
        for block in walk.blocks:
            if chrome[block.element]:
                weight[block.element] += block.weight * boost[block.element]
    heaviest = [-1] * count
    for index in range(count - 1, 0, -1):
        w = weight[index]
        if w:
            up = parent[index]
            weight[up] += w
            best = heaviest[up]
            if best < 0 or w > weight[best]:
                heaviest[up] = index
    walk.weight = weight
    total = weight[0]
    if not total:
        return 0
    # Walk down while one child still holds most of its parent's weight.
    node = 0
    while heaviest[node] >= 0 and weight[heaviest[node]] >= 0.7 * weight[node]:
        node = heaviest[node]
    # A semantic container (article, main, itemprop=articleBody, "article-body"…) below that point
    # which holds most of the text is a better boundary than where the descent stopped.
    best = node
    # node's subtree is the run of indices after it whose parents are not before it.
    floor = 0.6 * weight[node]
    for index in range(node + 1, count):
        if parent[index] < node:
            break
        if positive[index] >= 1.5 and weight[index] >= floor:
            best = index
    walk.chrome = chrome
    walk.descent = node
    return best


# A couple of sentences of prose (block weights are characters plus a bonus for punctuation): more
# than a dateline or a one-line standfirst.
_LEDE_WEIGHT = 250.0


def _siblings(walk: _Walk, container: int) -> list[int]:
    """Siblings of the container that continue the article (bodies split into several boxes, a
    lede kept apart): not chrome, and holding prose worth a share of the container's weight."""
    parent, weight, chrome = walk.parent, walk.weight, walk.chrome
    if parent[container] < 0 or not weight[container]:
        return []
    up = parent[container]
    floor = 0.15 * weight[container]
    # Before the container, any prose counts (a lede or first paragraphs set apart); after it, only
    # a real share of the article does (author boxes and teasers follow articles).
    siblings = []
    for index in range(up + 1, len(parent)):
        above = parent[index]
        if above == up:
            if index != container and not chrome[index] and weight[index] >= (
                _LEDE_WEIGHT if index < container else floor
            ):
                siblings.append(index)
        elif above < up:  # past the end of up's subtree
            break
    return siblings


def _cut_after_related_headings(walk: _Walk) -> None:
    """A "Related" / "Comments" / "More stories" heading starts chrome: it and its following siblings
    (up to the next ordinary heading) are marked as chrome."""
    parent, tags, negative = walk.parent, walk.tags, walk.negative
    count = len(parent)
    cuts = 0
    for block in walk.blocks:
        if block.kind != "heading" or len(block.text) > 60:
            continue
        if not (_RELATED_HEADING.match(block.text) or _MORE_HEADING.match(block.text)):
            continue
        heading = block.element
        while heading > 0 and tags[heading] not in _HEADINGS:
            heading = parent[heading]
        if heading <= 0:
            continue
        negative[heading] = True
        box = parent[heading]
        for index in range(heading + 1, count):
            up = parent[index]
            if up == box:
                if tags[index] in _HEADINGS:
                    break
                negative[index] = True
            elif up < box:  # left the box
                break
        cuts += 1
        if cuts >= 10:
            break


_MORE_HEADING = re.compile(r"^more\s+(?:\S+\s*){1,4}$", re.IGNORECASE)


# Characters that clean_text would remove: without any, it need not run.
_SUSPECT = re.compile(f"[{_CLEANED_CHARS}]")


def _select_blocks(walk: _Walk, container: int, title: str | None) -> list[Block]:
    parent, negative = walk.parent, walk.negative
    raw = walk.raw_weight or [0.0] * len(parent)
    count = len(parent)
    roots = [container, *_siblings(walk, container)] if walk.weight else [container]
    # keep[i]: element i is inside the container (or a sibling that continues it) and under no
    # chrome-looking element (one that does not hold most of the article). Parents come before
    # children, so one forward pass suffices.
    keep = [False] * count
    for root in roots:
        keep[root] = True
    last = max(roots)
    limit = 0.75 * raw[container]
    for index in range(min(roots) + 1, count):
        if keep[index]:  # a root (no other index is marked before the pass reaches it)
            continue
        up = parent[index]
        if up < last and index > last:  # past the end of the last root's subtree: nothing kept after
            break
        keep[index] = keep[up] and not (negative[index] and raw[index] <= limit)
    # A paragraph split by <br> is judged whole: a line that is only a link ("http://…", a product
    # link under its name) belongs to the paragraph around it.
    tags = walk.tags
    p_chars: dict[int, list[int]] = {}
    for block in walk.blocks:
        if keep[block.element] and tags[block.element] == "p":
            totals = p_chars.setdefault(block.element, [0, 0])
            totals[0] += len(block.text)
            totals[1] += block.link_chars
    result: list[Block] = []
    seen: set[str] = set()
    title_key = (title or "").casefold()
    for block in walk.blocks:
        if not keep[block.element]:
            continue
        text = block.text
        length = len(text)
        totals = p_chars.get(block.element)
        if totals is not None:
            if totals[1] > 0.5 * totals[0]:
                continue
        elif block.kind != "preformatted" and block.link_chars > 0.5 * length:
            continue
        if length < 60 and _BOILERPLATE.match(text):
            continue
        if "<" in text and _MARKUP.search(text):
            continue
        if length < 60 and _RELATED_HEADING.match(text) and (block.kind == "heading" or length < 40):
            continue
        if block.kind == "heading" and title_key and not result and text.casefold() == title_key:
            continue
        if length >= 80:  # short lines repeat legitimately (recipes, schedules); prose does not
            key = text.casefold()
            if key in seen:
                continue
            seen.add(key)
        final = _final_text(block)
        if final.strip():  # cleaning can leave nothing (a block of escape codes only)
            result.append(Block(block.kind, final))
    # Trailing headings with nothing after them are section titles of removed chrome.
    while result and result[-1].kind == "heading":
        result.pop()
    return result


def _related_links(walk: _Walk, url: str | None) -> tuple[Link, ...]:
    """Links of the boxes that a "Liens associés" / "Related" / "Read more" heading introduces, or
    whose class says "related"."""
    headings = list(walk.related_headings)
    for box in walk.chrome_boxes:
        for heading in box.css("h2, h3, h4, h5, h6"):
            text = heading.text(deep=True)
            if len(text) < 80 and _RELATED_LINKS_HEADING.match(text.strip()):
                headings.append(heading)
    roots = []
    for heading in headings:
        box = heading.parent
        # The heading may sit alone in a wrapper: climb until the box holds links.
        for _ in range(3):
            if box is None or box.css_first("a[href]") is not None:
                break
            box = box.parent
        if box is not None and box.tag not in ("body", "html"):
            roots.append(box)
        if len(roots) >= 10:
            break
    roots.extend(walk.related_boxes[:5])
    links: list[Link] = []
    seen: set[str] = set()
    titles: set[str] = set()
    for box in roots:
        for anchor in box.css("a[href]"):
            href = anchor.attrs.get("href") or ""
            title = clean_line(anchor.text(separator=" "))
            # Article titles, not tags or section names ("Science & Health", "News Cloud").
            if len(title.split()) < 3 or title in titles or href.startswith(("#", "javascript:", "mailto:")):
                continue
            absolute = href.startswith(("https://", "http://"))
            target = clean_line(urljoin(url, href) if url and not absolute else href)
            if target in seen:
                continue
            seen.add(target)
            titles.add(title)
            links.append(Link(title, target))
            if len(links) >= 20:
                return tuple(links)
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
    if tree.body is None:
        return []
    seen = set()
    blocks = []
    for block in _walk(tree.body).blocks:
        text = _final_text(block)
        if text and text not in seen:
            seen.add(text)
            blocks.append(Block(block.kind, text))
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


def _pruned_too_much(pruned: list, chars: int) -> bool:
    """Whether a subtree left out for its class name holds more paragraph text than the article
    found without it (then the class name lied, as "content-with-sidebar" would)."""
    for node in pruned:
        text = node.text(deep=True)
        if len(text) > chars and sum(len(p.text(deep=True)) for p in node.css("p")) > chars:
            return True
    return False


def _body_blocks(walk: _Walk, title: str | None) -> list[Block]:
    _weigh(walk.blocks)
    return _select_blocks(walk, _find_container(walk), title)


def _extract(html: str | bytes, url: str | None) -> Article:
    if isinstance(html, (bytes, bytearray, memoryview)):
        html = _decode(bytes(html))
    if not isinstance(html, str):
        raise ExtractError(NO_ARTICLE)
    if not html or html.isspace():  # (NUL characters need no care: lexbor drops them, clean_text too)
        raise ExtractError(NO_ARTICLE)
    tree = LexborHTMLParser(_parser_input(html))
    head, body = tree.head, tree.body
    nodes = list(head.iter()) if head is not None else []
    walk = _walk(body) if body is not None else None
    if walk is not None:
        nodes.extend(walk.found)
    meta = read_metadata(tree, url, nodes)
    blocks: list[Block] = []
    body_chars = 0  # the characters of blocks' texts, kept up to date with blocks
    related: tuple[Link, ...] = ()
    if walk is not None:
        related = _related_links(walk, url)
        blocks = _body_blocks(walk, meta.title)
        body_chars = sum(len(block.text) for block in blocks)
        if walk.pruned_count and (body_chars < 200 or _pruned_too_much(walk.pruned, body_chars)):
            # The class hints may have pruned the article itself: walk everything, let weights decide.
            again = _body_blocks(_walk(body, prune=False), meta.title)
            again_chars = sum(len(block.text) for block in again)
            if again_chars > body_chars:
                blocks, body_chars = again, again_chars
    json_blobs = []
    if body_chars < 500:
        json_blobs = [
            script.text(deep=True)
            for script in tree.css('script#__NEXT_DATA__, script[type="application/json"], script#__NUXT_DATA__')
        ]
    if body_chars < 500 and (meta.article_body or json_blobs):
        fallback = _json_fallback(json_blobs, meta)
        fallback_chars = sum(len(block.text) for block in fallback)
        if fallback_chars > max(2 * body_chars, 200):
            blocks, body_chars = fallback, fallback_chars
    if not blocks or body_chars < 50:
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
