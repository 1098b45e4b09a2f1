"""Bytes to text (with encoding fallback) to a Thread; the entry points of parsing."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from threadview.model import Thread
from threadview.parsing.detect import parse_detected
from threadview.parsing.errors import ParseError

MAX_BYTES = 512 * 1024 * 1024
_SAMPLE = 8192
_CHUNK = 1 << 20
_STREAM_FROM = 1 << 20
"""`load_path` reads a JSON file bigger than this with `jsonstream` when it can."""
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?!\[threadview )[\[{]")
"""JSON's first bracket; not the text layout's first line, `[threadview {...}]`."""
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"MZ",
    b"\x00asm",
    b"SQLite format 3\x00",
)


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Map bytes cp1252 leaves undefined to the same code points, as browsers do."""
    if not isinstance(error, UnicodeDecodeError):
        raise error  # registered for decoding only
    bad = error.object[error.start : error.end]
    return "".join(chr(byte) for byte in bad), error.end


codecs.register_error("threadview-latin1", _latin1_fallback)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Inside UTF-8, read each byte that is not UTF-8 as Windows-1252 (never lose it)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error  # registered for decoding only
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="threadview-latin1"), error.end


codecs.register_error("threadview-cp1252", _cp1252_fallback)


@dataclass(frozen=True, slots=True)
class Document:
    """A checked input file: its content, a display name, and what decoding had to say.

    `raw` is the file as validated UTF-8 bytes (BOM removed) when it is UTF-8, else the
    text decoded by a fallback. Parsers take it as it is; `text` decodes on demand.
    """

    raw: str | bytes
    name: str
    warnings: tuple[str, ...] = field(default=())
    rest_of: str | None = None
    """When set, `raw` is only the start of this file (see `read_document(head=...)`)."""
    identity: tuple[int, int, int] | None = None
    """(size, mtime_ns, inode) of the regular file read whole, from the handle it was read
    from: whether another read was of the same file (`splitscan`)."""

    @property
    def text(self) -> str:
        raw = self.raw
        return raw if isinstance(raw, str) else raw.decode("utf-8")


def looks_binary(data: bytes) -> bool:
    """Whether the start of `data` is clearly not text (magic numbers, many NULs/controls)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return nuls * 100 > len(sample) or controls * 10 > len(sample)


def utf8_error_offset(data: bytes) -> int | None:
    """Offset of the first byte that is not valid UTF-8, or None; checked in chunks so a
    big file is never held twice as a Python string."""
    if data.isascii():
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for offset in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[offset : offset + _CHUNK], final=offset + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            return max(0, offset + error.start)
    return None


def decode(data: bytes) -> tuple[str | bytes, tuple[str, ...]]:
    """UTF-8 stays bytes (BOM removed); UTF-16 (by BOM) becomes text; otherwise the bytes
    that are not UTF-8 are read as Windows-1252, with a warning. A Windows-1252 file and a
    UTF-8 file with a few stray bytes both come out right."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    where = utf8_error_offset(data)
    if where is None:
        return (data[3:] if data.startswith(b"\xef\xbb\xbf") else data), ()
    text = data.decode("utf-8-sig", errors="threadview-cp1252")
    warning = f"not valid UTF-8 (first bad byte at offset {where}): such bytes read as Windows-1252"
    return text, (warning,)


def document_from_bytes(data: bytes, name: str = "<bytes>") -> Document:
    """Check and decode raw input; ParseError for empty or binary input."""
    if not data or data.isspace():  # no stripped copy of a big file
        raise ParseError(f"{name}: the file is empty")
    if looks_binary(data):
        raise ParseError(f"{name}: this looks like a binary file, not a saved thread")
    text, warnings = decode(data)
    if not text or text.isspace():  # nothing but a byte order mark (and blanks)
        raise ParseError(f"{name}: the file is empty")
    return Document(text, name, warnings)


def _read_stream(stream: BinaryIO) -> bytes:
    """Read to the end in chunks (read(n) would allocate n bytes up front)."""
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_BYTES:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_bytes(path: str, limit: int | None = None) -> tuple[bytes, tuple[int, int, int] | None]:
    """The file's bytes (at most `limit` of them), with one-line errors for what fails, and
    the identity of a regular file read whole (`Document.identity`)."""
    if path == "-":
        return _read_stream(sys.stdin.buffer), None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ParseError(f"{path}: no such file") from None
    except OSError as error:
        raise ParseError(f"{path}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ParseError(f"{path}: is a directory, not a thread file")
    if info.st_size > MAX_BYTES:
        raise ParseError(f"{path}: too large ({info.st_size} bytes; the limit is {MAX_BYTES})")
    try:
        with open(path, "rb") as handle:
            if limit is not None:
                return handle.read(limit), None
            if not stat.S_ISREG(info.st_mode):
                return _read_stream(handle), None
            # A regular file is read in one piece (no chunks joined: half the peak).
            data = handle.read()
            read = os.fstat(handle.fileno())
            return data, (read.st_size, read.st_mtime_ns, read.st_ino)
    except OSError as error:
        raise ParseError(f"{path}: cannot read: {error.strerror or error}") from None


def read_document(path: str | os.PathLike[str], head: int | None = None) -> Document:
    """Read and decode a thread file (`-` for standard input).

    With `head`, a big file is read only up to about `head` bytes (cut at a line end):
    enough for a preview, so the reader can paint before the rest is read. Parsing such a
    document without a `limit` reads the whole file then. A big JSON file's head is only
    its first bracket: parsing it reads the file itself, as far as it needs.
    """
    name = os.fspath(path)
    if head is not None and _is_regular(name):
        start = _read_head(name, head)
        if start is not None:
            return start
    data, identity = _read_bytes(name)
    if len(data) > MAX_BYTES:
        raise ParseError(f"{name}: too large (the limit is {MAX_BYTES} bytes)")
    document = document_from_bytes(data, "standard input" if name == "-" else name)
    return document if identity is None else replace(document, identity=identity)


def _is_regular(path: str) -> bool:
    """Whether `path` is a regular file, which can be read more than once. A pipe, a FIFO
    or `/dev/stdin` gives its bytes once: reading its start for a preview would lose them."""
    if path == "-":
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # the full read reports what is wrong, in one line


def _read_head(path: str, head: int) -> Document | None:
    """The start of a file bigger than `head`, or None to read it whole."""
    _read_bytes(path, 0)  # the same checks and messages as a full read
    try:
        with open(path, "rb") as handle:
            data = handle.read(head + 1)
    except OSError as error:
        raise ParseError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) <= head:
        return None
    start = _JSON_START.match(data)
    if start is not None:
        # JSON is read from the file itself (`_parse_json_file`); the head says only that.
        return Document(data[: start.end()], path, rest_of=path)
    cut = data.rfind(b"\n", 0, head)
    if cut < 0 or not data[:cut].strip():
        return None  # one giant line, or blank so far: no preview
    document = document_from_bytes(data[: cut + 1], path)
    return replace(document, rest_of=path)


def is_json_head(document: Document) -> bool:
    """Whether a preview document is a big JSON file's first bracket (read on demand)."""
    raw = document.raw
    return (
        document.rest_of is not None
        and _JSON_START.match(raw if isinstance(raw, bytes) else b"") is not None
    )


def parse_document(
    document: Document, from_name: str | None = None, limit: int | None = None
) -> Thread:
    """The thread in a document; `limit` asks for a quick preview of the first comments."""
    if document.rest_of is not None:
        if is_json_head(document):
            return _parse_json_file(document.rest_of, from_name, limit)
        if limit is None:
            return parse_document(read_document(document.rest_of), from_name)
        thread = parse_detected(document.raw, from_name, limit)
        thread = replace(thread, extra={**thread.extra, "partial": True})
    else:
        thread = parse_detected(document.raw, from_name, limit)
    if document.warnings:
        thread = _with_warnings(thread, document.warnings)
    return thread


def _parse_json_file(path: str, from_name: str | None, limit: int | None) -> Thread:
    """A big JSON file: a Reddit comments page is read a top-level comment at a time (a
    preview stops after about `limit` comments, having read only the file's head);
    anything else, or a page that turns out broken, is read whole as before."""
    if from_name in (None, "reddit"):
        from threadview.parsing.jsonstream import read_page  # only JSON pays for it

        try:
            with open(path, "rb") as handle:
                thread = read_page(handle, limit)
        except OSError:
            thread = None  # the whole read says what is wrong, in one line
        if thread is not None:
            return thread
    return parse_document(read_document(path), from_name, limit)


def _with_warnings(thread: Thread, warnings: tuple[str, ...]) -> Thread:
    return replace(thread, warnings=warnings + thread.warnings)


def load_path(path: str | os.PathLike[str], from_name: str | None = None) -> Thread:
    """Read, decode and parse a thread file (a big Reddit page a comment at a time, as
    the reader's full parse reads it: a fifth of the memory of decoding it whole)."""
    return parse_document(read_document(path, head=_STREAM_FROM), from_name)


def parse_bytes(data: bytes, from_name: str | None = None) -> Thread:
    """Decode and parse raw bytes."""
    return parse_document(document_from_bytes(data), from_name)


def parse_text(text: str, from_name: str | None = None, limit: int | None = None) -> Thread:
    """Parse already-decoded text."""
    if not text or text.isspace():
        raise ParseError("the text is empty")
    return parse_detected(text, from_name, limit)


def load_or_reason(path: str | os.PathLike[str]) -> Thread | str:
    """The thread in the file at `path`, or one line saying why it can't be read (the
    loader a bookmark jump is handed)."""
    try:
        return load_path(path)
    except (ParseError, OSError, UnicodeError, ValueError) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
