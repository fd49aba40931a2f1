"""The top line: the article's title, site and date (plain text, never markup)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.models import Article


def _short_date(published: str | None) -> str:
    return published[:10] if published else ""


class ArticleHeader(Static):
    """Two fixed lines: the title, then "Site · 2025-10-30 · byline" (each cut with … when too long).

    A fixed height keeps the panes from jumping when an article with a longer title loads.
    """

    def show_article(self, article: Article | None, *, translated_title: str | None = None) -> None:
        if article is None:
            self.update(Content.styled("reader", "bold"))
            return
        title = translated_title or article.title or "(untitled)"
        meta = " · ".join(part for part in (article.site, _short_date(article.published), article.byline) if part)
        self.update(Content.styled(title, "bold") + Content("\n") + Content.styled(meta, "$text-muted"))

    def show_text(self, text: str) -> None:
        self.update(Content(text))
