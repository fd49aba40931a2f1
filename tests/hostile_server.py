"""A loopback HTTP server that misbehaves on purpose, one route per way the web can hurt a reader.

Tests of the fetcher must not touch the internet, and the failures worth testing (a brotli bomb, a server that
drips a byte at a time, one that accepts and never answers, a connection reset mid-body, a lying charset)
are hard to get from a mock transport: they live in sockets and timing. So this is a real server on
127.0.0.1, port 0, in a daemon thread. It counts requests per path so a test can assert how many were made.

Use it through the fixtures: ``from tests.hostile_server import hostile_server, hostile_server_session``
(both names, so pytest finds the session one), then ``hostile_server.url("/status/404")``. Also here:
``tls_server`` (the same routes over HTTPS with a self-signed certificate), ``full_backlog_port`` (a port
where connecting hangs), ``closed_port()`` (a port where connecting is refused).

Routes (query parameters in brackets):
    /article              a UTF-8 article, charset in the header
    /cp1252-meta          windows-1252 bytes, no header charset, <meta charset="windows-1252">
    /latin1-header        header says charset=iso-8859-1, body holds windows-1252 bytes (’ € œ)
    /plain                text/plain; /no-type: an HTML article without Content-Type
    /headers              echoes the request headers as an HTML page
    /slow [ms]            the article after a delay; ``max_in_flight`` records the concurrency seen
    /redirect/N           302 to /redirect/N-1; /redirect/0 is the article
    /loop                 302 to itself; /redirect-ftp, /redirect-file: 302 to ftp: / file: URLs;
                          /redirect-bad [to]: 302 to a URL that does not parse
    /status/CODE [reason] an error page with that status and reason phrase
    /pdf /png /json /octet /octet-html /feed   typed bodies (octet-html: HTML sent as octet-stream)
    /empty                200 with no body
    /huge [size]          an uncompressed body of size bytes (Content-Length announced)
    /huge-stream [size]   the same without Content-Length, ended by closing the connection
    /gzip /deflate /br    the article compressed; /bad-gzip: a gzip header then garbage
    /deflate-raw /gzip-multi /gzip-trailing /gzip-br   raw deflate, two gzip members, junk after the
                          stream, gzip then brotli; /gzip-br-bomb [size]: a gzip bomb inside brotli
    /hostile-type         binary data under a Content-Type holding escape sequences
    /gzip-bomb /br-bomb [size]   a few KB (or bytes) that expand to size bytes of zeros
    /zstd-encoded         Content-Encoding the client never asked for
    /drip [delay, size]   headers, then one byte every delay seconds
    /hang [id]            reads the request and never answers; counts "/hang:client-gone:ID" once the
                          client has left
    /close                closes the connection without answering; /garbage: answers in another protocol
    /truncated            announces 100,000 bytes, sends 1,000 and closes
    /pdf-huge             a PDF whose headers announce 50 MB
    /reset                resets the connection instead of answering; /reset-mid: after part of the body
"""

from __future__ import annotations

import brotli
import functools
import gzip
import select
import socket
import ssl
import struct
import subprocess
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

ARTICLE_TEXT = (
    "L’économie française a progressé de 0,5 % au troisième trimestre, selon l’Insee. Coût : 5 € ; œuvre."
)
ARTICLE_HTML = (
    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Croissance</title></head>"
    f"<body><article><h1>Croissance</h1><p>{ARTICLE_TEXT}</p></article></body></html>"
)
CP1252_TEXT = "L’été coûte 5 € — œuvre d’art"
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


@functools.lru_cache(maxsize=8)
def gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


@functools.lru_cache(maxsize=8)
def brotli_bomb(size: int) -> bytes:
    return brotli.compress(b"\0" * size, quality=5)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default listen backlog of 5 drops connections when 16 arrive at once
    daemon_threads = True


class HostileServer:
    """The server, its request counter and the event that releases hanging handlers at shutdown."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.in_flight = 0  # /slow requests being served right now, and the most seen at once
        self.max_in_flight = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.hostile = self  # type: ignore[attr-defined]
        self.httpd.handle_error = lambda request, address: None  # resets are on purpose: keep stderr quiet
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="hostile-server", daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    def total(self) -> int:
        with self._lock:
            return sum(self.hits.values())

    def record(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.in_flight = self.max_in_flight = 0

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like real servers: every answer sets Content-Length
    disable_nagle_algorithm = True  # headers and body go out in two writes: Nagle + delayed ACK cost 40 ms

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass

    @property
    def hostile(self) -> HostileServer:
        return self.server.hostile  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        self.query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        self.hostile.record(parts.path)
        route = self._route(parts.path)
        if route is None:
            self._send(404, b"<html><body><p>no such route</p></body></html>", "text/html")
        else:
            route()

    def _route(self, path: str) -> Callable[[], None] | None:
        if path.startswith("/redirect/"):
            return functools.partial(self._redirect_chain, int(path.rsplit("/", 1)[1]))
        if path.startswith("/status/"):
            return functools.partial(self._status, int(path.rsplit("/", 1)[1]))
        name = "route_" + path.strip("/").replace("-", "_")
        return getattr(self, name, None)

    # -- helpers ------------------------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        reason: str | None = None,
    ) -> None:
        self.send_response(status, reason)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _int(self, name: str, default: int) -> int:
        return int(self.query.get(name, default))

    def _float(self, name: str, default: float) -> float:
        return float(self.query.get(name, default))

    def _abort(self) -> None:
        """Close with RST (SO_LINGER 0), the way a crashed server or a middlebox resets a connection."""
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.rfile.close()
        self.wfile.close()
        sock.close()

    def _client_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    # -- content ------------------------------------------------------------------------------------------

    def route_article(self) -> None:
        self._send(200, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")

    def route_cp1252_meta(self) -> None:
        head = '<head><meta charset="windows-1252"><title>t</title></head>'
        page = f"<html>{head}<body><p>{CP1252_TEXT}</p></body></html>"
        self._send(200, page.encode("cp1252"), "text/html")

    def route_latin1_header(self) -> None:
        page = f"<html><head><title>t</title></head><body><p>{CP1252_TEXT}</p></body></html>"
        self._send(200, page.encode("cp1252"), "text/html; charset=ISO-8859-1")

    def route_plain(self) -> None:
        self._send(200, f"Croissance\n\n{ARTICLE_TEXT}\n".encode(), "text/plain; charset=utf-8")

    def route_no_type(self) -> None:
        self._send(200, ARTICLE_HTML.encode("utf-8"), None)

    def route_headers(self) -> None:
        rows = "".join(f"<p>{name}: {value}</p>" for name, value in self.headers.items())
        self._send(200, f"<html><body>{rows}</body></html>".encode(), "text/html; charset=utf-8")

    def route_slow(self) -> None:
        self.hostile.enter()
        try:
            self.hostile.stopping.wait(self._int("ms", 100) / 1000)
        finally:
            self.hostile.leave()
        self.route_article()

    def route_pdf(self) -> None:
        self._send(200, PDF_BYTES, "application/pdf")

    def route_png(self) -> None:
        self._send(200, PNG_BYTES, "image/png")

    def route_json(self) -> None:
        self._send(200, b'{"title": "not a page"}', "application/json; charset=utf-8")

    def route_octet(self) -> None:
        self._send(200, bytes(range(256)) * 4, "application/octet-stream")

    def route_octet_html(self) -> None:
        self._send(200, ARTICLE_HTML.encode("utf-8"), "application/octet-stream")

    def route_feed(self) -> None:
        feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
        self._send(200, feed, "application/rss+xml")

    def route_empty(self) -> None:
        self._send(200, b"", "text/html; charset=utf-8")

    def route_huge(self) -> None:
        size = self._int("size", 1_000_000)
        self._send(200, b"<p>" + b"a" * size + b"</p>", "text/html")

    def route_huge_stream(self) -> None:
        """A body with no Content-Length, ended by closing: only counting while reading can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"a" * 65536
        try:
            for _ in range(self._int("size", 1_000_000) // len(chunk) + 1):
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    # -- compression --------------------------------------------------------------------------------------

    def route_gzip(self) -> None:
        body = gzip.compress(ARTICLE_HTML.encode())
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})

    def route_deflate(self) -> None:
        body = zlib.compress(ARTICLE_HTML.encode())
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "deflate"})

    def route_br(self) -> None:
        body = brotli.compress(ARTICLE_HTML.encode())
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "br"})

    def route_deflate_raw(self) -> None:
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = compressor.compress(ARTICLE_HTML.encode()) + compressor.flush()
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "deflate"})

    def route_gzip_multi(self) -> None:
        half = len(ARTICLE_HTML) // 2
        body = gzip.compress(ARTICLE_HTML[:half].encode()) + gzip.compress(ARTICLE_HTML[half:].encode())
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})

    def route_gzip_trailing(self) -> None:
        body = gzip.compress(ARTICLE_HTML.encode()) + b"\n\x00junk after the stream"
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})

    def route_gzip_br(self) -> None:
        body = brotli.compress(gzip.compress(ARTICLE_HTML.encode()))
        self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip, br"})

    def route_gzip_br_bomb(self) -> None:
        body = brotli.compress(gzip_bomb(self._int("size", 10_000_000)))
        self._send(200, body, "text/html", {"Content-Encoding": "gzip, br"})

    def route_hostile_type(self) -> None:
        self._send(200, bytes(range(256)), "application/\x9b31mx-evil\x1b]0;title")

    def route_bad_gzip(self) -> None:
        body = gzip.compress(ARTICLE_HTML.encode())[:10] + b"this is not deflate data" * 20
        self._send(200, body, "text/html", {"Content-Encoding": "gzip"})

    def route_gzip_bomb(self) -> None:
        body = gzip_bomb(self._int("size", 10_000_000))
        self._send(200, body, "text/html", {"Content-Encoding": "gzip"})

    def route_br_bomb(self) -> None:
        body = brotli_bomb(self._int("size", 100_000_000))
        self._send(200, body, "text/html", {"Content-Encoding": "br"})

    def route_zstd_encoded(self) -> None:
        self._send(200, b"\x28\xb5\x2f\xfd garbage", "text/html", {"Content-Encoding": "zstd"})

    # -- redirects and statuses ---------------------------------------------------------------------------

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/html", {"Location": location})

    def _redirect_chain(self, remaining: int) -> None:
        if remaining <= 0:
            self.route_article()
        else:
            self._redirect(f"/redirect/{remaining - 1}")

    def route_loop(self) -> None:
        self._redirect("/loop")

    def route_redirect_ftp(self) -> None:
        self._redirect("ftp://127.0.0.1/file.html")

    def route_redirect_bad(self) -> None:
        self._redirect(self.query.get("to", "http://[not-an-address/"))

    def route_redirect_file(self) -> None:
        self._redirect("file:///etc/passwd")

    def _status(self, status: int) -> None:
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        self._send(status, body, "text/html", reason=self.query.get("reason"))

    # -- time and sockets ---------------------------------------------------------------------------------

    def route_drip(self) -> None:
        delay, size = self._float("delay", 0.2), self._int("size", 1000)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.flush()
        for _ in range(size):
            if self.hostile.stopping.wait(delay) or self._client_gone():
                break
            try:
                self.wfile.write(b"a")
                self.wfile.flush()
            except OSError:
                break
        self.close_connection = True

    def route_hang(self) -> None:
        while not self.hostile.stopping.wait(0.02) and not self._client_gone():
            pass
        self.hostile.record(f"/hang:client-gone:{self.query.get('id', '')}")
        self.close_connection = True

    def route_truncated(self) -> None:
        """Announce 100,000 bytes, send 1,000, close cleanly (FIN): a server that died mid-page."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>" + b"a" * 1000)
        self.close_connection = True

    def route_garbage(self) -> None:
        """Not HTTP at all: what you get when a URL points at the wrong service."""
        self.wfile.write(b"220 mail.example.com ESMTP ready\r\n\r\n")
        self.close_connection = True

    def route_pdf_huge(self) -> None:
        """A 50 MB PDF announced in the headers; the body only matters if the client (wrongly) reads it."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(50_000_000))
        self.end_headers()
        try:
            self.wfile.write(PDF_BYTES)
        except OSError:
            pass
        self.close_connection = True

    def route_close(self) -> None:
        self.close_connection = True  # a clean close (FIN) without a single byte of answer

    def route_reset(self) -> None:
        self._abort()

    def route_reset_mid(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>" + b"a" * 1000)
        self.wfile.flush()
        self._abort()


def self_signed_certificate(directory: Path) -> tuple[Path, Path] | None:
    """A throwaway certificate for 127.0.0.1 made with the openssl command; None where it is missing."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    command = [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", str(key), "-out", str(cert), "-days", "1", "-nodes",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return cert, key


class TLSHostileServer(HostileServer):
    """The same routes over TLS with a self-signed certificate: trusted only by a client given ``cert``."""

    def __init__(self, cert: Path, key: Path) -> None:
        super().__init__()
        self.cert = cert
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)

    def url(self, path: str) -> str:
        return f"https://{self.host}{path}"


def unaccepting_port() -> tuple[socket.socket, list[socket.socket]] | None:
    """A listening socket whose accept queue is full, so a new connection attempt gets no answer at all.

    Returns the socket and the connections that fill its queue (close them all after use), or None where
    the OS completes connections beyond the backlog anyway.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    probe = socket.socket()
    probe.settimeout(0.2)
    try:
        probe.connect(("127.0.0.1", port))
    except (TimeoutError, OSError):
        return server, fillers
    finally:
        probe.close()
    for sock in (server, *fillers):
        sock.close()
    return None


def closed_port() -> int:
    """A loopback port that was just bound and released: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory) -> Iterator[TLSHostileServer]:
    pair = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if pair is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    server = TLSHostileServer(*pair).start()
    yield server
    server.close()


@pytest.fixture
def full_backlog_port() -> Iterator[int]:
    """A port where connecting hangs (no SYN-ACK), for connect timeouts without the internet."""
    sockets = unaccepting_port()
    if sockets is None:
        pytest.skip("this OS completes connections beyond a full backlog")
    server, fillers = sockets
    yield server.getsockname()[1]
    for sock in (server, *fillers):
        sock.close()


@pytest.fixture(scope="session")
def hostile_server_session() -> Iterator[HostileServer]:
    server = HostileServer().start()
    yield server
    server.close()


@pytest.fixture
def hostile_server(hostile_server_session: HostileServer) -> HostileServer:
    """The shared server with its request counts reset, so each test counts its own requests."""
    hostile_server_session.reset()
    return hostile_server_session


def resolver_fails_fast(host: str, within: float = 2.0) -> bool:
    """True when resolving ``host`` fails within ``within`` seconds (so a DNS-failure test can run)."""
    outcome: list[bool] = []

    def resolve() -> None:
        try:
            socket.getaddrinfo(host, 80)
            outcome.append(False)
        except socket.gaierror:
            outcome.append(True)

    thread = threading.Thread(target=resolve, daemon=True)
    thread.start()
    thread.join(within)
    return outcome == [True]
