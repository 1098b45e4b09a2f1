"""The command-line arguments of `search` and `diff`, apart from their code: building the
parser must not import the library store (and sqlite3) on the reader's way to its first
paint."""

from __future__ import annotations

import argparse

from threadview.commands.output import format_option


def search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", help='words, "phrases", prefix*, author:, source:, before:, after:'
    )
    parser.add_argument("dir", nargs="?", default=".", help="folder of threads (default: here)")
    parser.add_argument("--limit", type=int, default=20, help="how many hits (default 20)")
    format_option(parser, "JSON Lines")


def diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the earlier save of the thread")
    parser.add_argument("new", help="the later save")
    format_option(parser, "JSON")
