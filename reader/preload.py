"""Read and extract a local article while Textual is still being imported, so the first frame has its text.

Why: the sample, a file or a page piped on stdin needs ~20 ms of work (importing the fetcher and the
extractor, parsing) that would otherwise come after the first frame, and a second frame with it. Started
by the command line before it imports the UI, the work overlaps with Textual's ~130 ms start-up; if it is
done when the screen mounts, the app shows the article in its very first frame.

Where the platform allows it (Linux, and only while the process has no other thread), the work runs in a
forked child process, on the machine's other core: in a thread it would hold the GIL that Textual's
import needs. The child sends back the pickled result through a pipe and exits; a daemon thread here
collects it. Anything unusual (no fork, the child killed, a result that does not unpickle) falls back to
doing the work on that thread. A child blocked on a file that never ends (a FIFO) dies by SIGALRM.

Web URLs are not preloaded: they need the app's event loop and its shared HTTP client.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
import threading
from typing import TYPE_CHECKING

from reader.models import Article, Page

if TYPE_CHECKING:
    from reader.fetch import FetchLimits
from reader.pipeline import extract_article, is_web_url, load_page, sample_source, source_label

__all__ = ["Preload", "preload"]

# A forked child still reading after this many seconds is killed by the kernel (SIGALRM's default).
CHILD_DEADLINE = 60


def preload(source: str | Page | None) -> "Preload | None":
    """Start loading ``source`` now if it is local (None: the bundled sample); None for web URLs and ``-``."""
    if isinstance(source, str) and (source.strip() == "-" or is_web_url(source)):
        return None
    return Preload(source)


class Preload:
    """One local source being read and extracted off the main thread.

    ``ready()`` never blocks; ``wait()`` is for a worker and raises what the load raised (a FetchError
    for a missing file, say)."""

    def __init__(self, source: str | Page | None, *, fork: bool | None = None) -> None:
        """``fork``: None chooses (a child process where it is safe), False always uses a thread."""
        self.source = source
        self._future: concurrent.futures.Future[tuple[Page, Article]] = concurrent.futures.Future()
        if fork is None:
            fork = sys.platform.startswith("linux") and threading.active_count() == 1
        if fork:
            self._start_child()
        else:
            threading.Thread(target=self._run, name="reader-preload", daemon=True).start()

    # ------------------------------------------------------------------ results

    def ready(self) -> tuple[Page, Article] | None:
        """The page and its article if they are already there, else None (still loading, or failed)."""
        future = self._future
        return future.result() if future.done() and future.exception() is None else None

    async def wait(self, limits: "FetchLimits | None" = None) -> tuple[Page, Article]:
        """The page and its article, or the load's own error; after the limits' total timeout, the same
        FetchError as a slow read through the fetcher."""
        from reader.fetch import DEFAULT_LIMITS, slow_read

        limits = limits or DEFAULT_LIMITS
        try:
            return await asyncio.wait_for(asyncio.wrap_future(self._future), limits.total_timeout)
        except TimeoutError:
            source = self.source
            what = sample_source() if source is None else "stdin" if isinstance(source, Page) else source
            raise slow_read(what, limits) from None

    # ------------------------------------------------------------------ the work

    def _load(self) -> tuple[Page, Article]:
        source = self.source
        if isinstance(source, Page):
            page = source
        else:
            from reader.fetch import read_local

            page = read_local(sample_source() if source is None else source)
            if page is None:  # not a path after all: the general loader, on this thread's own loop
                page = asyncio.run(load_page(source))
        return page, extract_article(page, source_label(source))

    def _run(self) -> None:
        try:
            result = self._load()
        except BaseException as error:  # handed to whoever waits, raised there
            self._future.set_exception(error)
        else:
            self._future.set_result(result)

    # ------------------------------------------------------------------ in a child process

    def _start_child(self) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory for a process, a process limit: do it here instead
            os.close(read_end)
            os.close(write_end)
            threading.Thread(target=self._run, name="reader-preload", daemon=True).start()
            return
        if pid == 0:
            os.close(read_end)
            self._child(write_end)  # never returns
        os.close(write_end)
        threading.Thread(target=self._collect, args=(pid, read_end), name="reader-preload", daemon=True).start()

    def _child(self, fd: int) -> None:
        """In the child: load, send ``(ok, value)`` pickled, exit without running the parent's exit hooks.
        A page that came in as a Page is not sent back: the parent has it."""
        status = 0
        try:
            import pickle
            import signal

            signal.alarm(CHILD_DEADLINE)
            try:
                page, article = self._load()
                payload = (True, (None if page is self.source else page, article))
            except Exception as error:
                payload = (False, error)
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        except BaseException:  # interrupted, or an error that does not pickle: the parent starts over
            status = 1
        finally:
            os._exit(status)

    def _collect(self, pid: int, fd: int) -> None:
        import pickle

        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # the child died or sent nothing usable
            self._run()
            return
        if not ok:
            self._future.set_exception(value)
            return
        page, article = value
        self._future.set_result((page if page is not None else self.source, article))
