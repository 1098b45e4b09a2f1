"""toolong on a file as the benchmarks run it, reporting its first frame and its finished index.

    /path/to/toolong-venv/bin/python bench/toolong_entry.py FILE

Run with the Python of an environment where toolong is installed (it pins its own Textual,
so not threadview's). Appends "paint" (the app is ready) and "full" (its scan of the file's
line breaks is complete) with their times to the file named by THREADVIEW_BENCH_REPORT.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from toolong import log_lines
from toolong.ui import UI

REPORT_ENV = "THREADVIEW_BENCH_REPORT"


def report(milestone: str) -> None:
    """Append `milestone` and the time to the report file."""
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{milestone} {time.time():.6f}\n")


_complete = log_lines.ScanComplete


def scan_complete(*args: Any) -> Any:
    """toolong's own ScanComplete message, made when its scan ends: that is the moment."""
    report("full")
    return _complete(*args)


class BenchUI(UI):
    def on_ready(self) -> None:
        report("paint")


if __name__ == "__main__":
    log_lines.ScanComplete = scan_complete  # the scan looks the name up when it ends
    BenchUI(sys.argv[1:], merge=False, save_merge=None).run()
