"""`threadview DIR` and `threadview FILE1 FILE2 ...` open the library; one file the reader.

Without a terminal each says so in one line; the dispatch imports neither Textual nor the
library store before it knows which it is."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES
from tests.imports_helpers import modules_after, store_modules
from threadview import cli

LIBRARY = FIXTURES / "library"
FERRY = LIBRARY / "ferry.txt"
QUAY = LIBRARY / "more" / "quay.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "threadview", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_a_folder_or_several_files_open_the_library_one_file_the_reader():
    assert cli.wants_library([str(LIBRARY)])
    assert cli.wants_library([str(FERRY), str(QUAY)])
    assert not cli.wants_library([str(FERRY)])
    assert not cli.wants_library(["-"])
    assert not cli.wants_library([])


def test_the_library_without_a_terminal_says_so_in_one_line():
    for args in ([str(LIBRARY)], [str(FERRY), str(QUAY)]):
        result = run(*args)
        assert result.returncode == cli.EXIT_INPUT
        assert result.stderr == (
            "threadview: error: the library needs a terminal; use `threadview search` in pipes\n"
        )
    one = run(str(FERRY))
    assert "the reader needs a terminal" in one.stderr, "one file is still the reader"


def test_standard_input_is_not_part_of_a_library_and_missing_paths_are_named():
    result = run("-", str(FERRY))
    assert result.returncode == cli.EXIT_INPUT
    assert "- (standard input) opens one thread" in result.stderr
    missing = run(str(FERRY), str(LIBRARY / "nowhere.txt"))
    assert missing.returncode == cli.EXIT_INPUT
    assert (
        missing.stderr.count("\n") == 1 and "nowhere.txt: no such file or folder" in missing.stderr
    )


def test_dispatching_a_folder_imports_neither_textual_nor_the_store():
    loaded = modules_after(
        "import sys; from threadview import cli; a = cli.parse_args([sys.argv[1]])\n"
        "assert cli.wants_library(a.files)",
        [str(LIBRARY)],
    )
    assert store_modules(loaded) == [] and "textual" not in loaded
