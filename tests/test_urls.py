"""Opening links: only http(s), nothing hidden, no shell; the opener is replaced in tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadview.annotate import find_links
from threadview.urls import (
    OpenFailed,
    UnsafeUrl,
    ValidUrl,
    ipv4_number,
    open_url,
    run_browser,
    validate_url,
)


def test_plain_https_url_is_normalised() -> None:
    valid = validate_url("HTTPS://Example.COM:8443/a b".replace(" ", "%20"))
    assert valid == ValidUrl(
        "https://example.com:8443/a%20b", "https", "example.com", "example.com", None, 8443
    )
    assert valid.warnings == ()


def test_non_ascii_path_is_percent_encoded_and_escapes_kept() -> None:
    valid = validate_url("http://example.com/señor?q=ü%2F#frag")
    assert valid.url == "http://example.com/se%C3%B1or?q=%C3%BC%2F#frag"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.com/", "only http and https"),
        ("data:text/html,<script>", "only http and https"),
        ("example.com", "only http and https"),
        ("-https://example.com", "starts with '-'"),
        ("--help", "starts with '-'"),
        ("https://example.com/\x1b]8;;evil\x07", "control character U+001B"),
        ("https://example.com/\x7f", "control character U+007F"),
        ("https://example.com/\x9b31m", "control character U+009B"),
        ("https://example.com/\u202egnp.exe", "formatting character U+202E"),
        ("https://exa\u200bmple.com/", "formatting character U+200B"),
        ("https://example.com/a b", "whitespace"),
        ("https://example.com/\u3000", "whitespace"),
        (" https://example.com/", "whitespace"),
        ("https://example.com/\n", "whitespace"),
        ("https://evil.com\\@good.com/", "backslash"),
        ("https:///path", "empty host"),
        ("https://", "empty host"),
        ("https:example.com", "no host"),
        ("https://user@/x", "empty host"),
        ("https://exa%6dple.com/", "percent-encoded host"),
        ("https://example.com:99999/", "port out of range"),
        ("https://example.com:80x/", "malformed port"),
        ("https://a..b.com/", "empty label"),
        ("https://-bad-.com/", "invalid host name label"),
        ("https://" + "ж" * 70 + ".com/", "invalid host name"),
        ("https://[::1/", "malformed IPv6"),
        ("", "empty URL"),
        ("https://example.com/" + "a" * 9000, "longer than"),
    ],
)
def test_unsafe_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(UnsafeUrl) as caught:
        validate_url(url)
    assert reason in caught.value.reason


def test_idn_look_alike_is_shown_in_punycode() -> None:
    valid = validate_url("https://раypal.com/login")
    assert valid.display_host == "xn--ypal-43d9g.com"
    assert valid.url == "https://xn--ypal-43d9g.com/login"
    assert valid.unicode_host == "раypal.com" and valid.is_idn
    assert any("xn--ypal-43d9g.com" in warning for warning in valid.warnings)


def test_userinfo_trick_is_exposed() -> None:
    valid = validate_url("https://www.google.com@evil.example/login")
    assert valid.display_host == "evil.example"
    assert valid.userinfo == "www.google.com"
    assert valid.url == "https://www.google.com@evil.example/login"
    assert "evil.example" in valid.warnings[0] and "www.google.com" in valid.warnings[0]


def test_non_ascii_userinfo_is_encoded_and_shown() -> None:
    valid = validate_url("https://пароль@example.com/")
    assert valid.url == "https://%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C@example.com/"
    assert valid.userinfo == "пароль"


def test_ipv6_and_fullwidth_dots() -> None:
    assert validate_url("http://[::1]:8080/").display_host == "[::1]"
    assert validate_url("https://example\u3002com/").display_host == "example.com"


def test_open_url_calls_the_opener_with_the_normalised_url() -> None:
    opened: list[str] = []
    open_url("HTTPS://раypal.com/a", opener=opened.append)
    assert opened == ["https://xn--ypal-43d9g.com/a"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "-https://x.com", "https://x.com/\x1b"])
def test_open_url_never_calls_the_opener_for_unsafe_urls(url: str) -> None:
    opened: list[str] = []
    with pytest.raises(UnsafeUrl):
        open_url(url, opener=opened.append)
    assert opened == []


def test_open_url_reports_a_failed_opener() -> None:
    with pytest.raises(OpenFailed):
        open_url("https://example.com/", opener=lambda url: False)


def test_default_opener_is_webbrowser(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    open_url("https://example.com/x")
    assert opened == ["https://example.com/x"]


def test_every_found_link_either_validates_or_is_refused_cleanly() -> None:
    text = (
        "https://example.com/a www.example.org [x](https://b.example.net/(y)) reuters.com "
        "https://раypal.com https://user@host.example.com https://" + "ж" * 70 + ".com"
    )
    results = []
    for link in find_links(text):
        try:
            results.append(validate_url(link.url).display_host)
        except UnsafeUrl as error:
            results.append(f"refused: {error.reason}")
    assert results[:6] == [
        "example.com",
        "www.example.org",
        "b.example.net",
        "reuters.com",
        "xn--ypal-43d9g.com",
        "host.example.com",
    ]
    assert results[6].startswith("refused: invalid host name")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_validate_url_never_crashes(tail: str) -> None:
    for url in (tail, "https://" + tail, "http://example.com/" + tail, "https://" + tail + "@x.io"):
        try:
            valid = validate_url(url)
        except UnsafeUrl:
            continue
        assert valid.url.isascii() and valid.url.isprintable() and " " not in valid.url
        assert valid.scheme in ("http", "https")
        assert not valid.url.startswith("-")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "http://localhost:8080/admin",
            "localhost is a name for this computer or the local network",
        ),
        ("http://LocalHost./", "localhost. is a name for this computer or the local network"),
        ("http://app.localhost/", "app.localhost is a name for this computer or the local network"),
        ("http://printer.local/", "printer.local is a name for this computer or the local network"),
        ("http://[::1]/", "[::1] is this computer"),
        ("http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1] (127.0.0.1) is this computer"),
        ("http://127.0.0.1/", "127.0.0.1 is this computer"),
        ("http://127.1/", "127.1 (127.0.0.1) is this computer"),
        ("http://0x7f.1/", "0x7f.1 (127.0.0.1) is this computer"),
        ("http://0x7F000001/", "0x7f000001 (127.0.0.1) is this computer"),
        ("http://2130706433/", "2130706433 (127.0.0.1) is this computer"),
        ("http://0177.0.0.1/", "0177.0.0.1 (127.0.0.1) is this computer"),
        ("http://0/", "0 (0.0.0.0) is this computer"),
        ("http://10.1.2.3/", "10.1.2.3 is a private or reserved address"),
        ("http://012.1.2.3/", "012.1.2.3 (10.1.2.3) is a private or reserved address"),
        ("http://192.168.1.1/router", "192.168.1.1 is a private or reserved address"),
        ("http://172.16.5.4/", "172.16.5.4 is a private or reserved address"),
        ("http://100.64.0.1/", "100.64.0.1 is a private or reserved address"),
        (
            "http://169.254.169.254/latest",
            "169.254.169.254 is a link-local address (this network only)",
        ),
        ("http://[fe80::1]/", "[fe80::1] is a link-local address (this network only)"),
        ("http://[fc00::1]/", "[fc00::1] is a private or reserved address"),
        ("http://[fd12:3456::1]/", "[fd12:3456::1] is a private or reserved address"),
    ],
)
def test_loopback_and_private_hosts_are_warned_about(url: str, said: str) -> None:
    assert validate_url(url).warnings == (f"{said}, not a site on the internet",)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "http://8.8.8.8/",
        "http://[2001:4860:4860::8888]/",
        "https://1e100.net/",
        "https://localhost.example.com/",
        "https://my-local.example/",
        "http://10.example/",
    ],
)
def test_public_hosts_get_no_local_warning(url: str) -> None:
    assert validate_url(url).warnings == ()


@pytest.mark.parametrize(
    ("host", "number"),
    [
        ("127.0.0.1", 0x7F000001),
        ("127.1", 0x7F000001),
        ("0x7f.1", 0x7F000001),
        ("0x7f.0.0.1", 0x7F000001),
        ("0177.0.0.01", 0x7F000001),
        ("2130706433", 0x7F000001),
        ("10.65535", 0x0A00FFFF),
        ("1.2.3.4.", 0x01020304),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("1.2.65536", None),
        ("4294967296", None),
        ("08.1.1.1", None),
        ("0x1g.1", None),
        ("example.com", None),
    ],
)
def test_ipv4_number_reads_every_form_a_browser_accepts(host: str, number: int | None) -> None:
    assert ipv4_number(host) == number


def test_run_browser_passes_the_url_as_one_argument_without_a_shell(tmp_path) -> None:
    import sys

    record = tmp_path / "argv.txt"
    script = f"import sys; open({str(record)!r}, 'w').write(repr(sys.argv[1:]))"
    url = "https://example.com/a;touch${IFS}pwned|sh&$(touch${IFS}pwned)"
    run_browser([sys.executable, "-c", script, "--", "%s"], url)
    assert record.read_text() == repr(["--", url])
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["/nonexistent/browser", "%s"], "'/nonexistent/browser' was not found"),
        (["false", "%s"], "'false' exited with status 1"),
        (["/dev/null", "%s"], "'/dev/null' could not start"),
    ],
)
def test_run_browser_says_which_program_failed_and_how(command: list[str], said: str) -> None:
    with pytest.raises(OpenFailed, match=said):
        run_browser(command, "https://example.com/")
