"""A scrolling view of an article's blocks, drawn with Textual's line API.

Why a line-API ScrollView and not a Static per paragraph: a 100,000-word article must open in well under
a second, and only the visible rows should cost anything to draw. The view wraps every block once per
width into ``(block, start, end)`` slices of the block's own text, so a highlight, a search match or a
jump uses the same coordinates as the models (``reader.models.Span``), and updating one translated block
re-wraps only that block. Rows are found by bisecting the blocks' first-row numbers rather than in one
flat list of rows, so a translated block arriving costs O(blocks) integer updates, not a rebuild of
every row (20,000 rows for 100,000 words, 5 ms per block, hundreds of times).

Page text is never parsed as markup: it goes into Rich ``Segment``s verbatim (it was already sanitised by
``reader.sanitize`` when the model was built).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Literal, NamedTuple, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.strip import Strip

Tone = Literal["normal", "pending", "error", "memory", "aside"]

# Words are runs of anything but a plain space or newline: no-break spaces (U+00A0, U+202F) inside
# "2 209" or before "%" must never become a line break. French typography puts a space inside « » and
# before : ; ! ? % — pages often type a plain space there, so an opening « stays with the next word and
# closing marks stay with the previous one (no line starting with "»").
_WORD = re.compile(r"(?:[«‹¿¡] )?[^ \n]+(?: [»›:;!?%][^ \n]*)*")

# Prefixes drawn before each kind of block: (first line, continuation lines).
_PREFIX = {
    "heading": ("", ""),
    "paragraph": ("", ""),
    "quote": ("│ ", "│ "),
    "list_item": ("• ", "  "),
    "preformatted": ("  ", "  "),
}

_GUTTER = 2  # columns left of the text: the current-paragraph marker lives here


class ViewBlock(NamedTuple):
    """What the view draws for one block: its text, kind, tone and an optional note line above it.

    (The view's records are named tuples, not dataclasses: as immutable, a sixth of the start-up cost to
    define, and lighter per instance — a 100,000-word article wraps into 20,000 lines.)"""

    kind: str
    text: str
    tone: Tone = "normal"
    note: str | None = None


class Highlight(NamedTuple):
    """A styled stretch of one block: ``style`` names a component class ("figure", "quote", …)."""

    block: int
    start: int
    end: int
    style: str


class _Line(NamedTuple):
    block: int  # -1 for the blank line between blocks
    start: int
    end: int
    prefix: str
    note: bool = False  # the line shows the block's note, not its text


_GAP = _Line(-1, 0, 0, "")  # the blank row between two blocks


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` into ``(start, end)`` offsets whose cell width fits ``width``.

    Breaks only at plain spaces and newlines; a word wider than the line is cut. Never returns an empty
    list, so an empty block still takes one row.
    """
    width = max(1, width)
    if len(text) > HUGE_BLOCK and "\n" not in text:
        return _wrap_huge(text, width)
    lines: list[tuple[int, int]] = []
    for paragraph in _split_newlines(text):
        p_start, p_end = paragraph
        line_start = -1
        line_end = p_start
        used = 0
        for match in _WORD.finditer(text, p_start, p_end):
            w_start, w_end = match.span()
            word_cells = w_end - w_start if match.group().isascii() else cell_len(match.group())
            if line_start < 0:
                needed = word_cells
            else:
                needed = used + (w_start - line_end) + word_cells
            if line_start >= 0 and needed > width:
                lines.append((line_start, line_end))
                line_start = -1
                used = 0
            if line_start < 0:
                while word_cells > width:  # cut words that cannot fit on any line
                    cut = _cut_at_cells(text, w_start, w_end, width)
                    lines.append((w_start, cut))
                    w_start = cut
                    word_cells = cell_len(text[w_start:w_end])
                line_start, used = w_start, word_cells
            else:
                used = needed
            line_end = w_end
        lines.append((line_start, line_end) if line_start >= 0 else (p_start, p_start))
    return lines


# Above this many characters a block is wrapped by slicing (one step per row, in C) instead of word by
# word: a 10 MB paragraph took 1-2 s per view word by word, frozen on the event loop.
HUGE_BLOCK = 50_000


def _wrap_huge(text: str, width: int) -> list[tuple[int, int]]:
    """Fast greedy wrap for enormous single-line blocks: each row is cut at the last plain space that
    fits. It counts characters, not cells, and skips the « » niceties: fine for text nobody reads whole."""
    lines: list[tuple[int, int]] = []
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        while start < end_of_text and text[start] == " ":
            start += 1
        if start >= end_of_text:
            break
        limit = start + width
        if limit >= end_of_text:
            lines.append((start, end_of_text))
            break
        cut = text.rfind(" ", start, limit + 1)
        if cut <= start:
            cut = limit  # one word longer than the row: cut it
        lines.append((start, cut))
        start = cut
    return lines or [(0, 0)]


def _group(highlights: Sequence[Highlight]) -> dict[int, list[Highlight]]:
    grouped: dict[int, list[Highlight]] = {}
    for highlight in highlights:
        grouped.setdefault(highlight.block, []).append(highlight)
    return grouped


def _split_newlines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def _cut_at_cells(text: str, start: int, end: int, width: int) -> int:
    cells = 0
    for index in range(start, end):
        cells += cell_len(text[index])
        if cells > width:
            return max(index, start + 1)
    return end


class ArticleStyles(Widget):
    """The text styles of every ArticleView on a screen (headings, tones, highlights…), held once.

    Why not component classes on ArticleView itself: Textual resolves a widget's component classes by
    building a node per class and matching the whole stylesheet against it, for every instance, at mount
    and at every restyle. Sixteen classes on each of three views cost more than the rest of the screen's
    styling on the first frame. The views read the styles from this one hidden widget instead; the rules
    stay in styles/app.tcss (``ArticleStyles > .article-view--heading`` …). The first view on a screen
    mounts it.
    """

    DEFAULT_CSS = "ArticleStyles { display: none; }"

    COMPONENT_CLASSES = {
        "article-view--heading",
        "article-view--quote",
        "article-view--list-item",
        "article-view--preformatted",
        "article-view--pending",
        "article-view--memory",
        "article-view--aside",
        "article-view--marker-idle",
        "article-view--error",
        "article-view--note",
        "article-view--marker",
        "article-view--figure",
        "article-view--speech",
        "article-view--entity",
        "article-view--match",
        "article-view--flash",
    }


class ArticleView(ScrollView, can_focus=True):
    """Shows a list of :class:`ViewBlock` with highlights; used for the original and the translation."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("shift+space,b", "page_up", "Page up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    show_highlights: reactive[bool] = reactive(True)
    current_block: reactive[int] = reactive(0)

    class CurrentBlockChanged(Message):
        """The block at the top of the view changed (for synced scrolling and the progress %)."""

        def __init__(self, view: "ArticleView", block: int) -> None:
            super().__init__()
            self.view = view
            self.block = block

        @property
        def control(self) -> "ArticleView":
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[ViewBlock] = []
        self._highlights: dict[int, list[Highlight]] = {}
        self._search: dict[int, list[Highlight]] = {}
        self._flash: Highlight | None = None
        self._wrap_width = 0
        self._wrapped: list[list[_Line]] = []
        self._block_first_line: list[int] = []  # row of each block's first line (a gap row between blocks)
        self._line_total = 0
        self._last_progress = -1
        self._base_style: Style | None = None  # the widget's style, fixed while render_lines draws rows
        self._row_width = 0  # and its width
        self._palette: ArticleStyles | None = None

    # ---------------------------------------------------------------- content

    @property
    def blocks(self) -> Sequence[ViewBlock]:
        return tuple(self._blocks)

    @property
    def line_count(self) -> int:
        return self._line_total

    def _line_at(self, row: int) -> _Line | None:
        """The wrapped line on ``row`` (None past the end); a gap row between blocks has block -1."""
        if not 0 <= row < self._line_total:
            return None
        block = bisect_right(self._block_first_line, row) - 1
        number = row - self._block_first_line[block]
        lines = self._wrapped[block]
        return lines[number] if number < len(lines) else _GAP

    def set_blocks(self, blocks: Sequence[ViewBlock]) -> None:
        """Replace everything shown; scroll back to the top."""
        self._blocks = list(blocks)
        self._highlights = {}
        self._search = {}
        self._flash = None
        self._wrapped = [[] for _ in self._blocks]
        self._wrap_width = 0
        self._join_lines()  # consistent (empty) lines until the view has a width to wrap to
        self._rewrap(force=True)
        self.scroll_to(y=0, animate=False)

    def update_block(self, index: int, block: ViewBlock) -> None:
        """Replace one block (a translation arriving) and re-wrap only it."""
        if not 0 <= index < len(self._blocks) or self._blocks[index] == block:
            return
        self._blocks[index] = block
        if self._wrap_width:
            old = len(self._wrapped[index])
            self._wrapped[index] = self._wrap_block(index, self._wrap_width)
            if len(self._wrapped[index]) != old:
                delta = len(self._wrapped[index]) - old
                firsts = self._block_first_line
                for after in range(index + 1, len(firsts)):
                    firsts[after] += delta
                self._set_line_total(self._line_total + delta)
        self.refresh()

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Facts marks (figures, quotes, names): shown while ``show_highlights`` is on."""
        self._highlights = _group(highlights)
        self.refresh()

    def set_block_highlights(self, block: int, highlights: Sequence[Highlight]) -> None:
        """Replace the facts marks of one block (a translated block arriving)."""
        if highlights:
            self._highlights[block] = list(highlights)
        else:
            self._highlights.pop(block, None)
        self.refresh()

    def set_search(self, matches: Sequence[Highlight]) -> None:
        """Search matches: always shown, whatever ``show_highlights`` says."""
        self._search = _group(matches)
        self.refresh()

    def flash(self, highlight: Highlight | None) -> None:
        """Mark one span strongly (a selected fact) until the next flash or set_blocks."""
        self._flash = highlight
        self.refresh()

    def block_text(self, index: int) -> str:
        return self._blocks[index].text if 0 <= index < len(self._blocks) else ""

    def scroll_to_block(self, index: int, *, animate: bool = True, offset: int = 0, margin: int = 2) -> None:
        """Scroll so the line holding ``offset`` of the block is ``margin`` rows below the top."""
        if not self._block_first_line or not 0 <= index < len(self._blocks):
            return
        line = self._block_first_line[index]
        for number, candidate in enumerate(self._wrapped[index]):
            if not candidate.note and candidate.start <= offset <= candidate.end:
                line = self._block_first_line[index] + number
                break
        self.scroll_to(y=max(0, line - margin), animate=animate, duration=0.2)

    def top_block(self) -> int:
        """The block whose text is at the top of the view (the next one when the top row is a gap)."""
        y = round(self.scroll_offset.y)
        for row in (y, y + 1):
            line = self._line_at(row)
            if line is not None and line.block >= 0:
                return line.block
        before = self._line_at(y - 1) if 0 < y <= self._line_total else None
        return before.block if before is not None else 0

    def reading_progress(self) -> int:
        """How far the reader got, in percent: 100 once the last line is on screen."""
        total = self._line_total
        if not total:
            return 0
        seen = round(self.scroll_offset.y) + self.scrollable_content_region.height
        return max(0, min(100, round(100 * seen / total)))

    # ---------------------------------------------------------------- layout

    def on_resize(self) -> None:
        self._rewrap()

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - _GUTTER)

    def _rewrap(self, force: bool = False, refresh: bool = True) -> None:
        width = self._text_width() if self.is_mounted and self.size.width else 0
        if not width:
            return
        if width != self._wrap_width or force:
            self._wrap_width = width
            self._wrapped = [self._wrap_block(index, width) for index in range(len(self._blocks))]
            self._join_lines()
        elif not refresh:
            return
        if refresh:
            self.refresh()

    def on_mount(self) -> None:
        if not self.screen.query(ArticleStyles):
            self.screen.mount(ArticleStyles())
        self._rewrap()

    def _style(self, name: str, partial: bool = False) -> Style:
        """A text style from the screen's ArticleStyles (see there why it is not a component class here)."""
        palette = self._palette
        if palette is None or not palette.is_attached:
            palette = self._palette = self.screen.query_one(ArticleStyles)
        return palette.get_component_rich_style(name, partial=partial)

    def _wrap_block(self, index: int, width: int) -> list[_Line]:
        block = self._blocks[index]
        first, rest = _PREFIX.get(block.kind, ("", ""))
        lines: list[_Line] = []
        if block.note:
            for start, end in wrap_offsets(block.note, width):
                lines.append(_Line(index, start, end, "", note=True))
        for number, (start, end) in enumerate(wrap_offsets(block.text, width - len(first))):
            lines.append(_Line(index, start, end, first if number == 0 else rest))
        return lines

    def _join_lines(self) -> None:
        firsts: list[int] = []
        row = 0
        for block_lines in self._wrapped:
            firsts.append(row)
            row += len(block_lines) + 1  # the gap row before the next block
        self._block_first_line = firsts
        self._set_line_total(max(0, row - 1))
        if self.current_block >= len(self._blocks):
            self.current_block = 0

    def _set_line_total(self, total: int) -> None:
        self._line_total = total
        self.virtual_size = Size(self._wrap_width + _GUTTER, total)
        if self._wrap_width and total:
            self.call_after_refresh(self._report_progress)

    # ---------------------------------------------------------------- scrolling

    def action_scroll_down(self) -> None:
        """One line down, at once: Textual animates it (50 lines/s), which puts the first visible change a
        frame later (~20 ms) and draws the whole view twice per key."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        """One line up, at once (see action_scroll_down)."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_up(animate=False)

    class ProgressChanged(Message):
        """The reading progress (percent of the article seen) changed."""

        def __init__(self, view: "ArticleView", percent: int) -> None:
            super().__init__()
            self.view = view
            self.percent = percent

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        percent = self.reading_progress()
        if percent != self._last_progress:
            self._last_progress = percent
            self.post_message(self.ProgressChanged(self, percent))
        block = self.top_block()
        if block != self.current_block:
            self.current_block = block
            self.post_message(self.CurrentBlockChanged(self, block))

    def _report_progress(self) -> None:
        percent = self.reading_progress()
        if percent != self._last_progress:
            self._last_progress = percent
            self.post_message(self.ProgressChanged(self, percent))

    def watch_show_highlights(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def watch_current_block(self) -> None:
        self.refresh()

    # ---------------------------------------------------------------- drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows in ``crop``; the widget's style and width are looked up once for all of them."""
        self._base_style = self.rich_style
        self._row_width = self.scrollable_content_region.width
        if self._blocks and self._wrap_width != self._text_width():
            # The first frame: the size is known here before the Resize event arrives, and wrapping now
            # puts the text in this frame instead of the next one.
            self._rewrap(refresh=False)
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        if self._base_style is not None:  # inside render_lines: looked up once for all rows
            width, base = self._row_width, self._base_style
        else:
            width, base = self.scrollable_content_region.width, self.rich_style
        line = self._line_at(round(self.scroll_offset.y) + y)
        if line is None or not 0 <= line.block < len(self._blocks):
            return Strip.blank(width, base)
        block = self._blocks[line.block]
        if line.block == self.current_block and self._blocks and len(self._blocks) > 1:
            marker_class = "article-view--marker" if self.has_focus else "article-view--marker-idle"
            segments = [Segment("▎ ", base + self._style(marker_class))]
        else:
            segments = [Segment("  ", base)]
        if line.note:
            note_style = base + self._style("article-view--note")
            segments.append(Segment(block.note[line.start : line.end] if block.note else "", note_style))
        else:
            block_style = base + self._block_style(block)
            if line.prefix:
                segments.append(Segment(line.prefix, block_style))
            segments.extend(self._text_segments(line, block.text, block_style))
        return Strip(segments).adjust_cell_length(width, base)

    def _block_style(self, block: ViewBlock) -> Style:
        names = {
            "pending": "article-view--pending",
            "error": "article-view--pending",
            "memory": "article-view--memory",
            "aside": "article-view--aside",
        }
        style = Style()
        kind_class = {
            "heading": "article-view--heading",
            "quote": "article-view--quote",
            "list_item": "article-view--list-item",
            "preformatted": "article-view--preformatted",
        }.get(block.kind)
        if kind_class:
            style += self._style(kind_class, partial=True)
        if block.tone in names:
            style += self._style(names[block.tone], partial=True)
        return style

    def _text_segments(self, line: _Line, text: str, style: Style) -> list[Segment]:
        """Cut the line's slice of text at highlight edges and style each piece."""
        marks: list[Highlight] = []
        if self.show_highlights:
            marks.extend(self._highlights.get(line.block, ()))
        marks.extend(self._search.get(line.block, ()))
        if self._flash is not None and self._flash.block == line.block:
            marks.append(self._flash)
        marks = [m for m in marks if m.start < line.end and m.end > line.start]
        if not marks:
            return [Segment(text[line.start : line.end], style)]
        cuts = {line.start, line.end}
        for mark in marks:
            cuts.add(max(line.start, mark.start))
            cuts.add(min(line.end, mark.end))
        points = sorted(cuts)
        segments = []
        for start, end in zip(points, points[1:]):
            piece_style = style
            for mark in marks:
                if mark.start <= start and end <= mark.end:
                    piece_style += self._style(f"article-view--{mark.style}", partial=True)
            segments.append(Segment(text[start:end], piece_style))
        return segments
