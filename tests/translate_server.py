"""A loopback translation server that speaks just enough Google and LibreTranslate for deep-translator.

    GET  /m?sl=&tl=&q=                 Google's mobile page: HTML with <div class="result-container">
    POST /translate?q=&source=&target=&format=&api_key=   LibreTranslate: JSON {"translatedText": …}
    GET  /translate?auth_key=&text=…   DeepL: JSON {"translations": [{"text": …}]}
    GET  /?q=&langpair=                MyMemory: JSON {"responseData": {"translatedText": …}}

It "translates" with ``server.translate`` (default: upper case, which keeps marker lines and makes
alignment easy to check) and can be told, request by request, to delay, fail with any status, hang, or
answer garbage. It counts requests and the most it had in flight at once.

Used by the tests (``translate_server`` fixture) and by ``benchmarks/translation.py``.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Reply:
    """How to answer one request. Defaults: a normal translation, at once."""

    status: int = 200
    delay: float = 0.0
    hang: bool = False  # hold the connection open until the server stops
    body: str | bytes | None = None  # raw body instead of the normal answer
    content_type: str | None = None
    translation: str | None = None  # this text instead of server.translate(q)
    close: bool = False  # close the socket without answering
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    method: str
    path: str
    params: dict[str, str]


def upper(text: str) -> str:
    return text.upper()


@dataclass
class TranslateServer:
    delay: float = 0.0
    translate: Callable[[str], str] = upper
    default: Reply = field(default_factory=Reply)
    rule: Callable[[Seen], Reply | None] | None = None  # consulted after the queue, before the default

    def __post_init__(self) -> None:
        self.seen: list[Seen] = []
        self.queue: deque[Reply] = deque()
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control ------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def count(self) -> int:
        return len(self.seen)

    def then(self, *replies: Reply) -> TranslateServer:
        """Answer the next requests with ``replies``, in order, then as usual."""
        self.queue.extend(replies)
        return self

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()
            self.max_in_flight = 0

    def start(self) -> TranslateServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> TranslateServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- answering ----------------------------------------------------------------------------------------

    def _next_reply(self, seen: Seen) -> Reply:
        with self._lock:
            if self.queue:
                return self.queue.popleft()
        if self.rule is not None:
            reply = self.rule(seen)
            if reply is not None:
                return reply
        return self.default


class _Handler(BaseHTTPRequestHandler):
    owner: TranslateServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._handle()

    def _handle(self) -> None:
        server = self.owner
        parts = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        seen = Seen(self.command, parts.path, params)
        with server._lock:
            server.seen.append(seen)
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            reply = server._next_reply(seen)
            wait = reply.delay or server.delay
            if wait:
                time.sleep(wait)
            if reply.hang:
                server._release.wait(60)
                return
            if reply.close:
                self.close_connection = True
                return
            self._answer(seen, reply)
        finally:
            with server._lock:
                server.in_flight -= 1

    def _answer(self, seen: Seen, reply: Reply) -> None:
        server = self.owner
        text = seen.params.get("q", seen.params.get("text", ""))
        translation = reply.translation if reply.translation is not None else server.translate(text)
        if reply.body is not None:
            body = reply.body.encode() if isinstance(reply.body, str) else reply.body
            ctype = reply.content_type or "text/plain"
        elif seen.path.endswith("/translate") and "auth_key" in seen.params:  # DeepL
            body = json.dumps({"translations": [{"text": translation}]}).encode()
            ctype = "application/json"
        elif seen.path.endswith("/translate"):  # LibreTranslate
            body = json.dumps({"translatedText": translation}).encode()
            ctype = "application/json"
        elif seen.path.endswith("/m"):
            body = (
                "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
                f'<div class="result-container">{html.escape(translation)}</div></body></html>'
            ).encode()
            ctype = "text/html; charset=utf-8"
        elif "langpair" in seen.params:  # MyMemory
            body = json.dumps({"responseData": {"translatedText": translation}, "matches": []}).encode()
            ctype = "application/json"
        else:
            body, ctype = b"not found", "text/plain"
            reply = Reply(status=404)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type or ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def translate_server() -> Iterator[TranslateServer]:
    server = TranslateServer().start()
    try:
        yield server
    finally:
        server.stop()
