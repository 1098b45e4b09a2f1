"""`threadview bookmarks`: listing, filtering, export, delete and errors, as a user runs them."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from threadview.bookmarks import Bookmark, BookmarkStore, StoreReadOnly
from threadview.commands import bookmarks as bookmarks_cli
from threadview.model import Comment, Thread, iter_comments
from threadview.parsing import load_path

REPO = Path(__file__).resolve().parent.parent
THREAD_TEXT = """Floods in the valley

Authored by example.org and submitted by poster
image for Floods in the valley

The river rose overnight.

alice on November 8th, 2019 at 02:00 UTC »

The bridge is closed.

  bob on November 8th, 2019 at 02:05 UTC »

  Take the north road instead.
"""
OTHER_TEXT = THREAD_TEXT.replace("Floods in the valley", "Harvest report").replace(
    "poster", "farmer"
)


def threadview(data_dir: Path | None, *argv: str, env: dict | None = None):
    """Run `python -m threadview bookmarks ...` in a clean environment."""
    environ = {k: v for k, v in os.environ.items() if k != "THREADVIEW_DATA_DIR"}
    environ.update(PYTHONIOENCODING="utf-8", **(env or {}))
    args = [sys.executable, "-m", "threadview", "bookmarks", *argv]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    return subprocess.run(
        args, cwd=REPO, env=environ, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def load(tmp_path: Path, name: str, text: str) -> tuple[Thread, Path]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_path(str(path)), path


@pytest.fixture
def saved(tmp_path) -> tuple[Path, list[Bookmark]]:
    """A data dir with three bookmarks in two threads (oldest first in the list returned)."""
    data = tmp_path / "data"
    floods, floods_path = load(tmp_path, "floods.txt", THREAD_TEXT)
    harvest, harvest_path = load(tmp_path, "harvest.txt", OTHER_TEXT)
    alice, bob = iter_comments(floods.comments)
    with BookmarkStore.open(data) as store:
        marks = [
            store.add(floods, alice, floods_path, note="check the detour"),
            store.add(harvest, None, harvest_path),
            store.add(floods, bob, floods_path),
        ]
    return data, marks


def test_empty_store_lists_nothing(tmp_path):
    result = threadview(tmp_path / "data")
    assert (result.returncode, result.stdout, result.stderr) == (0, "No bookmarks.\n", "")


def test_list_is_newest_first_one_line_each(saved):
    data, marks = saved
    result = threadview(data)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [int(line.split()[0]) for line in lines] == [m.id for m in reversed(marks)]
    bob, article, alice = lines
    assert "Floods in the valley" in bob and "bob, 2019-11-08 02:05" in bob
    assert "Take the north road instead." in bob
    assert "Harvest report" in article and "farmer, article" in article
    assert "[note: check the detour]" in alice and "The bridge is closed." in alice
    assert marks[0].saved_at.strftime("%Y-%m-%d %H:%M") in alice


def test_filter_and_env_data_dir(saved, tmp_path):
    data, marks = saved
    result = threadview(None, "--filter", "DETOUR", env={"THREADVIEW_DATA_DIR": str(data)})
    assert result.stdout.splitlines()[0].split()[0] == str(marks[0].id)
    assert len(result.stdout.splitlines()) == 1
    result = threadview(data, "--filter", "floods north")
    assert [line.split()[0] for line in result.stdout.splitlines()] == [str(marks[2].id)]
    result = threadview(data, "--filter", "nowhere")
    assert (result.returncode, result.stdout) == (0, "No bookmarks match “nowhere”.\n")
    # --data-dir wins over the environment.
    result = threadview(tmp_path / "other", env={"THREADVIEW_DATA_DIR": str(data)})
    assert result.stdout == "No bookmarks.\n"


def test_list_never_sends_control_characters_to_the_terminal(tmp_path):
    data = tmp_path / "data"
    thread = Thread("text", "Title\x1b]52;c;evil\x07", "src", "u\u202e", (), ())
    comment = Comment("c1", "mal\x1b[2Jlory", None, "line one\nline\x00two \ud800 \x9b31m")
    with BookmarkStore.open(data) as store:
        store.add(thread, comment, None, note="a\rb")
    result = threadview(data)
    assert result.returncode == 0, result.stderr
    line = result.stdout
    assert line.count("\n") == 1
    for bad in ("\x1b", "\x07", "\x00", "\r", "\x9b", "\u202e", "\ud800"):
        assert bad not in line
    assert "␛]52;c;evil" in line and "mal␛[2Jlory" in line and "line one line␀two" in line
    markdown = threadview(data, "--export", "markdown").stdout
    for bad in ("\x1b", "\x07", "\x00", "\r", "\x9b", "\u202e", "\ud800"):
        assert bad not in markdown
    assert "> line one\n> line␀two" in markdown
    exported = json.loads(threadview(data, "--export", "json").stdout)["bookmarks"][0]
    assert exported["body"] == "line one\nline\x00two \ufffd \x9b31m"  # JSON keeps it all


def test_exports_escape_del_and_every_invisible_character(tmp_path):
    data = tmp_path / "data"
    thread = Thread("text", "Title\x7f\u2028", "src", "u", (), ())
    comment = Comment("c1", "mal\x7flory", None, "del\x7f tag\U000e0049 ls\u2028 rlo\u202e")
    with BookmarkStore.open(data) as store:
        store.add(thread, comment, None, note="n\x7f")
    for kind in ("json", "markdown"):
        command = [sys.executable, "-m", "threadview", "bookmarks", "--data-dir", str(data)]
        result = subprocess.run(
            [*command, "--export", kind],
            capture_output=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        for raw in ("\x7f", "\U000e0049", "\u2028", "\u202e"):
            assert raw.encode("utf-8") not in result.stdout, (kind, raw)
    exported = json.loads(
        result.stdout if kind == "json" else threadview(data, "--export", "json").stdout
    )
    assert exported["bookmarks"][0]["body"] == "del\x7f tag\U000e0049 ls\u2028 rlo\u202e"


def test_export_json_keeps_every_field(saved, tmp_path):
    data, marks = saved
    result = threadview(data, "--export", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "threadview-bookmarks"
    items = document["bookmarks"]
    assert [item["id"] for item in items] == [m.id for m in reversed(marks)]
    alice = items[2]
    assert alice["author"] == "alice" and alice["note"] == "check the detour"
    assert alice["body"] == "The bridge is closed."
    assert alice["timestamp"] == "2019-11-08T02:00:00+00:00"
    assert alice["path"] == str(tmp_path / "floods.txt")
    assert alice["comment_id"] == marks[0].comment_id
    assert items[1]["comment_id"] == "article" and items[1]["body"] == "The river rose overnight."


def test_export_to_a_file_is_private_and_quiet_on_stdout(saved, tmp_path):
    data, _ = saved
    target = tmp_path / "out" / "marks.md"
    target.parent.mkdir()
    result = threadview(data, "--export", "markdown", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "Exported 3 bookmark(s)" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["marks.md"]
    assert target.read_text(encoding="utf-8") == threadview(data, "--export", "markdown").stdout


def test_export_markdown_groups_by_thread(saved, tmp_path):
    data, _ = saved
    text = threadview(data, "--export", "markdown").stdout
    assert text.count("## Floods in the valley") == 1 and text.count("## Harvest report") == 1
    floods = text[text.index("## Floods") : text.index("## Harvest")]
    assert "Source: example.org" in floods
    assert "> **bob** · 2019-11-08 02:05 UTC" in floods
    assert "> **alice** · 2019-11-08 02:00 UTC" in floods
    assert floods.index("**bob**") < floods.index("**alice**")  # newest first within a thread
    assert "> The bridge is closed.\n" in floods and "> Note: check the detour\n" in floods
    assert f"> File: `{tmp_path / 'floods.txt'}`" in floods
    harvest = text[text.index("## Harvest") :]
    assert "> Article ·" in harvest and "> The river rose overnight." in harvest


def test_delete_removes_one_and_reports_unknown_ids(saved):
    data, marks = saved
    result = threadview(data, "--delete", str(marks[1].id))
    assert result.returncode == 0, result.stderr
    assert "Deleted bookmark" in result.stdout and "Harvest report" in result.stdout
    with BookmarkStore.open(data) as store:
        assert [m.id for m in store.list()] == [marks[2].id, marks[0].id]
    result = threadview(data, "--delete", str(marks[1].id))
    assert result.returncode == 1
    assert result.stderr == f"threadview: error: no bookmark with id {marks[1].id}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--delete", "abc"],
        ["-o", "x.md"],
        ["--export", "json", "--delete", "1"],
        ["--export", "pdf"],
    ],
)
def test_bad_usage_exits_2_without_a_traceback(saved, argv):
    data, _ = saved
    result = threadview(data, *argv)
    assert result.returncode == 2
    assert result.stderr.startswith(("threadview: error:", "usage:"))
    assert "Traceback" not in result.stderr


def test_export_to_an_impossible_place_is_one_line(saved, tmp_path):
    data, _ = saved
    result = threadview(data, "--export", "json", "-o", str(tmp_path / "missing" / "x.json"))
    assert result.returncode == 1
    assert result.stderr.startswith("threadview: error: cannot write")
    assert result.stderr.count("\n") == 1


def test_bookmarks_command_does_not_import_textual(saved):
    data, _ = saved
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "threadview",
            "bookmarks",
            "--data-dir",
            str(data),
            "--export",
            "markdown",
        ],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "threadview.commands.bookmarks" in result.stderr
    assert "textual" not in result.stderr


def run_direct(data_dir: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    bookmarks_cli.add_arguments(parser)
    return bookmarks_cli.run(parser.parse_args(["--data-dir", str(data_dir), *argv]))


def test_unwritable_store_still_lists_read_only_with_a_warning(saved, monkeypatch, capsys):
    data, marks = saved
    real_open = BookmarkStore.open.__func__

    def open_read_only_dir(cls, data_dir, *, readonly=False, **kw):
        if not readonly:  # what a directory the user can't write looks like
            raise StoreReadOnly(f"bookmarks can't be saved: {data_dir} is not writable")
        return real_open(cls, data_dir, readonly=True, **kw)

    monkeypatch.setattr(BookmarkStore, "open", classmethod(open_read_only_dir))
    assert run_direct(data) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(marks)
    assert err.startswith("threadview: warning: bookmarks can't be saved")
    assert run_direct(data, "--delete", str(marks[0].id)) == 2
    assert "can't be saved" in capsys.readouterr().err


def read_only_mount_works() -> bool:
    """Whether this machine lets an unprivileged user namespace bind-mount a directory."""
    try:
        done = subprocess.run(
            ["unshare", "-rm", "mount", "--bind", "/tmp", "/tmp"], capture_output=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def test_a_store_on_a_read_only_file_system_is_listed(saved):
    """A real read-only mount: SQLite can't make the WAL's -shm file there, so only an
    immutable read works; every write fails with EROFS, as on a read-only medium."""
    if not read_only_mount_works():
        pytest.skip("unshare cannot make a read-only bind mount here")
    data, marks = saved
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    argv = [sys.executable, "-m", "threadview", "bookmarks", "--data-dir", str(data)]
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", str(data), *argv],
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(marks)
    assert "check the detour" in result.stdout
    assert result.stderr.startswith("threadview: warning: bookmarks can't be saved")
    assert result.stderr.count("\n") == 1


def test_export_replaces_a_regular_file_whole(saved, tmp_path):
    data, _ = saved
    target = tmp_path / "marks.md"
    target.write_text("an older export\n" * 1000)
    target.chmod(0o644)
    result = threadview(data, "--export", "markdown", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == threadview(data, "--export", "markdown").stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data",
        "floods.txt",
        "harvest.txt",
        "marks.md",
    ]


def special_targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Things at the export path that must never be replaced, and what the error says."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file\n")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    read_only = tmp_path / "read-only.md"
    read_only.write_text("kept as it is\n")
    read_only.chmod(0o444)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    targets = {
        "symlink": (link, "it is a symbolic link"),
        "fifo": (fifo, "it is not a regular file"),
        "read-only": (read_only, "it is read-only"),
        "directory": (folder, "it is a directory"),
    }
    device = tmp_path / "null.md"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets["device"] = (device, "it is not a regular file")
    except OSError:
        pass  # not allowed to make device nodes here: the other cases still run
    return targets


def test_export_never_replaces_a_symlink_fifo_device_or_read_only_file(saved, tmp_path):
    data, _ = saved
    place = tmp_path / "targets"
    place.mkdir()
    targets = special_targets(place)
    before = {p.name: (p.lstat().st_mode, p.lstat().st_ino) for p in place.iterdir()}
    for name, (target, why) in targets.items():
        result = threadview(data, "--export", "markdown", "-o", str(target))
        assert result.returncode == 2, name
        assert result.stderr == f"threadview: error: will not write {target}: {why}\n", name
    after = {p.name: (p.lstat().st_mode, p.lstat().st_ino) for p in place.iterdir()}
    assert after == before, "nothing was replaced and no temporary file was left"
    assert (place / "victim.txt").read_text() == "the user's own file\n"
    assert (place / "read-only.md").read_text() == "kept as it is\n"


def test_list_shows_bodies_as_text_not_markdown(tmp_path):
    thread, path = load(
        tmp_path,
        "md.txt",
        THREAD_TEXT.replace(
            "The bridge is closed.",
            "**inner harbour** is _closed_, see [the notice](https://x.org)\x1b[2J",
        ),
    )
    data = tmp_path / "data"
    with BookmarkStore.open(data) as store:
        store.add(thread, next(iter_comments(thread.comments)), path)
    result = threadview(data)
    assert result.returncode == 0, result.stderr
    assert "inner harbour is closed, see the notice (https://x.org)␛[2J" in result.stdout
    assert "**" not in result.stdout and "\x1b" not in result.stdout
