"""Find quoted passages by their marks, and the sentences around them, in any language.

A quote is found from its marks alone: « … » (with ‹ › or “ ” nested inside), “ … ”, and straight "…".
Only top-level quotes are kept; a nested quote stays part of its outer quote's text. A « left open at the
end of a paragraph continues in the next paragraph when that one opens with « (the French convention for a
quote running over several paragraphs): both parts are returned, linked by ``group``.

``mask`` hides quoted passages so that sentence splitting, name finding and speaker search look only at the
narration around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile(r"[«»“”‹›\"„]")
_SPACE = " \t\n\r\u00a0\u202f\u2009\u2007"
_PAIRS = {"«": "»", "“": "”", "‹": "›", "„": "“"}
# Characters that may precede an opening straight quote.
_OPEN_BEFORE = set(_SPACE) | set("([{:;,—–-/'’«“")
MASK_CHAR = "\ue000"  # a private-use character: never a letter, a digit or a sentence mark


@dataclass
class QuoteMark:
    """A quoted passage in one block: ``start:end`` are the words inside the marks (trimmed)."""

    open_at: int  # index of the opening mark, or -1 when the quote continues from the previous block
    start: int
    end: int
    close_at: int  # index just past the closing mark, or len(text) when it runs on to the next block
    continues: bool = False  # no closing mark in this block
    group: int = -1  # index of the first part when a quote runs over several blocks


def find_quotes(text: str) -> list[QuoteMark]:
    """Top-level quotes of one block, in order."""
    found: list[QuoteMark] = []
    stack: list[str] = []
    top_open = -1
    for match in _MARKS.finditer(text):
        char = match.group()
        pos = match.start()
        if char == '"':
            if stack and stack[-1] == '"':
                char = "close"
            elif pos == 0 or text[pos - 1] in _OPEN_BEFORE:
                if pos + 1 < len(text) and text[pos + 1] not in _SPACE:
                    stack.append('"')
                    if len(stack) == 1:
                        top_open = pos
                continue
            else:
                continue
            stack.pop()
            if not stack:
                _add(found, text, top_open, pos)
            continue
        if char in _PAIRS and not (char == "“" and stack and stack[-1] == "„"):
            stack.append(char)
            if len(stack) == 1:
                top_open = pos
            continue
        # A closing mark: pop to its opener when one is open, else ignore it.
        opener = next((i for i in range(len(stack) - 1, -1, -1) if _PAIRS.get(stack[i]) == char), None)
        if opener is None:
            continue
        del stack[opener:]
        if not stack:
            _add(found, text, top_open, pos)
    if stack and stack[0] == "«":
        start, end = _trim(text, top_open + 1, len(text))
        if end > start:
            found.append(QuoteMark(top_open, start, end, len(text), continues=True))
    return found


def _add(found: list[QuoteMark], text: str, open_at: int, close_at: int) -> None:
    start, end = _trim(text, open_at + 1, close_at)
    if end > start:
        found.append(QuoteMark(open_at, start, end, close_at + 1))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE + ",":
        end -= 1
    return start, end


def mask(text: str, quotes: list[QuoteMark]) -> str:
    """The text with every quote (marks included) hidden; a quote ending a sentence keeps its full stop."""
    if not quotes:
        return text
    parts: list[str] = []
    last = 0
    for quote in quotes:
        begin = max(quote.open_at, 0) if quote.open_at >= 0 else 0
        parts.append(text[last:begin])
        hidden = quote.close_at - begin
        inner_end = text[quote.start : quote.end].rstrip()
        stop = "." if inner_end.endswith((".", "!", "?", "…")) and hidden > 0 else ""
        parts.append(MASK_CHAR * (hidden - len(stop)) + stop)
        last = quote.close_at
    parts.append(text[last:])
    return "".join(parts)


_SENTENCE_END = re.compile(
    r"[.!?…]+[»”\"')\]]*(?=[\s\u00a0]+[\"«“(\[\u2014\u2013\-]?[\s\u00a0]*[A-ZÀ-ÖØ-Þ0-9\ue000])"
)
_ABBREVIATIONS = re.compile(r"(?:\b(?:M|Mme|Dr|St|Mr|Mrs|Ms|Jr|etc|av|J\.-C|cf|p|n°|vol|[A-Z]))$")


def sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence spans of a (masked) block: quotes never split a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        if match.group().startswith(".") and _ABBREVIATIONS.search(masked, max(0, match.start() - 6), match.start()):
            continue
        end = match.end()
        spans.append((start, end))
        start = end
        while start < len(masked) and masked[start] in _SPACE:
            start += 1
    if start < len(masked) and masked[start:].strip():
        spans.append((start, len(masked)))
    return spans
