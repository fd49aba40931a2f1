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
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?              # CSI
    | \x9b[0-?]*[ -/]*[@-~]?                # 8-bit CSI
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?     # 8-bit OSC
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC
    | [\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)? # their 8-bit forms
    | \x1b[\x20-\x7e]?                      # any other two-byte escape, or a lone ESC
    """,
    re.VERBOSE,
)

# C0 controls except TAB and LF, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Bidi embeddings/overrides/isolates and marks: they reorder text on screen (the "Trojan Source" trick).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# Invisible characters that split words for search and copy: zero-width space, word joiner, BOM,
# soft hyphen, Mongolian vowel separator. ZWJ/ZWNJ stay: emoji and several scripts need them.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")


def clean_text(text: str) -> str:
    """Return ``text`` without escape sequences, control characters, bidi controls or invisible marks.

    Tabs and newlines are kept; callers that want a single line collapse whitespace themselves.
    """
    if not text:
        return ""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _BIDI.sub("", text)
    return _INVISIBLE.sub("", text)


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def clean_line(text: str) -> str:
    """:func:`clean_text`, then collapse ASCII whitespace to single spaces and strip the ends.

    Only ASCII whitespace collapses: French no-break spaces (U+00A0, U+202F) inside "2 209" or before
    "%" belong to the text.
    """
    return _SPACES.sub(" ", clean_text(text)).strip()
