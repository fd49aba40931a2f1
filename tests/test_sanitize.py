"""reader.sanitize: what page text may not carry to the terminal, family by family, and properties.

clean_text must remove every escape sequence, C0/C1 control (but TAB and LF), bidi control and invisible
word splitter — and nothing else: text next to an attack stays, and a stray control character never eats
the rest of a paragraph.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sanitize import clean_line, clean_text

# Never in clean text: C0 but TAB/LF, DEL, C1, ESC (in C0), bidi controls, zero-width splitters.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                       r"\u200b\u2060\ufeff\u00ad\u180e]")


@pytest.mark.parametrize("dirty, clean", [
    # SGR and other CSI sequences, 7-bit and 8-bit
    ("a \x1b[31mrouge\x1b[0m b", "a rouge b"),
    ("\x1b[1;38;5;196mvif\x1b[m", "vif"),
    ("\x1b[2J\x1b[Hécran", "écran"),
    ("\x1b[?1049h\x1b[?25lcaché", "caché"),
    ("a \x9b31mrouge\x9b0m b", "a rouge b"),
    # OSC: title, hyperlink, clipboard — terminated by BEL or ST (7- or 8-bit)
    ("a\x1b]2;PWNED\x07b", "ab"),
    ("a\x1b]0;PWNED\x1b\\b", "ab"),
    ("a\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\b", "alienb"),
    ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),
    ("a\x9d2;PWNED\x9cb", "ab"),
    ("a\x9d2;PWNED\x07b", "ab"),
    # DCS, SOS, PM, APC, 7- and 8-bit
    ("a\x1bP1$r\x1b\\b", "ab"),
    ("a\x1bXsos\x1b\\b", "ab"),
    ("a\x1b^pm\x1b\\b", "ab"),
    ("a\x1b_apc\x1b\\b", "ab"),
    ("a\x90dcs\x9cb", "ab"),
    ("a\x9fapc\x9cb", "ab"),
    # two-byte escapes and a lone ESC
    ("a\x1bcb", "ab"),  # RIS: full reset
    ("a\x1b7\x1b8b", "ab"),
    ("a\x1b", "a"),
    ("\x1b\x1b[31mx", "x"),
    # C0, DEL, C1 alone
    ("a\x00b\x01c\x07d\x08e", "abcde"),
    ("a\x0bb\x0cc\rd\x0ee\x1ff\x7fg", "abcdefg"),
    ("a\x80b\x85c\x8dd\x9ae", "abcde"),
    ("ligne\tun\nligne deux", "ligne\tun\nligne deux"),  # TAB and LF stay
    # bidi embeddings, overrides, isolates, marks
    ("a\u202eesrever\u202cb", "aesreverb"),
    ("\u202a\u202b\u202d\u2066\u2067\u2068\u2069x\u200e\u200f\u061c", "x"),
    # invisible word splitters
    ("ré\u200bsu\u2060mé\u00ad\ufeff", "résumé"),
    ("mon\u180egol", "mongol"),
    # ZWJ/ZWNJ: removed inside Latin words, kept where scripts and emoji need them
    ("ré\u200dsu\u200cmé", "résumé"),
    ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
    ("می\u200cخواهم", "می\u200cخواهم"),
    # markup is text: never touched here
    ("[bold red]x[/] [@click=app.quit]q[/] [link=x]", "[bold red]x[/] [@click=app.quit]q[/] [link=x]"),
    ("", ""),
])
def test_each_family(dirty, clean):
    assert clean_text(dirty) == clean


@pytest.mark.parametrize("dirty, kept", [
    ("L’été \x90 coûte 5 € et la suite du paragraphe", "coûte 5 € et la suite du paragraphe"),
    ("avant \x9d milieu et la fin", "milieu et la fin"),
    ("avant \x98 milieu et la fin", "milieu et la fin"),
    ("avant \x1b] milieu et la fin", "milieu et la fin"),
    ("avant \x1bP milieu et la fin", "milieu et la fin"),
])
def test_an_unterminated_string_sequence_does_not_eat_the_text(dirty, kept):
    """Bytes 0x81 0x8d 0x8f 0x90 0x9d are undefined in windows-1252 and reach us as C1 characters."""
    cleaned = clean_text(dirty)
    assert kept in cleaned and not FORBIDDEN.search(cleaned)


def test_an_osc_payload_never_shows_as_a_command():
    assert "PWNED" not in clean_text("titre \x1b]2;PWNED\x07 fin")
    assert "PWNED" not in clean_text("titre \x9d0;PWNED\x9c fin")


def test_clean_line_collapses_ascii_space_only():
    assert clean_line("  a \t\n b\x1b[31m  c  ") == "a b c"
    assert clean_line("2\u202f209\u00a0%") == "2\u202f209\u00a0%"


def test_long_text_is_linear():
    """Many unterminated introducers in a long paragraph: each scan stops at the next one."""
    import time

    text = ("\x9d" + "mot " * 50) * 20_000 + "\x1b]" * 20_000  # ~4 MB
    start = time.perf_counter()
    cleaned = clean_text(text)
    assert time.perf_counter() - start < 5  # quadratic would be minutes
    assert cleaned.count("mot ") == 50 * 20_000


# ---------------------------------------------------------------------------------------------- properties

# Text dense in the characters that matter, mixed with anything Unicode holds.
_DANGEROUS = st.sampled_from([
    "\x1b", "[", "]", "\\", "\x07", "\x9b", "\x9c", "\x9d", "\x90", "\x98", "\x9e", "\x9f", "P", "X", "^", "_",
    "31m", "2;", "\x00", "\r", "\n", "\t", "\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\u200d", "\u200c",
    "\u00ad", "\ufeff", "é", "a", " ", "👨", "م",
])
_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_DANGEROUS, st.characters()), max_size=80).map("".join),
)


@settings(max_examples=1500, deadline=None, database=None)
@given(_TEXT)
def test_clean_text_never_leaves_a_control_and_is_idempotent(text):
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned), repr(cleaned)
    assert "\x1b" not in cleaned
    assert clean_text(cleaned) == cleaned
    assert len(cleaned) <= len(text)


@settings(max_examples=300, deadline=None, database=None)
@given(_TEXT)
def test_clean_line_is_one_clean_line(text):
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line and line == line.strip(" ")
    assert not FORBIDDEN.search(line)


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs")), max_size=200))
def test_ordinary_text_is_untouched(text):
    """Letters, digits, punctuation, spaces, emoji: nothing to remove (Cf holds the bidi/invisible marks)."""
    assert clean_text(text) == text
