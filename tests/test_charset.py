"""decode_html must read pages the way browsers do, because French sites still send windows-1252 under
Latin-1 labels and the typographic apostrophe, the euro sign and "œ" are in every other sentence."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.charset import decode_html, normalize_charset

FRENCH = "L’été coûte 5 € — une œuvre « chère »"
PAGE = f"<html><head><title>t</title></head><body><p>{FRENCH}</p></body></html>"


def test_utf8_bom_wins_over_header_and_is_removed():
    data = codecs.BOM_UTF8 + PAGE.encode("utf-8")
    assert decode_html(data, "iso-8859-1") == PAGE


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_bom(codec, bom):
    assert decode_html(bom + PAGE.encode(codec)) == PAGE


@pytest.mark.parametrize(
    "label", ["iso-8859-1", "ISO-8859-1", "latin1", "latin-1", "ascii", "us-ascii", '"iso-8859-1"']
)
def test_latin1_and_ascii_labels_mean_windows_1252(label):
    text = decode_html(PAGE.encode("cp1252"), label)
    assert FRENCH in text
    assert not any("\x80" <= char <= "\x9f" for char in text)


def test_header_charset_wins_over_meta():
    data = f'<meta charset="windows-1252">{PAGE}'.encode("utf-8")
    assert FRENCH in decode_html(data, "utf-8")


def test_meta_charset():
    data = f'<html><head><meta charset="windows-1252">{PAGE}'.encode("cp1252")
    assert FRENCH in decode_html(data)


def test_meta_http_equiv_content_type():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    text = "Привет, мир"
    assert text in decode_html(f"<head>{meta}</head><p>{text}</p>".encode("koi8-r"))


def test_meta_inside_a_comment_is_ignored():
    data = f'<!-- <meta charset="koi8-r"> --><p>{FRENCH}</p>'.encode("utf-8")
    assert FRENCH in decode_html(data)


def test_meta_after_the_first_2_kb_is_ignored():
    data = (" " * 3000 + f'<meta charset="koi8-r"><p>{FRENCH}</p>').encode("utf-8")
    assert FRENCH in decode_html(data)


def test_header_claiming_utf16_on_an_ascii_page_is_ignored():
    data = f'<meta charset="windows-1252"><p>{FRENCH}</p>'.encode("cp1252")
    assert FRENCH in decode_html(data, "utf-16")


def test_header_utf16_without_bom_is_honoured_when_the_bytes_are_utf16():
    assert decode_html(PAGE.encode("utf-16-le"), "utf-16le") == PAGE


def test_meta_claiming_utf16_means_utf8():
    data = f'<meta charset="utf-16"><p>{FRENCH}</p>'.encode("utf-8")
    assert FRENCH in decode_html(data)


@pytest.mark.parametrize("label", ["no-such-charset", "utf-7", "rot13", "base64", "unicode_escape", "x" * 100, ""])
def test_unknown_or_unsafe_header_charset_falls_through_to_meta(label):
    data = f'<meta charset="windows-1252"><p>{FRENCH}</p>'.encode("cp1252")
    assert FRENCH in decode_html(data, label)


def test_unsafe_meta_charset_is_ignored():
    data = '<meta charset="unicode_escape"><p>\\u0041 reste</p>'.encode()
    assert "\\u0041 reste" in decode_html(data)


def test_undeclared_utf8():
    assert decode_html(PAGE.encode("utf-8")) == PAGE


def test_undeclared_windows_1252_is_detected():
    assert FRENCH in decode_html(PAGE.encode("cp1252"))


def test_mostly_windows_1252_with_one_accidental_utf8_pair_is_windows_1252():
    data = "Ã© ".encode("cp1252") + PAGE.encode("cp1252")  # C3 A9 is valid UTF-8, the rest is not
    assert FRENCH in decode_html(data)


def test_utf8_page_with_a_stray_windows_1252_byte_keeps_both():
    data = "<p>déjà vu</p>".encode() + b"<p>l\x92heure</p>"
    assert decode_html(data) == "<p>déjà vu</p><p>l’heure</p>"


def test_declared_utf8_with_windows_1252_bytes_gets_them_right():
    assert decode_html(b"<p>l\x92\xe9t\xe9 \x80</p>", "utf-8") == "<p>l’été €</p>"


def test_windows_1252_undefined_bytes_become_c1_not_replacement():
    assert decode_html(b"a\x81b\x9dc", "windows-1252") == "a\x81b\x9dc"


def test_undeclared_cyrillic_is_detected():
    text = "Президент заявил, что экономика страны растёт быстрее, чем ожидалось. " * 4
    assert text in decode_html(f"<p>{text}</p>".encode("cp1251"))


def test_undeclared_japanese_is_detected():
    text = "東京で経済会議が開かれ、政府は新しい政策を発表しました。" * 3
    assert text in decode_html(f"<p>{text}</p>".encode("shift_jis"))


def test_detection_on_a_big_page_sees_past_a_head_of_scripts():
    """Detection samples big pages (head and tail): here the head holds no text at all."""
    text = "Президент заявил, что экономика страны растёт быстрее, чем ожидалось."
    data = b"<script>" + b"var a = 1;" * 150_000 + b"</script>" + f"<p>{text}</p>".encode("cp1251") * 2000
    assert text in decode_html(data)


def test_empty():
    assert decode_html(b"") == ""
    assert decode_html(b"", "utf-8") == ""


@pytest.mark.parametrize(
    "label, codec",
    [
        ("iso-8859-1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("windows-1252", "cp1252"),
        ("utf8", "utf-8"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-sjis", "cp932"),
        ("shift_jis", "cp932"),
        ("euc-kr", "cp949"),
        ("iso-8859-9", "cp1254"),
        ("windows-874", "cp874"),
        ("koi8-r", "koi8-r"),
        ("iso-8859-15", "iso8859-15"),
        (" 'utf-8' ", "utf-8"),
        ("utf-7", None),
        ("unicode_escape", None),
        ("hex", None),
        ("bogus", None),
        (None, None),
    ],
)
def test_normalize_charset_follows_whatwg(label, codec):
    assert normalize_charset(label) == codec


def test_charset_normalizer_is_not_imported_for_utf8_pages():
    """Detection is the slow fallback: a UTF-8 page (most of the web) must not pay for importing it."""
    code = (
        "import sys; from reader.charset import decode_html; "
        "decode_html('<p>é</p>'.encode()); decode_html(b'<p>\\x92</p>', 'latin1'); "
        "print('charset_normalizer' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


LABELS = ["utf-8", "iso-8859-1", "shift_jis", "utf-16", "gb18030", "koi8-r", "utf-16-be", "euc-jp", "iso-2022-jp"]


WITH_META = st.builds(
    lambda label, rest: b'<meta charset="' + label + b'">' + rest,
    st.binary(max_size=20) | st.sampled_from(LABELS).map(str.encode),
    st.binary(max_size=2000),
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=3000) | WITH_META,
    label=st.none() | st.text(max_size=20) | st.sampled_from(LABELS),
)
def test_decode_html_never_raises(data, label):
    """Every page goes through here: a crash would cost the reader the page, whatever its bytes."""
    assert isinstance(decode_html(data, label), str)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500).filter(lambda t: not t.startswith("\ufeff")))
def test_undeclared_utf8_round_trips(text):
    """Strict UTF-8 comes before detection: valid UTF-8 is never second-guessed."""
    assert decode_html(text.encode("utf-8")) == text
