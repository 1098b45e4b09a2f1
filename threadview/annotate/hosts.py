"""Host names for display: lower-cased, and in punycode when an IDN could pass for another host.

A host such as "раypal.com" (Cyrillic "р" and "а") must not look like "paypal.com" on
screen, so mixed-script or look-alike labels are shown as ``xn--`` punycode. Nothing here
raises on bad input: an invalid host comes back escaped, never crashing a render.
"""

from __future__ import annotations

import re
import unicodedata

_DOTS = re.compile("[\u002e\u3002\uff0e\uff61]")
_CJK_GROUP = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"})
# Cyrillic and Greek letters that look like Latin ones: a label made only of these
# ("аррӏе") is a whole-script look-alike even though it does not mix scripts.
_LATIN_LOOKALIKES = frozenset("аеорсухіјѕԁӏһԛԝАВЕКМНОРСТХΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυ")
MAX_HOST = 253
MAX_LABEL = 63


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0]
    return "CJK" if word in _CJK_GROUP else word or "UNKNOWN"


def label_is_deceptive(label: str) -> bool:
    """Whether a non-ASCII label mixes scripts or is made only of Latin look-alikes."""
    scripts = {_script(ch) for ch in label if ch.isalpha()}
    mixed = bool(scripts - {"CJK", "LATIN"}) if "CJK" in scripts else len(scripts) > 1
    if mixed:
        return True
    letters = [ch for ch in label if ch.isalpha()]
    return bool(letters) and all(ch in _LATIN_LOOKALIKES for ch in letters)


def split_labels(host: str) -> list[str]:
    """The host's labels, splitting on every dot form IDNA accepts."""
    return _DOTS.split(host)


def _escaped(host: str) -> str:
    """Printable ASCII kept, everything else as a visible \\x, \\u or \\U escape."""
    if host.isascii():
        return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in host)
    return host.encode("unicode_escape").decode("ascii")


def label_to_ascii(label: str) -> str:
    """One label in its ASCII (punycode) form; raises UnicodeError when invalid."""
    if label.isascii():
        return label.lower()
    from encodings import idna  # (and stringprep) only for the rare non-ASCII host

    return idna.ToASCII(label).decode("ascii")


def host_to_ascii(host: str) -> str:
    """The whole host in ASCII form; raises UnicodeError when it is not a valid name."""
    if len(host) > MAX_HOST * 4:
        raise UnicodeError("host name too long")
    labels = split_labels(host)
    converted = [
        label_to_ascii(label) if label or i == len(labels) - 1 else ""
        for i, label in enumerate(labels)
    ]
    if any(not label for label in converted[:-1]):
        raise UnicodeError("empty label in host name")
    result = ".".join(converted)
    if len(result.rstrip(".")) > MAX_HOST or any(len(label) > MAX_LABEL for label in converted):
        raise UnicodeError("host name too long")
    return result


def display_host(host: str) -> str:
    """The host as a reader should see it.

    ASCII hosts are lower-cased; an IDN stays readable when every label is in one script,
    and turns into punycode when any label mixes scripts or imitates Latin letters. A host
    that is not a valid name comes back with non-ASCII characters escaped.
    """
    if host.isascii():
        return host.lower() if host.isprintable() else _escaped(host.lower())
    if len(host) > MAX_HOST * 4:
        return _escaped(host[: MAX_HOST * 4]) + "..."
    labels = split_labels(host)
    if not any(not label.isascii() and label_is_deceptive(label) for label in labels):
        lowered = ".".join(labels).lower()
        return lowered if lowered.isprintable() else _escaped(lowered)
    try:
        return host_to_ascii(host)
    except UnicodeError:
        return _escaped(host.lower())
