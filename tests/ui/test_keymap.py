"""Remappable keys: `keys.toml` rebinds actions by id; help, footer and palette follow, and
a clash, an unknown id or a bad key warns once and keeps the default."""

from __future__ import annotations

import re

import pytest
from textual.widgets._toast import Toast
from ui_threads import nested_thread

from threadview.settings import config_dir
from threadview.ui.app import ThreadViewApp
from threadview.ui.keymap import check_keys, load_user_keys
from threadview.ui.keys import KEYS, binding_id, bindings_for
from threadview.ui.screens.help import HelpScreen

SIZE = (120, 40)


def screen_text(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app: ThreadViewApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def write_keys(text: str) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "keys.toml").write_text(text, encoding="utf-8")


def author(app: ThreadViewApp) -> str | None:
    comment = app.reader.comment_pane.selected_comment
    return comment.author if comment else None


def test_every_binding_has_the_stable_id_of_its_action():
    ids = {binding.id for binding in bindings_for("comments")}  # type: ignore[union-attr]
    assert "comments.cursor_down" in ids
    assert len({binding_id(spec) for spec in KEYS}) == len(KEYS), "one id per action"


def test_the_default_table_has_no_clash_by_the_keymaps_rules():
    assert check_keys({binding_id(spec): list(spec.keys) for spec in KEYS}).warnings == ()


@pytest.mark.parametrize(
    ("wanted", "why"),
    [
        ({"comments.nonsense": "x"}, "no action 'comments.nonsense'"),
        ({"comments.cursor_down": "ctrl+banana"}, "'ctrl+banana' is not a key"),
        ({"comments.cursor_down": 3}, "needs a key or a list of keys"),
        ({"comments.cursor_down": "k"}, "'k' is already comments.cursor_up's key"),
        ({"comments.cursor_down": "q"}, "'q' is already global.quit's key"),
    ],
)
def test_a_bad_entry_warns_and_is_left_out(wanted, why):
    checked = check_keys(wanted)
    assert checked.keys == {}
    assert len(checked.warnings) == 1 and why in checked.warnings[0]


def test_keys_replace_the_defaults_in_order_and_the_rest_stay():
    checked = check_keys({"comments.cursor_down": "n", "global.quit": ["q", "ctrl+q"]})
    assert checked.warnings == ()
    assert checked.textual_keymap() == {"comments.cursor_down": "n", "global.quit": "q,ctrl+q"}
    down = next(spec for spec in KEYS if binding_id(spec) == "comments.cursor_down")
    assert checked.display(down) == "n / down"


def test_nested_tables_and_lists_are_read(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[comments]\ncursor_down = ["n", "down"]\n[global]\nshow_help = "f1"\n')
    user = load_user_keys(path)
    assert user.warnings == ()
    assert user.keys == {"comments.cursor_down": ("n", "down"), "global.show_help": ("f1",)}


def test_broken_toml_is_one_warning(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text("[comments\n")
    user = load_user_keys(path)
    assert user.keys == {} and "is not valid TOML" in user.warnings[0]


async def test_a_rebound_key_works_and_the_help_and_footer_show_it():
    write_keys('[comments]\ncursor_down = "n"\n')
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert author(app) == "alice"
        await pilot.press("j")
        await pilot.pause()
        assert author(app) == "alice", "j no longer moves"
        await pilot.press("n")
        await pilot.pause()
        assert author(app) == "bob"
        footer = screen_text(app).splitlines()[-1]
        assert " n Next" in footer
        palette = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert palette["Next comment (or scroll a tall one)"] == "Key: n / down"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert re.search(r"\bn / down +Next comment \(or scroll a tall one\)", screen_text(app))


async def test_a_clashing_key_warns_and_keeps_the_default():
    write_keys('[comments]\ncursor_down = "k"\n')
    app = ThreadViewApp(nested_thread())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = " ".join(toasts(app))
        assert "comments.cursor_down: 'k' is already comments.cursor_up's key" in shown
        await pilot.press("j")
        await pilot.pause()
        assert author(app) == "bob", "j still moves down"
        await pilot.press("k")
        await pilot.pause()
        assert author(app) == "alice", "k still moves up"
