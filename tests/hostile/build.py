"""Writes the hostile corpus (this folder's thread files) and MANIFEST.json.

Run `python tests/hostile/build.py` after changing a case; the written files are committed,
so tests never depend on running this. Each case says what it attacks and what a reader
must see: `shows` are strings that must appear once the thread is rendered (as the sanitiser
draws them), on the first screen where possible so an end-to-end test can look for them.
Big cases (giant lines, deep nesting) are generated at test time by `generate.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


def thread(
    body: str = "An ordinary comment.",
    *,
    title: str = "A hostile thread",
    source: str = "example.com",
    submitter: str = "poster",
    article: str = "The article paragraph.",
    author: str = "mallory",
    replies: tuple[tuple[str, str], ...] = (("alice", "An ordinary reply."),),
) -> str:
    """A thread in the text layout with the payload placed where the case needs it."""
    parts = [
        f"{title}\n\nAuthored by {source} and submitted by {submitter}\nimage for {title}\n\n",
        f"{article}\n\n",
        f"{author} on November 8th, 2019 at 02:00 UTC »\n\n{body}\n\n",
    ]
    for minute, (name, text) in enumerate(replies, start=1):
        indented = "\n".join("  " + line if line else "" for line in text.split("\n"))
        parts.append(f"  {name} on November 8th, 2019 at 02:{minute:02d} UTC »\n\n{indented}\n\n")
    return "".join(parts)


def reddit(
    title: str,
    selftext: str,
    author: str,
    body: str,
    url: str = "https://www.reddit.com/r/hostile/comments/p1/x/",
    domain: str = "self.hostile",
) -> str:
    post = {
        "kind": "t3",
        "data": {
            "id": "p1",
            "subreddit": "hostile",
            "title": title,
            "author": author,
            "domain": domain,
            "is_self": domain.startswith("self."),
            "selftext": selftext,
            "url": url,
            "permalink": "/r/hostile/comments/p1/x/",
            "score": 1,
            "num_comments": 1,
            "created_utc": 1700000000.0,
            "edited": False,
        },
    }
    comment = {
        "kind": "t1",
        "data": {
            "id": "c1",
            "author": author,
            "created_utc": 1700000100.0,
            "score": 1,
            "edited": False,
            "body": body,
            "replies": "",
        },
    }
    listing = [
        {"kind": "Listing", "data": {"children": [post]}},
        {"kind": "Listing", "data": {"children": [comment]}},
    ]
    return json.dumps(listing, indent=1)


def hn(title: str, author: str, text: str) -> str:
    story = {
        "id": 1,
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": 1700000000,
        "type": "story",
        "author": author,
        "title": title,
        "url": "https://example.com/",
        "text": None,
        "points": 1,
        "parent_id": None,
        "story_id": 1,
        "options": [],
        "children": [
            {
                "id": 2,
                "created_at": "2023-11-14T22:20:00.000Z",
                "created_at_i": 1700000400,
                "type": "comment",
                "author": author,
                "text": text,
                "points": None,
                "parent_id": 1,
                "story_id": 1,
                "options": [],
                "children": [],
            }
        ],
    }
    return json.dumps(story, indent=1)


B64_RM = "cm0gLXJmIH4vKgo="  # "rm -rf ~/*\n": what OSC 52 would put on the clipboard
PASTE_FILE = "threadview-pasted-command-ran"
PASTE_COMMAND = f"touch {PASTE_FILE}"

# (file, content as str or bytes, threat, expect, shows or refusal text)
CASES: list[tuple[str, str | bytes, str, str, list[str]]] = [
    (
        "csi-cursor.txt",
        thread(f"before{ESC}[H{ESC}[2J{ESC}[10A{ESC}[Kafter"),
        "CSI cursor moves and erase: would wipe and redraw the screen",
        "opens",
        ["␛[H␛[2J␛[10A␛[Kafter"],
    ),
    (
        "csi-sgr.txt",
        thread(
            f"{ESC}[8mhidden text{ESC}[0m {ESC}[31;1mred{ESC}[m", author=f"{ESC}[32mmallory{ESC}[0m"
        ),
        "CSI SGR in a body and an author: conceal, colour bleeding into the UI",
        "opens",
        ["␛[8mhidden", "␛[32mmallory"],
    ),
    (
        "csi-private-modes.txt",
        thread(f"{ESC}[?1049h alt screen {ESC}[?1000h mouse {ESC}[6n report {ESC}[?25l cursor"),
        "DEC private modes and a device status report that makes the terminal type a reply",
        "opens",
        ["␛[?1049h", "␛[6n"],
    ),
    (
        "csi-in-title.txt",
        thread(
            title=f"Title{ESC}[2K{ESC}[1Gfake title",
            source=f"evil{ESC}[31m.example",
            submitter=f"sub{ESC}[5m",
        ),
        "CSI in the title, byline source and submitter (header, window title)",
        "opens",
        ["Title␛[2K␛[1Gfake title", "␛[31m", "sub␛[5m"],
    ),
    (
        "osc0-title.txt",
        thread(f"look{ESC}]0;pwned{BEL} here"),
        "OSC 0 sets the window title",
        "opens",
        ["␛]0;pwned␇"],
    ),
    (
        "osc2-title-st.txt",
        thread(title=f"News{ESC}]2;pwned{ST}"),
        "OSC 2 with an ST terminator in the thread title",
        "opens",
        ["␛]2;pwned␛\\"],
    ),
    (
        "osc8-file-link.txt",
        thread(f"{ESC}]8;;file:///etc/passwd{ST}click me{ESC}]8;;{ST}"),
        "OSC 8 hyperlink to file:// (Text.from_ansi would make it live)",
        "opens",
        ["␛]8;;file:///etc/passwd␛\\click me"],
    ),
    (
        "osc52-clipboard.txt",
        thread(f"innocent{ESC}]52;c;{B64_RM}{BEL}text"),
        "OSC 52 writes attacker text to the clipboard",
        "opens",
        [f"␛]52;c;{B64_RM}␇"],
    ),
    (
        "osc52-in-reply.txt",
        thread(replies=(("eve", f"{ESC}]52;p;{B64_RM}{ST}"),)),
        "OSC 52 to the primary selection, in an indented reply",
        "opens",
        [f"␛]52;p;{B64_RM}␛\\"],
    ),
    (
        "osc-misc.txt",
        thread(
            f"{ESC}]4;1;rgb:ff/00/00{BEL} {ESC}]11;?{BEL} {ESC}]7;file://h/tmp{BEL} "
            f"{ESC}]1337;File=name=eA==:eA=={BEL}"
        ),
        "OSC palette change, colour query (reply injection), cwd, iTerm2 file transfer",
        "opens",
        ["␛]4;1;rgb:ff/00/00␇", "␛]11;?␇", "␛]1337;File="],
    ),
    (
        "dcs-tmux-passthrough.txt",
        thread(f"{ESC}Ptmux;{ESC}{ESC}]52;c;{B64_RM}{BEL}{ST} and {ESC}P$qm{ST}"),
        "DCS: tmux passthrough wrapping OSC 52, and a DECRQSS query",
        "opens",
        ["␛Ptmux;␛", "␛P$qm␛\\"],
    ),
    (
        "apc-kitty-graphics.txt",
        thread(f"{ESC}_Ga=T,f=100;AAAA{ST}"),
        "APC (kitty graphics protocol)",
        "opens",
        ["␛_Ga=T,f=100;AAAA␛\\"],
    ),
    (
        "pm-and-sos.txt",
        thread(f"{ESC}^privacy message{ST} {ESC}Xstart of string{ST}"),
        "PM and SOS string sequences",
        "opens",
        ["␛^privacy message␛\\", "␛Xstart of string␛\\"],
    ),
    (
        "esc-two-byte.txt",
        thread(f"{ESC}c reset {ESC}#8 fill {ESC}7 save {ESC}(0 line drawing {ESC}D index"),
        "Two-byte ESC forms: full reset (RIS), screen fill (DECALN), charset switch",
        "opens",
        ["␛c reset", "␛#8 fill", "␛(0 line"],
    ),
    (
        "c1-utf8.txt",
        thread("\u009b2J \u009d0;pwned\u0007 \u0090q\u009c \u0085next"),
        "8-bit C1 controls written as UTF-8 (U+009B CSI, U+009D OSC, U+0090 DCS, NEL)",
        "opens",
        ["<CSI>2J", "<OSC>0;pwned␇", "<DCS>q<ST>", "<NEL>next"],
    ),
    (
        "c1-raw-csi-byte.txt",
        thread("raw CSI2J here").encode("cp1252").replace(b"CSI", b"\x9b"),
        "A raw 0x9B byte (8-bit CSI) in a non-UTF-8 file: read as Windows-1252",
        "opens",
        ["raw ›2J here"],
    ),
    (
        "c1-raw-osc-byte.txt",
        b"Raw bytes\n\nAuthored by example.com and submitted by poster\n\nArticle.\n\n"
        b"mallory on November 8th, 2019 at 02:00 UTC \xbb\n\n\x9d0;pwned\x07 and \x90q\x9c\n",
        "Raw 0x9D (OSC) and 0x90 (DCS) bytes, undefined in Windows-1252, become C1 controls",
        "opens",
        ["<OSC>0;pwned␇", "<DCS>q"],
    ),
    (
        "rich-markup.txt",
        thread(
            "[bold red]shout[/bold red] [link=file:///etc/passwd]passwd[/link] [/]",
            title="[blink]Title[/blink]",
            author="[reverse]mallory[/]",
        ),
        "Rich console markup in body, title and author",
        "opens",
        [
            "[bold red]shout[/bold red]",
            "[link=file:///etc/passwd]passwd[/link]",
            "[blink]Title[/blink]",
            "[reverse]mallory[/]",
        ],
    ),
    (
        "click-action.txt",
        thread(
            "[@click=app.screenshot('/tmp/x')]click me[/]",
            title="[@click=app.quit]Title[/]",
            author="[@click=app.bell]bob[/]",
        ),
        "Textual click actions in markup (wrote a file where the attacker chose)",
        "opens",
        ["[@click=app.screenshot('/tmp/x')]click me[/]", "[@click=app.quit]Title[/]"],
    ),
    (
        "textual-variables.txt",
        thread(
            "$accent $text-primary [$warning]warn[/] [b $error]x[/]", title="$title $foreground"
        ),
        "Textual content markup variables",
        "opens",
        ["$accent $text-primary [$warning]warn[/]", "$title $foreground"],
    ),
    (
        "bidi-trojan-source.txt",
        thread(
            'access = "user\u202e \u2066// admin\u2069 \u2066" // check\n\n'
            "`if (isAdmin) {\u202e } \u2066begin admins only`"
        ),
        "Trojan Source: bidi overrides and isolates reorder what is shown",
        "opens",
        ["<RLO>", "<LRI>// admin<PDI>"],
    ),
    (
        "bidi-author.txt",
        thread(author="\u202egpj.exe", title="Invoice \u202etxt.exe", submitter="\u200fsub\u061c"),
        "Bidi overrides in the author, title and submitter",
        "opens",
        ["<RLO>gpj.exe", "Invoice <RLO>txt.exe", "<RLM>sub<ALM>"],
    ),
    (
        "zalgo-small.txt",
        thread("Z" + "\u0336\u0300\u0301\u0302" * 200 + "algo " + "e\u0301\u0327" * 5),
        "Zalgo: 800 combining marks on one letter (the 100,000-mark case is generated)",
        "opens",
        ["<+797 marks>algo"],
    ),
    (
        "wide-chars.txt",
        thread(
            "東京都の天気は晴れ。😀 👨\u200d👩\u200d👧 🇫🇷 ＦＵＬＬＷＩＤＴＨ " + "漢字" * 60,
            author="山田太郎",
            title="日本語のタイトル 🎉",
        ),
        "Wide characters: CJK, emoji ZWJ sequences, flags, fullwidth forms; must wrap in cells",
        "opens",
        ["東京都の天気は晴れ。", "山田太郎"],
    ),
    (
        "zero-width.txt",
        thread("pay\u200bpal.com a\u2060b c\ufeffd e\u200df g\u200ch", author="ad\u200bmin"),
        "Zero-width characters that hide things inside words and names",
        "opens",
        ["pay<ZWSP>pal.com", "a<WJ>b", "c<BOM>d", "e<ZWJ>f", "g<ZWNJ>h", "ad<ZWSP>min"],
    ),
    (
        "invisible-names.txt",
        thread(author="\u3164", replies=(("\u115f\u1160", "Who wrote this?"),)),
        "Hangul filler authors that draw as nothing",
        "opens",
        ["<U+3164>", "<U+115F><U+1160>"],
    ),
    (
        "tag-characters.txt",
        thread("visible\U000e0049\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065 text"),
        "Unicode tag characters (invisible 'ASCII smuggling')",
        "opens",
        ["visible<U+E0049><U+E0067>"],
    ),
    (
        "line-separators.txt",
        thread("one\u2028two\u2029three\u0085four"),
        "Unicode line/paragraph separators and NEL inside a paragraph",
        "opens",
        ["one<LS>two<PS>three<NEL>four"],
    ),
    (
        "nul.txt",
        thread("null\x00byte and more text so the file is not mistaken for binary " * 3),
        "NUL bytes inside a body",
        "opens",
        ["null␀byte"],
    ),
    (
        "c0-controls.txt",
        thread("".join(chr(c) for c in range(1, 32) if chr(c) not in "\n\r\t") + " end"),
        "Every C0 control but NUL, LF, CR and TAB in one body",
        "opens",
        ["␁␂␃␄␅␆␇␈", "␛␜␝␞␟ end"],
    ),
    (
        "backspace-overwrite.txt",
        thread("safe\b\b\b\bEVIL and del\x7f\x7f"),
        "Backspaces that would overprint shown text, and DEL",
        "opens",
        ["safe␈␈␈␈EVIL", "del␡␡"],
    ),
    (
        "cr-overwrite.txt",
        thread("innocent text\rmalicious text"),
        "A lone CR would return the cursor and overprint; the text layout reads it as a line end",
        "opens",
        ["innocent text", "malicious text"],
    ),
    (
        "invalid-utf8.txt",
        thread("bad bytes: ").encode().replace(b"bytes: ", b"bytes: \xc3\x28 \xa0\xa1 \xff"),
        "Invalid UTF-8: read as Windows-1252 with a warning, nothing lost",
        "opens",
        ["bad bytes: Ã( ", "ÿ"],
    ),
    (
        "bom-utf8.txt",
        ("\ufeff" + thread("word\ufeffjoined")).encode("utf-8"),
        "A UTF-8 BOM at the start (dropped) and one inside a body (shown)",
        "opens",
        ["word<BOM>joined"],
    ),
    (
        "utf16-bom.txt",
        ("\ufeff" + thread(f"wide{ESC}]0;pwned{BEL}")).encode("utf-16-le"),
        "UTF-16 with a BOM, carrying an OSC sequence",
        "opens",
        ["wide␛]0;pwned␇"],
    ),
    (
        "mixed-line-ends.txt",
        thread("first line\r\nsecond line\rthird line\nfourth").replace("\n\n", "\r\n\r\n", 2),
        "CRLF, CR and LF mixed in one file",
        "opens",
        ["first line", "fourth"],
    ),
    (
        "truncated-mid-header.txt",
        thread()[: thread().index("on November 8th, 2019 at 02:01") + 14],
        "File cut in the middle of a comment header",
        "opens",
        ["An ordinary comment."],
    ),
    (
        "truncated-mid-utf8.txt",
        thread("ends in the middle of 東京").encode("utf-8").rsplit("京".encode(), 1)[0]
        + "京".encode()[:2],
        "File cut in the middle of a multi-byte UTF-8 sequence",
        "opens",
        ["ends in the middle of"],
    ),
    (
        "truncated-mid-escape.txt",
        thread().rstrip("\n") + f"\n\n  {ESC}]52;c;{B64_RM}",
        "File ending inside an unterminated OSC 52 sequence",
        "opens",
        [f"␛]52;c;{B64_RM}"],
    ),
    (
        "hostile-urls.txt",
        thread(
            "[click](javascript:alert(1)) javascript:alert(document.cookie) "
            "[f](file:///etc/passwd) file:///etc/shadow "
            "[d](data:text/html;base64,PHNjcmlwdD4=) vbscript:msgbox(1)"
        ),
        "javascript:, file:, data: and vbscript: URLs: shown as text, never live links",
        "opens",
        ["[click](javascript:alert(1))", "file:///etc/shadow"],
    ),
    (
        "url-leading-dash.txt",
        thread(
            "see -oProxyCommand=calc and --help and https://-e.example/ and "
            "[x](-x) <-oStrictHostKeyChecking=no>"
        ),
        "URLs and words with a leading '-' (option injection if passed to a command)",
        "opens",
        ["-oProxyCommand=calc", "https://-e.example/"],
    ),
    (
        "url-with-escape.txt",
        thread(
            f"http://example.com/{ESC}]8;;file:///etc/passwd{BEL}x "
            f"[t](http://example.com/a{ESC}[31m) <http://e.com/{ESC}[2J>"
        ),
        "Escape sequences embedded in URLs and in Markdown link targets",
        "opens",
        ["http://example.com/␛]8;;file:///etc/passwd␇x"],
    ),
    (
        "idn-lookalike.txt",
        thread(
            "Log in at раypal.com or [раypal](https://раypal.com/login) or https://аррӏе.com/",
            source="раypal.com",
        ),
        "IDN look-alikes (Cyrillic р and а): a Markdown link target is shown in punycode",
        "opens",
        ["xn--ypal-43d9g.com/login"],
    ),
    (
        "markdown-html.txt",
        thread(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> "
            '<a href="javascript:alert(1)">x</a>'
        ),
        "Raw HTML in Markdown: shown as text",
        "opens",
        ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"],
    ),
    (
        "markdown-entities.txt",
        thread("&#27;[31m &#x1b;]0;t&#7; &#x202e;rev &#155;2J &#x200b;z"),
        "HTML entities for ESC, C1, bidi and zero-width characters (CommonMark makes C0/C1 U+FFFD)",
        "opens",
        ["<RLO>rev", "\ufffd2J", "<ZWSP>z"],
    ),
    (
        "markdown-nesting.txt",
        thread("> " * 60 + "deep quote\n\n" + "".join("  " * i + "- level\n" for i in range(40))),
        "Markdown nested past markdown-it's limit: shown as plain text, nothing dropped",
        "opens",
        ["deep quote"],
    ),
    (
        "header-lookalike-author.txt",
        thread(replies=((f"{ESC}[2Jevil", "reply"), ("[red]x[/red]", "reply two"))),
        "Escape sequences and markup in comment header author names",
        "opens",
        ["␛[2Jevil", "[red]x[/red]"],
    ),
    (
        "lookalike-original.txt",
        thread(
            "The real comment someone bookmarked.",
            title="Look-alike thread",
            replies=(("alice", "A real reply."),),
        ),
        "The thread a bookmark was saved in (pair with lookalike-impostor.txt)",
        "opens",
        ["The real comment someone bookmarked."],
    ),
    (
        "lookalike-impostor.txt",
        thread(
            "Not the comment that was bookmarked.",
            title="Look-alike thread",
            author="impostor",
            replies=(("alice", "A planted reply."),),
        ),
        "Same title, source and submitter as lookalike-original.txt, other comments: "
        "opening it must add a path to the thread's bookmarks, never take theirs over",
        "opens",
        ["Not the comment that was bookmarked."],
    ),
    (
        "many-escapes.txt",
        thread(" ".join(f"{ESC}[{n}m{ESC}]0;{n}{BEL}" for n in range(400))),
        "Hundreds of sequences in one body",
        "opens",
        ["␛[0m␛]0;0␇", "␛[399m␛]0;399␇"],
    ),
    (
        "reddit-escapes.json",
        reddit(
            f"Title {ESC}]0;pwned{BEL}",
            f"self {ESC}]52;c;{B64_RM}{BEL}",
            f"u{ESC}[31m",
            f"body {ESC}[2J \u202e [bold]x[/bold]",
        ),
        "Reddit JSON with raw escapes (\\u001b) in title, selftext, author, body",
        "opens",
        ["Title ␛]0;pwned␇", f"␛]52;c;{B64_RM}␇", "u␛[31m", "body ␛[2J <RLO>"],
    ),
    (
        "reddit-link-post.json",
        reddit(
            "Link",
            "",
            "poster",
            "see the link",
            url=f"javascript:alert(1)//{ESC}]52;c;{B64_RM}{BEL}https://example.com/\u202e",
            domain=f"example.com{ESC}[8m",
        ),
        "A Reddit link post whose URL carries a javascript: scheme, OSC 52 and a bidi override",
        "opens",
        ["javascript:alert(1)//", f"␛]52;c;{B64_RM}␇", "<RLO>", "example.com␛[8m"],
    ),
    (
        "reddit-entities.json",
        reddit(
            "Title &#x1b;[5m",
            "&#x1b;]52;c;AAAA&#x7;",
            "user",
            "&amp;#x1b;]0;t&#x7; &#x202e;x &lt;script&gt;",
        ),
        "Reddit JSON whose HTML entities decode to ESC and bidi controls",
        "opens",
        ["<RLO>x", "<script>"],
    ),
    (
        "hn-escapes.json",
        hn(
            f"Show HN: {ESC}]0;pwned{BEL}",
            f"pg{ESC}[8m",
            f'text <i>{ESC}[2J</i> &#x1b;]52;c;AAAA&#x7; <a href="javascript:alert(1)">x</a> '
            "\u202eevil",
        ),
        "Hacker News JSON with escapes in the title, author and HTML text",
        "opens",
        ["Show HN: ␛]0;pwned␇", "pg␛[8m", "<RLO>evil"],
    ),
    (
        "clipboard-paste-escape.txt",
        thread(f"Paste this into your shell:{ESC}[201~\n{PASTE_COMMAND}\nthat is all"),
        "A bracketed-paste end (ESC [201~) then a command: copied raw with y and pasted into "
        "a shell, the command runs",
        "opens",
        ["your shell:␛[201~", PASTE_COMMAND],
    ),
    (
        "clipboard-refused-link.txt",
        thread("[the invoice](https://example.com/a\u202egpj.exe) is the only link"),
        "A link whose URL hides a bidi override: o refuses it, so y must not copy it as a link",
        "opens",
        ["the invoice", "a%E2%80%AEgpj.exe"],
    ),
    (
        "reddit-lone-surrogate.json",
        reddit("Lone \udcff surrogate", "self \udcff text", "user", "body \udcff end"),
        "Reddit JSON with a lone surrogate (\\udcff): cannot be encoded for the terminal or the "
        "clipboard; shown and copied as U+FFFD",
        "opens",
        ["body \ufffd end", "Lone \ufffd surrogate"],
    ),
    (
        "private-hosts.txt",
        thread(
            "Admin pages: http://localhost:8080/admin http://0x7f.1/ http://127.1/ "
            "http://2130706433/ http://0177.0.0.1/ http://10.0.0.1/ http://192.168.1.1/router "
            "http://169.254.169.254/latest/meta-data/ http://[::1]:631/ http://[fd00::1]/"
        ),
        "Links to this computer and private networks in every spelling a browser accepts: the "
        "open confirmation must warn",
        "opens",
        ["http://localhost:8080/admin", "http://0x7f.1/", "http://[::1]:631/"],
    ),
    (
        "binary-png.txt",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "A PNG renamed to .txt",
        "refused",
        ["binary"],
    ),
    ("binary-nul.txt", b"\x00" * 4096, "Only NUL bytes", "refused", ["binary"]),
    ("empty.txt", b"\n\n  \n", "Nothing but blank lines", "refused", ["empty"]),
]

HUGE = "9" * 5000  # past Python's 4,300-digit limit for converting a string to an int


def hn_official(*items: dict[str, object]) -> str:
    """HN official API items (a list), with a story by `pg` first."""
    story = {"id": 1, "type": "story", "by": "pg", "time": 1700000000, "title": "Official"}
    return json.dumps([{**story, **items[0]}, *items[1:]], indent=1)


# Input that crashed the loader (issue 16, items 7-9 and the lone BOM).
CASES += [
    (
        "hn-huge-score.json",
        hn("A huge score", "pg", "fine").replace('"points": 1', f'"points": {HUGE}'),
        "A 5,000-digit score: Python refuses to convert it (ValueError)",
        "opens",
        ["A huge score", "fine"],
    ),
    (
        "reddit-huge-more.json",
        reddit("A huge more count", "", "poster", "fine").replace(
            ' "replies": ""',
            ' "replies": {"kind": "Listing", "data": {"children": '
            f'[{{"kind": "more", "data": {{"count": {HUGE}, "children": ["c2"]}}}}]}}}}',
        ),
        "A 5,000-digit `more` count in Reddit JSON",
        "opens",
        ["A huge more count", "fine"],
    ),
    (
        "hn-huge-id.json",
        hn("A huge id", "pg", "fine").replace('"id": 1,', f'"id": {HUGE},', 1),
        "A 5,000-digit HN story id: no item has such an id, so this is not an HN item",
        "refused",
        ["no HN `id`"],
    ),
    (
        "hn-bad-ipv6-link.json",
        hn("Bad link", "pg", '<a href="//[x">the words</a> stay <a href="http://[::1">x</a>'),
        "A link to `//[x`: joining it to the site's address raises (a bad IPv6 literal)",
        "opens",
        ["the words stay"],
    ),
    (
        "reddit-bad-permalink.json",
        reddit("Bad permalink", "", "poster", "fine").replace(
            '"/r/hostile/comments/p1/x/"', '"//[x/r/hostile"'
        ),
        "A Reddit permalink of `//[x` (a bad IPv6 literal once joined to the site)",
        "opens",
        ["Bad permalink", "fine"],
    ),
    (
        "hn-poll-list-parts.json",
        hn_official(
            {"type": "poll", "parts": [[2], {"3": 3}, 2], "kids": [4]},
            {"id": 2, "type": "pollopt", "by": "pg", "time": 1700000000, "text": "Yes"},
            {
                "id": 4,
                "type": "comment",
                "by": "a",
                "time": 1700000001,
                "text": "vote",
                "parent": 1,
            },
        ),
        "An HN poll whose `parts` holds a list and an object instead of ids (unhashable)",
        "opens",
        ["Yes", "vote"],
    ),
    ("bom-only.txt", b"\xef\xbb\xbf", "Nothing but a UTF-8 byte order mark", "refused", ["empty"]),
    (
        "bom-utf16-only.txt",
        b"\xff\xfe",
        "Nothing but a UTF-16 byte order mark",
        "refused",
        ["empty"],
    ),
]

# What an end-to-end test sees on the first screen (120x40) when it differs from `shows`.
SCREEN: dict[str, list[str]] = {
    "many-escapes.txt": ["␛[0m␛]0;0␇"],
    "reddit-link-post.json": ["javascript:alert(1)//", "<RLO>", "example.com␛[8m"],
}
"""Keep each one short: a string only matches when it sits on one row of one pane."""

# Files a pasted copy would create in the shell's directory if its commands ran: the end
# to end test copies the first comment with `y`, pastes it into a shell, and checks.
PASTE: dict[str, str] = {"clipboard-paste-escape.txt": PASTE_FILE}

# Comments each file must yield, where that differs from the two of `thread()`.
COMMENTS: dict[str, int] = {
    "reddit-lone-surrogate.json": 1,
    "c1-raw-osc-byte.txt": 1,
    "truncated-mid-header.txt": 1,
    "truncated-mid-utf8.txt": 1,
    "header-lookalike-author.txt": 3,
    "reddit-escapes.json": 1,
    "reddit-entities.json": 1,
    "reddit-link-post.json": 1,
    "hn-escapes.json": 1,
    "hn-huge-score.json": 1,
    "reddit-huge-more.json": 1,
    "hn-bad-ipv6-link.json": 1,
    "reddit-bad-permalink.json": 1,
    "hn-poll-list-parts.json": 1,
}

# Cases too big to commit, generated at test time (see generate.py): name, params, threat.
GENERATED: list[dict[str, object]] = [
    {
        "name": "giant-line",
        "params": {"chars": 10_000_000},
        "threat": "A 10 MB line with no spaces in a comment body",
        "shows": ["xxxxxxxx"],
    },
    {
        "name": "giant-url",
        "params": {"chars": 1_000_000},
        "threat": "A 1 MB URL in a comment body",
        "shows": ["https://example.com/aaaa"],
    },
    {
        "name": "zalgo",
        "params": {"marks": 100_000},
        "threat": "100,000 combining marks on one character",
        "shows": ["<+99997 marks>"],
    },
    {
        "name": "deep-json",
        "params": {"depth": 10_000},
        "threat": "A Hacker News reply chain 10,000 levels deep",
        "shows": ["level 9999"],
    },
    {
        "name": "deep-text",
        "params": {"depth": 300},
        "threat": "Text-layout replies nested 300 levels (2 spaces each)",
        "shows": ["level 299"],
    },
    {
        "name": "many-headers",
        "params": {"count": 20_000},
        "threat": "Tens of thousands of comment headers (the bench uses 1 million)",
        "shows": ["comment 19999"],
    },
    {
        "name": "blank-lines",
        "params": {"lines": 5_000_000},
        "threat": "Millions of blank lines between comments (100 MB in the bench)",
        "shows": ["after the blanks"],
    },
    {
        "name": "markdown-quotes",
        "params": {"depth": 10_000},
        "threat": "A body of 10,000 nested '>' quotes",
        "shows": ["bottom"],
    },
    {
        "name": "unmatched-tags-json",
        "params": {"count": 2_000},
        "threat": "An HN comment of unmatched and unclosed tags (560 KB took 153 s; the bench's)",
        "shows": ["first words"],
    },
    {
        "name": "giant-body",
        "params": {"chars": 2_000_000},
        "threat": "One 2 MB comment body of ordinary paragraphs (the bench uses 50 MB)",
        "shows": ["Every word of this paragraph"],
    },
]


def main() -> None:
    manifest: dict[str, object] = {
        "about": (
            "Hostile inputs and the behaviour each must show. expect 'opens': the file "
            "loads and every field renders with no escape sequence but Rich's own SGR, and "
            "each `shows` string appears in the rendered text (compared without spaces). "
            "expect 'refused': loading raises ParseError whose message contains each `shows`. "
            "`screen`: what must be visible on the first screen of the app at 120x40 (for "
            "'refused', the one-line error the command prints). `comments`: how many "
            "comments the file holds; hostile bytes must not cost the thread its structure. "
            "`paste_creates`: the file that copying the first comment with y and pasting it "
            "into a shell (bracketed paste) would create if the pasted text ran as commands."
        ),
        "files": [],
        "generated": GENERATED,
    }
    names = set()
    for name, content, threat, expect, shows in CASES:
        assert name not in names, name
        names.add(name)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert len(data) < 50_000, name
        (HERE / name).write_bytes(data)
        entry: dict[str, object] = {
            "file": name,
            "threat": threat,
            "expect": expect,
            "shows": shows,
            "screen": SCREEN.get(name, shows),
            "comments": COMMENTS.get(name, 2) if expect == "opens" else 0,
        }
        if name in PASTE:
            entry["paste_creates"] = PASTE[name]
        manifest["files"].append(entry)  # type: ignore[union-attr]
    text = json.dumps(manifest, indent=1, ensure_ascii=True) + "\n"
    (HERE / "MANIFEST.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
