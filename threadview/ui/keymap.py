"""The user's own keys: `keys.toml` in the config directory, checked against the key table.

Every action of the key table has a stable id, ``<context>.<action>`` (e.g.
``comments.cursor_down``); `keys.toml` maps ids to keys::

    [comments]
    cursor_down = "n"              # n instead of j (down still works)
    cursor_up = ["e", "pageup"]    # e instead of k, pageup instead of up
    [global]
    show_help = "f1"

The keys given replace the action's default keys in order; defaults past them stay (and
keys past the defaults are added).

An unknown id, a key Textual cannot name, or a key that would be bound twice where it
works (its own context, or a pane's context and "global") is left out with a one-line
warning, and that action keeps its default keys. The rest goes to `App.set_keymap`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from threadview.settings import config_dir
from threadview.ui.keys import KEYS, Context, KeySpec, binding_id, textual_key

KEYS_NAME = "keys.toml"
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
SHARED_WITH_GLOBAL: frozenset[Context] = frozenset({"comments", "article", "stories"})
"""Contexts whose keys work alongside the "global" ones (so the same key clashes)."""


@dataclass(frozen=True, slots=True)
class UserKeys:
    """The user's keys that passed every check, by binding id, and what was left out."""

    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def keys_of(self, spec: KeySpec) -> tuple[str, ...]:
        """The keys that trigger `spec` now: the user's, then any defaults past them."""
        return _merged(spec, self.keys.get(binding_id(spec), ()))

    def display(self, spec: KeySpec) -> str:
        """How the keys of `spec` read in the help screen and the palette (a run of keys
        the user left alone keeps its label, such as ``1-9``)."""
        if binding_id(spec) not in self.keys:
            return spec.display
        return " / ".join(self.keys_of(spec))

    def textual_keymap(self) -> dict[str, str]:
        """The keymap for `App.set_keymap`: each default key's binding id -> its new key
        (the last default's binding also takes any keys past the defaults)."""
        specs = {binding_id(spec): spec for spec in KEYS}
        keymap: dict[str, str] = {}
        for name, keys in self.keys.items():
            spec = specs[name]
            last = len(spec.keys) - 1
            for position, key in enumerate(keys[:last]):
                keymap[binding_id(spec, position)] = textual_key(key)
            if len(keys) > last:
                keymap[binding_id(spec, last)] = ",".join(textual_key(k) for k in keys[last:])
        return keymap


def _merged(spec: KeySpec, keys: tuple[str, ...]) -> tuple[str, ...]:
    return keys + spec.keys[len(keys) :]


def keys_path() -> Path:
    return config_dir() / KEYS_NAME


def load_user_keys(path: Path | None = None) -> UserKeys:
    """The user's keys from `keys.toml` (none when it is absent); never raises."""
    path = keys_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserKeys()
    except OSError as exc:
        return UserKeys(warnings=(f"keys not read from {path} ({exc.strerror or exc})",))
    if sys.version_info >= (3, 11):  # tomllib is new in 3.11
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return UserKeys(warnings=(f"{path} is not valid TOML ({why}); using the default keys",))
        return check_keys(_flatten(data))
    return UserKeys(warnings=(f"{path} needs Python 3.11 or later; using the default keys",))


def _flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """`[comments] cursor_down = "n"` and `"comments.cursor_down" = "n"` alike."""
    flat: dict[str, object] = {}
    for name, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[prefix + name] = value
    return flat


def valid_key(key: str) -> bool:
    """Whether Textual can name `key`: a printable character or a key name, with modifiers."""
    from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys

    *modifiers, base = key.split("+") if len(key) > 1 else [key]
    if any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    names = {member.value for member in Keys} | set(KEY_TO_UNICODE_NAME)
    names |= set(KEY_NAME_REPLACEMENTS.values()) | {"question_mark", "space"}
    names |= {f"f{number}" for number in range(1, 25)}
    return base in names


def check_keys(wanted: Mapping[str, object]) -> UserKeys:
    """Keep the user's keys that name a known action, are keys, and clash with nothing."""
    specs = {binding_id(spec): spec for spec in KEYS}
    warnings: list[str] = []
    keys: dict[str, tuple[str, ...]] = {}
    for name, value in wanted.items():
        if name not in specs:
            warnings.append(f"keys.toml: no action {name!r}; see ? for the keys")
            continue
        listed = _key_list(value)
        if listed is None:
            warnings.append(f"keys.toml: {name} needs a key or a list of keys; kept the default")
            continue
        bad = [key for key in listed if not valid_key(key)]
        if bad:
            warnings.append(f"keys.toml: {name}: {bad[0]!r} is not a key; kept the default")
            continue
        keys[name] = listed
    while clashing := _clashes(keys):
        for name, key, other in clashing:
            warnings.append(
                f"keys.toml: {name}: {key!r} is already {other}'s key; kept the default"
            )
            keys.pop(name, None)
    return UserKeys(keys, tuple(warnings))


def _key_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = value.split(",") if "," in value.strip(",") else [value]
    if not isinstance(value, list) or not value or not all(isinstance(k, str) for k in value):
        return None
    keys = tuple(dict.fromkeys(key.strip() if key.strip() else key for key in value))
    return keys if all(keys) else None


def _clashes(keys: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(user's id, key, the other id) for each user key bound twice where it works."""
    owners: dict[tuple[Context, str], list[str]] = {}
    for spec in KEYS:
        name = binding_id(spec)
        for key in _merged(spec, keys.get(name, ())):
            owners.setdefault((spec.context, textual_key(key)), []).append(name)
    found: list[tuple[str, str, str]] = []
    for (context, key), names in owners.items():
        rivals = list(names)
        if context in SHARED_WITH_GLOBAL:
            rivals += owners.get(("global", key), [])
        if len(set(rivals)) < 2:
            continue
        for name in dict.fromkeys(rivals):
            if name in keys:
                other = next(rival for rival in rivals if rival != name)
                found.append((name, key, other))
    return list(dict.fromkeys(found))
