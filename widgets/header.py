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
        title = article.title or "(untitled)"
        meta = " · ".join(part for part in (article.site, _short_date(article.published), article.byline) if part)
        second = Content.styled(meta, "$text-muted")
        if translated_title and translated_title != title:
            # Site and date first: they are short and must survive the cut at the right edge.
            second = Content.styled(f"{meta}  —  " if meta else "", "$text-muted") + Content.styled(translated_title, "italic")
        self.update(Content.styled(title, "bold") + Content("\n") + second)

    def show_text(self, text: str) -> None:
        self.update(Content(text))
