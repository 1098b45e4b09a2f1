"""`threadview dump` and the CLI's error handling, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, sample
from tests.imports_helpers import modules_after, store_modules
from threadview import cli

NESTED = FIXTURES / "text" / "nested.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadview", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_dump_json_has_the_documented_keys_and_nested_replies():
    result = run("dump", str(NESTED))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("format", "title", "source", "submitter", "article", "comments", "warnings"):
        assert key in data
    assert data["source"] == "northside.example"
    ana = data["comments"][1]
    assert set(ana) >= {"id", "author", "timestamp", "body", "replies"}
    assert ana["timestamp"] == "2024-06-01T10:00:00Z"
    assert [r["author"] for r in ana["replies"]] == ["dev", "ben"]
    assert ana["replies"][1]["replies"][0]["author"] == "cara"


def test_dump_sort_newest_reverses_every_level():
    data = json.loads(run("dump", "--sort", "newest", str(NESTED)).stdout)
    assert [c["author"] for c in data["comments"]] == ["ana", "dana"]
    assert [r["author"] for r in data["comments"][0]["replies"]] == ["ben", "dev"]


def test_dump_text_round_trips_through_stdin():
    text = run("dump", "--format", "text", str(NESTED))
    assert text.returncode == 0
    assert "  ben on June 1st, 2024 at 10:30 UTC »" in text.stdout
    again = run("dump", "--format", "json", "-", stdin=text.stdout.encode())
    original = run("dump", "--format", "json", str(NESTED))
    assert json.loads(again.stdout)["comments"] == json.loads(original.stdout)["comments"]


def test_dump_of_the_real_sample():
    data = json.loads(run("dump", str(sample("dailypopulous-2019-11-08-culiacan.txt"))).stdout)
    assert data["source"] == "dailymail.co.uk" and data["submitter"] == "anarchy_retreat"
    assert [c["author"] for c in data["comments"]] == ["Belgeirn", "Shaunair", "hopticalallusions"]


def test_dump_does_not_import_textual():
    code = (
        "import sys; from threadview import cli; "
        f"cli.main(['dump', {str(NESTED)!r}]); "
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().endswith("[]"), result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: _write(p / "empty.txt", b""), "empty"),
        (lambda p: _write(p / "blank.txt", b"\n \n\t\n"), "empty"),
        (lambda p: _write(p / "bin.dat", bytes(range(256)) * 40), "binary"),
        (lambda p: _write(p / "img.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "binary"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(tmp_path, make, message):
    result = run("dump", str(make(tmp_path)))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("threadview: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_reported_not_raised():
    result = run("dump", "/proc/self/mem")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("threadview: error: ")


def test_usage_errors_exit_2_without_traceback():
    result = run("dump", "--format", "xml", str(NESTED))
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_reader_refuses_politely_without_a_terminal():
    result = run(str(NESTED))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr


def test_internal_errors_are_logged_and_summarised(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(cli, "log_path", lambda: tmp_path / "log" / "threadview.log")

    def explode(args, out):
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr(cli, "run_dump", explode)
    assert cli.main(["dump", str(NESTED)]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: boom?[2J" in err
    assert "Traceback" in (tmp_path / "log" / "threadview.log").read_text()


def test_broken_pipe_is_quiet():
    proc = subprocess.Popen(
        [sys.executable, "-m", "threadview", "dump", "--format", "text", str(NESTED)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


HOSTILE_DUMP = (
    b"Title \x1b]0;pwned\x07\n\nAuthored by x.example\n\nA \x7f and \xc2\x9b31m.\n\n"
    b"eve on May 1st, 2020 at 10:00 UTC \xc2\xbb\n\n\x1b[2J\x1b]52;c;aGk=\x07 \xe2\x80\xae"
    b" \xc2\x85 \xf3\xa0\x81\x89 \xe2\x80\xa8 end\n"
)
# Raw in the output, any of these reaches a terminal that `| head` or `| less -R` feeds.
RAW_CONTROLS = (
    b"\x1b",
    b"\x07",
    b"\x7f",
    b"\xc2\x9b",
    b"\xc2\x85",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
)


def _on_a_terminal(*argv: str) -> tuple[int, bytes]:
    """Run threadview with its stdout on a pseudo-terminal; exit code and what it wrote."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout is the pty
        os.execv(sys.executable, [sys.executable, "-m", "threadview", *argv])
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks)


def _piped(*argv: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "threadview", *argv], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_dump_to_a_terminal_shows_control_characters_as_symbols(tmp_path):
    hostile = _write(tmp_path / "hostile.txt", HOSTILE_DUMP)
    status, output = _on_a_terminal("dump", str(hostile))
    assert status == 0
    assert b"eve on May 1st" in output
    for raw in RAW_CONTROLS:
        assert raw not in output


def test_piped_text_dump_shows_control_characters_as_the_reader_does(tmp_path):
    hostile = _write(tmp_path / "hostile.txt", HOSTILE_DUMP)
    output = _piped("dump", "--format", "text", str(hostile))
    for raw in RAW_CONTROLS:
        assert raw not in output, raw
    text = output.decode("utf-8")
    assert "Title ␛]0;pwned␇" in text and "A ␡ and <CSI>31m." in text
    assert "␛[2J␛]52;c;aGk=␇ <RLO> <NEL> <U+E0049> <LS> end" in text


def test_raw_text_dump_into_a_pipe_keeps_every_byte_and_reads_back(tmp_path):
    hostile = _write(tmp_path / "hostile.txt", HOSTILE_DUMP)
    output = _piped("dump", "--format", "text", "--raw", str(hostile))
    assert b"\x1b[2J\x1b]52;c;aGk=\x07 \xe2\x80\xae" in output
    again = _write(tmp_path / "again.txt", output)
    first = json.loads(_piped("dump", "--format", "json", str(hostile)))
    second = json.loads(_piped("dump", "--format", "json", str(again)))
    assert second["comments"] == first["comments"] and second["title"] == first["title"]


def test_raw_never_reaches_a_terminal(tmp_path):
    hostile = _write(tmp_path / "hostile.txt", HOSTILE_DUMP)
    status, output = _on_a_terminal("dump", "--format", "text", "--raw", str(hostile))
    assert status == 0 and b"eve on May 1st" in output
    for raw in RAW_CONTROLS:
        assert raw not in output


def test_piped_json_escapes_every_control_and_bidi_character_losslessly(tmp_path):
    hostile = _write(tmp_path / "hostile.txt", HOSTILE_DUMP)
    output = _piped("dump", "--format", "json", str(hostile))
    for raw in RAW_CONTROLS:
        assert raw not in output, raw
    assert b"\xf3\xa0\x81\x89" not in output  # the invisible tag character, too
    assert b"\\u202e" in output and b"\\u007f" in output and b"\\u0085" in output
    data = json.loads(output)
    assert data["title"] == "Title \x1b]0;pwned\x07"
    body = data["comments"][0]["body"]
    assert body == "\x1b[2J\x1b]52;c;aGk=\x07 \u202e \x85 \U000e0049 \u2028 end"


@pytest.mark.parametrize("argv", [["-"], ["dump", "-"], ["open", "-"]])
def test_dash_with_a_terminal_on_stdin_refuses_instead_of_waiting(argv):
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "threadview", *argv],
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=20,  # waiting for typed input would run into this
            env={**os.environ, "NO_COLOR": "1"},
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "standard input, which is a terminal" in result.stderr


def test_reading_the_readers_command_line_imports_no_store():
    """The reader's first paint must not wait for sqlite3 or the library store: building
    the parser with `search` and `diff` in it stays light."""
    loaded = modules_after("from threadview import cli; cli.parse_args(['thread.txt'])")
    assert store_modules(loaded) == []
