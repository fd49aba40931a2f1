"""Turn an article (with its digest and translation) into JSON, plain text or Markdown.

The JSON shape is a public interface (README documents it; tests pin it): keep it stable.
Markdown is the same document a reader exports from the app, so ``--dump markdown`` and the app's export
never drift apart.
"""

from __future__ import annotations

from typing import Any

from reader.facts import digest_to_dict
from reader.models import Article, Digest, Translation


def article_url(article: Article) -> str | None:
    """The article's address for people: the fetched http(s) URL, else its canonical URL, else the file URL."""
    if article.url and article.url.startswith(("http://", "https://")):
        return article.url
    return article.canonical_url or article.url


def to_dict(article: Article, digest: Digest, translation: Translation | None = None) -> dict[str, Any]:
    """The object printed by ``reader --dump json`` (one per article)."""
    data: dict[str, Any] = {
        "source": article.source,
        "url": article_url(article),
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "site": article.site,
        "lang": article.lang,
        "blocks": [{"kind": b.kind, "text": b.text} for b in article.blocks],
        "text": article.text,
        "related": [{"title": link.title, "url": link.url} for link in article.related],
        "facts": digest_to_dict(digest),
    }
    if translation is not None:
        data["translation"] = {
            "translator": translation.translator,
            "target": translation.target,
            "blocks": [{"text": b.text, "error": b.error} for b in translation.blocks],
        }
    return data


def _meta_line(article: Article) -> str:
    return " · ".join(p for p in (article.site, article.byline, article.published) if p)


def to_text(article: Article, digest: Digest, translation: Translation | None = None) -> str:
    """Plain text: title, metadata, body; then the translation when there is one."""
    parts = [article.title, _meta_line(article), article_url(article) or "", "", article.text]
    if translation is not None:
        parts += ["", f"--- translation ({translation.target}, {translation.translator}) ---", ""]
        parts.append("\n\n".join(_translated_text(b.text, b.error, orig.text)
                                 for b, orig in zip(translation.blocks, article.blocks)))
    return "\n".join(parts).strip("\n") + "\n"


def _translated_text(text: str | None, error: str | None, original: str) -> str:
    if error:
        return f"[{error}] {original}"
    return text if text is not None else original


def _md_block(kind: str, text: str) -> str:
    if kind == "heading":
        return f"## {text}"
    if kind == "quote":
        return f"> {text}"
    if kind == "list_item":
        return f"- {text}"
    if kind == "preformatted":
        return f"```\n{text}\n```"
    return text


def to_markdown(article: Article, digest: Digest, translation: Translation | None = None) -> str:
    """Markdown: metadata, summary, figures, quotes, the original, then the translation."""
    out = [f"# {article.title}", ""]
    for label, value in (("Site", article.site), ("By", article.byline), ("Published", article.published),
                         ("Language", article.lang), ("URL", article_url(article))):
        if value:
            out.append(f"- **{label}:** {value}")
    if digest.summary:
        out += ["", "## Summary", ""] + [f"- {s.text}" for s in digest.summary]
    if digest.figures:
        out += ["", "## Figures", ""] + [f"- {f.text}" for f in digest.figures]
    if digest.quotes:
        out += ["", "## Quotes", ""]
        out += [f"- « {q.text} » — {q.speaker or ('term' if q.kind == 'term' else 'unattributed')}" for q in digest.quotes]
    out += ["", "## Original", ""]
    out.append("\n\n".join(_md_block(b.kind, b.text) for b in article.blocks))
    if translation is not None:
        out += ["", f"## Translation ({translation.target}, {translation.translator})", ""]
        out.append("\n\n".join(_md_block(orig.kind, _translated_text(b.text, b.error, orig.text))
                               for b, orig in zip(translation.blocks, article.blocks)))
    if article.related:
        out += ["", "## Related", ""] + [f"- [{link.title}]({link.url})" for link in article.related]
    return "\n".join(out) + "\n"


def export_filename(article: Article) -> str:
    """A safe, readable file name from the title: lower-case ASCII words joined by '-', '.md'."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", article.title or "article").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")
    return f"{slug or 'article'}.md"


def write_markdown(article: Article, digest: Digest, translation: Translation | None, directory) -> "Path":
    """Write the Markdown export into ``directory`` without overwriting anything; return the path."""
    from pathlib import Path

    directory = Path(directory)
    name = export_filename(article)
    path = directory / name
    number = 2
    while path.exists():
        path = directory / f"{name[:-3]}-{number}.md"
        number += 1
    path.write_text(to_markdown(article, digest, translation), encoding="utf-8")
    return path
