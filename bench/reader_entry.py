"""`threadview FILE` as the benchmarks run it: the CLI, reporting its milestones.

The reader says when its first frame is out ("paint") and when the whole thread is on
screen ("full") through `ThreadViewApp.milestone`; this script, used only by `bench/`,
appends each with its time to the file named by THREADVIEW_BENCH_REPORT.
"""

from __future__ import annotations

import os
import sys
import time

from threadview.cli import main
from threadview.gcpause import collector_paused

REPORT_ENV = "THREADVIEW_BENCH_REPORT"


def report(milestone: str) -> None:
    """Append `milestone` and the time to the report file."""
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{milestone} {time.time():.6f}\n")
            # CPU time is what a busy machine disturbs least (bench_json reads it).
            out.write(f"{milestone}-cpu {time.process_time():.6f}\n")


if __name__ == "__main__":
    # `threadview` imports the reader with the cycle collector paused (see `cli.main`);
    # import it here the same way, or the benchmark would time a slower start than users get.
    with collector_paused():
        from threadview.ui.app import ThreadViewApp
    ThreadViewApp.milestone = staticmethod(report)
    sys.exit(main(sys.argv[1:]))
