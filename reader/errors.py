"""Every error a user can meet, with messages written for that user.

    ReaderError                 base: ``str(error)`` is a one-line message fit for a notice or stderr
    ├── FetchError              the source could not be loaded (network, HTTP status, file, size, type)
    ├── ExtractError            the page was loaded but holds no readable article
    ├── TranslateError          the translation engine failed (timeout, refusal, bad answer, bad key)
    └── ConfigError             the configuration file or a command-line value is wrong

The UI and the CLI both show ``str(error)`` and nothing else, so a message must stand on its own:
say what failed and, where it helps, what to do — never a traceback, never a secret.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base class: the message is the whole story told to the user."""


class FetchError(ReaderError):
    """The source (URL, file or stdin) could not be loaded."""


class ExtractError(ReaderError):
    """The page holds no article we can read."""


class TranslateError(ReaderError):
    """A translation engine failed; ``transient`` says whether a retry may help."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class ConfigError(ReaderError):
    """A configuration value or command-line argument is wrong."""
