"""BlockTranslator against the loopback server: deep-translator's own HTTP code runs, nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from reader.memory import TranslationMemory
from reader.translate import BlockTranslator, TranslatorSettings
from tests.translate_server import translate_server  # noqa: F401  (fixture)

FAST = {"timeout": 2.0, "retries": 2, "backoff": 0.01}


def make(server, engine="google", memory=None, **values):
    settings = TranslatorSettings(engine=engine, url=server.url, **{**FAST, **values})
    return BlockTranslator(settings, memory=memory if memory is not None else TranslationMemory(bundled=False))


@pytest.mark.parametrize("engine", ["google", "libre"])
async def test_one_translation_per_block_in_order(translate_server, engine):
    texts = [f"Le paragraphe numéro {i} parle de la mer." for i in range(12)]
    translator = make(translate_server, engine)
    results = await translator.translate(texts, "fr")
    assert [r.text for r in results] == [t.upper() for t in texts]
    assert all(r.error is None and not r.from_memory for r in results)
