"""Where the bundled sample threads live (package data; no Textual import)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_threads"
DEFAULT_SAMPLE = "harbour-light.txt"


def default_sample_path() -> Path:
    """The thread `threadview` opens when given no file: one that shows off the reader."""
    return SAMPLE_DIR / DEFAULT_SAMPLE


def sample_paths() -> list[Path]:
    """Every bundled sample thread, sorted by name."""
    return sorted(path for path in SAMPLE_DIR.glob("*.txt") if path.is_file())
