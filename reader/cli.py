"""The ``reader`` command: start the app, or print articles with ``--dump``.

Exit status (documented in README):
    0  success
    1  unexpected internal error (still one line, never a traceback)
    2  a source could not be loaded or parsed, or a bad argument
    3  the article was printed but (part of) its translation failed
  130  interrupted

Every failure is one line on stderr, prefixed "reader: ". Nothing here imports Textual unless the UI is
started, so ``--dump`` stays light and works without a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
from typing import Sequence

from reader import __version__
from reader.errors import ConfigError, ReaderError

EXIT_OK, EXIT_INTERNAL, EXIT_SOURCE, EXIT_TRANSLATION, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

# How many sources --dump loads at once: enough to hide network latency, few enough to be polite.
DUMP_CONCURRENCY = 8


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line, not usage plus error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_SOURCE, f"reader: {message} (see reader --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read a foreign-language news article in the terminal: the original, its translation "
        "and its key facts side by side.",
        epilog="With no SOURCE, reader opens the bundled sample article. Exit status: 0 ok, 2 source "
        "could not be loaded or bad argument, 3 article printed but translation failed.",
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="a URL, a path to an HTML file, or - for stdin")
    parser.add_argument("--dump", choices=("text", "markdown", "json"), help="print the article and exit (no UI)")
    parser.add_argument("--translate", action="store_true", help="with --dump: add the translation")
    parser.add_argument("--to", dest="target", metavar="LANG", help="target language (default: en, or config)")
    parser.add_argument("--translator", metavar="NAME",
                        help="google (default), libre, mymemory, deepl or microsoft")
    parser.add_argument("--translator-url", metavar="URL", help="engine address (LibreTranslate server, mirror)")
    parser.add_argument("--history", action="store_true", help="list the articles read, newest first, and exit")
    parser.add_argument("--config", action="store_true", help="print the config file's path and the effective settings")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.config:
            return _print_config()
        if args.history:
            return _print_history()
        if args.dump:
            return asyncio.run(_dump(args))
        return _run_app(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `reader --dump json | head`: the reader of our output left
        sys.stderr.close()
        return EXIT_OK
    except ReaderError as error:
        _fail(str(error))
        return EXIT_SOURCE
    except Exception as error:  # last line of defence: one line, never a traceback
        _fail(f"unexpected error: {type(error).__name__}: {error}")
        return EXIT_INTERNAL


def _fail(message: str) -> None:
    print(f"reader: {' '.join(message.split())}", file=sys.stderr)


def _load_config():
    from reader.config import load_config
    from reader.keymap import ACTIONS

    return load_config(binding_ids=[action.id for action in ACTIONS])


def _translator_settings(args: argparse.Namespace, config):
    """Config file first, then the command line's flags on top."""
    from reader.config import translator_settings

    if args.target is not None and not args.target.strip():
        raise ConfigError("--to needs a language code such as en, de or es")
    return translator_settings(config, engine=args.translator, target=args.target, url=args.translator_url)


def _checked_translator_flags(args: argparse.Namespace) -> dict:
    """--translator/--to/--translator-url checked without importing the translation machinery (the UI
    builds its settings on first use, off the first frame's path)."""
    import re

    from reader.engines import ENGINES

    flags: dict = {}
    if args.translator is not None:
        engine = args.translator.strip().lower()
        if engine not in ENGINES:
            raise ConfigError(f"unknown translator {args.translator!r}: choose {', '.join(ENGINES)}")
        flags["engine"] = engine
    if args.target is not None:
        target = args.target.strip().lower()
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", target):
            raise ConfigError(f"unknown target language {args.target!r}: use a code such as en, de or pt-br")
        flags["target"] = target
    if args.translator_url is not None:
        if not re.match(r"https?://[^/\s]+", args.translator_url.strip()):
            raise ConfigError(f"translator URL must start with http:// or https://, not {args.translator_url!r}")
        flags["url"] = args.translator_url.strip()
    return flags


def _print_config() -> int:
    from reader import paths
    from reader.config import describe_config

    print(describe_config(_load_config(), paths.config_file()))
    return EXIT_OK


def _print_history() -> int:
    from reader.history import History, format_history

    with History() as history:
        print(format_history(history.entries()))
        for warning in history.warnings:
            _fail(warning)
    return EXIT_OK


# ---------------------------------------------------------------- the app


def _run_app(args: argparse.Namespace) -> int:
    if len(args.sources) > 1:
        raise ConfigError("the reader opens one article at a time; use --dump for several")
    source = args.sources[0] if args.sources else None
    # Start-up allocates a few hundred thousand objects that live as long as the process (modules,
    # classes, styles): collecting them while they are created costs ~30 ms before the first frame.
    # The app freezes them and turns the collector back on once the first frame is painted.
    gc.disable()
    from reader.preload import preload

    loading = preload(source)  # a local page is read and extracted while Textual is imported and starts
    config = _load_config()
    overrides = _checked_translator_flags(args)
    if source == "-":
        from reader.fetch import fetch

        source = asyncio.run(fetch("-"))
        _reattach_terminal()
        loading = preload(source)
    from reader.app import ReaderApp

    app = ReaderApp(source, config=config, target=overrides.pop("target", None), translator_overrides=overrides,
                    preload=loading)
    app.run()
    return app.return_code or 0


def _reattach_terminal() -> None:
    """After reading the page from a pipe, read keys from the terminal instead."""
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise ConfigError("reading from stdin needs a terminal for the keys; use --dump to print instead") from None
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the process's stdin for its whole life


# ---------------------------------------------------------------- --dump


async def _dump(args: argparse.Namespace) -> int:
    from reader.pipeline import load_article

    settings = _translator_settings(args, _load_config()) if args.translate else None
    sources: list[str | None] = list(args.sources) or [None]
    if sources.count("-") > 1:
        raise ConfigError("stdin (-) can be read only once")
    translator = _make_translator(settings) if settings else None
    semaphore = asyncio.Semaphore(DUMP_CONCURRENCY)

    async def load(source: str | None):
        async with semaphore:
            try:
                return await load_article(source)
            except ReaderError as error:
                return error

    status = EXIT_OK
    tasks = [asyncio.ensure_future(load(source)) for source in sources]
    for source, task in zip(sources, tasks):  # print in the order given, as soon as each is ready
        result = await task
        if isinstance(result, ReaderError):
            label = source if source is not None else "sample"
            _fail(f"{label}: {result}" if len(sources) > 1 else str(result))
            status = EXIT_SOURCE
            continue
        article, digest = result
        translation = None
        if translator is not None:
            translation = await _translate(translator, article, settings.target)
            if translation.failed and status == EXIT_OK:
                status = EXIT_TRANSLATION
        _print_article(args.dump, article, digest, translation)
    if translator is not None:
        for warning in getattr(translator, "warnings", ()):
            _fail(warning)
    if status == EXIT_TRANSLATION:
        _fail("some paragraphs could not be translated (see \"error\" in the output)"
              if args.dump == "json" else "some paragraphs could not be translated")
    return status


def _make_translator(settings):
    from reader.translate import BlockTranslator

    return BlockTranslator(settings)


async def _translate(translator, article, target: str):
    from reader.models import Translation

    texts = [block.text for block in article.blocks]
    results = await translator.translate(texts, article.lang)
    return Translation(translator=translator.name, target=target, blocks=tuple(results))


def _print_article(fmt: str, article, digest, translation) -> None:
    import json

    from reader import export

    if fmt == "json":
        sys.stdout.write(json.dumps(export.to_dict(article, digest, translation), ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(export.to_markdown(article, digest, translation))
    else:
        sys.stdout.write(export.to_text(article, digest, translation))
    sys.stdout.flush()
