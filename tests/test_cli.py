"""``reader --dump`` and the command line, run as a real subprocess: output, exit status, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.page_server import article_html, page_server  # noqa: F401 - fixture
from tests.translate_server import Reply, translate_server  # noqa: F401 - fixture

SAMPLE_SENTENCES = [
    "Mark Zuckerberg, PDG de Meta, obtient un feu vert de Wall Street",
    "les revenus ont augmenté de 24 % en glissement annuel",
    "Les actions de Meta ont bondi jusqu’à 10 % en séance après-bourse.",
    "a souligné que l’entreprise reste « contrainte en capacité »",
    "l’acquisition de Scale AI pour 14,3 milliards de dollars",
    "Zuckerberg devrait bénéficier d’un large champ de manœuvre pour poursuivre ses ambitions en matière d’IA.",
]
CHROME = ["Command Palette", "Search for a command", "cookie", "Newsletter", "newsletter", "Tous droits réservés",
          "Liens associés", "Accueil", "Partager", "S'abonner"]


def run(*args: str, stdin: bytes | None = None, env_extra: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "reader", *args], input=stdin, capture_output=True,
                          env=env, timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def sample_json():
    result = run("--dump", "json")
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_dump_json_has_the_documented_shape(sample_json):
    assert set(sample_json) == {"source", "url", "title", "byline", "published", "site", "lang", "blocks",
                                "text", "related", "facts"}
    assert sample_json["source"] == "sample"
    assert sample_json["lang"] == "fr" and sample_json["site"] == "HyperAI"
    assert sample_json["title"].startswith("Zuckerberg lance une folle expansion en IA")
    assert sample_json["published"].startswith("2025-10-30")
    assert sample_json["text"] == "\n\n".join(b["text"] for b in sample_json["blocks"])
    assert {b["kind"] for b in sample_json["blocks"]} <= {"heading", "paragraph", "quote", "list_item", "preformatted"}
    assert set(sample_json["facts"]) == {"summary", "figures", "quotes", "entities"}
    for kind in ("summary", "figures", "quotes"):
        for item in sample_json["facts"][kind]:
            block = sample_json["blocks"][item["block"]]["text"]
            assert block[item["start"]:item["end"]] == item["text"]


def test_dump_json_has_the_whole_body_and_no_chrome(sample_json):
    text = sample_json["text"]
    for sentence in SAMPLE_SENTENCES:
        assert sentence in text
    for chrome in CHROME:
        assert chrome not in text, chrome
    assert len(sample_json["related"]) >= 3
    assert all(link["url"].startswith("https://") for link in sample_json["related"])


def test_dump_json_finds_the_figures_and_the_speakers(sample_json):
    figures = {f["text"]: f for f in sample_json["facts"]["figures"]}
    assert any("115 et 135 milliards de dollars" in t for t in figures)
    assert "14,3 milliards de dollars" in figures
    assert any(t.startswith("24") and "%" in t for t in figures)
    assert any(t.startswith("10") and "%" in t for t in figures)
    speakers = {q["speaker"] for q in sample_json["facts"]["quotes"] if q["kind"] == "speech"}
    assert {"Mark Zuckerberg", "Susan Li"} <= speakers


def test_dump_text_and_markdown(tmp_path):
    text = run("--dump", "text")
    assert text.returncode == 0 and "Susan Li" in text.stdout.decode()
    markdown = run("--dump", "markdown").stdout.decode()
    assert markdown.startswith("# Zuckerberg lance") and "## Quotes" in markdown and "## Figures" in markdown


def test_dump_translate_uses_the_bundled_memory_offline():
    result = run("--dump", "json", "--translate", env_extra={"READER_TRANSLATOR_KEY": ""})
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    blocks = data["translation"]["blocks"]
    assert len(blocks) == len(data["blocks"])
    assert all(b["error"] is None and b["text"] for b in blocks)
    assert data["translation"]["target"] == "en"


def test_dump_translate_failure_exits_3_with_errors_in_json(page_server, translate_server):
    translate_server.default = Reply(status=503)
    url = page_server.add_page("/a", article_html("Grève", ["Les trains sont à l'arrêt depuis lundi matin dans toute la région.",
                                                      "La direction promet un retour à la normale jeudi, sans convaincre."]))
    result = run("--dump", "json", "--translate", "--translator", "libre", "--translator-url", translate_server.url, url)
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert all(b["error"].startswith("translation unavailable") for b in data["translation"]["blocks"])
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().count("\n") >= 1


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--dump", "json", "/no/such/file.html"], "/no/such/file.html"),
        (["--dump", "json", "ftp://example.com/x"], "ftp"),
        (["--dump", "yaml"], "yaml"),
        (["--dump", "json", "--translate", "--translator", "babel"], "babel"),
    ],
)
def test_failures_are_one_line_exit_2(args, needle):
    result = run(*args)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("reader: ") and err.count("\n") == 1, err
    assert needle in err and "Traceback" not in err
    assert result.stdout == b""


def test_http_error_names_the_status(page_server):
    result = run("--dump", "text", page_server.url("/missing"))
    assert result.returncode == 2
    assert "404" in result.stderr.decode()


def test_stdin_and_several_sources_in_order(page_server):
    first = page_server.add_page("/1", article_html("Premier", ["Le premier article parle de la pluie et du beau temps.",
                                                             "Il annonce un week-end ensoleillé sur toute la côte."]))
    second = page_server.add_page("/2", article_html("Second", ["Le second article parle des vendanges en Bourgogne.",
                                                           "Les vignerons espèrent une récolte abondante cette année."]))
    result = run("--dump", "json", second, page_server.url("/missing"), first)
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [d["title"] for d in lines] == ["Second", "Premier"]
    assert "404" in result.stderr.decode()
    piped = run("--dump", "json", "-", stdin=article_html("Tube", ["Un article lu sur l'entrée standard, sans réseau.",
                                                                        "Il passe par un tube plutôt que par une adresse."]).encode())
    assert piped.returncode == 0 and json.loads(piped.stdout)["title"] == "Tube"


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("reader ")
    assert "--dump" in run("--help").stdout.decode()


def test_core_never_imports_textual():
    code = ("import sys, reader, reader.cli, reader.extract, reader.facts, reader.fetch, reader.translate, "
            "reader.memory, reader.pipeline, reader.export, reader.charset, reader.sanitize; "
            "print('textual' in sys.modules or any(m.startswith('textual.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_readme_lists_every_key_and_action():
    from pathlib import Path

    from reader.keymap import ACTIONS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for action in ACTIONS:
        assert action.description in readme, action.id
        if action.key:
            assert f"`{action.shown_key}`" in readme, action.id


def test_config_and_history_print_without_the_ui(reader_home):
    (reader_home / "config").mkdir(parents=True)
    (reader_home / "config" / "config.toml").write_text('target = "de"\nlayout = "grid"\n')
    bad = run("--config", env_extra={"READER_HOME": str(reader_home)})
    assert bad.returncode == 2
    assert "line 2" in bad.stderr.decode() and "grid" in bad.stderr.decode()
    (reader_home / "config" / "config.toml").write_text('target = "de"\n')
    good = run("--config", env_extra={"READER_HOME": str(reader_home)})
    assert good.returncode == 0 and 'target         = "de"' in good.stdout.decode()
    history = run("--history", env_extra={"READER_HOME": str(reader_home)})
    assert history.returncode == 0 and "No articles read yet." in history.stdout.decode()


def test_ui_start_up_does_not_import_the_translation_machinery(monkeypatch):
    """The app builds its translator settings on first use; the first frame must not wait for them."""
    code = ("import sys, reader.cli as c\n"
            "class Stop(Exception): pass\n"
            "import reader.app\n"
            "def run(self, *a, **k): raise Stop\n"
            "reader.app.ReaderApp.run = run\n"
            "try:\n    c._run_app(c.build_parser().parse_args(['--to', 'de', '--translator', 'libre']))\n"
            "except Stop:\n    pass\n"
            "print('reader.translate' in sys.modules, 'deep_translator' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_bad_translator_flags_fail_before_the_ui():
    for args, needle in ((["--translator", "babel"], "babel"), (["--to", "x y"], "x y"),
                         (["--translator-url", "ftp://x"], "ftp://x")):
        result = run(*args)
        assert result.returncode == 2 and needle in result.stderr.decode(), result.stderr
