"""The README's promises: its two commands, its key table and its exit codes stay true."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from threadview import cli
from threadview.ui.keys import markdown_table

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_has_the_two_newcomer_commands_and_ci_runs_the_test_one():
    install_and_open, install_and_test = _commands()[:2]
    assert install_and_open.endswith("pip install . && threadview")
    assert "'.[test]'" in install_and_test and install_and_test.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci


def test_ci_checks_lint_format_and_types_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests_at = ci.index("&& pytest")
    for check in ("ruff check .", "ruff format --check .", "mypy"):
        assert -1 < ci.find(check) < tests_at, check


def test_readme_key_table_matches_the_key_table_in_code():
    block = README.split("<!-- keys:start -->\n", 1)[1].split("<!-- keys:end -->", 1)[0]
    assert block.strip() == markdown_table().strip()


def test_readme_documents_every_exit_code():
    for code in (
        cli.EXIT_OK,
        cli.EXIT_NOT_FOUND,
        cli.EXIT_INPUT,
        cli.EXIT_INTERNAL,
        cli.EXIT_INTERRUPTED,
    ):
        assert f"| {code} |" in README
