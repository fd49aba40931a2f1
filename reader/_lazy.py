"""Import a module on first use, with the standard library's LazyLoader.

Used for dependencies that only some paths need (httpx for web pages), so that the app's first frame
does not wait for them.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module ``name``: already loaded if it is, otherwise one that loads on first attribute access."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - a declared dependency is missing
        raise ImportError(f"cannot find module {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
