"""Translate an article's blocks through deep-translator, fast, aligned, and without ever hanging the app.

    settings ──► BlockTranslator.translate(texts, source, on_result=, order=, only=)
                   1. trivial texts (blank, no letters or digits, source == target): returned as they are
                   2. translation memory (SQLite + the bundled sample): delivered at once, no request
                   3. the rest: split when longer than the engine's limit, packed when the engine keeps our
                      separators, sent with at most ``concurrency`` requests in flight, in priority order
                   4. every answer: checked, split back, cleaned, remembered, delivered through on_result

Alignment is the invariant: the result has exactly one BlockTranslation per input text, same order.

Deadlines and quitting. deep-translator's engines call ``requests`` with no timeout and are not
thread-safe, so every engine call gets its own engine instance and its own *daemon* thread, and the event
loop awaits a future the thread fills, under ``asyncio.wait_for(settings.timeout)``. A hung server then
costs a parked daemon thread, never a blocked event loop, a blocked ``asyncio.run`` shutdown (the default
executor, which is joined at exit, is never used) or a blocked interpreter exit. Cancelling translate()
returns at once. To make such a thread end too, and to learn the HTTP status that Google's and MyMemory's
``RequestError`` drops, the ``requests`` name inside deep-translator's engine modules is replaced by a thin
stand-in that adds ``timeout=`` and records the response status *only in our own threads*; anywhere else it
behaves exactly like ``requests``.

The translation memory is a file another reader may hold locked (a lookup or a write can then wait its busy
timeout), so its lookups and writes run on one daemon thread of their own (``_MemoryThread``), never on
the event loop. translate() returns once its writes are done, so a translator opened next finds them.

Packing. Google and LibreTranslate get several short blocks in one request, joined by numbered marker
lines (``⟦1⟧``); the answer is accepted only when every marker comes back once, in order, with text
between. Otherwise those blocks are sent one per request, and this translator stops packing. MyMemory,
DeepL and Microsoft always get one block (or one piece of a long block) per request.

Failures become one short message on the block, ``"translation unavailable: …"`` (see describe_error);
transient ones (timeout, connection, 429, 5xx) are retried ``retries`` times with exponential backoff.
Keys come from settings (``from_env`` reads READER_TRANSLATOR_KEY); they appear in no message, no log line,
no repr and no memory row.

``--translator-url`` works for every engine but Microsoft: Google's mobile page is then read from
``URL/m`` (a mirror, or the loopback server of the tests), LibreTranslate is posted to ``URL/translate``,
MyMemory and DeepL use URL as their base.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
import math
import os
import queue
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from reader.errors import ConfigError, TranslateError
from reader.models import BlockTranslation, Translation
from reader.sanitize import clean_text

if TYPE_CHECKING:  # pragma: no cover
    from reader.memory import TranslationMemory
    from reader.models import Article

__all__ = [
    "ENGINES",
    "KEY_ENV",
    "NOT_REQUESTED",
    "BlockTranslator",
    "TranslatorSettings",
    "describe_error",
    "merge",
    "split_text",
    "translate_article",
    "translate_article_sync",
]

log = logging.getLogger(__name__)

from reader.engines import ENGINES, KEY_ENV  # noqa: E402 - re-exported: callers import them from here

DISPLAY_NAMES = {
    "google": "Google Translate",
    "libre": "LibreTranslate",
    "mymemory": "MyMemory",
    "deepl": "DeepL",
    "microsoft": "Microsoft Translator",
}

# Characters per request. Google refuses 5000 before sending, and the text travels in a GET query string
# where every accented letter costs 6 bytes; MyMemory refuses 500; LibreTranslate (query string again) is
# often capped at 2000 on public instances; DeepL's client also uses GET; Microsoft takes 50,000 in a body.
ENGINE_LIMITS = {"google": 4000, "libre": 2000, "mymemory": 450, "deepl": 4000, "microsoft": 9000}

# Engines whose answers keep our marker lines (checked on every answer anyway).
PACKABLE = frozenset({"google", "libre"})

# At most this many blocks in one packed request: more markers, more ways for one to get lost.
MAX_PACK = 40

# The longest wait a Retry-After header may impose before a retry: longer, and the block fails now instead.
MAX_RETRY_AFTER = 5.0

# Engines that need a key; LibreTranslate's client wants one even for a self-hosted server.
NEEDS_KEY = frozenset({"deepl", "microsoft"})
LIBRE_PLACEHOLDER_KEY = "reader"

PREFIX = "translation unavailable: "
TIMED_OUT = PREFIX + "engine timed out"
NO_TRANSLATION = PREFIX + "engine returned no translation"
UNREADABLE = PREFIX + "engine returned an unreadable answer"

# Returned for indices outside ``only``: nothing was asked, nothing failed. See merge().
NOT_REQUESTED = BlockTranslation(text=None)


# ---------------------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class TranslatorSettings:
    """Which engine, where, and how patiently.

    ``timeout`` is our deadline for one engine call (connect + read), ``concurrency`` the number of requests
    in flight, ``retries``/``backoff`` the retry policy for transient failures (delay ``backoff * 2**n``),
    ``max_chars`` overrides the engine's per-request size, ``pack`` allows packing short blocks.
    """

    engine: str = "google"
    target: str = "en"
    url: str | None = None
    key: str | None = dataclasses.field(default=None, repr=False)
    timeout: float = 15.0
    concurrency: int = 4
    retries: int = 2
    backoff: float = 0.5
    max_chars: int | None = None
    pack: bool = True

    def __post_init__(self) -> None:
        engine = (self.engine or "").strip().lower()
        if engine not in ENGINES:
            raise ConfigError(
                f"unknown translator {self.engine!r}: choose google, libre, mymemory, deepl or microsoft"
            )
        object.__setattr__(self, "engine", engine)
        target = (self.target or "").strip().lower()
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", target):
            raise ConfigError(f"unknown target language {self.target!r}: use a code such as en, de or pt-br")
        object.__setattr__(self, "target", target)
        if self.url is not None:
            url = self.url.strip()
            if not re.match(r"https?://[^/\s]+", url):
                raise ConfigError(f"translator URL must start with http:// or https://, not {self.url!r}")
            object.__setattr__(self, "url", url)
        if self.key is not None and not self.key.strip():
            object.__setattr__(self, "key", None)
        if not self.timeout > 0:
            raise ConfigError("translator timeout must be a positive number of seconds")
        if int(self.concurrency) < 1:
            raise ConfigError("translator concurrency must be at least 1")
        if int(self.retries) < 0 or self.backoff < 0:
            raise ConfigError("translator retries and backoff cannot be negative")
        if self.max_chars is not None and self.max_chars < 20:
            raise ConfigError("translator max_chars must be at least 20")

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{f.name}={'***' if f.name == 'key' and self.key else repr(getattr(self, f.name))}"
            for f in dataclasses.fields(self)
        )
        return f"TranslatorSettings({fields})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **values: Any) -> TranslatorSettings:
        """Settings from ``values`` (None values ignored), the key from READER_TRANSLATOR_KEY if not given."""
        env = os.environ if environ is None else environ
        values = {name: value for name, value in values.items() if value is not None}
        if "key" not in values and env.get(KEY_ENV, "").strip():
            values["key"] = env[KEY_ENV].strip()
        return cls(**values)

    @property
    def display_name(self) -> str:
        return DISPLAY_NAMES[self.engine]

    @property
    def limit(self) -> int:
        return self.max_chars or ENGINE_LIMITS[self.engine]


# ---------------------------------------------------------------------------------------------------------
# Errors


def describe_error(error: BaseException, *, status: int | None = None) -> tuple[str, bool]:
    """Map anything an engine call can raise to (short message for the user, transient?).

    ``status`` is the HTTP status of the last response, when known (deep-translator often drops it).
    Never includes ``str(error)`` of third-party exceptions: those carry URLs and keys.
    """
    import requests

    if isinstance(error, TranslateError):
        return str(error), error.transient
    if isinstance(error, (TimeoutError, requests.Timeout)):
        return TIMED_OUT, True
    if isinstance(error, requests.ConnectionError):
        return PREFIX + "cannot reach the engine" + _connection_reason(error), True
    if isinstance(error, AttributeError) and status is None:
        # Microsoft's client swallows the network error, then reads .json() of the missing response.
        return PREFIX + "cannot reach the engine", True
    if isinstance(error, (ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration)):
        # JSON that is not JSON (requests' JSONDecodeError is a ValueError), or JSON of another shape.
        if status is not None and not 200 <= status < 300:
            return _by_status(status)
        return UNREADABLE, False
    if isinstance(error, requests.RequestException):
        return PREFIX + "cannot reach the engine", True

    from deep_translator import exceptions as dt

    if isinstance(error, dt.TooManyRequests):
        return _by_status(429)
    if isinstance(error, dt.AuthorizationException):
        return PREFIX + f"engine refused the key (HTTP {status or 403})", False
    if isinstance(error, dt.ApiKeyException):
        return PREFIX + f"engine needs a key: set {KEY_ENV}", False
    if isinstance(error, (dt.LanguageNotSupportedException, dt.InvalidSourceOrTargetLanguage)):
        return PREFIX + f"language not supported: {str(getattr(error, 'val', '?'))[:20]}", False
    if isinstance(error, (dt.TranslationNotFound, dt.ElementNotFoundInGetRequest)):
        if status is not None and not 200 <= status < 300:
            return _by_status(status)
        return NO_TRANSLATION, False
    if isinstance(error, (dt.NotValidLength, dt.NotValidPayload)):
        return PREFIX + "text too long for the engine", False
    if isinstance(error, (dt.RequestError, dt.ServerException, dt.MicrosoftAPIerror)):
        if status is not None:
            return _by_status(status)
        return PREFIX + "engine error", True
    return PREFIX + f"engine failed ({type(error).__name__})", False


def _by_status(status: int) -> tuple[str, bool]:
    if status == 429:
        return PREFIX + "rate limited by the engine (HTTP 429)", True
    if status in (401, 403):
        return PREFIX + f"engine refused the key (HTTP {status})", False
    if status >= 500 or status == 408:
        return PREFIX + f"engine error (HTTP {status})", True
    return PREFIX + f"engine error (HTTP {status})", False


def _connection_reason(error: BaseException) -> str:
    """Why a connection failed, from the chain of causes requests and urllib3 wrap around the OS error."""
    text = ""
    stack: list[object] = [error]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return " (connection refused)"
        if isinstance(current, ConnectionResetError):
            return " (connection closed)"
        text += f" {type(current).__name__} {current}"
        stack += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    lowered = text.lower()
    if "refused" in lowered:
        return " (connection refused)"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "getaddrinfo" in lowered:
        return " (name not found)"
    if "reset" in lowered or "aborted" in lowered or "remotedisconnected" in lowered:
        return " (connection closed)"
    return ""


# ---------------------------------------------------------------------------------------------------------
# The blocking side: runs in a daemon thread, one engine instance per call


class _Call(threading.local):
    """Per-thread state read by the ``requests`` stand-in."""

    active = False
    timeout: tuple[float, float] = (15.0, 15.0)
    status: int | None = None
    retry_after: str | None = None


_call = _Call()
_shim_lock = threading.Lock()
_shim_installed = False
_ENGINE_MODULES = ("google", "libre", "mymemory", "deepl", "microsoft")


class _RequestsStandIn:
    """``requests`` as deep-translator's engine modules see it: adds our timeout, records the status."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self._send("get", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self._send("post", url, **kwargs)

    def _send(self, method: str, url: str, **kwargs: Any) -> Any:
        if _call.active:
            kwargs.setdefault("timeout", _call.timeout)
        response = getattr(self._real, method)(url, **kwargs)
        if _call.active:
            _call.status = response.status_code
            _call.retry_after = response.headers.get("Retry-After")
        return response


def _install_requests_stand_in() -> None:
    global _shim_installed
    with _shim_lock:
        if _shim_installed:
            return
        import importlib

        import requests

        stand_in = _RequestsStandIn(requests)
        for name in _ENGINE_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            if getattr(module, "requests", None) is requests:
                module.requests = stand_in
        _shim_installed = True


class _RedactKeys(logging.Filter):
    """urllib3 logs every request line at DEBUG, query string included, and LibreTranslate's and DeepL's
    clients put the key there: replace every key we were given before such a record goes anywhere."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set[str] = set()

    def add(self, key: str) -> None:
        from urllib.parse import quote, quote_plus

        self.keys.update({key, quote(key, safe=""), quote_plus(key)})

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.keys:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is not ours to fix
            return True
        redacted = message
        for key in self.keys:
            redacted = redacted.replace(key, "***")
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


_redact = _RedactKeys()


def _protect_key(key: str | None) -> None:
    if not key:
        return
    if not _redact.keys:
        for name in ("urllib3.connectionpool", "urllib3.connection", "requests"):
            logging.getLogger(name).addFilter(_redact)
    _redact.add(key)


def _engine_language(engine: str, code: str) -> str:
    """Our BCP 47-ish code ("fr", "pt-br", "auto") as the engine spells it."""
    if code == "auto":
        return code
    from deep_translator import constants as c

    table = {
        "google": c.GOOGLE_LANGUAGES_TO_CODES,
        "libre": c.LIBRE_LANGUAGES_TO_CODES,
        "mymemory": c.MY_MEMORY_LANGUAGES_TO_CODES,
        "deepl": c.DEEPL_LANGUAGE_TO_CODE,
    }.get(engine)
    if not table:
        return code
    codes = {value.lower(): value for value in table.values()}
    if code in codes:
        return codes[code]
    primary = code.split("-")[0]
    if primary in codes:
        return codes[primary]
    # MyMemory spells "fr-FR"; Google "zh-CN": take the region that matches the language first.
    candidates = sorted(value for value in codes if value.split("-")[0] == primary)
    for preferred in (f"{primary}-{primary}", f"{primary}-us", f"{primary}-cn"):
        if preferred in candidates:
            return codes[preferred]
    return codes[candidates[0]] if candidates else code


def _make_engine(settings: TranslatorSettings, source: str) -> Any:
    engine = settings.engine
    src = _engine_language(engine, source)
    tgt = _engine_language(engine, settings.target)
    url = settings.url
    if engine == "google":
        from deep_translator import GoogleTranslator

        translator = GoogleTranslator(source=src, target=tgt)
        if url:
            # No public option for the base URL: set it after __init__ (loopback tests, mirrors).
            translator._base_url = url if url.rstrip("/").endswith("/m") else url.rstrip("/") + "/m"
        return translator
    if engine == "libre":
        from deep_translator import LibreTranslator

        custom = None
        if url:
            custom = re.sub(r"/translate/?$", "", url.rstrip("/")) + "/"
        return LibreTranslator(
            source=src,
            target=tgt,
            api_key=settings.key or LIBRE_PLACEHOLDER_KEY,
            use_free_api=not settings.key,
            custom_url=custom,
        )
    if engine == "mymemory":
        from deep_translator import MyMemoryTranslator

        translator = MyMemoryTranslator(source=src, target=tgt)
        if url:
            translator._base_url = url
        return translator
    if engine == "deepl":
        from deep_translator import DeeplTranslator

        translator = DeeplTranslator(
            source=src, target=tgt, api_key=settings.key, use_free_api=bool(settings.key and settings.key.endswith(":fx"))
        )
        if url:
            translator._base_url = url.rstrip("/") + "/"
        if src == "auto":
            translator._source = None  # DeepL detects when source_lang is absent; requests drops None
        return translator
    from deep_translator import MicrosoftTranslator

    return MicrosoftTranslator(source=src, target=tgt, api_key=settings.key)


def _translate_blocking(settings: TranslatorSettings, source: str, text: str) -> str:
    """One engine call. Raises TranslateError only (its message already fit for the user)."""
    _call.active = True
    _call.timeout = (settings.timeout, settings.timeout)
    _call.status = _call.retry_after = None
    try:
        _install_requests_stand_in()
        result = _make_engine(settings, source).translate(text)
    except Exception as error:  # noqa: BLE001 - deep-translator's errors share no base class
        message, transient = describe_error(error, status=_call.status)
        failure = TranslateError(message, transient=transient)
        failure.retry_after = _seconds(_call.retry_after) if _call.status in (429, 503) else None
        raise failure from None  # the cause may hold the key
    finally:
        _call.active = False
    if not isinstance(result, str):
        raise TranslateError(NO_TRANSLATION)
    result = clean_text(result).strip()
    if not result:
        raise TranslateError(NO_TRANSLATION)
    return result


def _seconds(retry_after: str | None) -> float | None:
    """A Retry-After header in seconds (the HTTP-date form is rare from these engines: ignored)."""
    try:
        return max(0.0, float(retry_after)) if retry_after else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------
# Splitting and packing (pure)

# Where a long block may be cut: after a sentence's end (with its closing quotes), then at any space.
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])(?:[»”\"’)\]]*)(\s+)")
_SPACE_GAP = re.compile(r"(\s+)")

_MARKER = "\n⟦{n}⟧\n"
_MARKER_COST = len(_MARKER.format(n=99))
_MARKER_SPLIT = re.compile(r"\s*⟦\s*(\d+)\s*⟧\s*")


def _segments(text: str, gap: re.Pattern[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    start = 0
    for match in gap.finditer(text):
        out.append((text[start : match.start(1)], match.group(1)))
        start = match.end(1)
    out.append((text[start:], ""))
    return out


def split_text(text: str, limit: int) -> list[tuple[str, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters: [(piece, whitespace after it)].

    Cuts after sentences first, then between words, then anywhere. ``"".join(p + w for p, w in result)``
    gives ``text`` back.
    """
    return _split(text, limit, 0)


def _split(text: str, limit: int, level: int) -> list[tuple[str, str]]:
    if len(text) <= limit:
        return [(text, "")]
    gaps = (_SENTENCE_GAP, _SPACE_GAP)
    if level >= len(gaps):
        return [(text[i : i + limit], "") for i in range(0, len(text), limit)]
    out: list[tuple[str, str]] = []
    current, current_gap = "", ""
    for segment, gap in _segments(text, gaps[level]):
        if len(segment) > limit:
            if current:
                out.append((current, current_gap))
                current = ""
            elif current_gap and out:
                out[-1] = (out[-1][0], out[-1][1] + current_gap)
            elif current_gap:
                out.append(("", current_gap))
            pieces = _split(segment, limit, level + 1)
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + gap)
            out.extend(pieces)
            current_gap = ""
            continue
        if current and len(current) + len(current_gap) + len(segment) > limit:
            out.append((current, current_gap))
            current = ""
        elif not current and current_gap:
            # A gap with no text before it (leading whitespace): keep it attached to the previous piece.
            if out:
                out[-1] = (out[-1][0], out[-1][1] + current_gap)
            else:
                out.append(("", current_gap))
        current = current + current_gap + segment if current else segment
        current_gap = gap
    if current or current_gap:
        out.append((current, current_gap))
    return out


def _join(pieces: Sequence[str], gaps: Sequence[str]) -> str:
    out = []
    for index, piece in enumerate(pieces):
        out.append(piece)
        if index < len(pieces) - 1:
            gap = gaps[index]
            out.append("\n" if "\n" in gap else (" " if gap else ""))
    return "".join(out)


def _pack(texts: Sequence[str]) -> str:
    out = [texts[0]]
    for n, text in enumerate(texts[1:], start=1):
        out.append(_MARKER.format(n=n))
        out.append(text)
    return "".join(out)


def _unpack(answer: str, count: int) -> list[str] | None:
    """The pieces of a packed answer, or None unless every marker came back once, in order."""
    parts = _MARKER_SPLIT.split(answer)
    if len(parts) != 2 * count - 1:
        return None
    if parts[1::2] != [str(n) for n in range(1, count)]:
        return None
    pieces = [part.strip() for part in parts[0::2]]
    if not all(pieces):
        return None
    return pieces


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# ---------------------------------------------------------------------------------------------------------
# The async side


ResultCallback = Callable[[int, BlockTranslation], None]


@dataclass
class _Job:
    """One distinct text to translate: the indices it goes to, its pieces and their translations."""

    text: str
    indices: list[int]
    pieces: list[str]
    gaps: list[str]
    done: list[str | None]
    failed: bool = False


_T = TypeVar("_T")


class _MemoryThread:
    """Runs the translation memory's lookups and writes, in the order given, on one daemon thread.

    The memory is SQLite on disk: a call may wait for another reader's lock (its busy timeout), and a disk
    can be slow, so none of it may run on the event loop. One thread rather than one per call: writes keep
    their order, a lookup sees the writes asked for before it, and calls queue here instead of all waiting
    on the same lock. A daemon thread, like the engine calls' (never the default executor, which is joined
    at exit): it cannot delay quitting. It ends after ``IDLE`` seconds with nothing to do, and the next
    call starts another.
    """

    IDLE = 5.0

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._running = False

    def submit(self, call: Callable[[], _T]) -> concurrent.futures.Future[_T]:
        """Run ``call`` after everything submitted before it; its outcome arrives in the future."""
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        with self._lock:
            self._queue.put((call, future))
            if not self._running:
                self._running = True
                threading.Thread(target=self._work, name="reader-memory", daemon=True).start()
        return future

    async def drained(self) -> None:
        """Wait, without blocking the event loop, until everything submitted so far has run.

        Cancelling the wait cancels nothing that was submitted: only the empty marker this waits for.
        """
        await asyncio.wrap_future(self.submit(lambda: None))

    def _work(self) -> None:
        while True:
            try:
                call, future = self._queue.get(timeout=self.IDLE)
            except queue.Empty:
                with self._lock:  # submit() puts under this lock: empty here means nobody is left waiting
                    if self._queue.empty():
                        self._running = False
                        return
                continue
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as error:  # noqa: BLE001 - handed to whoever waits
                future.set_exception(error)


class _Remember:
    """Translations to store, written in batches on the memory thread as they come (see translate())."""

    def __init__(
        self, thread: _MemoryThread, memory: TranslationMemory, engine: str, source: str, target: str
    ) -> None:
        self._thread = thread
        self._memory = memory
        self._key = (engine, source, target)
        self._pairs: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def __call__(self, text: str, translation: str) -> None:
        """Queue one translation (on the event loop; returns at once)."""
        with self._lock:
            self._pairs.append((text, translation))
            if len(self._pairs) > 1:
                return  # a write is already queued and has not taken its pairs yet: it takes this one too
        self._thread.submit(self._write)

    def _write(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        if not pairs:
            return
        try:
            self._memory.put_many(*self._key, pairs)
        except Exception:  # the memory raises nothing of its own; a bug there must not go unseen
            log.exception("writing to the translation memory failed")


class _Run:
    """The state of one translate() call: results so far, delivery, and what to remember."""

    def __init__(
        self,
        size: int,
        source: str,
        on_result: ResultCallback | None,
        remember: Callable[[str, str], None] | None,
    ) -> None:
        self.results: list[BlockTranslation] = [NOT_REQUESTED] * size
        self.source = source
        self._on_result = on_result
        self._remember = remember

    def deliver(self, index: int, result: BlockTranslation) -> None:
        self.results[index] = result
        if self._on_result is not None:
            try:
                self._on_result(index, result)
            except Exception:  # a broken callback must not lose the other blocks
                log.exception("on_result callback failed")

    def piece_done(self, job: _Job, n: int, translation: str) -> None:
        if job.failed:
            return
        job.done[n] = translation
        if any(part is None for part in job.done):
            return
        joined = _join([part or "" for part in job.done], job.gaps)
        if self._remember is not None:
            self._remember(job.text, joined)
        for index in job.indices:
            self.deliver(index, BlockTranslation(text=joined))

    def piece_failed(self, job: _Job, message: str) -> None:
        if job.failed:
            return
        job.failed = True
        for index in job.indices:
            self.deliver(index, BlockTranslation(text=None, error=message))


class BlockTranslator:
    """Translates lists of texts with one engine, memory first.

    Args:
        settings: engine, target, deadline, concurrency, retries (default: Google to English).
        memory: a TranslationMemory; None opens the default one (``paths.translation_memory_file()``),
            False works without memory (and without the bundled sample).

    Counters for tests and the benchmark: ``requests`` (engine calls started, retries included),
    ``memory_hits`` and ``packed_requests``.
    """

    def __init__(
        self,
        settings: TranslatorSettings | None = None,
        memory: TranslationMemory | None | bool = None,
    ) -> None:
        self.settings = settings or TranslatorSettings()
        _protect_key(self.settings.key)
        if self.settings.engine in NEEDS_KEY and not self.settings.key:
            raise ConfigError(
                f"the {self.settings.display_name} translator needs a key: set {KEY_ENV}"
            )
        if memory is None or memory is True:
            from reader.memory import TranslationMemory

            memory = TranslationMemory()
            self._owns_memory = True
        else:
            self._owns_memory = False
        self.memory: TranslationMemory | None = memory or None
        self._memory_thread = _MemoryThread()
        self.requests = 0
        self.packed_requests = 0
        self.memory_hits = 0
        self._packing = self.settings.pack and self.settings.engine in PACKABLE
        self._semaphore: asyncio.Semaphore | None = None
        self._semaphore_loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"BlockTranslator({self.settings!r})"

    @property
    def name(self) -> str:
        """The engine's name for display ("Google Translate")."""
        return self.settings.display_name

    @property
    def target(self) -> str:
        return self.settings.target

    @property
    def warnings(self) -> list[str]:
        """User messages about the memory (unavailable, set aside), oldest first."""
        return list(self.memory.warnings) if self.memory is not None else []

    def close(self) -> None:
        """Close the memory this translator opened, once the writes queued for it are done.

        On the memory thread, so a write still waiting for another reader's lock never holds up the caller
        (the app calls this on its event loop); without a running event loop (the CLI), waits for it.
        """
        if self.memory is None or not self._owns_memory:
            return
        closed = self._memory_thread.submit(self.memory.close)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            closed.result()

    async def translate(
        self,
        texts: Sequence[str],
        source: str | None,
        *,
        on_result: ResultCallback | None = None,
        order: Sequence[int] | None = None,
        only: Iterable[int] | None = None,
    ) -> list[BlockTranslation]:
        """Translate ``texts`` from ``source`` (None: let the engine detect) to the settings' target.

        Returns one BlockTranslation per text, index-aligned. With ``only``, just those indices are
        translated (e.g. retrying the failed ones); every other entry is ``NOT_REQUESTED``
        (``BlockTranslation(text=None, error=None)``) and gets no callback: merge() it into the previous
        result. ``order`` lists indices to do first (the visible ones); the rest follow in reading order.
        ``on_result(index, result)`` is called on the event loop's thread as each block is ready, once per
        requested index, memory hits included. Cancelling this coroutine returns promptly; threads still
        waiting on a hung server are abandoned (daemon threads, ended by their socket timeout).
        """
        texts = list(texts)
        engine, target = self.settings.engine, self.settings.target
        source_code = _normalise_source(source)
        memory = self.memory
        # Memory writes are queued on the memory thread as pieces come back, never made on the event loop.
        remember = (
            _Remember(self._memory_thread, memory, engine, source_code, target) if memory is not None else None
        )
        run = _Run(len(texts), source_code, on_result, remember)
        priority = _priority(len(texts), order, _wanted(len(texts), only))

        # 1. Nothing to ask an engine about.
        pending: list[int] = []
        for index in priority:
            text = texts[index]
            if not text.strip() or not _has_letters(text) or source_code == target:
                run.deliver(index, BlockTranslation(text=text, from_memory=True))
            else:
                pending.append(index)

        # 2. Memory, looked up on the memory thread (a locked file must not stop the event loop).
        if pending and memory is not None:
            wanted = [texts[i] for i in pending]
            try:
                known = await asyncio.wrap_future(
                    self._memory_thread.submit(lambda: memory.get_many(engine, source_code, target, wanted))
                )
            except Exception:  # the memory raises nothing of its own; without it, the engine still answers
                log.exception("reading the translation memory failed")
                known = {}
            still = []
            for index in pending:
                hit = known.get(texts[index])
                if hit is None:
                    still.append(index)
                else:
                    self.memory_hits += 1
                    run.deliver(index, BlockTranslation(text=hit, from_memory=True))
            pending = still

        # 3. The engine: one job per distinct text, in priority order.
        jobs: dict[str, _Job] = {}
        for index in pending:
            text = texts[index]
            if text in jobs:
                jobs[text].indices.append(index)
                continue
            split = split_text(text.strip(), self.settings.limit)
            pieces = [piece for piece, _ in split]
            jobs[text] = _Job(text, [index], pieces, [gap for _, gap in split], [None] * len(pieces))
        units = self._plan([(job, n) for job in jobs.values() for n in range(len(job.pieces))])
        async with asyncio.TaskGroup() as group:
            for unit in units:
                group.create_task(self._run_unit(run, unit))
        if remember is not None:
            # Every answer is stored before translate() returns, so a translator opened right after (the
            # next run of the app) asks no engine again. Cancelled, we return at once; the writes go on.
            await self._memory_thread.drained()
        return run.results

    # -- planning -----------------------------------------------------------------------------------------

    def _plan(self, pieces: list[tuple[_Job, int]]) -> list[list[tuple[_Job, int]]]:
        """Group pieces into requests: balanced packs across the concurrency bound, or one per request."""
        limit = self.settings.limit
        if not self._packing:
            return [[piece] for piece in pieces]
        packable: list[tuple[_Job, int]] = []
        alone: list[list[tuple[_Job, int]]] = []
        for job, n in pieces:
            if "⟦" in job.pieces[n] or "⟧" in job.pieces[n]:  # would confuse the split
                alone.append([(job, n)])
            else:
                packable.append((job, n))
        if not packable:
            return alone
        costs = [len(job.pieces[n]) + _MARKER_COST for job, n in packable]
        total = sum(costs)
        count = max(math.ceil(total / limit), min(self.settings.concurrency, len(packable)))
        target = total / count
        units: list[list[tuple[_Job, int]]] = []
        current: list[tuple[_Job, int]] = []
        size = 0
        for piece, cost in zip(packable, costs):
            if current and (size + cost > limit or len(current) >= MAX_PACK):
                units.append(current)
                current, size = [], 0
            current.append(piece)
            size += cost
            if size >= target:
                units.append(current)
                current, size = [], 0
        if current:
            units.append(current)
        return units + alone

    # -- running ------------------------------------------------------------------------------------------

    async def _run_unit(self, run: _Run, unit: list[tuple[_Job, int]]) -> None:
        """One request for a pack (split back, or retried block by block), or one per piece."""
        if len(unit) == 1 or not self._packing:
            await self._run_pieces(run, unit)
            return
        texts = [job.pieces[n] for job, n in unit]
        try:
            answer = await self._request(_pack(texts), run.source, packed=True)
        except TranslateError as error:
            if error.transient or not _pack_may_be_the_cause(str(error)):
                # The engine is down or refuses us: asking block by block would only multiply the load.
                for job, _ in unit:
                    run.piece_failed(job, str(error))
                return
            # No or unreadable answer, or a size the engine refused: the pack may be to blame.
            await self._run_pieces(run, unit)
            return
        parts = _unpack(answer, len(texts))
        if parts is None:
            if self._packing:
                log.info("%s did not keep the block separators: one block per request from now on", self.name)
            self._packing = False
            await self._run_pieces(run, unit)
            return
        for (job, n), part in zip(unit, parts):
            run.piece_done(job, n, part)

    async def _run_pieces(self, run: _Run, unit: list[tuple[_Job, int]]) -> None:
        async def one(job: _Job, n: int) -> None:
            if job.failed:
                return
            try:
                answer = await self._request(job.pieces[n], run.source)
            except TranslateError as error:
                run.piece_failed(job, str(error))
            else:
                run.piece_done(job, n, answer)

        await asyncio.gather(*(one(job, n) for job, n in unit))

    async def _request(self, text: str, source: str, *, packed: bool = False) -> str:
        """One text through the engine, with the concurrency bound, our deadline and retries."""
        semaphore = self._bound()
        attempt = 0
        while True:
            async with semaphore:
                try:
                    return await self._engine_call(text, source, packed=packed)
                except TranslateError as error:
                    if not error.transient or attempt >= self.settings.retries:
                        raise
                    asked = getattr(error, "retry_after", None) or 0.0
            await asyncio.sleep(max(self.settings.backoff * (2**attempt), min(asked, MAX_RETRY_AFTER)))
            attempt += 1

    def _bound(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._semaphore_loop is not loop:
            self._semaphore = asyncio.Semaphore(self.settings.concurrency)
            self._semaphore_loop = loop
        return self._semaphore

    async def _engine_call(self, text: str, source: str, *, packed: bool = False) -> str:
        """Run the blocking call in a daemon thread and await it under our own deadline."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()
        settings = self.settings

        def work() -> None:
            try:
                outcome: tuple[bool, Any] = (True, _translate_blocking(settings, source, text))
            except BaseException as error:  # noqa: BLE001 - handed to the event loop
                outcome = (False, error)
            try:
                loop.call_soon_threadsafe(_settle, future, outcome)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

        self.requests += 1
        if packed:
            self.packed_requests += 1
        threading.Thread(target=work, name="reader-translate", daemon=True).start()
        try:
            return await asyncio.wait_for(future, settings.timeout)
        except TimeoutError:
            raise TranslateError(TIMED_OUT, transient=True) from None


def _pack_may_be_the_cause(message: str) -> bool:
    if message in (NO_TRANSLATION, UNREADABLE) or message.endswith("too long for the engine"):
        return True
    status = re.search(r"\(HTTP (\d+)\)$", message)
    return bool(status) and status.group(1) in ("400", "413", "414", "422")


def _settle(future: asyncio.Future[str], outcome: tuple[bool, Any]) -> None:
    if future.done():
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _normalise_source(source: str | None) -> str:
    code = (source or "").strip().lower().replace("_", "-")
    return code or "auto"


def _wanted(count: int, only: Iterable[int] | None) -> set[int]:
    if only is None:
        return set(range(count))
    return {index for index in only if 0 <= index < count}


def _priority(count: int, order: Sequence[int] | None, wanted: set[int]) -> list[int]:
    seen: set[int] = set()
    out: list[int] = []
    for index in list(order or ()) + list(range(count)):
        if index in wanted and index not in seen:
            seen.add(index)
            out.append(index)
    return out


def merge(previous: Sequence[BlockTranslation], new: Sequence[BlockTranslation]) -> list[BlockTranslation]:
    """``previous`` with every entry of ``new`` that is not NOT_REQUESTED (after a retry with ``only``)."""
    return [old if fresh == NOT_REQUESTED else fresh for old, fresh in zip(previous, new, strict=True)]


# ---------------------------------------------------------------------------------------------------------
# Whole articles


async def translate_article(
    article: Article,
    translator: BlockTranslator,
    *,
    on_result: ResultCallback | None = None,
    order: Sequence[int] | None = None,
) -> Translation:
    """The title and every block of ``article``; ``on_result`` gets index -1 for the title.

    ``order`` lists block indices (not counting the title, which always goes first).
    """
    texts = [article.title, *(block.text for block in article.blocks)]
    shifted = [0, *(index + 1 for index in order or ())]

    def forward(index: int, result: BlockTranslation) -> None:
        if on_result is not None:
            on_result(index - 1, result)

    results = await translator.translate(texts, article.lang, on_result=forward, order=shifted)
    title = results[0] if article.title else None
    return Translation(translator=translator.name, target=translator.target, blocks=tuple(results[1:]), title=title)


def translate_article_sync(article: Article, settings: TranslatorSettings | None = None) -> Translation:
    """translate_article for callers without an event loop (the CLI's --dump)."""
    translator = BlockTranslator(settings)
    try:
        return asyncio.run(translate_article(article, translator))
    finally:
        translator.close()
