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


def test_a_time_is_shown_one_way():
    from threadview.render.times import format_time

    stamp = datetime(2024, 3, 4, 9, 12, 30, tzinfo=timezone.utc)
    first = datetime(2024, 3, 4, 7, 7, tzinfo=timezone.utc)
    assert format_time(stamp) == "2024-03-04 09:12 UTC"
    assert format_time(stamp, first) == "2024-03-04 09:12 UTC · +2h 05m"
    assert format_time(None) == "unknown date"


def test_no_module_cuts_text_with_an_ellipsis_by_hand():
    """Every "cut with …" goes through `clip`: a copy drifts (one kept trailing spaces)."""
    from pathlib import Path

    import threadview

    package = Path(threadview.__file__).parent
    copies = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "clip.py" and '+ "…"' in path.read_text(encoding="utf-8")
    ]
    assert copies == []
