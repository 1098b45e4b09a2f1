"""User settings: where they live, how they are written, and what a broken file does."""

from __future__ import annotations

import json
import sys

import pytest

from threadview.settings import (
    ENV_CONFIG_DIR,
    SETTINGS_NAME,
    Settings,
    config_dir,
    load_settings,
    save_settings,
    settings_path,
)


def test_tests_never_touch_the_real_users_config(tmp_path_factory):
    assert str(config_dir()).startswith(str(tmp_path_factory.getbasetemp()))


def test_the_env_override_and_the_platform_default(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "mine"))
    assert settings_path() == tmp_path / "mine" / SETTINGS_NAME
    monkeypatch.delenv(ENV_CONFIG_DIR)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert config_dir() == tmp_path / "xdg" / "threadview"


def test_saved_settings_read_back_and_the_write_is_whole(tmp_path):
    path = tmp_path / "deep" / "er" / SETTINGS_NAME
    assert load_settings(path) == (Settings(), None), "no file: defaults, no warning"
    assert save_settings(Settings(theme="nord", sort="newest"), path) is None
    assert load_settings(path) == (Settings(theme="nord", sort="newest"), None)
    assert json.loads(path.read_text()) == {"theme": "nord", "sort": "newest"}
    assert sorted(p.name for p in path.parent.iterdir()) == [SETTINGS_NAME], "no temp file left"


@pytest.mark.parametrize(
    ("content", "expected", "says"),
    [
        (b"{not json", Settings(), "is not valid JSON"),
        (b"\xff\xfe garbage", Settings(), "is not valid JSON"),
        (b"[1, 2]", Settings(), "does not hold a JSON object"),
        (b'{"theme": 7, "sort": "newest"}', Settings(sort="newest"), "ignored a bad theme"),
        (b'{"theme": "nord", "sort": "sideways"}', Settings(theme="nord"), "ignored a bad sort"),
        (b"[" * 100_000, Settings(), "is not valid JSON"),
    ],
    ids=["syntax", "not-utf8", "list", "bad-theme", "bad-sort", "deep-nesting"],
)
def test_a_broken_file_gives_defaults_and_one_line(tmp_path, content, expected, says):
    path = tmp_path / SETTINGS_NAME
    path.write_bytes(content)
    settings, warning = load_settings(path)
    assert settings == expected
    assert warning is not None and says in warning and "\n" not in warning


def test_a_directory_in_the_way_is_a_warning_not_a_crash(tmp_path):
    path = tmp_path / SETTINGS_NAME
    path.mkdir()
    settings, warning = load_settings(path)
    assert settings == Settings() and warning is not None
    problem = save_settings(Settings(theme="nord"), path)
    assert problem is not None and problem.startswith("settings not saved")


@pytest.mark.parametrize("order", ["oldest", "newest", "score"])
def test_every_sort_order_is_kept_and_an_old_file_still_loads(tmp_path, order):
    path = tmp_path / SETTINGS_NAME
    assert save_settings(Settings(sort=order), path) is None
    assert load_settings(path) == (Settings(sort=order), None)
    path.write_bytes(b'{"theme": "nord", "sort": "newest"}')  # a file from before "score"
    assert load_settings(path) == (Settings(theme="nord", sort="newest"), None)
