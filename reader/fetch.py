"""Load a source — an http(s) URL, a ``file://`` URL, a local path or ``-`` for stdin — into a :class:`Page`.

Everything a source can throw at us ends here as a :class:`~reader.errors.FetchError` whose one-line
message names the host or path and what went wrong ("HTTP 404 Not Found from example.com"), because the UI
and the CLI show ``str(error)`` and nothing else. The network is hostile, so every resource is bounded:

* time — httpx connect and read timeouts, plus a total deadline of our own (``asyncio.timeout``): a server
  that drips one byte a second never trips a read timeout, only a deadline stops it;
* redirects — followed by hand, at most ``max_redirects``, so the count, the loop message and the refusal
  of a redirect to ``file:`` or ``ftp:`` are ours;
* size — the *decompressed* body is capped. httpx decompresses a whole network chunk at once, and 150 bytes
  of brotli can hold 100 MB, so we read raw bytes (``aiter_raw``) and decompress them ourselves in bounded
  pieces (``max_length`` for zlib, ``output_buffer_limit`` for brotli); we only advertise the encodings we
  can decode that way;
* type — a PDF, an image or JSON is refused from its Content-Type before its body is read; a missing or
  vague type (octet-stream, XML, files, stdin) is decided by sniffing the first bytes.

Bytes become text through :func:`reader.charset.decode_html` (httpx and selectolax both get windows-1252
pages wrong). Plain text is accepted and wrapped in minimal HTML, one ``<p>`` per paragraph, so the
extractor has one input format.
"""

from __future__ import annotations

import asyncio
import errno
import html
import os
import re
import socket
import ssl
import sys
import threading
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO, TypeVar
from urllib.parse import unquote, urlsplit

from reader._lazy import lazy_import

# httpx (and its TLS set-up) costs 35-60 ms to import; opening a local file or the bundled sample does
# not need it, so it loads on first use.
httpx = lazy_import("httpx")

from reader.charset import decode_html
from reader.errors import ConfigError, FetchError
from reader.models import Page
from reader.sanitize import clean_line

__all__ = [
    "BROWSER_HEADERS",
    "DEFAULT_LIMITS",
    "FetchLimits",
    "classify_source",
    "fetch",
    "fetch_many",
    "make_client",
    "read_local",
    "slow_read",
]

T = TypeVar("T")


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much a single load may take. Seconds and bytes."""

    connect_timeout: float = 10.0  # a host that takes longer to accept a connection is down for a reader
    read_timeout: float = 15.0  # silence between two network reads
    total_timeout: float = 30.0  # the whole load, redirects and body included: stops slow drips
    max_bytes: int = 20 * 1024 * 1024  # decompressed; the longest real article pages are a few MB
    max_redirects: int = 10  # browsers allow about 20; news sites use 1–3 (http→https, consent, AMP)

    def __post_init__(self) -> None:
        """Refuse limits that would disable a bound: a zero or negative timeout or size means none in httpx."""
        for name in ("connect_timeout", "read_timeout", "total_timeout", "max_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ConfigError(f"{name} must be a positive number, not {value!r}")
        redirects = self.max_redirects
        if isinstance(redirects, bool) or not isinstance(redirects, int) or redirects < 0:
            raise ConfigError(f"max_redirects must be a whole number, 0 or more, not {self.max_redirects!r}")


DEFAULT_LIMITS = FetchLimits()

try:  # brotli ≥ 1.2 can bound its output; older versions expand 14 bytes into 4 MB in one call.
    import brotli

    brotli.Decompressor().process(b"", output_buffer_limit=1)
    _BROTLI = True
except (ImportError, TypeError):  # pragma: no cover - then "br" is not advertised
    _BROTLI = False

# A current desktop Firefox: some news sites serve a bot wall or an empty shell to unknown agents.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8",
    "Accept-Encoding": "gzip, deflate, br" if _BROTLI else "gzip, deflate",
}

_CHUNK = 64 * 1024  # largest piece a decompressor may produce before we count it
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_PORT = re.compile(r"^[A-Za-z0-9.-]+:\d+(/|$)")
_LOOKS_LIKE_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/|$)")
STDIN_HINT = "pipe a page into reader, e.g. curl -sL URL | reader -"


# ---------------------------------------------------------------------------------------------------------
# Public API


def make_client(limits: FetchLimits | None = None) -> httpx.AsyncClient:
    """An httpx client set up like a browser, for callers that load many pages (connection reuse)."""
    limits = limits or DEFAULT_LIMITS
    return httpx.AsyncClient(
        headers=BROWSER_HEADERS,
        timeout=_timeout(limits),
        follow_redirects=False,  # we follow them ourselves: see _send
        max_redirects=limits.max_redirects,
    )


async def fetch(
    source: str,
    *,
    client: httpx.AsyncClient | None = None,
    limits: FetchLimits | None = None,
    stdin: BinaryIO | None = None,
) -> Page:
    """Load ``source`` (URL, ``file://`` URL, path or ``-``) and return it decoded; raise FetchError."""
    limits = limits or DEFAULT_LIMITS
    source = os.fspath(source).strip()  # a Path works too
    kind, target = classify_source(source)
    if kind == "stdin":
        return await _fetch_stdin(source, stdin, limits)
    if kind == "file":
        return await _fetch_file(source, Path(target), limits)
    if client is not None:
        return await _fetch_url(source, target, client, limits)
    async with make_client(limits) as own_client:
        return await _fetch_url(source, target, own_client, limits)


async def fetch_many(
    sources: Iterable[str],
    *,
    concurrency: int = 8,
    client: httpx.AsyncClient | None = None,
    limits: FetchLimits | None = None,
    stdin: BinaryIO | None = None,
    ordered: bool = False,
) -> AsyncIterator[tuple[int, Page | FetchError]]:
    """Load many sources with at most ``concurrency`` in flight, sharing one client.

    Yields ``(index, Page | FetchError)`` as loads finish, or in input order with ``ordered=True`` (each
    result as soon as all earlier ones are out). A failure never stops the others.
    """
    limits = limits or DEFAULT_LIMITS
    if client is None:
        async with make_client(limits) as own_client:
            async for item in _fetch_pool(sources, concurrency, own_client, limits, stdin, ordered):
                yield item
        return
    async for item in _fetch_pool(sources, concurrency, client, limits, stdin, ordered):
        yield item


def classify_source(source: str) -> tuple[str, str]:
    """Return ("stdin", "-"), ("file", path) or ("url", url); raise FetchError for anything else."""
    if not source:
        raise FetchError("nothing to open: give a URL, a file or - for stdin")
    if source == "-":
        return "stdin", source
    match = _SCHEME.match(source)
    if match is None or (len(match.group(1)) == 1 and os.name == "nt"):  # C:\… is a path on Windows
        return "file", _expand(source)
    scheme = match.group(1).lower()
    if scheme in ("http", "https"):
        return "url", source
    if scheme == "file":
        return "file", _file_url_path(source)
    if _exists(_expand(source)):  # "notes:1.html" is a file name, not a scheme
        return "file", _expand(source)
    raise FetchError(_scheme_message(source, scheme))


# ---------------------------------------------------------------------------------------------------------
# Sources


def _expand(path: str) -> str:
    return os.path.expanduser(path)


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def _file_url_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(f"cannot open {url}: file URLs on another host ({parts.netloc}) are not supported")
    if os.name == "nt":  # pragma: no cover
        from urllib.request import url2pathname

        return url2pathname(parts.path)
    return unquote(parts.path)


def _scheme_message(source: str, scheme: str) -> str:
    message = f"unsupported URL scheme '{scheme}': reader opens http(s) URLs, files and - for stdin"
    if _HOST_PORT.match(source):
        message += f" (did you mean http://{source}?)"
    return message


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


async def _fetch_stdin(source: str, stdin: BinaryIO | None, limits: FetchLimits) -> Page:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise FetchError("there is no stdin to read from")
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        raise FetchError(f"stdin is a terminal: {STDIN_HINT}")
    try:
        data = await _in_daemon_thread(stream.read, limits.max_bytes + 1)
    except OSError as exc:
        raise FetchError(f"cannot read stdin: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:
        raise FetchError(f"stdin is too big: more than {_size(limits.max_bytes)} (the limit)")
    html_text, content_type = _decode_local(data, "stdin", "stdin holds")
    return Page(source=source, url=None, html=html_text, content_type=content_type, fetched_at=_now())


async def _fetch_file(source: str, path: Path, limits: FetchLimits) -> Page:
    try:
        async with asyncio.timeout(limits.total_timeout):
            data = await _in_daemon_thread(_read_file, path, limits.max_bytes)
    except TimeoutError:
        raise slow_read(str(path), limits) from None
    return _file_page(source, path, data)


def slow_read(what: str, limits: FetchLimits | None = None) -> FetchError:
    """The error for a local read that outlived the total timeout (a FIFO nobody writes, a hung mount)."""
    return FetchError(f"reading {what} took longer than {_seconds((limits or DEFAULT_LIMITS).total_timeout)}")


def read_local(source: str, limits: FetchLimits | None = None) -> Page | None:
    """Load a path or ``file://`` URL synchronously (in a thread of the caller's); None for a web URL or
    stdin, which need the event loop. Blocks as long as the read does: callers put a deadline on it."""
    source = os.fspath(source).strip()
    kind, target = classify_source(source)
    if kind != "file":
        return None
    path = Path(target)
    return _file_page(source, path, _read_file(path, (limits or DEFAULT_LIMITS).max_bytes))


def _file_page(source: str, path: Path, data: bytes) -> Page:
    html_text, content_type = _decode_local(data, f"the file {path}", f"{path} is", suffix=path.suffix)
    url = path.resolve().as_uri()
    return Page(source=source, url=url, html=html_text, content_type=content_type, fetched_at=_now())


async def _in_daemon_thread(function: Callable[..., T], *args: object) -> T:
    """Run a blocking read in a daemon thread.

    Unlike ``asyncio.to_thread``, quitting never waits for it: ``asyncio.run`` joins the default executor at
    exit, and a read from a terminal, a FIFO nobody writes to or a hung network mount can block forever.
    Cancelling the caller abandons the thread.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the caller was cancelled
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            outcome: tuple[T | None, BaseException | None] = (function(*args), None)
        except BaseException as exc:  # handed to the caller, raised there
            outcome = (None, exc)
        try:
            loop.call_soon_threadsafe(settle, *outcome)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass

    threading.Thread(target=run, name="reader-read", daemon=True).start()
    return await future


def _read_file(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (+1 to detect more: /dev/zero and FIFOs have no size), with clear errors."""
    try:
        if path.is_dir():
            raise FetchError(f"{path} is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"file too big: {path} is {_size(size, max_bytes)} (limit {_size(max_bytes)})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(_not_found(path)) from None
    except PermissionError:
        raise FetchError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte in the path
        raise FetchError(f"cannot read {str(path)!r}: not a valid path") from None
    if len(data) > max_bytes:
        raise FetchError(f"file too big: {path} is more than {_size(max_bytes)} (the limit)")
    return data


def _not_found(path: Path) -> str:
    message = f"no such file: {path}"
    if _LOOKS_LIKE_HOST.match(str(path)):
        message += f" (for a web page, type the full URL: https://{path})"
    return message


def _decode_local(data: bytes, what: str, holds: str, suffix: str = "") -> tuple[str, str]:
    """Sniff and decode bytes that came without a Content-Type (files, stdin)."""
    if not data.strip():
        raise FetchError(f"nothing to read: {what} is empty")
    kind = _sniff(data)
    if kind == "html" or kind == "text" and suffix.lower() in (".html", ".htm", ".xhtml", ".shtml"):
        return decode_html(data), "text/html"
    if kind == "text":
        return _plain_to_html(decode_html(data)), "text/plain"
    raise FetchError(f"not an HTML page: {holds} {kind}")


# ---------------------------------------------------------------------------------------------------------
# HTTP


def _timeout(limits: FetchLimits) -> httpx.Timeout:
    return httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.connect_timeout,
    )


def _request_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """Browser headers, except those a caller's client chose itself; Accept-Encoding is always ours."""
    headers = {"Accept-Encoding": BROWSER_HEADERS["Accept-Encoding"]}
    for name, value in BROWSER_HEADERS.items():
        current = client.headers.get(name)
        if current is None or current == "*/*" or current.startswith("python-httpx/"):
            headers[name] = value
    return headers


def _where(url: httpx.URL) -> str:
    """The host as users know it: "example.com", or "127.0.0.1:8080" for a non-default port."""
    host = url.host or str(url)
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{host}:{url.port}" if url.port is not None else host


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


def _shown(url: str) -> str:
    """The URL for a message, without a user:password part: messages never carry secrets."""
    return repr(_USERINFO.sub(r"\1", url))


_BAD_HOST_CHARACTER = re.compile(r"[\s<>\"{}|\\^`%]")


def _parse_url(url: str) -> httpx.URL:
    """Parse with httpx, refusing what it would only fail on later with a misleading DNS error."""
    try:
        raw_host = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError as exc:  # "Invalid IPv6 URL" for an unclosed [
        raise FetchError(f"invalid URL {_shown(url)}: {_first_line(exc)}") from None
    if _BAD_HOST_CHARACTER.search(raw_host):
        raise FetchError(f"invalid URL {_shown(url)}: the host name contains a space or a forbidden character")
    try:
        parsed = httpx.URL(url)
        host = parsed.host  # decoded lazily: idna raises its own errors here, for labels like "xn--"
    except Exception as exc:
        raise FetchError(f"invalid URL {_shown(url)}: {_first_line(exc)}") from None
    if not host:
        raise FetchError(f"invalid URL {_shown(url)}: it has no host name")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError(f"invalid URL {_shown(url)}: the port must be between 1 and 65535")
    return parsed


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


async def _fetch_url(source: str, url: str, client: httpx.AsyncClient, limits: FetchLimits) -> Page:
    parsed = _parse_url(url)
    try:
        async with asyncio.timeout(limits.total_timeout):
            return await _load(source, parsed, client, limits)
    except TimeoutError:
        raise FetchError(
            f"{_where(parsed)} took too long: the page was not loaded within {_seconds(limits.total_timeout)}"
        ) from None


async def _load(source: str, url: httpx.URL, client: httpx.AsyncClient, limits: FetchLimits) -> Page:
    try:
        response = await _send(client, url, limits)
    except httpx.HTTPError as exc:
        raise FetchError(_network_message(exc, limits, answered=False)) from None
    try:
        _check_status(response)
        mime, charset = _content_type(response)
        _refuse_by_type(response, mime)
        body = await _read_body(response, limits)
    except httpx.HTTPError as exc:
        raise FetchError(_network_message(exc, limits, answered=True)) from None
    finally:
        await response.aclose()
    html_text, content_type = _decode_http(body, mime, charset, response)
    return Page(
        source=source,
        url=str(response.url),
        html=html_text,
        status=response.status_code,
        content_type=content_type,
        fetched_at=_now(),
    )


async def _send(client: httpx.AsyncClient, url: httpx.URL, limits: FetchLimits) -> httpx.Response:
    """GET ``url`` and follow up to ``max_redirects`` redirects; return the final response, still open."""
    request = client.build_request("GET", url, headers=_request_headers(client), timeout=_timeout(limits))
    visited = {str(request.url)}
    looped = False
    for _ in range(limits.max_redirects + 1):
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except UnicodeError:  # idna, when httpx builds the next request from a Location it cannot encode
            raise FetchError(f"{_where(request.url)} redirected to an invalid URL") from None
        if response.next_request is None:
            return response
        await response.aclose()
        request = response.next_request
        _check_redirect(request.url, response.url)
        looped = str(request.url) in visited
        visited.add(str(request.url))
    raise FetchError(_redirect_message(url, limits.max_redirects, looped))


def _check_redirect(target: httpx.URL, origin: httpx.URL) -> None:
    """Refuse a redirect to file:, ftp: … and to a URL httpx parsed leniently but no one could load."""
    if target.scheme not in ("http", "https"):
        raise FetchError(
            f"{_where(origin)} redirected to an unsupported URL scheme '{target.scheme}' (only http and https)"
        )
    try:
        host, port = target.host, target.port
    except Exception:  # idna errors, raised lazily
        host, port = "", None
    if not host or _BAD_HOST_CHARACTER.search(host) or port is not None and not 0 < port < 65536:
        raise FetchError(f"{_where(origin)} redirected to an invalid URL")


def _redirect_message(url: httpx.URL, max_redirects: int, looped: bool) -> str:
    if looped:
        return f"redirect loop: {_where(url)} kept redirecting to the same pages (gave up after {max_redirects})"
    return f"too many redirects: more than {max_redirects} starting from {_where(url)}"


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = _safe(_reason_phrase(response), 80)
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    text = f"HTTP {status} {reason}".rstrip()
    raise FetchError(f"{text} from {_where(response.url)}")


def _reason_phrase(response: httpx.Response) -> str:
    """The status line's reason as the server wrote it: httpx decodes it as ASCII and drops accented
    letters ("Accès refusé" → "Accs refus"), so decode the raw bytes as UTF-8, else windows-1252."""
    raw = response.extensions.get("reason_phrase")
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    return response.reason_phrase or ""


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    """The media type (lower case, "" when missing) and the charset parameter of Content-Type."""
    header = response.headers.get("Content-Type", "")
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


# Types refused from the header alone, before the body is read: (media type prefix, description).
_REFUSED: tuple[tuple[str, str], ...] = (
    ("application/pdf", "a PDF document"),
    ("image/", "an image"),
    ("audio/", "an audio file"),
    ("video/", "a video"),
    ("font/", "a font"),
    ("model/", "a 3D model"),
    ("application/json", "JSON data"),
    ("text/json", "JSON data"),
    ("application/zip", "a ZIP archive"),
    ("application/gzip", "a compressed archive"),
    ("application/x-tar", "an archive"),
    ("application/x-7z", "an archive"),
    ("application/x-rar", "an archive"),
    ("application/x-bzip", "an archive"),
    ("application/x-xz", "an archive"),
    ("application/x-msdownload", "a program"),
    ("application/msword", "an office document"),
    ("application/vnd.ms-", "an office document"),
    ("application/vnd.openxmlformats", "an office document"),
    ("application/vnd.oasis.opendocument", "an office document"),
    ("text/css", "a style sheet"),
    ("text/javascript", "a script"),
    ("application/javascript", "a script"),
    ("application/ecmascript", "a script"),
    ("text/csv", "a CSV table"),
    ("text/calendar", "a calendar"),
)
# Structured-syntax suffixes (RFC 6839) that are never HTML.
_REFUSED_SUFFIX = (("+json", "JSON data"), ("+zip", "an archive"))


def _describe_refused(mime: str) -> str | None:
    for prefix, description in _REFUSED:
        if mime.startswith(prefix):
            return description
    for suffix, description in _REFUSED_SUFFIX:
        if mime.endswith(suffix):
            return description
    return None


def _refuse_by_type(response: httpx.Response, mime: str) -> None:
    description = _describe_refused(mime)
    if description is not None:
        raise FetchError(f"not an HTML page: the server sent {description} ({_safe(mime)})")


async def _read_body(response: httpx.Response, limits: FetchLimits) -> bytes:
    """Read the body, decompressing in bounded pieces; stop as soon as it exceeds ``max_bytes``."""
    where = _where(response.url)
    _check_length(response, limits.max_bytes, where)
    decoder = _decoder_for(response.headers.get("Content-Encoding", ""), where)
    parts: list[bytes] = []
    total = 0
    async with aclosing(_decoded(response, decoder)) as pieces:
        async for piece in pieces:
            total += len(piece)
            if total > limits.max_bytes:
                raise FetchError(f"page too big: {where} sent more than {_size(limits.max_bytes)} (the limit)")
            parts.append(piece)
    return b"".join(parts)


async def _decoded(response: httpx.Response, decoder: _Decoder) -> AsyncIterator[bytes]:
    async for raw in response.aiter_raw():
        for piece in decoder.feed(raw):
            yield piece
    for piece in decoder.finish():
        yield piece


def _check_length(response: httpx.Response, max_bytes: int, where: str) -> None:
    """Refuse early when an uncompressed body announces a size over the limit."""
    if response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
        return
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return
    if length > max_bytes:
        raise FetchError(f"page too big: {where} sent {_size(length, max_bytes)} (limit {_size(max_bytes)})")


def _decode_http(body: bytes, mime: str, charset: str | None, response: httpx.Response) -> tuple[str, str]:
    where = _where(response.url)
    if not body.strip():
        raise FetchError(f"empty page: {where} sent no content (HTTP {response.status_code})")
    if mime in ("text/html", "application/xhtml+xml"):
        return decode_html(body, charset), mime
    kind = _sniff(body)
    if kind == "html":
        return decode_html(body, charset), "text/html"
    if kind == "text" and (mime == "" or mime.startswith("text/") and "xml" not in mime):
        return _plain_to_html(decode_html(body, charset)), "text/plain"
    description = kind if kind != "text" else _describe_vague(mime)
    raise FetchError(f"not an HTML page: the server sent {description} ({_safe(mime) or 'no Content-Type'})")


def _describe_vague(mime: str) -> str:
    if "rss" in mime or "atom" in mime:
        return "a news feed"
    if "xml" in mime:
        return "an XML document"
    if mime == "application/octet-stream":
        return "binary data"
    return "a file that is not a web page"


# ---------------------------------------------------------------------------------------------------------
# Sniffing and plain text

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|script|style"
    rb"|iframe|h[1-6]|div|font|table|a|b|br|p|article|main|section|header|nav|link)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_XML_START = re.compile(rb"^\s*<(?:\?xml|rss|feed|svg)[\s>]", re.IGNORECASE)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head)[\s>]|<!doctype\s+html", re.IGNORECASE)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"%!PS", "a PostScript document"),
)


def _sniff(data: bytes) -> str:
    """"html", "text", or a description of what the bytes are instead ("a PDF document", "binary data")."""
    head = data[:2048]
    for magic, description in _MAGIC:
        if head.startswith(magic):
            return description
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "an image (WebP)"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = decode_html(head).encode("utf-8")  # look past a BOM and through UTF-16
    if _HTML_START.match(head) or _HTML_ANYWHERE.search(head):
        return "html"
    if b"\x00" in head:
        return "binary data"
    if _XML_START.match(head):
        return "an XML document"
    if head.lstrip()[:1] in (b"{", b"[") and _is_json(data):
        return "JSON data"
    return "text"


def _is_json(data: bytes) -> bool:
    import json

    try:
        json.loads(data)
    except ValueError:
        return False
    return True


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def _plain_to_html(text: str) -> str:
    """Wrap plain text as HTML: the first short line as the title, each blank-line-separated paragraph a <p>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    first_line = paragraphs[0].split("\n", 1)[0].strip() if paragraphs else ""
    title = f"<title>{html.escape(first_line)}</title>" if len(first_line) <= 200 else ""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">{title}</head><body>\n{body}\n</body></html>\n"


# ---------------------------------------------------------------------------------------------------------
# Bounded decompression


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _CHUNK):
            yield data[start : start + _CHUNK]

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip or deflate, never producing more than ``_CHUNK`` bytes per step (a bomb stops at the cap)."""

    def __init__(self, name: str, where: str) -> None:
        self._name = name
        self._where = where
        self._first = True
        self._ended = False  # the stream is complete: trailing bytes are ignored, as browsers do
        self._pending = b""  # the start of a next gzip member, held until the rest arrives
        self._obj = self._new()

    def _new(self, raw: bool = False) -> zlib._Decompress:
        if self._name == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        data, self._pending = self._pending + data, b""
        while data and not self._ended:
            if self._obj.eof:
                data = self._next_member(data)
                continue
            try:
                out = self._obj.decompress(data, _CHUNK)
            except zlib.error:
                if self._first and self._name == "deflate":  # servers send raw deflate as "deflate" too
                    self._first, self._obj = False, self._new(raw=True)
                    continue
                raise FetchError(_corrupt(self._where, self._name)) from None
            self._first = False
            data = self._obj.unused_data if self._obj.eof else self._obj.unconsumed_tail
            if out:
                yield out

    def _next_member(self, rest: bytes) -> bytes:
        """After the end of a stream: start the next gzip member, or ignore trailing junk (as browsers do)."""
        if self._name == "gzip" and len(rest) < 2 and b"\x1f\x8b".startswith(rest):
            self._pending = rest  # the next member's magic is split across network chunks
            return b""
        if self._name == "gzip" and rest.startswith(b"\x1f\x8b"):
            self._obj = self._new()
            return rest
        self._ended = True
        return b""

    def finish(self) -> Iterator[bytes]:
        if self._ended:
            return
        try:
            out = self._obj.flush()
        except zlib.error:
            raise FetchError(_corrupt(self._where, self._name)) from None
        if out:
            yield out


class _Brotli:
    """brotli with ``output_buffer_limit``: the only safe way, since a few bytes expand to gigabytes."""

    def __init__(self, where: str) -> None:
        self._where = where
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Drain the output one bounded piece at a time; the decoder may hold more output than it admits
        (``can_accept_more_data()`` is already True with megabytes pending), so stop only on an empty piece."""
        try:
            out = self._obj.process(data, output_buffer_limit=_CHUNK)
            while out:
                yield out
                out = self._obj.process(b"", output_buffer_limit=_CHUNK)
        except brotli.error:
            raise FetchError(_corrupt(self._where, "br")) from None

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Chain:
    """Several Content-Encodings, applied in order; each stage stays bounded because they are generators."""

    def __init__(self, decoders: list[_Zlib | _Brotli]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through([data], 0, finishing=False)

    def finish(self) -> Iterator[bytes]:
        return self._through([], 0, finishing=True)

    def _through(self, pieces: Iterable[bytes], stage: int, finishing: bool) -> Iterator[bytes]:
        if stage == len(self._decoders):
            yield from pieces
            return
        decoder = self._decoders[stage]

        def produced() -> Iterator[bytes]:
            for piece in pieces:
                yield from decoder.feed(piece)
            if finishing:
                yield from decoder.finish()

        yield from self._through(produced(), stage + 1, finishing)


_Decoder = _Identity | _Zlib | _Brotli | _Chain


def _decoder_for(header: str, where: str) -> _Decoder:
    names = [name.strip().lower() for name in header.split(",") if name.strip()]
    decoders = [_one_decoder(name, where) for name in reversed(names) if name != "identity"]
    if not decoders:
        return _Identity()
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)


def _one_decoder(name: str, where: str) -> _Zlib | _Brotli:
    if name in ("gzip", "x-gzip"):
        return _Zlib("gzip", where)
    if name == "deflate":
        return _Zlib("deflate", where)
    if name == "br" and _BROTLI:
        return _Brotli(where)
    raise FetchError(f"{where} sent the page compressed with '{_safe(name)}', which reader cannot decode")


def _corrupt(where: str, encoding: str) -> str:
    return f"{where} sent a corrupt compressed page ({encoding})"


# ---------------------------------------------------------------------------------------------------------
# Network errors → one line each


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups, each once."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    return next((e for e in _causes(exc) if isinstance(e, kind)), None)


def _network_message(exc: httpx.HTTPError, limits: FetchLimits, *, answered: bool) -> str:
    """One line for a transport failure; ``answered`` tells a failure before the response from one after."""
    where = _where(exc.request.url) if _has_request(exc) else "the server"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect to {where}: no answer within {_seconds(limits.connect_timeout)}"
    if isinstance(exc, httpx.ReadTimeout):
        if answered:
            return f"{where} stopped sending: nothing received for {_seconds(limits.read_timeout)}"
        return f"{where} accepted the connection but did not answer within {_seconds(limits.read_timeout)}"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out talking to {where}"
    tls = _tls_message(exc, where)
    if tls is not None:
        return tls
    if isinstance(exc, httpx.ConnectError):
        return _connect_message(exc, where)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return _dropped_message(exc, where, answered)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported URL scheme: reader opens http(s) URLs ({where})"
    return f"could not load the page from {where} ({type(exc).__name__})"


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request
    except RuntimeError:
        return False
    return True


def _tls_message(exc: BaseException, where: str) -> str | None:
    verify = _find(exc, ssl.SSLCertVerificationError)
    if verify is not None:
        reason = getattr(verify, "verify_message", "") or "not trusted"
        return f"TLS error with {where}: its certificate is not valid ({reason})"
    error = _find(exc, ssl.SSLError)
    if error is not None:
        reason = (getattr(error, "reason", None) or type(error).__name__).replace("_", " ").lower()
        return f"TLS error with {where}: the secure connection failed ({reason})"
    return None


def _connect_message(exc: BaseException, where: str) -> str:
    dns = _find(exc, socket.gaierror)
    if dns is not None:
        if dns.errno == socket.EAI_AGAIN:  # "temporary failure": no resolver reachable
            return f"cannot resolve {where}: no answer from DNS (are you offline?)"
        return f"cannot find host {where}: the name does not resolve (check the address)"
    if _find(exc, ConnectionRefusedError) is not None:
        return f"connection refused by {where}: nothing is listening there"
    unreachable = next(
        (e for e in _causes(exc) if isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)),
        None,
    )
    if unreachable is not None:
        return f"cannot reach {where}: no route to the host (are you offline?)"
    return f"could not connect to {where}"


def _dropped_message(exc: BaseException, where: str, answered: bool) -> str:
    """The server closed or reset the connection, or sent something that is not HTTP."""
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc).lower():
        return f"{where} redirected to an invalid URL"
    if isinstance(exc, httpx.RemoteProtocolError) and not _closed_early(exc):
        return f"{where} sent a malformed HTTP response"
    how = "reset" if _find(exc, ConnectionResetError) is not None else "closed"
    if answered:
        return f"{where} {how} the connection before the page was complete"
    return f"{where} {how} the connection without answering"


def _closed_early(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(words in text for words in ("disconnected", "without sending", "incomplete", "peer closed"))


# ---------------------------------------------------------------------------------------------------------
# Concurrency


async def _fetch_pool(
    sources: Iterable[str],
    concurrency: int,
    client: httpx.AsyncClient,
    limits: FetchLimits,
    stdin: BinaryIO | None,
    ordered: bool,
) -> AsyncIterator[tuple[int, Page | FetchError]]:
    """``concurrency`` workers pull from one iterator and push results into a queue the caller drains."""
    items = enumerate(sources)
    queue: asyncio.Queue[tuple[int, Page | FetchError] | BaseException | None] = asyncio.Queue()

    async def worker() -> None:
        try:
            for index, source in items:
                try:
                    result: Page | FetchError = await fetch(source, client=client, limits=limits, stdin=stdin)
                except FetchError as error:
                    result = error
                await queue.put((index, result))
        except Exception as exc:  # a bug: hand it to the consumer rather than losing it in a task
            await queue.put(exc)
        finally:
            await queue.put(None)

    workers = [asyncio.create_task(worker()) for _ in range(max(1, concurrency))]
    try:
        source = _drain(queue, len(workers))
        async for item in _in_order(source) if ordered else source:
            yield item
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


async def _drain(queue: asyncio.Queue, workers: int) -> AsyncIterator[tuple[int, Page | FetchError]]:
    running = workers
    while running:
        item = await queue.get()
        if item is None:
            running -= 1
        elif isinstance(item, BaseException):
            raise item
        else:
            yield item


async def _in_order(
    results: AsyncIterator[tuple[int, Page | FetchError]],
) -> AsyncIterator[tuple[int, Page | FetchError]]:
    pending: dict[int, Page | FetchError] = {}
    next_index = 0
    async for index, result in results:
        pending[index] = result
        while next_index in pending:
            yield next_index, pending.pop(next_index)
            next_index += 1


# ---------------------------------------------------------------------------------------------------------
# Formatting


def _size(count: int, limit: int | None = None) -> str:
    """A size for people; next to ``limit`` it keeps enough decimals to read as more than the limit."""
    if count < 1024:
        return f"{count} bytes"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            for decimals in (1, 2, 3):
                shown = f"{count / scale:.{decimals}f}".rstrip("0").removesuffix(".")
                if limit is None or count <= limit or shown != _size(limit).split()[0]:
                    return f"{shown} {unit}"
            return f"{count:,} bytes"  # just over the limit: only the exact count says so
    return f"{count} bytes"  # pragma: no cover


def _safe(value: str, limit: int = 60) -> str:
    """A header value fit for a message: no control characters or escape sequences, not too long."""
    return clean_line(value)[:limit]


def _seconds(value: float) -> str:
    return f"{value:g} s"
