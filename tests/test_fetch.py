"""The fetcher against a hostile loopback server, local files and stdin.

Every failure must reach the user as one self-contained line naming the host or path and what went wrong,
and every resource (time, bytes, redirects) must be bounded. Limits here are tiny so the file runs in a few
seconds; none of the assertions is about time.
"""

from __future__ import annotations

import asyncio
import errno
import io
import os
import socket
import threading
from contextlib import aclosing
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ConfigError, FetchError
from reader.fetch import BROWSER_HEADERS, FetchLimits, classify_source, fetch, fetch_many
from tests.hostile_server import (  # noqa: F401 - fixtures
    resolver_fails_fast,
    ARTICLE_TEXT,
    CP1252_TEXT,
    PDF_BYTES,
    HostileServer,
    closed_port,
    full_backlog_port,
    hostile_server,
    hostile_server_session,
    tls_server,
)

LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, max_bytes=256 * 1024, max_redirects=10)
SCHEME_HINT = "reader opens http(s) URLs, files and - for stdin"


async def failure(source: str, **kwargs) -> str:
    """Fetch ``source``, expect a FetchError, check it is fit for users, and return its message."""
    kwargs.setdefault("limits", LIMITS)
    with pytest.raises(FetchError) as caught:
        await fetch(source, **kwargs)
    return user_message(caught.value)


def user_message(error: FetchError) -> str:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__), (
        "the user would see a chained exception"
    )
    return message


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """A proxy from the environment would swallow requests meant for the loopback server."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(hostile_server: HostileServer) -> HostileServer:  # noqa: F811 - the imported fixture
    return hostile_server


# -- pages that load ----------------------------------------------------------------------------------------


async def test_article_loads_as_a_page(server):
    page = await fetch(server.url("/article"), limits=LIMITS)
    assert ARTICLE_TEXT in page.html
    assert (page.source, page.url, page.status, page.content_type) == (
        server.url("/article"), server.url("/article"), 200, "text/html"
    )
    assert datetime.fromisoformat(page.fetched_at).utcoffset() == timedelta(0)
    assert server.total() == 1


async def test_source_is_stripped_of_surrounding_spaces(server):
    page = await fetch(f"  {server.url('/article')}\n", limits=LIMITS)
    assert page.url == server.url("/article")


async def test_sends_browser_headers(server):
    page = await fetch(server.url("/headers"), limits=LIMITS)
    assert f"User-Agent: {BROWSER_HEADERS['User-Agent']}" in page.html
    assert "Accept: text/html,application/xhtml+xml" in page.html
    assert "Accept-Language: fr-FR,fr;q=0.9,en;q=0.8" in page.html
    assert "Accept-Encoding: gzip, deflate, br" in page.html


async def test_a_callers_client_keeps_its_user_agent_and_stays_open(server):
    async with httpx.AsyncClient(headers={"User-Agent": "reader-tests/1"}) as client:
        page = await fetch(server.url("/headers"), client=client, limits=LIMITS)
        assert not client.is_closed
    assert "User-Agent: reader-tests/1" in page.html
    assert "Accept-Language: fr-FR" in page.html


@pytest.mark.parametrize("path", ["/cp1252-meta", "/latin1-header"])
async def test_windows_1252_pages_keep_apostrophes_euros_and_oe(server, path):
    page = await fetch(server.url(path), limits=LIMITS)
    assert CP1252_TEXT in page.html
    assert not any("\x80" <= char <= "\x9f" for char in page.html)


@pytest.mark.parametrize(
    "path", ["/gzip", "/deflate", "/br", "/deflate-raw", "/gzip-multi", "/gzip-trailing", "/gzip-br"]
)
async def test_compressed_pages_are_decoded(server, path):
    page = await fetch(server.url(path), limits=LIMITS)
    assert ARTICLE_TEXT in page.html


async def test_missing_content_type_is_sniffed(server):
    page = await fetch(server.url("/no-type"), limits=LIMITS)
    assert ARTICLE_TEXT in page.html and page.content_type == "text/html"


async def test_html_sent_as_octet_stream_is_accepted(server):
    page = await fetch(server.url("/octet-html"), limits=LIMITS)
    assert ARTICLE_TEXT in page.html and page.content_type == "text/html"


async def test_plain_text_is_wrapped_in_html(server):
    page = await fetch(server.url("/plain"), limits=LIMITS)
    assert page.content_type == "text/plain"
    assert "<title>Croissance</title>" in page.html
    assert f"<p>{ARTICLE_TEXT}</p>" in page.html


# -- redirects ----------------------------------------------------------------------------------------------


async def test_redirects_are_followed_to_the_final_url(server):
    page = await fetch(server.url("/redirect/3"), limits=LIMITS)
    assert page.url == server.url("/redirect/0")
    assert page.source == server.url("/redirect/3")
    assert server.total() == 4


async def test_exactly_max_redirects_is_allowed(server):
    page = await fetch(server.url("/redirect/10"), limits=LIMITS)
    assert ARTICLE_TEXT in page.html
    assert server.total() == 11


async def test_one_redirect_too_many_is_refused_without_following_it(server):
    message = await failure(server.url("/redirect/11"))
    assert message == f"too many redirects: more than 10 starting from {server.host}"
    assert server.total() == 11
    assert server.count("/redirect/0") == 0


async def test_max_redirects_is_configurable(server):
    limits = FetchLimits(max_redirects=2, total_timeout=5)
    message = await failure(server.url("/redirect/3"), limits=limits)
    assert message == f"too many redirects: more than 2 starting from {server.host}"
    assert server.total() == 3


async def test_redirect_loop(server):
    message = await failure(server.url("/loop"))
    assert message == f"redirect loop: {server.host} kept redirecting to the same pages (gave up after 10)"
    assert server.count("/loop") == 11


@pytest.mark.parametrize("path, scheme", [("/redirect-ftp", "ftp"), ("/redirect-file", "file")])
async def test_redirect_to_another_scheme_is_refused(server, path, scheme):
    message = await failure(server.url(path))
    assert message == f"{server.host} redirected to an unsupported URL scheme '{scheme}' (only http and https)"


@pytest.mark.parametrize(
    "query", ["", "?to=http://256.1.1.1/", "?to=http://example.com:99999/", "?to=http://xn--/"]
)
async def test_redirect_to_an_invalid_url(server, query):
    assert await failure(server.url(f"/redirect-bad{query}")) == f"{server.host} redirected to an invalid URL"
    assert server.total() == 1


# -- HTTP errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/status/404", "HTTP 404 Not Found"),
        ("/status/410", "HTTP 410 Gone"),
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/status/503?reason=Back%20soon", "HTTP 503 Back soon"),
        ("/status/429", "HTTP 429 Too Many Requests"),
    ],
)
async def test_http_errors_name_status_reason_and_host(server, path, expected):
    assert await failure(server.url(path)) == f"{expected} from {server.host}"
    assert server.total() == 1


async def test_an_escape_sequence_in_the_reason_never_reaches_the_message(server):
    message = await failure(server.url("/status/503?reason=%1B%5D0%3Bpwned%07Down"))
    assert "\x1b" not in message and "\x07" not in message
    assert server.host in message


# -- content types ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/pdf", "not an HTML page: the server sent a PDF document (application/pdf)"),
        ("/png", "not an HTML page: the server sent an image (image/png)"),
        ("/json", "not an HTML page: the server sent JSON data (application/json)"),
        ("/octet", "not an HTML page: the server sent binary data (application/octet-stream)"),
        ("/feed", "not an HTML page: the server sent an XML document (application/rss+xml)"),
    ],
)
async def test_non_html_is_refused_naming_the_type(server, path, expected):
    assert await failure(server.url(path)) == expected


async def test_the_type_is_refused_before_the_size_or_the_body(server):
    """A 50 MB PDF is refused for being a PDF: nothing of its body is read, so its size never matters."""
    assert await failure(server.url("/pdf-huge")) == (
        "not an HTML page: the server sent a PDF document (application/pdf)"
    )


async def test_escape_sequences_in_a_content_type_never_reach_the_message(server):
    message = await failure(server.url("/hostile-type"))
    assert message.startswith("not an HTML page: the server sent binary data (application/")
    assert not any(char in message for char in "\x1b\x9b\x07")


async def test_empty_body(server):
    assert await failure(server.url("/empty")) == f"empty page: {server.host} sent no content (HTTP 200)"


# -- size ---------------------------------------------------------------------------------------------------


async def test_announced_size_over_the_cap_is_refused(server):
    message = await failure(server.url("/huge?size=1000000"))
    assert message == f"page too big: {server.host} sent 976.6 KB (limit 256 KB)"


async def test_unannounced_size_over_the_cap_stops_while_reading(server):
    message = await failure(server.url("/huge-stream?size=5000000"))
    assert message == f"page too big: {server.host} sent more than 256 KB (the limit)"


async def test_a_page_under_the_cap_loads(server):
    page = await fetch(server.url("/huge?size=200000"), limits=LIMITS)
    assert len(page.html) == 200000 + len("<p></p>")


@pytest.mark.parametrize(
    "path", ["/gzip-bomb?size=4000000", "/br-bomb?size=4000000", "/gzip-br-bomb?size=4000000"]
)
async def test_compression_bombs_stop_at_the_decompressed_cap(server, path):
    message = await failure(server.url(path))
    assert message == f"page too big: {server.host} sent more than 256 KB (the limit)"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_bomb_expands_in_bounded_pieces_and_loses_nothing(encoding):
    """httpx would inflate a whole network chunk at once: 14 bytes of brotli hold 4 MB."""
    from reader.fetch import _CHUNK, _decoder_for
    from tests.hostile_server import brotli_bomb, gzip_bomb

    bomb = gzip_bomb(4_000_000) if encoding == "gzip" else brotli_bomb(4_000_000)
    decoder = _decoder_for(encoding, "host")
    sizes = [len(piece) for piece in decoder.feed(bomb)] + [len(piece) for piece in decoder.finish()]
    assert sum(sizes) == 4_000_000
    assert max(sizes) <= 2 * _CHUNK  # brotli stops growing its buffer once past the limit


def _compress(encoding: str, data: bytes) -> bytes:
    import brotli
    import gzip
    import zlib

    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate":
        return zlib.compress(data)
    if encoding == "br":
        return brotli.compress(data)
    if encoding == "gzip, gzip":  # two members, sent as one "gzip" body
        return gzip.compress(data[: len(data) // 2]) + gzip.compress(data[len(data) // 2 :])
    return brotli.compress(gzip.compress(data))  # "gzip, br": gzip applied first


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=200_000)
    | st.builds(lambda chunk, times: chunk * times, st.binary(min_size=1, max_size=50), st.integers(1, 20_000)),
    encoding=st.sampled_from(["gzip", "deflate", "br", "gzip, br", "gzip, gzip"]),
    cuts=st.lists(st.integers(0, 300_000), max_size=8),
)
def test_decoders_round_trip_whatever_the_network_chunks(data, encoding, cuts):
    from reader.fetch import _decoder_for

    compressed = _compress(encoding, data)
    bounds = sorted({0, len(compressed), *(cut % (len(compressed) + 1) for cut in cuts)})
    decoder = _decoder_for("gzip" if encoding == "gzip, gzip" else encoding, "host")
    out = [piece for start, end in zip(bounds, bounds[1:]) for piece in decoder.feed(compressed[start:end])]
    out += list(decoder.finish())
    assert b"".join(out) == data


async def test_corrupt_gzip(server):
    assert await failure(server.url("/bad-gzip")) == f"{server.host} sent a corrupt compressed page (gzip)"


async def test_unrequested_content_encoding(server):
    assert await failure(server.url("/zstd-encoded")) == (
        f"{server.host} sent the page compressed with 'zstd', which reader cannot decode"
    )


# -- time and connections -----------------------------------------------------------------------------------


async def test_a_slow_drip_is_stopped_by_the_total_deadline(server):
    limits = FetchLimits(read_timeout=2, total_timeout=0.3)
    message = await failure(server.url("/drip?delay=0.1&size=1000"), limits=limits)
    assert message == f"{server.host} took too long: the page was not loaded within 0.3 s"


async def test_a_server_that_never_answers_trips_the_read_timeout(server):
    limits = FetchLimits(read_timeout=0.2, total_timeout=5)
    message = await failure(server.url("/hang"), limits=limits)
    assert message == f"{server.host} accepted the connection but did not answer within 0.2 s"


async def test_a_server_that_stops_sending_trips_the_read_timeout(server):
    limits = FetchLimits(read_timeout=0.2, total_timeout=5)
    message = await failure(server.url("/drip?delay=1&size=10"), limits=limits)
    assert message == f"{server.host} stopped sending: nothing received for 0.2 s"


async def test_connection_closed_without_an_answer(server):
    assert await failure(server.url("/close")) == f"{server.host} closed the connection without answering"


async def test_connection_closed_mid_body(server):
    assert await failure(server.url("/truncated")) == (
        f"{server.host} closed the connection before the page was complete"
    )


async def test_not_http_at_all(server):
    assert await failure(server.url("/garbage")) == f"{server.host} sent a malformed HTTP response"


async def test_connection_reset_without_an_answer(server):
    assert await failure(server.url("/reset")) == f"{server.host} reset the connection without answering"


async def test_connection_reset_mid_body(server):
    message = await failure(server.url("/reset-mid"))
    assert message.startswith(server.host) and message.endswith("the connection before the page was complete")


async def test_connection_refused():
    port = closed_port()
    assert await failure(f"http://127.0.0.1:{port}/") == (
        f"connection refused by 127.0.0.1:{port}: nothing is listening there"
    )


async def test_unknown_host():
    host = "no-such-host.reader-tests.invalid"  # RFC 2606: .invalid never resolves
    if not resolver_fails_fast(host):
        pytest.skip("this machine's resolver does not fail fast for .invalid names")
    assert await failure(f"http://{host}/article") == (
        f"cannot find host {host}: the name does not resolve (check the address)"
    )


async def test_connect_timeout(full_backlog_port):
    limits = FetchLimits(connect_timeout=0.2, total_timeout=5)
    assert await failure(f"http://127.0.0.1:{full_backlog_port}/", limits=limits) == (
        f"could not connect to 127.0.0.1:{full_backlog_port}: no answer within 0.2 s"
    )


async def test_untrusted_certificate(tls_server):
    assert await failure(tls_server.url("/article")) == (
        f"TLS error with {tls_server.host}: its certificate is not valid (self-signed certificate)"
    )


async def test_https_with_a_trusted_certificate_loads(tls_server):
    import ssl

    context = ssl.create_default_context(cafile=str(tls_server.cert))
    async with httpx.AsyncClient(verify=context) as client:
        page = await fetch(tls_server.url("/article"), client=client, limits=LIMITS)
    assert ARTICLE_TEXT in page.html and page.url == tls_server.url("/article")


def _connect_error(cause: BaseException) -> httpx.ConnectError:
    """An httpx.ConnectError chained the way httpx → httpcore → anyio chain them."""
    try:
        try:
            raise cause
        except BaseException as inner:
            request = httpx.Request("GET", "http://news.example/")
            raise httpx.ConnectError("All connection attempts failed", request=request) from inner
    except httpx.ConnectError as error:
        return error


@pytest.mark.parametrize(
    "cause, expected",
    [
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
         "cannot resolve news.example: no answer from DNS (are you offline?)"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
         "cannot find host news.example: the name does not resolve (check the address)"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"),
         "cannot reach news.example: no route to the host (are you offline?)"),
        (ExceptionGroup("attempts", [OSError(errno.EHOSTUNREACH, "No route to host")]),
         "cannot reach news.example: no route to the host (are you offline?)"),
        (ExceptionGroup("attempts", [ConnectionRefusedError(errno.ECONNREFUSED, "refused")]),
         "connection refused by news.example: nothing is listening there"),
        (OSError(errno.EACCES, "Permission denied"), "could not connect to news.example"),
    ],
)
def test_connection_failures_that_loopback_cannot_produce(cause, expected):
    """Offline DNS and unreachable networks cannot be staged on 127.0.0.1: the mapping is tested directly."""
    from reader.fetch import _network_message

    assert _network_message(_connect_error(cause), LIMITS, answered=False) == expected


async def test_tls_failure(server):
    """https to a plain-HTTP port: the TLS handshake fails, as with a broken or intercepted server."""
    message = await failure(f"https://{server.host}/article")
    assert message.startswith(f"TLS error with {server.host}: the secure connection failed (")


async def test_cancelling_a_load_in_flight_releases_the_connection(server):
    """A new URL cancels the load in flight (exclusive worker): the hung connection must be dropped."""
    task = asyncio.create_task(fetch(server.url("/hang?id=cancel"), limits=LIMITS))
    while server.count("/hang") == 0:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(200):  # the server notices within a few polls; give up after 2 s
        if server.count("/hang:client-gone:cancel"):
            break
        await asyncio.sleep(0.01)
    assert server.count("/hang:client-gone:cancel") == 1


async def test_our_limits_apply_to_a_callers_client(server):
    async with httpx.AsyncClient(timeout=60) as client:
        message = await failure(server.url("/hang"), client=client, limits=FetchLimits(read_timeout=0.2))
    assert message == f"{server.host} accepted the connection but did not answer within 0.2 s"


# -- sources and schemes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, scheme",
    [
        ("ftp://example.com/a.html", "ftp"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<p>hi</p>", "data"),
        ("mailto:someone@example.com", "mailto"),
        ("FTP://example.com/", "ftp"),
    ],
)
async def test_unsupported_schemes(source, scheme):
    assert await failure(source) == f"unsupported URL scheme '{scheme}': {SCHEME_HINT}"


async def test_host_and_port_without_scheme_gets_a_hint():
    assert await failure("localhost:8000/page") == (
        f"unsupported URL scheme 'localhost': {SCHEME_HINT} (did you mean http://localhost:8000/page?)"
    )


@pytest.mark.parametrize("source", ["", "   "])
async def test_nothing_to_open(source):
    assert await failure(source) == "nothing to open: give a URL, a file or - for stdin"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://", "it has no host name"),
        ("https:///path", "it has no host name"),
        ("http://exa mple.com/", "the host name contains a space or a forbidden character"),
        ("http://example.com:99999/", "the port must be between 1 and 65535"),
        ("http://example.com:0/", "the port must be between 1 and 65535"),
        ("http://256.1.1.1/", "Invalid IPv4 address: '256.1.1.1'"),
        ("http://xn--/", "Malformed A-label, no Punycode eligible content found"),
    ],
)
async def test_invalid_urls_fail_before_any_network_call(url, reason):
    assert await failure(url) == f"invalid URL {url!r}: {reason}"


async def test_a_password_in_the_url_is_not_repeated():
    message = await failure("http://reader:hunter2@exa mple.com/")
    assert "hunter2" not in message and "exa mple.com" in message


def _ipv6_closed_port() -> int | None:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
            return sock.getsockname()[1]
    except OSError:
        return None


async def test_ipv6_hosts_are_bracketed():
    port = _ipv6_closed_port()
    if port is None:
        pytest.skip("no IPv6 loopback on this machine")
    message = await failure(f"http://[::1]:{port}/")
    assert message == f"connection refused by [::1]:{port}: nothing is listening there"


@pytest.mark.parametrize(
    "limits, message",
    [
        (dict(total_timeout=0), "total_timeout must be a positive number, not 0"),
        (dict(read_timeout=-1.5), "read_timeout must be a positive number, not -1.5"),
        (dict(max_bytes=True), "max_bytes must be a positive number, not True"),
        (dict(max_redirects=-1), "max_redirects must be a whole number, 0 or more, not -1"),
    ],
)
def test_limits_that_would_remove_a_bound_are_refused(limits, message):
    with pytest.raises(ConfigError) as caught:
        FetchLimits(**limits)
    assert str(caught.value) == message


async def test_zero_redirects_allowed(server):
    assert await failure(server.url("/redirect/1"), limits=FetchLimits(max_redirects=0)) == (
        f"too many redirects: more than 0 starting from {server.host}"
    )
    assert server.total() == 1


@given(st.text(max_size=60))
def test_classify_source_only_ever_raises_fetch_error(source):
    try:
        kind, _ = classify_source(source)
    except FetchError as error:
        user_message(error)
    else:
        assert kind in ("stdin", "file", "url")


# -- local files --------------------------------------------------------------------------------------------


@pytest.fixture
def cp1252_file(tmp_path) -> Path:
    path = tmp_path / "un article.html"
    page = f'<html><head><meta charset="windows-1252"></head><p>{CP1252_TEXT}</p></html>'
    path.write_bytes(page.encode("cp1252"))
    return path


async def test_local_file(cp1252_file):
    page = await fetch(str(cp1252_file), limits=LIMITS)
    assert CP1252_TEXT in page.html
    assert page.url == cp1252_file.resolve().as_uri()
    assert page.url.startswith("file:///") and "un%20article.html" in page.url
    assert page.source == str(cp1252_file) and page.content_type == "text/html"


async def test_a_path_object_works_too(cp1252_file):
    page = await fetch(cp1252_file, limits=LIMITS)
    assert CP1252_TEXT in page.html and page.source == str(cp1252_file)


async def test_file_url(cp1252_file):
    page = await fetch(cp1252_file.as_uri(), limits=LIMITS)
    assert CP1252_TEXT in page.html and page.url == cp1252_file.resolve().as_uri()


async def test_home_directory_is_expanded(cp1252_file, monkeypatch):
    monkeypatch.setenv("HOME", str(cp1252_file.parent))
    page = await fetch(f"~/{cp1252_file.name}", limits=LIMITS)
    assert page.url == cp1252_file.resolve().as_uri()


async def test_relative_path(cp1252_file, monkeypatch):
    monkeypatch.chdir(cp1252_file.parent)
    page = await fetch(cp1252_file.name, limits=LIMITS)
    assert page.url == cp1252_file.resolve().as_uri()


async def test_file_name_with_a_colon_is_a_file_not_a_scheme(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("notes:1.html").write_text("<p>ok</p>", encoding="utf-8")
    page = await fetch("notes:1.html", limits=LIMITS)
    assert "<p>ok</p>" in page.html


async def test_missing_file(tmp_path):
    path = tmp_path / "absent.html"
    assert await failure(str(path)) == f"no such file: {path}"


async def test_missing_file_that_looks_like_a_host_gets_a_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert await failure("lemonde.fr/economie") == (
        "no such file: lemonde.fr/economie (for a web page, type the full URL: https://lemonde.fr/economie)"
    )


async def test_directory(tmp_path):
    assert await failure(str(tmp_path)) == f"{tmp_path} is a directory, not a file"


async def test_file_too_big(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"a" * 300_000 + b"</p>")
    assert await failure(str(path)) == f"file too big: {path} is 293 KB (limit 256 KB)"


async def test_empty_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"\n  \n")
    assert await failure(str(path)) == f"nothing to read: the file {path} is empty"


async def test_pdf_file_is_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(PDF_BYTES)
    assert await failure(str(path)) == f"not an HTML page: {path} is a PDF document"


async def test_a_pdf_named_html_is_still_refused(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(PDF_BYTES)
    assert await failure(str(path)) == f"not an HTML page: {path} is a PDF document"


async def test_a_fragment_in_an_html_file_is_html(tmp_path):
    path = tmp_path / "fragment.html"
    path.write_text("Bonjour <em>tout</em> le monde", encoding="utf-8")
    page = await fetch(str(path), limits=LIMITS)
    assert page.content_type == "text/html" and page.html == "Bonjour <em>tout</em> le monde"


async def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert await failure(str(path)) == f"not an HTML page: {path} is binary data"


async def test_text_file_is_wrapped(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(f"Titre\n\n{ARTICLE_TEXT}\n", encoding="utf-8")
    page = await fetch(str(path), limits=LIMITS)
    assert page.content_type == "text/plain" and f"<p>{ARTICLE_TEXT}</p>" in page.html


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; needs POSIX modes")
async def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.html"
    path.write_text("<p>x</p>")
    path.chmod(0)
    assert await failure(str(path)) == f"cannot read {path}: permission denied"


async def test_unreadable_file_message(tmp_path, monkeypatch):
    """The same message as above where the suite runs as root: the denial is simulated."""
    path = tmp_path / "secret.html"
    path.write_text("<p>x</p>")

    def deny(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert await failure(str(path)) == f"cannot read {path}: permission denied"


async def test_path_with_a_nul_byte():
    assert await failure("a\x00b.html") == "cannot read 'a\\x00b.html': not a valid path"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
async def test_a_file_that_blocks_is_stopped_by_the_deadline(tmp_path):
    """A FIFO nobody writes to blocks open() forever: the deadline frees the caller, the thread is a daemon."""
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    try:
        message = await failure(str(fifo), limits=FetchLimits(total_timeout=0.3))
    finally:
        _release_fifo(fifo)
    assert message == f"reading {fifo} took longer than 0.3 s"


def _release_fifo(fifo: Path) -> None:
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


async def test_file_url_on_another_host_is_refused():
    assert await failure("file://server/share/a.html") == (
        "cannot open file://server/share/a.html: file URLs on another host (server) are not supported"
    )


# -- stdin --------------------------------------------------------------------------------------------------


async def test_stdin():
    data = f'<meta charset="windows-1252"><p>{CP1252_TEXT}</p>'.encode("cp1252")
    page = await fetch("-", stdin=io.BytesIO(data))
    assert CP1252_TEXT in page.html
    assert page.url is None and page.source == "-"


async def test_stdin_empty():
    assert await failure("-", stdin=io.BytesIO(b"")) == "nothing to read: stdin is empty"


async def test_stdin_too_big():
    message = await failure("-", stdin=io.BytesIO(b"a" * 300_000))
    assert message == "stdin is too big: more than 256 KB (the limit)"


async def test_stdin_pdf():
    assert await failure("-", stdin=io.BytesIO(PDF_BYTES)) == "not an HTML page: stdin holds a PDF document"


async def test_no_stdin_at_all(monkeypatch):
    monkeypatch.setattr("sys.stdin", None)
    assert await failure("-") == "there is no stdin to read from"


async def test_stdin_terminal_is_refused_instead_of_waiting():
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    assert await failure("-", stdin=Terminal(b"")) == (
        "stdin is a terminal: pipe a page into reader, e.g. curl -sL URL | reader -"
    )


# -- many sources -------------------------------------------------------------------------------------------


async def test_fetch_many_is_bounded_and_complete(server):
    sources = [server.url(f"/slow?ms=50&n={index}") for index in range(24)]
    results = [item async for item in fetch_many(sources, concurrency=8, limits=LIMITS)]
    assert sorted(index for index, _ in results) == list(range(24))
    assert all(not isinstance(result, FetchError) for _, result in results)
    assert dict(results)[7].source == sources[7]
    assert server.count("/slow") == 24
    assert 2 <= server.max_in_flight <= 8


async def test_fetch_many_ordered_and_failures_stay_in_place(server):
    sources = [server.url("/slow?ms=50"), "ftp://x/", server.url("/article"), server.url("/status/404")]
    results = [item async for item in fetch_many(sources, concurrency=4, limits=LIMITS, ordered=True)]
    assert [index for index, _ in results] == [0, 1, 2, 3]
    assert ARTICLE_TEXT in results[0][1].html and ARTICLE_TEXT in results[2][1].html
    assert user_message(results[1][1]).startswith("unsupported URL scheme 'ftp'")
    assert user_message(results[3][1]) == f"HTTP 404 Not Found from {server.host}"


async def test_fetch_many_uses_and_keeps_a_callers_client(server):
    async with httpx.AsyncClient() as client:
        results = [item async for item in fetch_many([server.url("/article")] * 3, client=client, limits=LIMITS)]
        assert not client.is_closed
    assert len(results) == 3


async def test_leaving_fetch_many_early_stops_the_workers(server):
    sources = [server.url("/slow?ms=50") for _ in range(40)]
    async with aclosing(fetch_many(sources, concurrency=2, limits=LIMITS)) as results:
        async for _ in results:
            break
    await asyncio.sleep(0.3)  # room for requests that were wrongly still being sent
    assert server.count("/slow") <= 4
