"""A tiny loopback web server for app and CLI tests: serves pages from a dict, counts requests.

Routes map a path to (status, content type, body bytes). It listens on 127.0.0.1 on a free port and
never reaches outside the machine.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class PageServer:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.requests.append(self.path)
                status, content_type, body = server.routes.get(
                    self.path, (404, "text/html", b"<html><body>not here</body></html>")
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add_page(self, path: str, html: str, *, status: int = 200, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = (status, content_type, html.encode("utf-8"))
        return self.url(path)

    def start(self) -> "PageServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def page_server():
    server = PageServer().start()
    yield server
    server.stop()


def article_html(title: str, paragraphs: list[str], lang: str = "fr") -> str:
    """A small but real article page: chrome around an <article> with the given paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Le Site</title>'
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="Le Site"></head>'
        f'<body><header><nav><a href="/">Accueil</a><a href="/monde">Monde</a></nav></header>'
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer>© Le Site — mentions légales</footer></body></html>"
    )
