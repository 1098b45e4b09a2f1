"""Decide whether a URL from a thread may be opened, and open it without a shell.

Only http and https pass. Control characters (C0, DEL, C1), formatting characters
(bidi overrides, zero-width), whitespace, backslashes and a leading "-" are refused, so
nothing a commenter wrote can reach a terminal, a command line or a look-alike host. The
confirmation dialog shows `ValidUrl.display_host`: the real host, in punycode for an IDN,
and warns (`ValidUrl.warnings`) when that host is this computer or a private network
(`local_host`), in any of the spellings a browser accepts (``127.1``, ``0x7f.1``, ``[::1]``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from threadview.annotate.hosts import display_host, host_to_ascii

MAX_URL = 8192
_SAFE_PATH = "!#$%&'()*+,/:;=?@[]~-._|^{}"
_SAFE_USERINFO = "!$%&'()*+,;=:~-._"


class UnsafeUrl(ValueError):
    """A URL that will not be opened; `reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OpenFailed(RuntimeError):
    """The browser opener reported that it could not open the URL."""


@dataclass(frozen=True, slots=True)
class ValidUrl:
    """A URL that passed validation.

    `url` is normalised (lower-case scheme, ASCII host, non-ASCII path characters
    percent-encoded) and is what gets opened. `display_host` is the ASCII (punycode) host;
    `unicode_host` is how the text spelled it. `userinfo` is set when the URL hides a
    user name before "@" (as in "https://google.com@evil.example/"): the dialog must show it.
    """

    url: str
    scheme: str
    display_host: str
    unicode_host: str
    userinfo: str | None = None
    port: int | None = None

    @property
    def is_idn(self) -> bool:
        """Whether the host as written is an internationalised (non-ASCII) name."""
        return not self.unicode_host.isascii()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Things the confirmation dialog should say out loud."""
        found: list[str] = []
        if self.userinfo is not None:
            found.append(
                f"the text before '@' ({self.userinfo!r}) is not the host; "
                f"the real host is {self.display_host}"
            )
        if self.is_idn:
            found.append(f"international host name: {self.unicode_host} is {self.display_host}")
        local = local_host(self.display_host)
        if local is not None:
            found.append(f"{local}, not a site on the internet")
        return tuple(found)


_LOCAL_NAMES = ("localhost", "local", "internal", "home.arpa", "lan")
"""Names (and their subdomains) that only ever mean this computer or the local network."""


def ipv4_number(host: str) -> int | None:
    """The address a browser reads in an IPv4 host, in any form it accepts, or None.

    As the URL standard parses it: one to four dot-separated parts, each decimal, hex
    (``0x7f``) or octal (``0177``), the last one filling the remaining bytes, so
    ``127.1``, ``0x7f.1``, ``2130706433`` and ``0177.0.0.1`` are all 127.0.0.1.
    """
    parts = host.split(".")
    if parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        value = _ipv4_part(part)
        if value is None:
            return None
        numbers.append(value)
    *leading, last = numbers
    if any(value > 255 for value in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    address = last
    for index, value in enumerate(leading):
        address += value << (8 * (3 - index))
    return address


def _ipv4_part(part: str) -> int | None:
    lowered = part.lower()
    digits, base = lowered, 10
    if lowered.startswith("0x"):
        digits, base = lowered[2:], 16
    elif len(lowered) > 1 and lowered.startswith("0"):
        digits, base = lowered[1:], 8
    if digits == "":
        return 0 if base == 16 else None
    try:
        return int(digits, base) if digits.isascii() and digits.isalnum() else None
    except ValueError:
        return None


def local_host(host: str) -> str | None:
    """Why a host is not a site on the internet ("0x7f.1 (127.0.0.1) is this computer"),
    or None for an ordinary public host. `host` is ASCII, as `validate_url` returns it."""
    import ipaddress

    name = host.lower().rstrip(".")
    if any(name == local or name.endswith("." + local) for local in _LOCAL_NAMES):
        return f"{host} is a name for this computer or the local network"
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    if name.startswith("[") and name.endswith("]"):
        try:
            address = ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return None
        address = address.ipv4_mapped or address
    else:
        number = ipv4_number(name)
        if number is None:
            return None
        address = ipaddress.IPv4Address(number)
    if address.is_global:
        return None
    shown = str(address)
    written = host if shown in (name, name.strip("[]")) else f"{host} ({shown})"
    if address.is_loopback or address.is_unspecified:
        return f"{written} is this computer"
    if address.is_link_local:
        return f"{written} is a link-local address (this network only)"
    return f"{written} is a private or reserved address"


def _refused_character(url: str) -> str | None:
    """A description of the first character that may not appear in a URL, or None."""
    for ch in url:
        if ch.isascii() and ch.isprintable() and ch not in " \\":
            continue
        if ch == "\\":
            return "backslash"
        category = unicodedata.category(ch)
        if ch.isspace() or category in ("Zs", "Zl", "Zp"):
            return "whitespace"
        if category == "Cc":
            return f"control character U+{ord(ch):04X}"
        if category in ("Cf", "Cs", "Co", "Cn"):
            return f"invisible or formatting character U+{ord(ch):04X}"
    return None


def _split_authority(rest: str) -> tuple[str, str]:
    cut = len(rest)
    for stop in "/?#":
        found = rest.find(stop)
        if 0 <= found < cut:
            cut = found
    return rest[:cut], rest[cut:]


def _split_port(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise UnsafeUrl("malformed IPv6 host")
        host, tail = hostport[: close + 1], hostport[close + 1 :]
    else:
        host, colon, port_text = hostport.partition(":")
        tail = colon + port_text
    if not tail:
        return host, None
    port_text = tail[1:]
    if not tail.startswith(":") or not port_text.isdigit() or not port_text.isascii():
        raise UnsafeUrl("malformed port")
    port = int(port_text)
    if not 0 < port < 65536:
        raise UnsafeUrl("port out of range")
    return host, port


def _ascii_host(host: str) -> str:
    if not host:
        raise UnsafeUrl("empty host")
    if "%" in host:
        raise UnsafeUrl("percent-encoded host")
    if host.startswith("["):
        inner = host[1:-1]
        if not inner or any(ch not in "0123456789abcdefABCDEF:." for ch in inner):
            raise UnsafeUrl("malformed IPv6 host")
        return host.lower()
    try:
        ascii_host = host_to_ascii(host)
    except UnicodeError as error:
        raise UnsafeUrl(f"invalid host name ({error})") from None
    labels = ascii_host.rstrip(".").split(".")
    if not labels or any(not label for label in labels):
        raise UnsafeUrl("empty label in host name")
    for label in labels:
        if (
            label.startswith("-")
            or label.endswith("-")
            or not all(ch.isalnum() or ch in "-_" for ch in label)
        ):
            raise UnsafeUrl(f"invalid host name label {label!r}")
    return ascii_host


def validate_url(url: str) -> ValidUrl:
    """The URL normalised for opening, or `UnsafeUrl` saying why it will not be opened."""
    if not isinstance(url, str) or not url:
        raise UnsafeUrl("empty URL")
    if len(url) > MAX_URL:
        raise UnsafeUrl(f"URL longer than {MAX_URL} characters")
    if url.startswith("-"):
        raise UnsafeUrl("URL starts with '-'")
    refused = _refused_character(url)
    if refused:
        raise UnsafeUrl(f"URL contains a {refused}")
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in ("http", "https"):
        raise UnsafeUrl("only http and https URLs are opened")
    if not rest.startswith("//"):
        raise UnsafeUrl("URL has no host")
    authority, path = _split_authority(rest[2:])
    userinfo, at, hostport = authority.rpartition("@")
    host, port = _split_port(hostport)
    ascii_host = _ascii_host(host)
    netloc = ascii_host + (f":{port}" if port is not None else "")
    if at:
        netloc = f"{quote(userinfo, safe=_SAFE_USERINFO)}@{netloc}"
    normalised = f"{scheme}://{netloc}{quote(path, safe=_SAFE_PATH)}"
    return ValidUrl(
        url=normalised,
        scheme=scheme,
        display_host=ascii_host,
        unicode_host=display_host(host) if host.isascii() else host.lower(),
        userinfo=userinfo if at else None,
        port=port,
    )


def run_browser(command: Sequence[str], url: str) -> None:
    """Run a browser that works in this terminal and wait for it to exit.

    `command` is the program and its arguments as Python's webbrowser keeps them, with
    ``%s`` where the validated URL goes; it is run directly, never through a shell.
    Raises `UnsafeUrl` when the URL is refused and `OpenFailed`, naming the program, when
    it is missing, cannot start, or exits with a failure status.
    """
    import subprocess

    valid = validate_url(url)
    program = command[0]
    argv = [program, *(part.replace("%s", valid.url) for part in command[1:])]
    try:
        status = subprocess.run(argv, close_fds=True, check=False).returncode
    except FileNotFoundError:
        raise OpenFailed(f"the browser {program!r} was not found") from None
    except OSError as error:
        raise OpenFailed(f"the browser {program!r} could not start ({error.strerror})") from None
    if status < 0:
        raise OpenFailed(f"the browser {program!r} was stopped by signal {-status}")
    if status:
        raise OpenFailed(f"the browser {program!r} exited with status {status}")


def open_url(url: str, opener: Callable[[str], object] | None = None) -> None:
    """Validate `url` and hand the normalised form to `opener` (Python's webbrowser by
    default, which starts the browser without a shell).

    Raises `UnsafeUrl` when the URL is refused and `OpenFailed` when the opener returns
    False (webbrowser's way of saying no browser could be started).
    """
    valid = validate_url(url)
    if opener is None:
        import webbrowser

        opener = webbrowser.open
    if opener(valid.url) is False:
        raise OpenFailed(f"no browser could open {valid.display_host}")
