"""Turn the bytes of a web page into text the way a browser would.

Neither httpx nor selectolax gets this right on their own (see NOTES.md): httpx never reads ``<meta
charset>``, and both decode "iso-8859-1" as true Latin-1, so the typographic apostrophe, the euro sign and
"œ" that French sites send as windows-1252 bytes turn into invisible C1 control characters. So we decode
ourselves and hand ``str`` to everyone else, in the order browsers use:

1. a byte-order mark;
2. the ``charset`` of the HTTP ``Content-Type`` header;
3. ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the first 2 KB (comments skipped);
4. strict UTF-8 (most of the web, and the only guess that is almost never wrong when it succeeds), then
   "mostly UTF-8": valid UTF-8 characters outnumber the invalid bytes;
5. charset-normalizer's detection (slow, so only here, imported lazily; on big pages it sees the text
   around the non-ASCII bytes); windows-1252 wins its ties with the other Western codecs;
6. windows-1252.

Labels go through the WHATWG mapping browsers apply ("iso-8859-1", "latin1", "ascii" mean windows-1252,
"gb2312" means gb18030, …); a label we do not know, a Python codec that is not a web text encoding
("rot13", "base64", "unicode_escape", "utf-7"), or a UTF-16 label on bytes that hold no NUL, is ignored
and the next step decides. UTF-8 text (declared or "mostly") that holds stray windows-1252 bytes (a common
CMS accident) gets those bytes decoded as windows-1252 instead of "�". The function never raises.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "normalize_charset"]

META_SCAN_BYTES = 2048

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)

# WHATWG labels whose browser meaning differs from Python's codec of the same name.
# Keys are Python's canonical codec names (``codecs.lookup(label).name``).
_WHATWG_OVERRIDES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "utf-16": "utf-16-le",
}

# WHATWG labels Python does not know under that name.
_EXTRA_LABELS = {
    "windows-874": "cp874",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "x-cp1252": "cp1252",
}

# Python codecs (normalised ``codecs.lookup(...).name``) that are web text encodings.
_ALLOWED = frozenset(
    """
    utf-8 utf-16-le utf-16-be cp866 koi8-r koi8-u mac-roman mac-cyrillic cp874
    cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258
    iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10
    iso8859-13 iso8859-14 iso8859-15 iso8859-16
    gb18030 big5hkscs euc_jp iso2022_jp cp932 cp949
    """.split()
)

_META = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()+-]+)""",
    re.IGNORECASE,
)
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)

# Western single-byte codecs the detector cannot tell apart on a short text; windows-1252 is by far the
# most common on the web, so it wins a tie with any of them.
_WESTERN = frozenset({"cp1252", "latin_1", "ascii", "iso8859_15"})
_TIE = 0.02

# charset-normalizer costs about 60 ms per MB and samples evenly, so on a big page it mostly sees ASCII
# markup and scripts. Past this size it gets the text around the non-ASCII bytes instead.
DETECT_SAMPLE_BYTES = 256 * 1024
_CONTEXT = 64  # bytes kept either side of a non-ASCII run: enough words for the detector's language model
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")

_CP1252_FALLBACK = "reader-cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as windows-1252; bytes it leaves undefined become C1 (as in browsers)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return _decode_cp1252(bytes(bad)), error.end


def _c1_fallback(error: UnicodeError) -> tuple[str, int]:
    """windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: WHATWG maps them to U+0081…"""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(map(chr, bad)), error.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)
codecs.register_error("reader-c1", _c1_fallback)


def _decode_cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="reader-c1")


def normalize_charset(label: str | None) -> str | None:
    """Map a charset label to the Python codec a browser would use, or None when it is unknown or unsafe."""
    if not label:
        return None
    label = label.strip().strip("\"'").strip().lower()
    if not label or len(label) > 40:
        return None
    label = _EXTRA_LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    name = _WHATWG_OVERRIDES.get(name, name)
    return name if name in _ALLOWED else None


def _decode_as(data: bytes, codec: str) -> str:
    """Decode with a known-good codec, never raising (what a browser does once it has picked a charset)."""
    if codec == "cp1252":
        return _decode_cp1252(data)
    if codec == "utf-8":
        return data.decode("utf-8", errors=_CP1252_FALLBACK)
    return data.decode(codec, errors="replace")


def _from_bom(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _from_meta(data: bytes) -> str | None:
    """The first usable charset declared by a ``<meta>`` tag near the top (comments skipped)."""
    head = data[:META_SCAN_BYTES]
    if b"<" not in head:
        return None
    head = _COMMENT.sub(b"", head)
    for match in _META.finditer(head):
        codec = normalize_charset(match.group(1).decode("ascii", "replace"))
        if codec is not None:
            # A meta tag we could read in ASCII cannot be UTF-16: browsers switch to UTF-8 here.
            return "utf-8" if codec.startswith("utf-16") else codec
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when valid UTF-8 characters outnumber the invalid bytes: a UTF-8 page with a few legacy bytes.

    Text in a legacy encoding almost never forms a valid multi-byte sequence by accident. Counted on a
    decoded copy (C speed, no per-sequence objects: this runs on pages of several MB).
    """
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd")
    valid = len(text) - stray - len(text.encode("ascii", errors="ignore"))
    return valid > 0 and valid >= stray


def _detection_sample(data: bytes) -> bytes:
    """The page itself when small, else the stretches around its non-ASCII bytes, up to the sample size."""
    if len(data) <= DETECT_SAMPLE_BYTES:
        return data
    pieces: list[bytes] = []
    size = end = 0
    for run in _NON_ASCII_RUN.finditer(data):
        start = max(run.start() - _CONTEXT, end)
        if start > end and pieces:
            pieces.append(b"\n")
        end = min(run.end() + _CONTEXT, len(data))
        pieces.append(data[start:end])
        size += end - start
        if size >= DETECT_SAMPLE_BYTES:
            break
    return b"".join(pieces) or data[:DETECT_SAMPLE_BYTES]


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, mapped like a label; None when it has no opinion.

    windows-1252 wins when it is about as good as the best guess: on short texts the detector ranks
    windows-1250, -1257 and Latin-1 variants equal to it and picks one arbitrarily.
    """
    data = _detection_sample(data)
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
    except Exception:  # a detector bug must not cost the reader the page
        return None
    if not matches:
        return None
    best = min(matches, key=lambda match: match.chaos)
    if any(m.encoding in _WESTERN and m.chaos <= best.chaos + _TIE for m in matches):
        return "cp1252"
    return normalize_charset(matches[0].encoding)


def _plausible(codec: str | None, data: bytes) -> str | None:
    """Drop a UTF-16 label on bytes with no NUL near the start: an ASCII page mislabelled by its server
    would otherwise turn into a wall of CJK characters (UTF-16 HTML always has NULs between ASCII letters)."""
    if codec is not None and codec.startswith("utf-16") and b"\x00" not in data[:256]:
        return None
    return codec


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode a page's bytes: BOM → HTTP charset → meta charset → strict UTF-8 → detection → windows-1252.

    A BOM is removed from the text. Never raises: undecodable bytes become U+FFFD (or C1 characters for
    windows-1252, which ``reader.sanitize`` removes before display).
    """
    data = bytes(data)
    if not data:
        return ""
    bom = _from_bom(data)
    if bom is not None:
        codec, size = bom
        return _decode_as(data[size:], codec)
    codec = _plausible(normalize_charset(http_charset), data) or _from_meta(data)
    if codec is not None:
        return _decode_as(data, codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return _decode_as(data, "utf-8")
    codec = _detect(data)
    if codec is not None and codec != "utf-8":
        return _decode_as(data, codec)
    return _decode_cp1252(data)
