"""What the reading memory holds per comment of a big thread: the ids it writes on a first
visit and the new comments it finds on later ones are never kept as Python strings.

Each figure is traced memory (`tracemalloc`) per comment, from the difference between two
thread sizes, so the fixed part (SQLite's statements, a batch of rows, the hash's chunk) drops
out. An id as a Python string is about 65 bytes, plus 8 for its slot in a list (16 in a set)."""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path

import pytest

from tests.library_helpers import many, write
from threadview.model import iter_comments
from threadview.parsing import load_path
from threadview.store import prepare as prepare_module
from threadview.store.memory import ReadingMemory
from threadview.ui.reading_memory import _news

SIZES = (5_000, 25_000)


def stat_of(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def visits(folder: Path, count: int) -> tuple[int, int]:
    """(traced peak of a first visit's opening, traced memory kept by a second visit's
    recall and new marks), in bytes, on a thread of `count` comments."""
    path = folder / f"t{count}.txt"
    write(path, many(count))
    made = load_path(path)
    for _ in iter_comments(made.comments):  # the index's own first-walk tables, as the
        pass  # reader has them made before its memory opens
    data = folder / f"data{count}"
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        memory, recall = ReadingMemory.open(data, made, path, stat_of(path))
        first = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert recall.first_visit
    memory.record_seen([made.comments[0].id])
    memory.close()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        memory, recall = ReadingMemory.open(data, made, path, stat_of(path))
        new, edited = _news(made, recall)
        gc.collect()
        second = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    memory.close()
    assert len(new) == count - 1 and not edited
    return first, second


@pytest.fixture(scope="module")
def per_comment(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, float]:
    folder = tmp_path_factory.mktemp("footprint")
    patch = pytest.MonkeyPatch()
    patch.setattr(prepare_module, "BATCH_COMMENTS", 64)  # the batches' share: small and fixed
    try:
        (first_small, second_small), (first_big, second_big) = (
            visits(folder, count) for count in SIZES
        )
    finally:
        patch.undo()
    extra = SIZES[1] - SIZES[0]
    return (first_big - first_small) / extra, (second_big - second_small) / extra


def test_a_first_visit_holds_no_list_of_every_id(per_comment):
    assert per_comment[0] < 16  # the ids as strings in a list: about 50 (some were shared)


def test_a_later_visit_keeps_no_set_of_the_new_comments(per_comment):
    # as strings in a set: about 130; as numbers in a sorted array: 8; as what they are
    # not (the seen ids and a count, listed from the store when iterated): nothing
    assert per_comment[1] < 1
