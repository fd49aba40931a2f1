"""The user's settings: one TOML file (``reader.paths.config_file()``), defaults for everything it leaves out.

    load_config(path)        file → frozen Config; a missing file is all defaults
    describe_config(...)     what ``reader --config`` prints: the file, whether it exists, every setting
    save_setting(name, v)    remember a runtime choice (layout, theme) by rewriting that one line
    translator_settings(c)   Config → reader.translate.TranslatorSettings

Why errors name a line: a config file is edited by hand, and "layout must be one of …" is useless without
knowing where. Every problem raises ConfigError with one line, ``<file> line <n>: <problem>``; tomllib
reports syntax errors with a line and column, and for a bad value we find the key's line by scanning the
text (tomllib keeps no positions), which is exact for the flat files this one is.

Secrets: ``translator_key`` may live in the file (a self-hosted LibreTranslate key is harmless there), but
READER_TRANSLATOR_KEY overrides it, and it is never printed: describe_config shows ``"***"``, Config's
repr hides it.

The file is only ever written by save_setting, which keeps the user's comments and layout: it rewrites the
one ``name = value`` line (or adds it above the first table), checks that the new text still parses, and
replaces the file atomically. A read-only disk is not an error there: the choice is just not remembered.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from reader import paths
from reader.errors import ConfigError
from reader.engines import ENGINES, KEY_ENV

if TYPE_CHECKING:
    import tomllib

    from reader.translate import TranslatorSettings

__all__ = [
    "LAYOUTS",
    "SETTINGS",
    "Config",
    "describe_config",
    "load_config",
    "save_setting",
    "translator_settings",
]

log = logging.getLogger(__name__)

LAYOUTS = ("side-by-side", "original", "translation", "interleaved")

# Columns of a comfortable line of prose; below 40 a French sentence wraps every few words, above 200 the
# eye loses the next line.
MIN_WIDTH, MAX_WIDTH = 40, 200

# More requests in flight than this gets a client rate-limited by every public engine.
MAX_CONCURRENCY = 32

# The table that holds keymap overrides (binding id → key string, as Textual's App.set_keymap takes them).
KEYS_TABLE = "keys"

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


def _empty_keys() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Config:
    """Every setting, with its default. Frozen: the app holds one and replaces it, never edits it."""

    target: str = "en"
    translator: str = "google"
    translator_url: str | None = None
    translator_key: str | None = field(default=None, repr=False)
    timeout: float = 15.0
    concurrency: int = 4
    layout: str = "side-by-side"
    theme: str = "textual-dark"
    sync_scroll: bool = True
    highlights: bool = True
    reading_width: int = 90
    keys: Mapping[str, str] = field(default_factory=_empty_keys, hash=False)

    def __post_init__(self) -> None:
        """Every Config is valid and normalised, however it was made (file, CLI, ``dataclasses.replace``)."""
        for name, check in SETTINGS.items():
            value = getattr(self, name)
            if value is None and name in _OPTIONAL:
                continue
            try:
                object.__setattr__(self, name, check(value))
            except ValueError as problem:
                raise ConfigError(str(problem)) from None
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        shown["translator_key"] = "***" if self.translator_key else None
        shown["keys"] = dict(self.keys)
        return "Config(" + ", ".join(f"{name}={value!r}" for name, value in shown.items()) + ")"


# ---------------------------------------------------------------------------------------------------------
# Validation: each setting has a checker that returns the clean value or raises ValueError(problem).


def _describe(value: Any) -> str:
    """A value as the user wrote it in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string in quotes, not {_describe(value)}")
    return value.strip()


def _check_target(value: Any) -> str:
    text = _string("target", value).lower()
    if not _LANGUAGE.fullmatch(text):
        raise ValueError(f"target must be a language code such as en, de or pt-br, not {_describe(value)}")
    return text


def _check_translator(value: Any) -> str:
    text = _string("translator", value).lower()
    if text not in ENGINES:
        raise ValueError(f"translator must be one of {', '.join(ENGINES)}, not {_describe(value)}")
    return text


def _check_url(value: Any) -> str | None:
    text = _string("translator_url", value)
    if not text:
        return None
    if not re.match(r"https?://[^/\s]+", text):
        raise ValueError(f"translator_url must start with http:// or https://, not {_describe(value)}")
    return text


def _check_key(value: Any) -> str | None:
    return _string("translator_key", value) or None  # never echo the value: it is a secret


def _check_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {_describe(value)}")
    return float(value)


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {_describe(value)}")
    return value


def _check_concurrency(value: Any) -> int:
    return _whole("concurrency", value, 1, MAX_CONCURRENCY)


def _check_width(value: Any) -> int:
    return _whole("reading_width", value, MIN_WIDTH, MAX_WIDTH)


def _check_layout(value: Any) -> str:
    text = _string("layout", value).lower()
    if text not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {_describe(value)}")
    return text


def _check_theme(value: Any) -> str:
    text = _string("theme", value)
    if not text:
        raise ValueError("theme must name a theme, not ''")
    return text


def _flag(name: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, not {_describe(value)}")
        return value

    return check


# Settings that may be left unset (None).
_OPTIONAL = frozenset({"translator_url", "translator_key"})

# Top-level settings and their checkers, in the order describe_config prints them.
SETTINGS: dict[str, Callable[[Any], Any]] = {
    "target": _check_target,
    "translator": _check_translator,
    "translator_url": _check_url,
    "translator_key": _check_key,
    "timeout": _check_timeout,
    "concurrency": _check_concurrency,
    "layout": _check_layout,
    "theme": _check_theme,
    "sync_scroll": _flag("sync_scroll"),
    "highlights": _flag("highlights"),
    "reading_width": _check_width,
}


# ---------------------------------------------------------------------------------------------------------
# Finding lines: tomllib keeps no positions, so we scan the text for ``key =`` inside the right table.

# (Patterns, not compiled objects: re compiles and caches them on first use, which keeps importing this
# module — on the app's start-up path — cheap when there is no file to scan.)
_TABLE_LINE = r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"
_KEY_LINE = r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*="""


def _dotted(text: str) -> tuple[str, ...]:
    """``a."b c".d`` → ("a", "b c", "d")."""
    parts = re.findall(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""", text)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Full dotted name of every ``key =`` line (table prefix included) → its 1-based line number."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(_TABLE_LINE, line)
        if header:
            table = _dotted(header.group(1))
            found.setdefault(table, number)
            continue
        key = re.match(_KEY_LINE, line)
        if key:
            found.setdefault(table + _dotted(key.group(1)), number)
    return found


class _Located:
    """Turns a problem with a setting into ``<file> line <n>: <problem>``."""

    def __init__(self, path: Path, text: str) -> None:
        self._label = _label(path)
        self._lines = _key_lines(text)

    def error(self, name: tuple[str, ...], problem: str) -> ConfigError:
        line = self._lines.get(name)
        where = f"{self._label} line {line}" if line else self._label
        return ConfigError(f"{where}: {problem}")


def _label(path: Path) -> str:
    """The file as messages name it: the path, with the home directory shortened to ``~``."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


# ---------------------------------------------------------------------------------------------------------
# Loading


def load_config(
    path: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    binding_ids: Iterable[str] | None = None,
) -> Config:
    """Read the config file into a Config; a missing file gives the defaults.

    Args:
        path: the TOML file; None means ``reader.paths.config_file()``.
        environ: where READER_TRANSLATOR_KEY is looked up (default ``os.environ``); it beats the file.
        binding_ids: the app's binding ids; when given, an unknown id in ``[keys]`` is an error with a
            suggestion (the app owns the list, so without it any id is kept).

    Raises:
        ConfigError: one line naming the file, the line and the problem.
    """
    path = Path(path) if path is not None else paths.config_file()
    text = _read(path)
    values: dict[str, Any] = {}
    if text is not None:
        values = _parse(path, text, set(binding_ids) if binding_ids is not None else None)
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV, "").strip():
        values["translator_key"] = env[KEY_ENV].strip()
    return Config(**values)


def _read(path: Path) -> str | None:
    """The file's text, or None when there is no file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"cannot read {_label(path)}: {error.strerror or type(error).__name__}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(f"{_label(path)} line {line}: the file is not UTF-8 text") from None


def _parse(path: Path, text: str, binding_ids: set[str] | None) -> dict[str, Any]:
    """Check every setting in the file and return Config's keyword arguments."""
    import tomllib  # only when there is a file: start-up without one skips it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, text, error) from None
    located = _Located(path, text)
    values: dict[str, Any] = {}
    for name, raw in data.items():
        if name == KEYS_TABLE:
            values["keys"] = _parse_keys(raw, located, binding_ids)
            continue
        check = SETTINGS.get(name)
        if check is None:
            raise located.error((name,), _unknown("setting", name, [*SETTINGS, KEYS_TABLE]))
        try:
            values[name] = check(raw)
        except ValueError as problem:
            raise located.error((name,), str(problem)) from None
    return values


def _parse_keys(raw: Any, located: _Located, binding_ids: set[str] | None) -> Mapping[str, str]:
    if not isinstance(raw, dict):
        raise located.error((KEYS_TABLE,), f"keys must be a table ([keys]), not {_describe(raw)}")
    keys: dict[str, str] = {}
    for binding, key in raw.items():
        where = (KEYS_TABLE, binding)
        if binding_ids is not None and binding not in binding_ids:
            raise located.error(where, _unknown("key binding", binding, sorted(binding_ids)))
        if not isinstance(key, str) or not key.strip() or re.search(r"\s", key.strip()):
            raise located.error(
                where, f"keys.{binding} must be a key such as \"T\" or \"ctrl+t\", not {_describe(key)}"
            )
        keys[binding] = key.strip()
    return MappingProxyType(keys)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    message = f"unknown {what} {name!r}"
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return message + (f" (did you mean {close[0]!r}?)" if close else "")


_POSITION = r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$"


def _syntax_error(path: Path, text: str, error: "tomllib.TOMLDecodeError") -> ConfigError:
    """tomllib's "Invalid value (at line 2, column 5)" → "<file> line 2, column 5: invalid value"."""
    message = str(error)
    position = re.search(_POSITION, message)
    problem = message[: position.start()] if position else message
    problem = problem[:1].lower() + problem[1:]
    if position and position.group(1):
        where = f"line {position.group(1)}, column {position.group(2)}"
    else:
        where = f"line {max(1, len(text.splitlines()))}"  # "at end of document": the last line
    return ConfigError(f"{_label(path)} {where}: {problem} (TOML syntax)")


# ---------------------------------------------------------------------------------------------------------
# Showing


def _toml(value: Any) -> str:
    """A value written as TOML (basic strings share JSON's escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # (only when saving: not on the start-up path)

        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def describe_config(
    config: Config, path: str | Path | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """What ``reader --config`` prints: the file (and whether it exists) and every effective setting.

    Written as TOML, so a line can be copied into the file; settings left at their default say so, and
    the key is always ``"***"``.
    """
    path = Path(path) if path is not None else paths.config_file()
    env = os.environ if environ is None else environ
    state = "exists" if path.is_file() else "not found: using defaults"
    lines = [f"# config file: {path} ({state})"]
    defaults = Config()
    width = max(len(name) for name in SETTINGS)
    for name in SETTINGS:
        value = getattr(config, name)
        note = ""
        if name == "translator_key" and value:
            shown = '"***"'
            note = f"from {KEY_ENV}" if env.get(KEY_ENV, "").strip() else ""
        elif value is None:
            shown, note = '""', "not set"
        else:
            shown = _toml(value)
        if not note and value == getattr(defaults, name):
            note = "default"
        lines.append(f"{name:<{width}} = {shown}" + (f"  # {note}" if note else ""))
    lines.append("")
    lines.append(f"[{KEYS_TABLE}]" + ("" if config.keys else "  # no overrides: default keys"))
    lines.extend(f"{binding} = {_toml(key)}" for binding, key in sorted(config.keys.items()))
    return "\n".join(lines)


def translator_settings(config: Config, **overrides: Any) -> TranslatorSettings:
    """The translation settings a Config asks for; ``overrides`` (None values ignored) come from the CLI."""
    from reader.translate import TranslatorSettings  # not at import time: off the first frame's path

    values: dict[str, Any] = {
        "engine": config.translator,
        "target": config.target,
        "url": config.translator_url,
        "key": config.translator_key,
        "timeout": config.timeout,
        "concurrency": config.concurrency,
    }
    values.update({name: value for name, value in overrides.items() if value is not None})
    return TranslatorSettings(**values)


# ---------------------------------------------------------------------------------------------------------
# Saving one setting


def save_setting(
    name: str, value: Any, *, path: str | Path | None = None, warnings: list[str] | None = None
) -> bool:
    """Remember a runtime choice (the layout, the theme) in the config file, keeping everything else.

    Only the ``name = …`` line at the top level changes (its trailing comment stays); a setting not yet
    in the file is added above the first table. The directory is created here, on first write.

    Returns:
        True when saved. False when the disk refused (read-only, full, permissions) or the file has
        errors of its own: the message is logged and appended to ``warnings``.

    Raises:
        ConfigError: ``name`` is not a setting or ``value`` is not valid for it (a bug in the caller).
    """
    check = SETTINGS.get(name)
    if check is None:
        raise ConfigError(_unknown("setting", name, SETTINGS))
    try:
        clean = check(value)
    except ValueError as problem:
        raise ConfigError(str(problem)) from None
    path = Path(path) if path is not None else paths.config_file()
    try:
        if path.is_symlink():  # dotfile managers link the file: write through the link, keep the link
            path = path.resolve()
        try:
            old = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            old = ""
        new = _with_setting(old, name, _toml(clean))
        if new is None:
            return _not_saved(name, f"{_label(path)} has errors: fix them first", warnings)
        _write_atomically(path, new)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        return _not_saved(name, f"cannot write {_label(path)} ({reason})", warnings)
    return True


def _not_saved(name: str, reason: str, warnings: list[str] | None) -> bool:
    message = f"{name} not remembered: {reason}"
    log.warning("%s", message)
    if warnings is not None and message not in warnings:
        warnings.append(message)
    return False


def _with_setting(text: str, name: str, literal: str) -> str | None:
    """``text`` with ``name = literal`` at the top level, or None when the result would not be valid."""
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if re.match(_TABLE_LINE, line)), len(lines))
    for index in range(first_table):
        key = re.match(_KEY_LINE, lines[index])
        if key and _dotted(key.group(1)) == (name,):
            lines[index] = _replace_value(lines[index], key.end(), literal)
            break
    else:
        at = _insertion_point(lines, first_table)
        if at and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, f"{name} = {literal}\n" + ("\n" if at < len(lines) else ""))
    new = "".join(lines)
    import tomllib

    try:
        if tomllib.loads(new).get(name) != tomllib.loads(f"v = {literal}")["v"]:
            return None
    except tomllib.TOMLDecodeError:
        return None
    return new


def _insertion_point(lines: list[str], first_table: int) -> int:
    """Where a new top-level line goes: above the first table and above the comments that introduce it."""
    if first_table == len(lines):  # no table: append at the end
        return first_table
    at = first_table
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    return at if at > 0 else first_table


def _replace_value(line: str, value_start: int, literal: str) -> str:
    """Swap the value after ``=`` and keep the spacing and any ``# comment`` after it."""
    head, rest = line[:value_start], line[value_start:]
    ending = rest[len(rest.rstrip("\r\n")) :]
    rest = rest[: len(rest) - len(ending)]
    lead = rest[: len(rest) - len(rest.lstrip())]
    tail = ""
    import tomllib

    # The comment starts at the first "#" after which the value still parses ("#" may sit in a string).
    for match in re.finditer("#", rest):
        try:
            tomllib.loads("v = " + rest[: match.start()])
        except tomllib.TOMLDecodeError:
            continue
        before = rest[: match.start()]
        tail = before[len(before.rstrip()) :] + rest[match.start() :]
        break
    return f"{head}{lead or ' '}{literal}{tail}{ending or chr(10)}"


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the file and rename over it, so a crash never leaves half a config."""
    paths.ensure_dir(path.parent)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
