"""User settings (theme, sort order) kept in a small JSON file in the user config directory.

A missing file means defaults; a broken one means defaults and a one-line warning, never a
crash. Written whole or not at all (`threadview.files`). No Textual.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from threadview.files import write_atomically

ENV_CONFIG_DIR = "THREADVIEW_CONFIG_DIR"
SETTINGS_NAME = "settings.json"
SORT_ORDERS = ("oldest", "newest", "score")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the reader remembers between runs; None means Textual's default theme."""

    theme: str | None = None
    sort: str = "oldest"


def config_dir() -> Path:
    """$THREADVIEW_CONFIG_DIR, else the platformdirs user config directory."""
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("threadview"))


def settings_path() -> Path:
    return config_dir() / SETTINGS_NAME


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, and a one-line warning when the file is there but unusable."""
    path = settings_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"settings not read from {path} ({exc.strerror or exc}); using defaults"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Settings(), f"settings file {path} is not valid JSON ({why}); using defaults"
    if not isinstance(data, dict):
        return Settings(), f"settings file {path} does not hold a JSON object; using defaults"
    theme, sort = data.get("theme"), data.get("sort", "oldest")
    bad = [
        name
        for name, ok in (
            ("theme", theme is None or isinstance(theme, str)),
            ("sort", sort in SORT_ORDERS),
        )
        if not ok
    ]
    settings = Settings(
        theme=theme if "theme" not in bad else None,
        sort=sort if "sort" not in bad else "oldest",
    )
    if bad:
        return settings, f"settings file {path}: ignored a bad {' and '.join(bad)}"
    return settings, None


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings (creating the directory); a one-line problem, or None when saved."""
    path = settings_path() if path is None else path
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(path, json.dumps(asdict(settings), indent=2) + "\n")
    except OSError as exc:
        return f"settings not saved to {path} ({exc.strerror or exc})"
    return None
