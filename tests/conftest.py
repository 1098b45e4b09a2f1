"""Shared test fixtures: paths to our fixtures and to the real third-party samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT.parent / "shared" / "samples"
CULIACAN = SAMPLES / "dailypopulous-2019-11-08-culiacan.txt"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the real user's bookmarks, settings or logs from a test."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("THREADVIEW_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("THREADVIEW_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdgconfig"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdgdata"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    yield


def sample(name: str) -> Path:
    """A real sample from ../shared/samples, or skip when this checkout has none."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real sample {name} is not present at {SAMPLES}")
    return path


from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
