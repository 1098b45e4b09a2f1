"""Command line: argument parsing, exit codes, and the one place errors become messages.

Textual is imported only on the path that opens the reader, so `dump` and `bookmarks`
start fast and work without a terminal. `main` pauses the garbage collector while the
program starts (see `main`), so even the parsers are imported inside it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, cast

from threadview import __version__
from threadview.arenas import share_one_arena
from threadview.gcpause import collector_paused

if TYPE_CHECKING:
    from threadview.export import TextAnnotator
    from threadview.model import Thread

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
PREVIEW_COMMENTS = 200
PREVIEW_BYTES = 1 << 20  # a big file is read in full only after the first paint
SUBCOMMANDS = ("open", "dump", "bookmarks", "search", "diff")


class UsageError(Exception):
    """Bad command-line usage, reported like argparse does but without exiting inside it."""


class CannotRun(Exception):
    """The command can't run here (e.g. no terminal for the reader); said in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where bookmarks are kept (default: $THREADVIEW_DATA_DIR or the user data dir)",
    )


def _input_options(parser: argparse.ArgumentParser) -> None:
    from threadview.parsing.detect import FORMAT_NAMES

    parser.add_argument(
        "--from",
        dest="from_name",
        choices=FORMAT_NAMES,
        default=None,
        help="read the input as this format instead of detecting it from the content",
    )


def build_parser(bookmark_options: bool = True) -> argparse.ArgumentParser:
    """The full command-line grammar (the README documents the same).

    `bookmark_options=False` leaves the `bookmarks` subcommand's own options out, so
    opening the reader doesn't import the bookmarks package (and sqlite3) before the
    first paint; `parse_args` adds them whenever the command is `bookmarks`.
    """
    parser = _Parser(
        prog="threadview",
        description="Read a saved discussion thread in the terminal.",
        epilog="Run `threadview FILE` to read, `threadview DIR` for the library, "
        "`threadview dump FILE` to print, `threadview bookmarks` to list bookmarks.",
    )
    parser.add_argument("--version", action="version", version=f"threadview {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    opener = sub.add_parser(
        "open", help="open a thread in the reader, or a folder or several files as a library"
    )
    opener.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="thread file (- for standard input); a folder, or several files, open the library",
    )
    _input_options(opener)
    _common(opener)

    dump = sub.add_parser("dump", help="print the parsed thread (no terminal UI)")
    dump.add_argument("file", help="thread file, or - for standard input")
    dump.add_argument(
        "--format",
        choices=("json", "text", "markdown"),
        default=None,
        help="output format (default: json when stdout is not a terminal, else text)",
    )
    dump.add_argument(
        "--sort",
        choices=("oldest", "newest", "score"),
        default="oldest",
        help="order of each level of replies (score: highest first where the site gave "
        "scores, else oldest first)",
    )
    dump.add_argument(
        "--comment",
        metavar="ID",
        default=None,
        help="only this comment: with its replies (json, text), or cited with its "
        "ancestors (markdown)",
    )
    dump.add_argument(
        "--facts",
        action="store_true",
        help="print the thread's facts, authors and timeline instead of the thread",
    )
    dump.add_argument(
        "--raw",
        action="store_true",
        help="text format into a pipe or file: keep control characters as they are, so the "
        "output reads back byte for byte (by default they are shown as the reader shows "
        "them; never raw on a terminal)",
    )
    _input_options(dump)
    _common(dump)

    marks = sub.add_parser("bookmarks", help="list, export or delete saved bookmarks")
    _common(marks)
    if bookmark_options:
        from threadview.commands import bookmarks as bookmarks_cli

        bookmarks_cli.add_arguments(marks)
    _library_commands(sub)
    return parser


def _library_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """`search` and `diff`: their arguments live in their own modules."""
    from threadview.commands.arguments import diff_arguments, search_arguments

    finder = sub.add_parser("search", help="index a folder of threads and search them")
    search_arguments(finder)
    _common(finder)
    differ = sub.add_parser("diff", help="what changed between two saves of a thread")
    diff_arguments(differ)
    _input_options(differ)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse argv; a first word that is not a subcommand means `open`."""
    args = list(argv)
    first = next((a for a in args if not a.startswith("-") or a == "-"), None)
    if first not in SUBCOMMANDS and not {"-h", "--help", "--version"} & set(args):
        args.insert(0, "open")
    full = first == "bookmarks"
    namespace = build_parser(full).parse_args(args)
    if namespace.command is None:
        namespace = build_parser(full).parse_args(["open", *args])
    return namespace


def _safe_stream(stream: TextIO) -> TextIO:
    """Stdout that never raises on unencodable text (lone surrogates, odd locales)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return stream


def refuse_terminal_stdin(path: str) -> None:
    """`-` reads a piped thread; on a terminal it would wait silently for typed input."""
    if path == "-" and sys.stdin is not None and sys.stdin.isatty():
        raise CannotRun(
            "`-` reads a thread from standard input, which is a terminal here: "
            "pipe a thread in (`cmd | threadview -`) or give a file"
        )


def run_dump(args: argparse.Namespace, out: TextIO) -> int:
    """`threadview dump`: the thread as JSON, text or Markdown, sorted as asked; or one
    comment of it (`--comment`), or its facts (`--facts`).

    What is written passes the output gate: JSON escapes every control, bidi and invisible
    character (lossless), text and Markdown show them as the reader does, unless `--raw`
    asks for the text as it is and the output is not a terminal."""
    from threadview.export import write_json, write_text
    from threadview.model import has_scores, sorted_thread
    from threadview.parsing import parse_document, read_document
    from threadview.render.outgoing import GatedWriter, escape_json
    from threadview.render.safe import sanitize

    if args.facts and (args.comment is not None or args.format == "markdown"):
        raise UsageError("--facts prints text or json, for the whole thread")
    refuse_terminal_stdin(args.file)
    thread = parse_document(read_document(args.file), args.from_name)
    if args.sort == "score" and not has_scores(thread.comments):
        sys.stderr.write("threadview: this thread has no scores: sorted oldest first\n")
    if args.sort != "oldest":
        thread = sorted_thread(thread, args.sort)
    is_tty = out.isatty()
    fmt = args.format or ("text" if is_tty else "json")
    if args.facts:
        from threadview.commands.facts import write_facts

        write_facts(thread, out, fmt == "json")
        out.flush()
        return EXIT_OK
    raw = args.raw and not is_tty
    text_out = out if raw else cast(TextIO, GatedWriter(out, sanitize))
    if args.comment is not None or fmt == "markdown":
        from threadview.cite import UnknownComment, cite, subthread, write_markdown

        try:
            if fmt == "markdown":
                if args.comment is None:
                    write_markdown(thread, text_out)
                else:
                    text_out.write(cite(thread, args.comment))
                out.flush()
                return EXIT_OK
            thread = subthread(thread, args.comment)
        except UnknownComment:
            sys.stderr.write(f"threadview: error: no comment with id {_one_line(args.comment)!r}\n")
            return EXIT_NOT_FOUND
    if fmt == "json":
        annotate, sources = _annotators(thread)
        write_json(thread, cast(TextIO, GatedWriter(out, escape_json)), annotate, sources)
    else:
        write_text(thread, text_out)
    out.flush()
    return EXIT_OK


def _annotators(thread: Thread) -> tuple[TextAnnotator | None, list[dict[str, object]] | None]:
    try:
        from threadview.annotate import annotations_json, sources_json
    except ImportError:
        return None, None
    return annotations_json, sources_json(thread)


def wants_library(paths: Sequence[str]) -> bool:
    """A folder, or more than one file, opens the library; one file (or -) the reader."""
    return len(paths) > 1 or (len(paths) == 1 and os.path.isdir(paths[0]))


def run_library(args: argparse.Namespace, gc_paused: bool = False) -> int:
    """`threadview DIR` / `threadview FILE1 FILE2 ...`: the library of those threads."""
    paths: list[str] = args.files
    if "-" in paths:
        raise UsageError("- (standard input) opens one thread, not part of a library")
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        raise CannotRun(f"{missing[0]}: no such file or folder")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CannotRun("the library needs a terminal; use `threadview search` in pipes")
    from threadview.ui.app import run_library as run_library_app

    code = run_library_app(paths, data_dir=args.data_dir, resume_gc=gc_paused)
    _exit_now(code)
    return code  # not reached


def run_open(args: argparse.Namespace, gc_paused: bool = False) -> int:
    """`threadview [FILE]`: the reader; errors in the file are reported before it starts.

    `gc_paused`: `main` paused the garbage collector, and the reader is to resume it once
    its first frame is painted."""
    from threadview.parsing import parse_document, read_document

    share_one_arena()  # before any thread starts: see its docstring
    path = args.files[0] if args.files else None
    if path is None:
        from threadview.samples import default_sample_path

        path = str(default_sample_path())
    refuse_terminal_stdin(path)
    # Held in a dict and popped into the call, so the reader is the document's only owner
    # and can free the file's text once the full parse is in.
    from_stdin = _is_stdin(path)
    pending = {"document": read_document(path, head=PREVIEW_BYTES)}
    # A big file's second half is scanned by another process from now on, while the
    # preview is parsed and the reader starts.
    from threadview.parsing.splitscan import start_for

    split_child = start_for(pending["document"])
    thread = parse_document(pending["document"], args.from_name, limit=PREVIEW_COMMENTS)
    if from_stdin:
        _reattach_terminal()
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CannotRun("the reader needs a terminal; use `threadview dump FILE` in pipes")
    from threadview.ui.app import run_app

    code = run_app(
        pending.pop("document"),
        thread,
        from_name=args.from_name,
        data_dir=args.data_dir,
        resume_gc=gc_paused,
        split_child=split_child,
    )
    _exit_now(code)
    return code  # not reached


def _exit_now(code: int) -> None:
    """Leave without tearing down a 100k-comment heap object by object: the terminal is
    restored, bookmarks are committed (each change is its own transaction) and the store
    is closed, so nothing is left to do but flush the standard streams."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _is_stdin(path: str) -> bool:
    """Whether the thread comes from standard input: `-`, or a name for it (`/dev/stdin`)."""
    if path == "-":
        return True
    try:
        return os.path.samestat(os.stat(path), os.fstat(0))
    except (OSError, ValueError):
        return False


def _reattach_terminal() -> None:
    """After reading the thread from a pipe, take keys from the controlling terminal."""
    if sys.stdin.isatty():
        return
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115


def run_bookmarks(args: argparse.Namespace) -> int:
    from threadview.commands import bookmarks as bookmarks_cli

    return bookmarks_cli.run(args)


def run_library_command(args: argparse.Namespace, out: TextIO) -> int:
    from threadview.commands import diff, search

    return search.run(args, out) if args.command == "search" else diff.run(args, out)


def log_path() -> Path:
    """Where unexpected internal errors are logged."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("threadview")) / "threadview.log"


def _log_internal_error(error: BaseException) -> str:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"threadview {__version__}: {' '.join(sys.argv)}\n")
            handle.write("".join(traceback.format_exception(error)) + "\n")
    except OSError:
        return "could not write the log"
    return f"details in {path}"


def _one_line(message: object) -> str:
    text = " ".join(str(message).split())
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (see the README's table).

    The garbage collector is paused until the reader's first paint (or, for the other
    commands, until the arguments are read): start-up makes hundreds of thousands of
    long-lived objects (modules, classes, styles, the thread) and few cycles, so the
    collections it would trigger (~20 ms of a ~0.3 s start) find almost nothing.
    """
    argv = sys.argv[1:] if argv is None else argv
    collecting = gc.isenabled()
    with collector_paused():
        return _main(argv, collecting)


def _main(argv: Sequence[str], collecting: bool) -> int:
    from threadview.parsing import ParseError

    try:
        args = parse_args(argv)
        if args.command != "open" and collecting:
            gc.enable()
        if args.command == "dump":
            return run_dump(args, _safe_stream(sys.stdout))
        if args.command == "bookmarks":
            return run_bookmarks(args)
        if args.command in ("search", "diff"):
            return run_library_command(args, _safe_stream(sys.stdout))
        if wants_library(args.files):
            return run_library(args, gc_paused=collecting)
        return run_open(args, gc_paused=collecting)
    except UsageError as error:
        sys.stderr.write(f"threadview: error: {_one_line(error)}\n")
        sys.stderr.write(
            "usage: threadview [FILE] | DIR | FILE... | dump FILE | bookmarks | search QUERY [DIR]"
            " | diff OLD NEW  (--help for more)\n"
        )
        return EXIT_INPUT
    except (ParseError, CannotRun) as error:
        sys.stderr.write(f"threadview: error: {_one_line(error)}\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("threadview: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as error:  # the last line of defence: never a traceback
        where = _log_internal_error(error)
        kind = type(error).__name__
        sys.stderr.write(f"threadview: internal error: {kind}: {_one_line(error)} ({where})\n")
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so interpreter shutdown stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
