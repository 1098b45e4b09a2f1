"""The one walk over a library's folders: what the library screen counts is what the
indexer scans (links not followed, any file name), in the scan's order."""

from __future__ import annotations

import os
from pathlib import Path

from tests.library_helpers import comment, thread, write
from threadview.store.indexer import Indexer
from threadview.store.library import LibraryStore
from threadview.store.walk import count_files, regular_files


def tree(tmp_path: Path) -> bytes:
    root = os.fsencode(tmp_path / "lib")
    write(root + b"/b.txt", thread("Bee", comment("ann", 1, "Bee text.")))
    write(root + b"/a/deep/\xff odd.txt", thread("Odd", comment("ann", 2, "Odd text.")))
    write(root + b"/a/c.txt", thread("Sea", comment("ann", 3, "Sea text.")))
    with open(root + b"/a/notes.bin", "wb") as handle:
        handle.write(b"\x00\x01")
    outside = tmp_path / "outside"
    write(outside / "elsewhere.txt", thread("Elsewhere", comment("ann", 4, "Far text.")))
    os.symlink(outside, root + b"/linked-folder")
    os.symlink(outside / "elsewhere.txt", root + b"/linked-file.txt")
    return root


def test_the_count_is_what_the_scan_looks_at(tmp_path):
    root = tree(tmp_path)
    single = os.fsencode(tmp_path / "outside" / "elsewhere.txt")
    looked: list[bytes] = []
    with LibraryStore.open(tmp_path / "data") as store:
        indexer = Indexer(store, progress=lambda report, path: looked.append(path))
        report = indexer.scan([root, single])
    assert count_files([root, single]) == len(looked) == 5
    assert report.indexed == 4 and report.skipped == 1
    assert not any(b"linked" in path for path in looked), "links are not followed"


def test_the_walk_gives_each_folder_in_name_order_when_asked(tmp_path):
    root = tree(tmp_path)
    names = [entry.path[len(root) :] for entry in regular_files(root, ordered=True)]
    assert names == [b"/b.txt", b"/a/c.txt", b"/a/notes.bin", b"/a/deep/\xff odd.txt"]
    assert sorted(entry.path for entry in regular_files(root)) == sorted(root + n for n in names)
    assert list(regular_files(root + b"/missing")) == [], "a folder that can't be read: nothing"
