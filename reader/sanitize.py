"""Make text from the web safe to display in a terminal.

Page text is hostile: an ANSI/VT escape sequence in a paragraph can recolour the terminal or rename the
tmux pane, a bidi override can reorder what the reader sees, and C0/C1 control characters reach the
terminal raw (Textual's ``Content`` only strips BEL, BS, VT, FF and CR). Every string that came from the
network goes through :func:`clean_text` before it is stored in a model, so widgets never see one.
Markup is a separate concern: widgets build ``Content``/``Text`` objects, never markup strings.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P/X/^/_ … ST),
# and two-byte escapes (ESC followed by one char). Their 8-bit C1 forms (CSI = 0x9b, OSC = 0x9d, …) too.
# A string sequence (OSC, DCS…) goes whole only when it is terminated: an unterminated one loses its
# introducer alone, so a stray 0x90 or 0x9d (bytes windows-1252 leaves undefined) or a lone "ESC ]" never
# swallows the rest of a paragraph. Its payload stops at any ESC or C1 character, which keeps the scan linear.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                                   # CSI
    | \x9b[0-?]*[ -/]*[@-~]?                                     # 8-bit CSI
    | (?:\x1b\]|\x9d)[^\x07\x1b\x80-\x9f]*(?:\x07|\x1b\\|\x9c)          # OSC, terminated
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x80-\x9f]*(?:\x1b\\|\x9c)  # DCS, SOS, PM, APC, terminated
    | \x1b[\x20-\x7e]?   # any other two-byte escape, a lone ESC, or an unterminated string's introducer
    """,
    re.VERBOSE,
)

# C0 controls except TAB and LF, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Bidi embeddings/overrides/isolates and marks: they reorder text on screen (the "Trojan Source" trick).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# Invisible characters that split words for search and copy: zero-width space, word joiner, BOM,
# soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")

# ZWJ/ZWNJ: emoji and several scripts (Arabic, Indic) need them, so they stay — except between two Latin
# letters or digits, where they only hide a word from search ("ré\u200dsumé").
_LATIN = r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff]"
_JOINER_IN_LATIN_WORD = re.compile(rf"(?<={_LATIN})[\u200c\u200d]+(?={_LATIN})")


# Every character any of the patterns above can match or start a match with: a text without one of
# them comes back unchanged, and one search says so (most text from the web has none).
_ANY_REMOVABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060\ufeff\u00ad\u180e"
    r"\u200c\u200d]"
)


def clean_text(text: str) -> str:
    """Return ``text`` without escape sequences, control characters, bidi controls or invisible marks.

    Idempotent: ``clean_text(clean_text(s)) == clean_text(s)``. Tabs and newlines are kept; callers that
    want a single line collapse whitespace themselves.
    """
    if not text:
        return ""
    if _ANY_REMOVABLE.search(text) is None:
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _BIDI.sub("", text)
    text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:  # last, so that a second pass finds nothing: idempotent
        text = _JOINER_IN_LATIN_WORD.sub("", text)
    return text


_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# What _SPACES would change: ASCII whitespace other than a lone space.
_SPACES_TO_COLLAPSE = re.compile(r"[\t\n\r\f\v]|  ")


def clean_line(text: str) -> str:
    """:func:`clean_text`, then collapse ASCII whitespace to single spaces and strip the ends.

    Only ASCII whitespace collapses: French no-break spaces (U+00A0, U+202F) inside "2 209" or before
    "%" belong to the text.
    """
    text = clean_text(text)
    if _SPACES_TO_COLLAPSE.search(text) is None:
        return text.strip()
    return _SPACES.sub(" ", text).strip()
