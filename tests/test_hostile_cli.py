"""`reader --dump json SOURCE` against everything hostile the web and the disk can serve (issue 6).

Each failure must be: exit status 2, exactly one line on stderr starting with "reader: " that names the
problem, nothing on stdout, never a traceback — within bounded time. Each content case must give a clean
page (exit 0) or the "no article" message. The CLI runs as a real subprocess; its timeout is a hang guard,
not a timing target.

Time limits: the CLI has no option or environment variable for the fetch limits (30 s total, 15 s read,
10 s connect), so the timeout cases run the same ``reader.cli.main`` in a child whose
``reader.fetch.DEFAULT_LIMITS`` is replaced before it starts (see ``LIMITED``): the message format is the
same, only the numbers are smaller.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests import hostile_pages as pages
from tests.hostile_server import (  # noqa: F401 - fixtures
    closed_port, full_backlog_port, hostile_server, hostile_server_session, resolver_fails_fast, tls_server,
)
from tests.page_server import PageServer

ROOT = Path(__file__).resolve().parent.parent
HANG_GUARD = 60  # seconds: a subprocess still running after this is a hang, whatever the machine

# Runs the real CLI with smaller fetch limits (JSON in argv[1]): the CLI offers no way to set them.
LIMITED = (
    "import json, sys; import reader.fetch as f; "
    "f.DEFAULT_LIMITS = f.FetchLimits(**json.loads(sys.argv.pop(1))); "
    "from reader.cli import main; sys.exit(main(sys.argv[1:]))"
)


def run_dump(source: str, home: Path, *, limits: dict | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "READER_HOME": str(home), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    if limits is None:
        command = [sys.executable, "-m", "reader", "--dump", "json", source]
    else:
        command = [sys.executable, "-c", LIMITED, json.dumps(limits), "--dump", "json", source]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=HANG_GUARD, env=env, cwd=home.parent)


@pytest.fixture(scope="module")
def page_server():
    server = PageServer().start()
    yield server
    server.stop()


def run_many(jobs: dict[str, tuple[str, Path]]) -> dict[str, subprocess.CompletedProcess]:
    """Run several ``run_dump(source, home)`` at once: most of each run is the interpreter starting."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(run_dump, source, home) for key, (source, home) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


def assert_fails(result: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, one "reader: …" line naming ``words``, no traceback, empty stdout; returns the message."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.stdout == b"", result.stdout[:500]
    lines = stderr.splitlines()
    assert len(lines) == 1 and stderr.endswith("\n"), stderr
    message = lines[0]
    assert message.startswith("reader: "), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert not pages.FORBIDDEN.search(message) and "\x1b" not in message, repr(message)
    assert result.returncode == 2, (result.returncode, message)
    return message


def loaded(result: subprocess.CompletedProcess) -> dict:
    """Exit 0 and a JSON article on stdout, nothing on stderr."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and stderr == "", stderr
    assert result.returncode == 0
    return json.loads(result.stdout)


def all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


# ------------------------------------------------------------------------------------------ network, HTTP

HTTP_CASES = [
    # (id, path on the hostile server, words the message must hold; "{host}" is the server's host:port)
    ("redirects-11", "/redirect/11", ["too many redirects", "more than 10", "{host}"]),
    ("redirect-loop", "/loop", ["redirect loop", "{host}"]),
    ("redirect-to-ftp", "/redirect-ftp", ["redirected to an unsupported URL scheme 'ftp'"]),
    ("redirect-to-file", "/redirect-file", ["redirected to an unsupported URL scheme 'file'"]),
    ("redirect-to-bad-url", "/redirect-bad", ["{host} redirected to an invalid URL"]),
    ("404", "/status/404", ["HTTP 404 Not Found from {host}"]),
    ("403-reason", "/status/403?reason=Abonnement%20requis", ["HTTP 403 Abonnement requis from {host}"]),
    ("410", "/status/410", ["HTTP 410 Gone"]),
    ("429", "/status/429", ["HTTP 429 Too Many Requests"]),
    ("500", "/status/500", ["HTTP 500 Internal Server Error"]),
    ("503", "/status/503", ["HTTP 503 Service Unavailable from {host}"]),
    ("pdf", "/pdf", ["not an HTML page", "a PDF document (application/pdf)"]),
    ("pdf-50MB-announced", "/pdf-huge", ["not an HTML page", "a PDF document"]),
    ("image", "/png", ["not an HTML page", "an image (image/png)"]),
    ("json", "/json", ["not an HTML page", "JSON data"]),
    ("binary", "/octet", ["not an HTML page", "binary data"]),
    ("rss-feed", "/feed", ["not an HTML page", "an XML document"]),
    ("escape-codes-in-type", "/hostile-type", ["not an HTML page", "binary data"]),
    ("empty-body", "/empty", ["empty page", "{host} sent no content"]),
    ("over-20MB-announced", "/huge?size=25000000", ["page too big", "(limit 20 MB)"]),
    ("over-20MB-streamed", "/huge-stream?size=25000000", ["page too big", "more than 20 MB (the limit)"]),
    ("gzip-bomb", "/gzip-bomb?size=50000000", ["page too big", "more than 20 MB"]),
    ("brotli-bomb", "/br-bomb?size=100000000", ["page too big", "more than 20 MB"]),
    ("gzip-in-brotli-bomb", "/gzip-br-bomb?size=50000000", ["page too big", "more than 20 MB"]),
    ("corrupt-gzip", "/bad-gzip", ["{host} sent a corrupt compressed page (gzip)"]),
    ("unknown-encoding", "/zstd-encoded", ["compressed with 'zstd'", "cannot decode"]),
    ("closed-no-answer", "/close", ["{host} closed the connection without answering"]),
    ("not-http", "/garbage", ["{host} sent a malformed HTTP response"]),
    ("truncated-body", "/truncated", ["{host} closed the connection before the page was complete"]),
    ("reset-no-answer", "/reset", ["{host} reset the connection without answering"]),
    ("reset-mid-body", "/reset-mid", ["{host} reset the connection before the page was complete"]),
]


@pytest.fixture(scope="module")
def http_results(hostile_server_session, tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every HTTP case run once, four at a time; each test below checks its own."""
    home = tmp_path_factory.mktemp("http") / "reader-home"
    return run_many({path: (hostile_server_session.url(path), home) for _, path, _ in HTTP_CASES})


@pytest.mark.parametrize("path, words", [c[1:] for c in HTTP_CASES], ids=[c[0] for c in HTTP_CASES])
def test_http_failures(http_results, hostile_server_session, path, words):
    assert_fails(http_results[path], *(w.format(host=hostile_server_session.host) for w in words))


def test_redirect_loop_stops_after_the_limit(hostile_server, tmp_path):
    assert_fails(run_dump(hostile_server.url("/loop"), tmp_path), "gave up after 10")
    assert hostile_server.count("/loop") == 11


@pytest.mark.parametrize("kind", ["page", "file"])
def test_just_over_the_cap_says_a_size_over_the_limit(hostile_server, tmp_path, kind):
    if kind == "page":
        source = hostile_server.url("/huge?size=21000000")
    else:
        source = str(tmp_path / "big.html")
        with open(source, "wb") as handle:
            handle.truncate(20 * 1024 * 1024 + 1)
    message = assert_fails(run_dump(source, tmp_path), "too big")
    assert "20 MB (limit 20 MB)" not in message


def test_a_non_ascii_reason_is_shown_whole(hostile_server, tmp_path):
    assert_fails(run_dump(hostile_server.url("/status/403?reason=Acc%C3%A8s%20refus%C3%A9"), tmp_path),
                 "HTTP 403 Accès refusé")


def test_connection_refused(tmp_path):
    port = closed_port()
    assert_fails(run_dump(f"http://127.0.0.1:{port}/article", tmp_path),
                 f"connection refused by 127.0.0.1:{port}", "nothing is listening")


def test_dns_failure(tmp_path):
    host = "no-such-host.reader-tests.invalid"  # RFC 2606: never resolves
    if not resolver_fails_fast(host):
        pytest.skip("this machine's resolver does not fail fast for .invalid names")
    message = assert_fails(run_dump(f"http://{host}/article", tmp_path), host)
    assert "does not resolve" in message or "no answer from DNS" in message


def _unreachable_fails_locally(address: str) -> bool:
    """TCP to the broadcast address fails in the kernel (ENETUNREACH) without a packet leaving."""
    probe = socket.socket()
    probe.settimeout(1)
    try:
        probe.connect((address, 9))
    except OSError as error:
        return error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
    finally:
        probe.close()
    return False


def test_unreachable_host(tmp_path):
    if not _unreachable_fails_locally("255.255.255.255"):
        pytest.skip("this kernel does not refuse TCP to the broadcast address locally")
    assert_fails(run_dump("http://255.255.255.255:9/article", tmp_path),
                 "cannot reach 255.255.255.255:9", "no route to the host")


def test_tls_certificate_not_trusted(tls_server, tmp_path):
    assert_fails(run_dump(tls_server.url("/article"), tmp_path),
                 f"TLS error with {tls_server.host}", "certificate is not valid")


def test_tls_to_a_plain_http_server(hostile_server, tmp_path):
    assert_fails(run_dump(f"https://{hostile_server.host}/article", tmp_path),
                 f"TLS error with {hostile_server.host}", "secure connection failed")


# Timeouts need small limits (see the module docstring); each case ends in about 1–2 s.
SHORT = {"connect_timeout": 1.0, "read_timeout": 1.0, "total_timeout": 2.0}


def test_connect_timeout(full_backlog_port, tmp_path):
    assert_fails(run_dump(f"http://127.0.0.1:{full_backlog_port}/", tmp_path, limits=SHORT),
                 f"could not connect to 127.0.0.1:{full_backlog_port}", "no answer within 1 s")


def test_read_timeout_server_never_answers(hostile_server, tmp_path):
    assert_fails(run_dump(hostile_server.url("/hang"), tmp_path, limits=SHORT),
                 f"{hostile_server.host} accepted the connection but did not answer within 1 s")


def test_read_timeout_server_stops_sending(hostile_server, tmp_path):
    assert_fails(run_dump(hostile_server.url("/drip?delay=5&size=10"), tmp_path, limits=SHORT),
                 f"{hostile_server.host} stopped sending", "nothing received for 1 s")


def test_one_byte_at_a_time_hits_the_total_deadline(hostile_server, tmp_path):
    limits = {"connect_timeout": 1.0, "read_timeout": 1.0, "total_timeout": 1.5}
    assert_fails(run_dump(hostile_server.url("/drip?delay=0.1&size=1000"), tmp_path, limits=limits),
                 f"{hostile_server.host} took too long", "not loaded within 1.5 s")


def test_the_default_limits_are_the_documented_ones():
    """The numbers the issue names: 20 MB, 10 redirects; and a total deadline that stops a drip."""
    from reader.fetch import DEFAULT_LIMITS

    assert DEFAULT_LIMITS.max_bytes == 20 * 1024 * 1024 and DEFAULT_LIMITS.max_redirects == 10
    assert DEFAULT_LIMITS.total_timeout <= 60 and DEFAULT_LIMITS.read_timeout < DEFAULT_LIMITS.total_timeout


# ------------------------------------------------------------------------------------------ sources, URLs

REFUSED = [
    ("ftp://example.com/article.html", ["unsupported URL scheme 'ftp'", "http(s) URLs, files and - for stdin"]),
    ("gopher://example.com/", ["unsupported URL scheme 'gopher'"]),
    ("javascript:alert(1)", ["unsupported URL scheme 'javascript'"]),
    ("data:text/html,<p>salut</p>", ["unsupported URL scheme 'data'"]),
    ("mailto:redaction@example.com", ["unsupported URL scheme 'mailto'"]),
    ("http://exa mple.com/", ["invalid URL", "forbidden character"]),
    ("http://127.0.0.1:99999/", ["invalid URL", "port must be between 1 and 65535"]),
    ("http:///article", ["invalid URL", "no host name"]),
    ("file://example.com/etc/passwd", ["file URLs on another host (example.com)"]),
]


@pytest.fixture(scope="module")
def refused_results(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    home = tmp_path_factory.mktemp("refused") / "reader-home"
    return run_many({source: (source, home) for source, _ in REFUSED})


@pytest.mark.parametrize("source, words", REFUSED,
                         ids=["ftp", "gopher", "javascript", "data", "mailto", "space-in-host", "port", "no-host",
                              "file-remote"])
def test_refused_sources(refused_results, source, words):
    assert_fails(refused_results[source], *words)


def test_malformed_ipv6_url(tmp_path):
    assert_fails(run_dump("http://[::1/article", tmp_path), "invalid URL")


def test_missing_file(tmp_path):
    path = tmp_path / "absent.html"
    assert_fails(run_dump(str(path), tmp_path), f"no such file: {path}")


def test_missing_file_url(tmp_path):
    path = tmp_path / "absent.html"
    assert_fails(run_dump(path.as_uri(), tmp_path), f"no such file: {path}")


def test_directory(tmp_path):
    assert_fails(run_dump(str(tmp_path), tmp_path), f"{tmp_path} is a directory, not a file")


def test_directory_file_url(tmp_path):
    assert_fails(run_dump(tmp_path.as_uri() + "/", tmp_path), "is a directory, not a file")


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: file modes cannot deny a read (tests/test_fetch.py simulates it)")
    path = tmp_path / "secret.html"
    path.write_text(pages.article([pages.PROSE]))
    path.chmod(0)
    assert_fails(run_dump(str(path), tmp_path), f"cannot read {path}: permission denied")


def test_nul_byte_in_the_path(tmp_path):
    """argv cannot hold a NUL; a file URL can (%00)."""
    assert_fails(run_dump(f"file://{tmp_path}/a%00b.html", tmp_path), "not a valid path", "\\x00")


@pytest.mark.parametrize("content, words", [
    (b"", ["nothing to read", "is empty"]),
    (b"  \n\t\n ", ["nothing to read", "is empty"]),
    (bytes(range(256)) * 8, ["not an HTML page", "is binary data"]),
    (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", ["not an HTML page", "is a PDF document"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["not an HTML page", "is an image (PNG)"]),
], ids=["empty", "whitespace", "binary", "pdf-named-html", "png-named-html"])
def test_files_that_are_not_pages(tmp_path, content, words):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    assert_fails(run_dump(str(path), tmp_path), *words)


def test_file_over_the_size_cap(tmp_path):
    path = tmp_path / "big.html"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: no 20 MB write
    assert_fails(run_dump(str(path), tmp_path), f"file too big: {path}", "limit 20 MB")


def test_empty_stdin(tmp_path):
    assert_fails(run_dump("-", tmp_path, stdin=b""), "nothing to read: stdin is empty")


def test_pdf_on_stdin(tmp_path):
    assert_fails(run_dump("-", tmp_path, stdin=b"%PDF-1.4 x"), "not an HTML page: stdin holds a PDF document")


# ------------------------------------------------------------------------------------------ charsets

def _serve(page_server, path: str, body: bytes, content_type: str) -> str:
    page_server.routes[path] = (200, content_type, body)
    return page_server.url(path)


@pytest.mark.parametrize("content_type", [
    "text/html",  # no charset in the header: the <meta> decides
    "text/html; charset=ISO-8859-1",  # a lie browsers forgive: cp1252 bytes under latin-1
    "text/html; charset=utf-8",  # a plain lie: the bytes are not UTF-8
    "text/html; charset=x-no-such-charset",
], ids=["meta-only", "latin1-header", "utf8-header-lies", "unknown-charset"])
def test_wrong_or_missing_charset_still_reads_the_text(page_server, tmp_path, content_type):
    url = _serve(page_server, "/ete", pages.cp1252_article(), content_type)
    data = loaded(run_dump(url, tmp_path))
    assert pages.CP1252_TEXT in data["text"]


def test_no_charset_anywhere(page_server, tmp_path):
    body = pages.cp1252_article().replace(b'<meta charset="windows-1252">', b"")
    data = loaded(run_dump(_serve(page_server, "/ete", body, "text/html"), tmp_path))
    assert pages.CP1252_TEXT in data["text"]


def test_a_stray_c1_byte_loses_nothing(page_server, tmp_path):
    """0x90 is undefined in windows-1252; it must vanish alone, not eat the rest of the paragraph."""
    url = _serve(page_server, "/ete", pages.cp1252_article(stray_c1=True), "text/html")
    data = loaded(run_dump(url, tmp_path))
    assert "et la suite du paragraphe reste lisible jusqu’au bout." in data["text"]
    assert not any(pages.FORBIDDEN.search(s) for s in all_strings(data))


# ------------------------------------------------------------------------------------------ content

@pytest.fixture
def write(tmp_path):
    def write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return str(path)

    return write


def test_deep_nesting(write, tmp_path):
    data = loaded(run_dump(write("deep.html", pages.deep_nesting(100_000)), tmp_path))
    assert "budget" in data["text"]


def test_ten_megabyte_paragraph(write, tmp_path):
    data = loaded(run_dump(write("big.html", pages.huge_paragraph(10_000_000)), tmp_path))
    assert len(data["text"]) > 9_000_000


def test_fifty_thousand_tiny_paragraphs(write, tmp_path):
    data = loaded(run_dump(write("tiny.html", pages.tiny_paragraphs(50_000)), tmp_path))
    assert len(data["blocks"]) == 50_000 and data["blocks"][-1]["text"] == "Phrase 49999."


def test_broken_markup(write, tmp_path):
    data = loaded(run_dump(write("broken.html", pages.broken_markup()), tmp_path))
    assert "budget" in data["text"]
    assert not any(pages.FORBIDDEN.search(s) for s in all_strings(data))


def test_nul_bytes(write, tmp_path):
    data = loaded(run_dump(write("nul.html", pages.nul_bytes()), tmp_path))
    assert "budget" in data["text"]
    assert not any("\x00" in s for s in all_strings(data))


@pytest.mark.parametrize("builder", [pages.login_wall, pages.javascript_shell], ids=["login-wall", "javascript-shell"])
def test_pages_without_an_article(write, tmp_path, builder):
    assert_fails(run_dump(write("wall.html", builder()), tmp_path),
                 "no article found on this page (it may need JavaScript or a login)")


def test_no_article_over_http(page_server, tmp_path):
    url = page_server.add_page("/app", pages.javascript_shell())
    assert_fails(run_dump(url, tmp_path), "no article found on this page")


def test_terminal_and_markup_attacks_are_plain_text(write, tmp_path):
    data = loaded(run_dump(write("attack.html", pages.attack_page()), tmp_path))
    for visible in pages.ATTACK_VISIBLE:
        assert visible in data["text"], visible
    assert "[@click=app.quit]Piège" in data["title"] or "Piège [b]gras[/b]" in data["title"]
    for text in all_strings(data):
        assert "\x1b" not in text and not pages.FORBIDDEN.search(text), repr(text)
    assert "PWNED" not in data["text"]  # an OSC payload is a command, not text


# ------------------------------------------------------------------------------------------ state, config

def run_reader(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "READER_HOME": str(home), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, timeout=HANG_GUARD,
                          env=env, cwd=home.parent)


def _damage(home: Path) -> tuple[Path, Path]:
    memory, history = home / "cache" / "translations.sqlite3", home / "data" / "history.sqlite3"
    for path in (memory, history):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    return memory, history


def test_history_listing_with_a_damaged_file(reader_home):
    _damage(reader_home)
    result = run_reader(reader_home, "--history")
    assert result.returncode == 0 and b"No articles read yet" in result.stdout
    lines = result.stderr.decode().splitlines()
    assert lines == [lines[0]] and lines[0].startswith("reader: reading history was damaged: set aside as")


def test_history_listing_with_a_damaged_file_still_works(reader_home):
    """Besides the single line: exit 0, the list, the file set aside, no traceback."""
    _, history = _damage(reader_home)
    result = run_reader(reader_home, "--history")
    stderr = result.stderr.decode()
    assert result.returncode == 0 and b"No articles read yet" in result.stdout and "Traceback" not in stderr
    assert "reader: reading history was damaged: set aside as history.sqlite3.corrupt-" in stderr
    assert list(history.parent.glob("history.sqlite3.corrupt-*"))


def test_dump_translate_with_a_damaged_memory(reader_home, write):
    from tests.translate_server import TranslateServer

    _damage(reader_home)
    page = write("article.html", pages.article([pages.PROSE]))
    with TranslateServer() as server:
        result = run_reader(reader_home, "--dump", "json", "--translate", "--translator", "libre",
                            "--translator-url", server.url, page)
    assert result.returncode == 0
    assert json.loads(result.stdout)["translation"]
    lines = result.stderr.decode().splitlines()
    assert lines and all(line.startswith("reader: ") for line in lines), lines


@pytest.mark.parametrize("content, words", [
    ('target = "en"\nlayout = "sideways"\n', ["config.toml line 2:", "layout must be one of", "not 'sideways'"]),
    ('target = "en"\ntimeout = \n', ["config.toml line 2, column 11:", "(TOML syntax)"]),
    ("target = \"\x1b]2;PWNED\x07\"\n", ["config.toml line 1, column 11:", "illegal character"]),
    ("\xff\xfe", ["config.toml line 1:", "not UTF-8 text"]),
], ids=["bad-value", "bad-syntax", "escape-code", "not-utf8"])
def test_bad_config_file_names_the_line(reader_home, content, words):
    config = reader_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_bytes(content.encode("utf-8") if not content.startswith("\xff") else b"\xff\xfe bad")
    assert_fails(run_reader(reader_home, "--config"), str(config), *words)
