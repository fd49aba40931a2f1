"""The config file: defaults, every setting, one-line errors that name the line, the key kept secret,
and save_setting that changes one line and nothing else."""

from __future__ import annotations

import errno
import os
import tomllib

import pytest

from reader import paths
from reader.config import Config, describe_config, load_config, save_setting, translator_settings
from reader.errors import ConfigError
from reader.translate import KEY_ENV

NO_ENV: dict[str, str] = {}


def write(text: str):
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(text: str, **options) -> str:
    path = write(text)
    with pytest.raises(ConfigError) as caught:
        load_config(environ=NO_ENV, **options)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path} ")  # the file comes first
    return message[len(str(path)) + 1 :]


# -- loading ----------------------------------------------------------------------------------------------


def test_a_missing_file_gives_the_defaults_and_creates_nothing(reader_home):
    config = load_config(environ=NO_ENV)
    assert config == Config()
    assert (config.target, config.translator, config.layout, config.theme) == (
        "en", "google", "side-by-side", "textual-dark"
    )
    assert config.sync_scroll is True and config.reading_width == 90 and dict(config.keys) == {}
    assert not reader_home.exists()


def test_a_full_file_is_read():
    write(
        """# my settings
target = "DE"
translator = "libre"
translator_url = "http://localhost:5000"
translator_key = "s3cret"
timeout = 5
concurrency = 2
layout = "interleaved"
theme = "nord"
sync_scroll = false
highlights = false
reading_width = 72

[keys]
toggle_translation = "T"
quit = "ctrl+q"
"""
    )
    config = load_config(environ=NO_ENV)
    assert config == Config(
        target="de", translator="libre", translator_url="http://localhost:5000", translator_key="s3cret",
        timeout=5.0, concurrency=2, layout="interleaved", theme="nord", sync_scroll=False,
        highlights=False, reading_width=72, keys={"toggle_translation": "T", "quit": "ctrl+q"},
    )
    assert isinstance(config.timeout, float)
    with pytest.raises(TypeError):
        config.keys["quit"] = "x"  # frozen all the way down


def test_an_explicit_path_is_read(tmp_path):
    path = tmp_path / "elsewhere.toml"
    path.write_text('layout = "original"\n')
    assert load_config(path, environ=NO_ENV).layout == "original"


def test_the_environment_key_beats_the_file():
    write('translator_key = "from-file"\n')
    assert load_config(environ={KEY_ENV: " from-env "}).translator_key == "from-env"
    assert load_config(environ={KEY_ENV: ""}).translator_key == "from-file"
    assert load_config(environ=NO_ENV).translator_key == "from-file"


def test_the_process_environment_is_the_default(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "env-key")
    assert load_config().translator_key == "env-key"


def test_config_repr_hides_the_key():
    text = repr(Config(translator_key="s3cret"))
    assert "s3cret" not in text and "***" in text


# -- errors: one line, the file, the line, the problem ------------------------------------------------------


def test_unknown_setting_names_its_line_and_suggests():
    message = error_of('# comment\nlayout = "original"\n\ntagret = "de"\n')
    assert message == "line 4: unknown setting 'tagret' (did you mean 'target'?)"


def test_unknown_setting_without_a_near_name():
    assert error_of('zzz = 1\n') == "line 1: unknown setting 'zzz'"


def test_bad_layout():
    message = error_of('target = "en"\nlayout = "grid"\n')
    assert message == "line 2: layout must be one of side-by-side, original, translation, interleaved, not 'grid'"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('target = "english"', "target must be a language code such as en, de or pt-br, not 'english'"),
        ('translator = "bing"', "translator must be one of google, libre, mymemory, deepl, microsoft, not 'bing'"),
        ('translator_url = "localhost:5000"', "translator_url must start with http:// or https://, not 'localhost:5000'"),
        ("timeout = 0", "timeout must be a positive number of seconds, not 0"),
        ('timeout = "10"', "timeout must be a positive number of seconds, not '10'"),
        ("timeout = true", "timeout must be a positive number of seconds, not true"),
        ("concurrency = 0", "concurrency must be a whole number from 1 to 32, not 0"),
        ("concurrency = 2.5", "concurrency must be a whole number from 1 to 32, not 2.5"),
        ("reading_width = 20", "reading_width must be a whole number from 40 to 200, not 20"),
        ("reading_width = 201", "reading_width must be a whole number from 40 to 200, not 201"),
        ('sync_scroll = "yes"', "sync_scroll must be true or false, not 'yes'"),
        ("highlights = 1", "highlights must be true or false, not 1"),
        ("theme = 3", "theme must be a string in quotes, not 3"),
        ("layout = [1]", "layout must be a string in quotes, not a list"),
        ("keys = 1", "keys must be a table ([keys]), not 1"),
    ],
)
def test_wrong_values_name_the_setting_and_the_line(line, problem):
    assert error_of(f'# first\n\n{line}\n') == f"line 3: {problem}"


def test_a_setting_inside_a_table_is_reported_at_the_table():
    assert error_of('target = "de"\n\n[display]\nlayout = "original"\n') == "line 3: unknown setting 'display'"


def test_a_bad_key_binding_names_its_line():
    assert error_of('[keys]\nquit = "q"\nhelp = ""\n') == 'line 3: keys.help must be a key such as "T" or "ctrl+t", not \'\''
    assert error_of('[keys]\nquit = 1\n') == 'line 2: keys.quit must be a key such as "T" or "ctrl+t", not 1'


def test_unknown_binding_ids_are_checked_when_the_app_gives_its_list():
    text = 'layout = "original"\n\n[keys]\ntoggle_translaton = "T"\n'
    message = error_of(text, binding_ids=["toggle_translation", "quit"])
    assert message == "line 4: unknown key binding 'toggle_translaton' (did you mean 'toggle_translation'?)"
    assert dict(load_config(environ=NO_ENV).keys) == {"toggle_translaton": "T"}  # no list: kept as written


def test_dotted_keys_are_located_too():
    assert error_of('target = "de"\nkeys.quit = 5\n') == 'line 2: keys.quit must be a key such as "T" or "ctrl+t", not 5'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('target = "de"\nlayout = \n', "line 2, column 10: invalid value (TOML syntax)"),
        ('target = "de"\n[keys\n', "line 2, column 6: expected ']' at the end of a table declaration (TOML syntax)"),
        ('target = "de"\ntheme = "nord', "line 2: unterminated string (TOML syntax)"),
        ('layout = "original"\nlayout = "original"\n', "line 2, column 20: cannot overwrite a value (TOML syntax)"),
    ],
)
def test_syntax_errors_are_reformatted_with_their_line(text, expected):
    assert error_of(text) == expected


def test_a_file_that_is_not_utf8():
    path = write("")
    path.write_bytes(b'target = "de"\ntheme = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"line 2: the file is not UTF-8 text$"):
        load_config(environ=NO_ENV)


def test_an_unreadable_config_is_an_error_not_defaults():
    paths.config_file().mkdir(parents=True)  # a directory where the file should be
    with pytest.raises(ConfigError, match=r"^cannot read .*config\.toml: "):
        load_config(environ=NO_ENV)


def test_a_bom_is_accepted():
    path = write("")
    path.write_bytes('\ufefflayout = "original"\n'.encode())
    assert load_config(environ=NO_ENV).layout == "original"


# -- describe_config --------------------------------------------------------------------------------------


def test_describe_shows_the_path_every_setting_and_never_the_key():
    path = write('translator_key = "s3cret"\nlayout = "original"\n[keys]\nquit = "ctrl+q"\n')
    config = load_config(environ=NO_ENV)
    text = describe_config(config, path, environ=NO_ENV)
    assert "s3cret" not in text
    assert f"# config file: {path} (exists)" in text.splitlines()[0]
    assert 'translator_key = "***"' in text
    assert 'layout         = "original"\n' in text  # not marked default
    assert 'target         = "en"  # default' in text
    assert 'translator_url = ""  # not set' in text
    assert "reading_width  = 90  # default" in text
    assert 'quit = "ctrl+q"' in text
    for name in ("translator", "timeout", "concurrency", "theme", "sync_scroll", "highlights"):
        assert f"\n{name}" in text


def test_describe_says_when_the_key_comes_from_the_environment(tmp_path):
    config = load_config(tmp_path / "none.toml", environ={KEY_ENV: "env-secret"})
    text = describe_config(config, tmp_path / "none.toml", environ={KEY_ENV: "env-secret"})
    assert "env-secret" not in text
    assert f'translator_key = "***"  # from {KEY_ENV}' in text
    assert "(not found: using defaults)" in text
    assert "no overrides" in text


def test_describe_output_is_valid_toml_apart_from_the_key():
    config = Config(target="de", translator_url="http://x", keys={"quit": "Q"})
    data = tomllib.loads(describe_config(config, environ=NO_ENV))
    assert data["target"] == "de" and data["translator_url"] == "http://x" and data["keys"] == {"quit": "Q"}


# -- translator settings -----------------------------------------------------------------------------------


def test_translator_settings_come_from_the_config_and_the_cli_wins():
    config = Config(target="de", translator="libre", translator_url="http://h:5000", timeout=3, concurrency=2)
    settings = translator_settings(config, target=None, engine="mymemory")
    assert (settings.engine, settings.target, settings.url, settings.timeout, settings.concurrency) == (
        "mymemory", "de", "http://h:5000", 3.0, 2
    )


# -- save_setting ----------------------------------------------------------------------------------------


def test_save_creates_the_file_and_its_directories_on_first_write(reader_home):
    assert save_setting("layout", "interleaved") is True
    assert paths.config_file().read_text() == 'layout = "interleaved"\n'
    assert load_config(environ=NO_ENV).layout == "interleaved"


def test_save_rewrites_only_that_line_and_keeps_comments():
    original = (
        "# reader settings\n"
        'target = "de"   # German please\n'
        'layout = "original"  # remembered # by the app\n'
        'theme = "a#b"\n'
        "\n"
        "# my keys\n"
        "[keys]\n"
        'quit = "Q"  # muscle memory\n'
    )
    write(original)
    assert save_setting("layout", "side-by-side")
    assert save_setting("theme", "nord")
    expected = (
        original.replace('"original"  # remembered', '"side-by-side"  # remembered').replace('"a#b"', '"nord"')
    )
    assert paths.config_file().read_text() == expected


def test_save_adds_a_new_setting_above_the_tables_and_their_comments():
    write('target = "de"\n\n# my keys\n[keys]\nquit = "Q"\n')
    assert save_setting("theme", "nord")
    assert paths.config_file().read_text() == 'target = "de"\n\ntheme = "nord"\n\n# my keys\n[keys]\nquit = "Q"\n'
    config = load_config(environ=NO_ENV)
    assert config.theme == "nord" and dict(config.keys) == {"quit": "Q"}  # not swallowed by [keys]


def test_save_appends_to_a_file_without_a_final_newline():
    write('target = "de"')
    assert save_setting("sync_scroll", False)
    assert paths.config_file().read_text() == 'target = "de"\nsync_scroll = false\n'


def test_save_refuses_bad_names_and_values():
    with pytest.raises(ConfigError, match="unknown setting 'layuot' \\(did you mean 'layout'\\?\\)"):
        save_setting("layuot", "original")
    with pytest.raises(ConfigError, match="layout must be one of"):
        save_setting("layout", "grid")
    assert not paths.config_file().exists()


def test_save_leaves_a_broken_file_alone():
    write('layout = "original"\ntheme = \n')
    warnings: list[str] = []
    assert save_setting("layout", "interleaved", warnings=warnings) is False
    assert paths.config_file().read_text() == 'layout = "original"\ntheme = \n'
    assert warnings == [f"layout not remembered: {paths.config_file()} has errors: fix them first"]


def test_save_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "reader.toml"
    real.parent.mkdir()
    real.write_text('layout = "original"\n')
    link = paths.config_file()
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    assert save_setting("layout", "translation")
    assert link.is_symlink() and real.read_text() == 'layout = "translation"\n'


def test_save_on_a_directory_that_cannot_be_made_warns_and_returns_false(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the config directory should be")
    warnings: list[str] = []
    assert save_setting("theme", "nord", path=blocker / "config.toml", warnings=warnings) is False
    assert len(warnings) == 1 and warnings[0].startswith("theme not remembered: cannot write ")


def test_save_on_a_read_only_disk_warns_and_keeps_the_file(monkeypatch):
    write('layout = "original"\n')
    config_dir = paths.config_dir()
    os.chmod(config_dir, 0o500)
    try:
        if os.access(config_dir, os.W_OK):  # root ignores modes: refuse the way a read-only mount does
            def read_only(*args, **kwargs):
                raise OSError(errno.EROFS, "Read-only file system")

            monkeypatch.setattr("tempfile.mkstemp", read_only)  # config imports tempfile when it saves
        warnings: list[str] = []
        assert save_setting("layout", "interleaved", warnings=warnings) is False
        assert len(warnings) == 1 and warnings[0].startswith("layout not remembered: cannot write ")
        assert paths.config_file().read_text() == 'layout = "original"\n'
        assert [p.name for p in config_dir.iterdir()] == ["config.toml"]  # no temporary file left
    finally:
        os.chmod(config_dir, 0o700)


def test_a_config_made_in_code_is_checked_and_normalised_too():
    import dataclasses

    config = Config(target="PT-BR", timeout=5, keys={"quit": "Q"})
    assert (config.target, config.timeout) == ("pt-br", 5.0)
    with pytest.raises(TypeError):
        config.keys["quit"] = "x"
    with pytest.raises(ConfigError, match="layout must be one of"):
        dataclasses.replace(config, layout="grid")
