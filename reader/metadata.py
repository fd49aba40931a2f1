"""Article metadata read from a parsed page: JSON-LD, OpenGraph, ``<meta>`` tags, ``<link>``, ``<time>``.

Pure functions over a :class:`selectolax.lexbor.LexborHTMLParser`; :mod:`reader.extract` calls
:func:`read_metadata` before it strips the scripts (JSON-LD lives in ``<script>`` elements).
Every value returned is already cleaned with :func:`reader.sanitize.clean_line`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.sanitize import clean_line as _clean_line

# JSON-LD @type values that describe the article itself.
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
    "techarticle", "report", "liveblogposting", "socialmediaposting", "posting", "webpage",
    "medicalwebpage", "creativework", "blog", "review", "howto", "recipe",
}
_SITE_TYPES = {"website", "organization", "newsmediaorganization", "corporation"}

# Separators sites put between the headline and their own name in <title>/og:title.
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|/)\s+")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Guard against pathological JSON-LD: anything larger is ignored rather than parsed.
_MAX_JSON = 2_000_000


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    site: str | None = None
    lang: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, used when the HTML body is nearly empty


# Characters that clean_line would remove or keep specially; without any, str.split() does its work
# (every other kind of whitespace collapsing to one space) several times faster.
_SPECIAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u00a0\u202f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\u2060\ufeff\u00ad\u180e]")


def clean_line(text: str) -> str:
    """:func:`reader.sanitize.clean_line`, with a fast path for the usual plain text."""
    if _SPECIAL.search(text) is None:
        return " ".join(text.split())
    return _clean_line(text)


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_line(value)
    return text or None


def _iter_objects(data: Any, limit: int = 2000) -> list[dict]:
    """Every dict in a JSON-LD document (lists and @graph flattened), iteratively, at most ``limit``."""
    found: list[dict] = []
    stack = [data]
    while stack and len(found) < limit:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            graph = item.get("@graph")
            if isinstance(graph, (list, dict)):
                stack.append(graph)
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.lower()}
    if isinstance(kind, list):
        return {k.lower() for k in kind if isinstance(k, str)}
    return set()


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value: a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = item[0] if item else None
        name = _one_line(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def iso_date(value: str | None) -> str | None:
    """ISO 8601 form of a date string as found in metadata, or None when it is not a date."""
    if not value:
        return None
    text = value.strip()
    if not text:
        return None
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    if parsed is None:
        for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y%m%d",
                    "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S %Z", "%B %d, %Y", "%d %B %Y",
                    "%Y/%m/%d", "%m/%d/%Y"):
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is not None:
        if len(text) <= 10 and parsed.hour == parsed.minute == parsed.second == 0 and "T" not in text:
            return parsed.date().isoformat()
        return parsed.isoformat()
    match = _DATE_PREFIX.match(text)
    return match.group(0) if match else None


def primary_language(value: str | None) -> str | None:
    """'fr-FR', 'fr_FR', 'FR' → 'fr'; None for anything that is not a language tag."""
    if not value:
        return None
    match = _LANG.match(value.strip().split(",")[0].strip())
    return match.group(1).lower() if match else None


def strip_site_suffix(title: str, site: str | None, others: list[str]) -> str:
    """Drop " | Section | Site" tails from a page title.

    When another title candidate (the h1 or the JSON-LD headline) is a prefix of ``title``, that is the
    headline. Otherwise trailing segments naming the site, and short trailing segments after a long
    first segment, are removed.
    """
    lowered = title.casefold()
    for other in others:
        if other and len(other) < len(title) and lowered.startswith(other.casefold()):
            rest = title[len(other):]
            if _TITLE_SEPARATOR.match(rest):
                return other
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    site_key = (site or "").casefold()
    while len(parts) > 1 and site_key and (parts[-1].casefold() == site_key or site_key in parts[-1].casefold()):
        parts.pop()
    # Leading site name ("Site | Headline").
    if len(parts) > 1 and site_key and parts[0].casefold() == site_key:
        parts.pop(0)
    if len(parts) > 1 and all(len(p.split()) <= 4 and len(p) < len(parts[0]) for p in parts[1:]):
        parts = parts[:1]
    return " | ".join(parts) if len(parts) > 1 else parts[0]


# Everything read_metadata looks at, found in one pass over the tree.
# (Plain tag names: lexbor matches them much faster than attribute selectors; the rest is checked here.)
SELECTOR = "meta, title, h1, link, script, time, a[rel]"


def _json_documents(scripts: list) -> list[Any]:
    documents = []
    for script in scripts:
        raw = script.text(deep=True) or ""
        if not raw.strip() or len(raw) > _MAX_JSON:
            continue
        try:
            documents.append(json.loads(raw.strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue
    return documents


_DATE_KEYS = frozenset({"article:published_time", "og:published_time", "datepublished", "pubdate", "date"})
_AUTHOR_KEYS = frozenset({"author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"})


def _json_ld(scripts: list) -> tuple[dict, dict]:
    """The article object and the site object of the JSON-LD in ``scripts``."""
    article: dict = {}
    site_obj: dict = {}
    for document in _json_documents(scripts):
        for obj in _iter_objects(document):
            kinds = _types(obj)
            if kinds & _ARTICLE_TYPES and (not article or ("webpage" in _types(article) and "webpage" not in kinds)):
                article = obj
            elif kinds & _SITE_TYPES and not site_obj:
                site_obj = obj
    return article, site_obj


def _byline(article: dict, meta: dict) -> str | None:
    """Authors from JSON-LD, else from the author meta tags."""
    authors = _names(article.get("author")) if article.get("author") else []
    if authors:
        return ", ".join(authors)
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"):
        value = _one_line(meta.get(key))
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


def _published(article: dict, meta: dict) -> str | None:
    """Publication date (ISO 8601) from JSON-LD or the date meta tags."""
    for raw in (
        article.get("datePublished"), meta.get("article:published_time"), meta.get("og:published_time"),
        meta.get("datepublished"), meta.get("pubdate"), meta.get("publishdate"), meta.get("date"),
        meta.get("dc.date"), meta.get("dc.date.issued"), meta.get("parsely-pub-date"),
        meta.get("sailthru.date"), article.get("dateCreated"), article.get("dateModified"),
    ):
        published = iso_date(raw) if isinstance(raw, str) else None
        if published:
            return published
    return None


def read_metadata(tree: LexborHTMLParser, url: str | None = None, nodes: list | None = None) -> Metadata:
    """Metadata of the page; ``nodes`` is ``tree.css(SELECTOR)`` when the caller already has it."""
    if nodes is None:
        nodes = tree.css(SELECTOR)
    meta: dict[str, str] = {}
    scripts = []
    h1_node = title_node = time_node = link = author_link = None
    for node in nodes:
        tag = node.tag
        if tag == "meta":
            attrs = node.attributes
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
            content = attrs.get("content")
            if key and content:
                meta.setdefault(key.strip().lower(), content)
        elif tag == "script":
            if (node.attributes.get("type") or "").strip().lower() == "application/ld+json":
                scripts.append(node)
        elif tag == "h1":
            h1_node = h1_node or node
        elif tag == "title":
            title_node = title_node or node
        elif tag == "time":
            if time_node is None and node.attrs.get("datetime"):
                time_node = node
        elif tag == "a":
            if author_link is None and "author" in (node.attrs.get("rel") or "").lower().split():
                author_link = node
        elif tag == "link":
            if link is None and (node.attrs.get("rel") or "").strip().lower() == "canonical":
                link = node

    article, site_obj = _json_ld(scripts)
    # What the DOM must still tell (the caller may have skipped the part of the page that holds it):
    # looked up in one pass over the tree, and only when the date or the title is missing (the
    # byline rides along then, but alone it is not worth a pass).
    lookups = []
    first_title = _one_line(meta.get("og:title")) or _one_line(article.get("headline"))
    if h1_node is None and (not first_title or _TITLE_SEPARATOR.search(first_title)):
        lookups.append("h1")
    published = _published(article, meta)
    byline = _byline(article, meta)
    if time_node is None and not published:
        lookups.append("time[datetime]")
    if lookups:
        if not article:
            lookups.append('script[type="application/ld+json"]')
        if author_link is None and not byline:
            lookups.append('a[rel~="author"]')
    if lookups:
        seen = {script.mem_id for script in scripts}
        more = []
        for node in tree.css(", ".join(lookups)):
            tag = node.tag
            if tag == "script":
                if node.mem_id not in seen:
                    more.append(node)
            elif tag == "h1":
                h1_node = h1_node or node
            elif tag == "a":
                author_link = author_link or node
            elif tag == "time":
                time_node = time_node or node
        if more:
            extra_article, extra_site = _json_ld(more)
            if not article and extra_article:
                article = extra_article
                published = _published(article, meta)
                byline = _byline(article, meta)
            site_obj = site_obj or extra_site

    h1 = clean_line(h1_node.text(separator=" ")) if h1_node is not None else ""
    html_title = clean_line(title_node.text()) if title_node is not None else ""

    publisher = article.get("publisher")
    publisher_names = _names(publisher) if publisher else []
    site = (
        _one_line(meta.get("og:site_name"))
        or (publisher_names[0] if publisher_names else None)
        or _one_line(meta.get("application-name"))
        or _one_line(site_obj.get("name"))
    )

    headline = _one_line(article.get("headline")) or _one_line(article.get("name"))
    candidates = [
        _one_line(meta.get("og:title")), headline, _one_line(meta.get("twitter:title")), h1 or None,
        html_title or None,
    ]
    title = next((c for c in candidates if c), None)
    if title:
        title = strip_site_suffix(title, site, [h1, headline or ""])

    if not byline and author_link is not None:
        value = clean_line(author_link.text(separator=" "))
        if 2 <= len(value) <= 100:
            byline = value

    if not published and time_node is not None:
        published = iso_date(time_node.attrs.get("datetime"))

    html_node = tree.root
    lang = primary_language(html_node.attrs.get("lang") if html_node is not None else None)
    in_language = article.get("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("name") or in_language.get("alternateName")
    lang = (
        lang
        or primary_language(meta.get("og:locale"))
        or primary_language(in_language if isinstance(in_language, str) else None)
        or primary_language(meta.get("content-language"))
        or primary_language(meta.get("language"))
    )

    canonical = None
    if link is not None:
        canonical = link.attrs.get("href")
    canonical = canonical or meta.get("og:url")
    if not canonical and isinstance(article.get("url"), str):
        canonical = article["url"]
    if canonical:
        absolute = canonical.startswith(("https://", "http://"))
        canonical = _one_line(urljoin(url, canonical) if url and not absolute else canonical)

    description = (
        _one_line(meta.get("og:description")) or _one_line(meta.get("description"))
        or _one_line(article.get("description")) or _one_line(meta.get("twitter:description"))
    )
    body = article.get("articleBody")
    article_body = body if isinstance(body, str) and body.strip() else None

    return Metadata(
        title=title, byline=byline, published=published, site=site, lang=lang,
        canonical_url=canonical, description=description, article_body=article_body,
    )
