"""The small helpers the copies became: cutting a line, a time to the minute, the GC pause."""

from __future__ import annotations

import gc
from datetime import datetime, timezone

import pytest

from threadview.clip import clip
from threadview.gcpause import collector_paused, resume_collector
from threadview.model import minute_utc


def test_clip_keeps_what_fits_and_marks_a_cut():
    assert clip("short", 5) == "short"
    assert clip("one two three", 8) == "one two…"
    assert clip("one    two", 6) == "one…"  # spaces before the mark are dropped
    assert len(clip("x" * 100, 10)) == 10


def test_minute_utc():
    assert minute_utc(datetime(2019, 11, 8, 2, 0, 59, tzinfo=timezone.utc)) == "2019-11-08 02:00"
    assert minute_utc(None) == ""


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_pause_restores_the_collector_as_it_was(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_resuming_a_pause_freezes_what_it_made_and_collects_again():
    was = gc.isenabled()
    gc.disable()
    made = [[n] for n in range(1000)]
    try:
        resume_collector()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
