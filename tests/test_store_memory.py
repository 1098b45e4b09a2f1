"""The reading memory service (store/memory.py): index the opened file, recall, record."""

from __future__ import annotations

import pytest

from tests.library_helpers import comment, thread, write
from threadview.parsing import parse_document, read_document
from threadview.store.memory import ReadingMemory
from threadview.store.records import LibraryError

A = comment("ann", 1, "First.")
B = comment("bob", 2, "Second.")
B2 = comment("bob", 2, "Second, edited.")
C = comment("cy", 3, "Third, removed later.")
D = comment("dee", 4, "Fourth, added later.")


def reopen(data, path):
    return ReadingMemory.open(data, parse_document(read_document(path)), path)


def test_recall_is_empty_then_remembers_what_was_recorded(tmp_path):
    data, path = tmp_path / "data", tmp_path / "t.txt"
    write(path, thread("Memory", A, B, C))
    memory, recall = reopen(data, path)
    assert recall.first_visit and recall.position is None and not recall.gone
    memory.record_seen([A.id, B.id])
    memory.set_position(B.id)
    memory.close()
    memory, recall = reopen(data, path)
    assert not recall.first_visit
    assert recall.seen == {A.id, B.id} and recall.position == B.id
    memory.mark_read([A.id, B.id, C.id])
    assert memory.recall().seen == {A.id, B.id, C.id}
    memory.close()


def test_a_resaved_file_is_indexed_again_and_says_what_changed(tmp_path):
    data, path = tmp_path / "data", tmp_path / "t.txt"
    write(path, thread("Memory", A, B, C))
    memory, _ = reopen(data, path)
    memory.close()
    write(path, thread("Memory", A, B2, D))
    memory, recall = reopen(data, path)
    assert set(recall.edited) == {B2.id} and recall.edited[B2.id].body == "Second."
    assert [(g.author, g.body) for g in recall.gone] == [("cy", "Third, removed later.")]
    memory.close()


def test_a_data_dir_that_cannot_be_made_is_a_library_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    path = tmp_path / "t.txt"
    write(path, thread("Memory", A))
    with pytest.raises(LibraryError):
        reopen(blocker / "data", path)
