"""The one key table: every key, its action, description and the pane it works in.

Bindings, the footer, the `?` help screen, the command palette and the README's key list
are all generated from `KEYS`, so they cannot disagree. No Textual import at module level:
`python -m threadview.ui.keys --markdown` prints the README table instantly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.binding import BindingType

Context = Literal[
    "global",
    "comments",
    "stories",
    "article",
    "search",
    "bookmarks",
    "timeline",
    "library",
    "from-library",
]

CONTEXT_TITLES: dict[Context, str] = {
    "global": "Anywhere",
    "comments": "Comment pane",
    "stories": "Story list (edition digests)",
    "article": "Article pane",
    "search": "While a search is active",
    "bookmarks": "Bookmarks screen (B): letters type into its filter",
    "timeline": "Timeline (T)",
    "library": "Library (threadview DIR): letters type into its search",
    "from-library": "A thread opened from the library",
}

# Textual key names for keys whose character is not its own name.
_TEXTUAL_NAMES = {
    "?": "question_mark",
    "+": "plus",
    "-": "minus",
    "/": "slash",
    "]": "right_square_bracket",
    "[": "left_square_bracket",
    " ": "space",
    ".": "full_stop",
    ",": "comma",
    ">": "greater_than_sign",
    "<": "less_than_sign",
}


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One action and the keys that trigger it.

    `keys` are what a user types ("j", "down", "?", "ctrl+d"); `footer` puts the first key
    in the footer; `palette` lists the action in the command palette (ctrl+p).
    `key_argument` passes the key itself to the action (``1`` runs ``show_depth(1)``), and
    `label` names a run of such keys (``1-9``) in the help screen and the README.
    """

    keys: tuple[str, ...]
    action: str
    description: str
    context: Context
    footer: bool = False
    palette: bool = True
    later: bool = False
    priority: bool = False
    short: str = ""
    group: str = ""
    key_argument: bool = False
    label: str = ""

    @property
    def footer_text(self) -> str:
        """The footer's (short) description."""
        return self.short or self.description

    @property
    def display(self) -> str:
        """How the keys read in the help screen and the README, e.g. ``j / down``."""
        if self.label:
            return self.label
        return " / ".join(_display(key) for key in self.keys)


def _display(key: str) -> str:
    return {"space": "space", " ": "space"}.get(key, key)


KEYS: tuple[KeySpec, ...] = (
    # Comment pane: moving and folding.
    KeySpec(
        ("j", "down"),
        "cursor_down",
        "Next comment (or scroll a tall one)",
        "comments",
        footer=True,
        short="Next",
        group="Move",
    ),
    KeySpec(
        ("k", "up"),
        "cursor_up",
        "Previous comment (or scroll back)",
        "comments",
        footer=True,
        short="Prev",
        group="Move",
    ),
    KeySpec(("J",), "next_sibling", "Next sibling", "comments"),
    KeySpec(("K",), "previous_sibling", "Previous sibling", "comments"),
    KeySpec(("p",), "parent", "Parent comment", "comments"),
    KeySpec(("]",), "next_thread", "Next top-level thread", "comments"),
    KeySpec(("[",), "previous_thread", "Previous top-level thread", "comments"),
    KeySpec(
        ("h", "left"),
        "collapse",
        "Collapse (on a collapsed one: go to parent)",
        "comments",
        footer=True,
        short="Fold",
    ),
    KeySpec(("l", "right"), "expand", "Expand (on an open one: go to its first reply)", "comments"),
    KeySpec(("enter",), "toggle_fold", "Toggle collapse", "comments"),
    KeySpec(
        tuple("123456789"),
        "show_depth",
        "Show only depth N (deeper replies folded)",
        "comments",
        palette=False,
        key_argument=True,
        label="1-9",
    ),
    KeySpec(("0",), "expand_all", "Expand every comment", "comments"),
    KeySpec(("C",), "collapse_all", "Collapse every top-level comment", "comments"),
    KeySpec(("x",), "fold_and_next", "Fold this top-level thread, go to the next", "comments"),
    KeySpec(("g", "home"), "first", "First comment", "comments"),
    KeySpec(("G", "end"), "last", "Last comment", "comments"),
    KeySpec(("pageup",), "page_up", "Page up", "comments"),
    KeySpec(("space", "pagedown"), "page_down", "Page down (as in less)", "comments"),
    KeySpec(("ctrl+u",), "half_page_up", "Half a page up", "comments"),
    KeySpec(("ctrl+d",), "half_page_down", "Half a page down", "comments"),
    # Article pane: scrolling.
    KeySpec(
        ("j", "down"),
        "scroll_down",
        "Scroll down",
        "article",
        footer=True,
        short="Down",
        group="Scroll",
    ),
    KeySpec(
        ("k", "up"), "scroll_up", "Scroll up", "article", footer=True, short="Up", group="Scroll"
    ),
    KeySpec(("g", "home"), "scroll_home", "Top of the article", "article"),
    KeySpec(("G", "end"), "scroll_end", "End of the article", "article"),
    KeySpec(("pageup",), "page_up", "Page up", "article"),
    KeySpec(("space", "pagedown"), "page_down", "Page down (as in less)", "article"),
    KeySpec(("ctrl+u",), "half_page_up", "Half a page up", "article"),
    KeySpec(("ctrl+d",), "half_page_down", "Half a page down", "article"),
    # Search.
    # Priority, so "/" moves the focus before the keys typed after it are handed on: a
    # query typed in one burst goes into the field, not to the reader as keys.
    KeySpec(
        ("/",),
        "start_search",
        "Search comments and article",
        "global",
        footer=True,
        priority=True,
        short="Search",
    ),
    KeySpec(
        ("n",), "next_match", "Next match", "search", footer=True, short="Next match", group="Match"
    ),
    KeySpec(
        ("N",),
        "previous_match",
        "Previous match",
        "search",
        footer=True,
        short="Prev match",
        group="Match",
    ),
    KeySpec(
        ("escape",),
        "clear_search",
        "Clear the search (and the timeline's first-minutes filter)",
        "search",
        footer=True,
        short="Clear",
    ),
    # Anywhere.
    KeySpec(
        ("s",),
        "toggle_sort",
        "Next sort order (oldest, newest, best score first)",
        "global",
        footer=True,
        short="Sort",
    ),
    KeySpec(
        ("tab",), "switch_pane", "Switch pane", "global", footer=True, priority=True, short="Pane"
    ),
    KeySpec(
        ("z",), "toggle_maximize", "Maximise the focused pane", "global", footer=True, short="Zoom"
    ),
    KeySpec(("?",), "show_help", "Help: all keys", "global", footer=True, short="Help"),
    KeySpec(
        ("f",),
        "link_hints",
        "Link hints: type a label to open (capitals: copy)",
        "global",
    ),
    KeySpec(("T",), "show_timeline", "Timeline of comment times", "global"),
    KeySpec(("i",), "show_facts", "Thread facts", "global"),
    KeySpec(("ctrl+p",), "command_palette", "Command palette", "global", palette=False),
    KeySpec(
        ("q",),
        "quit",
        "Quit (a thread opened from the library: back to it)",
        "global",
        footer=True,
        short="Quit",
    ),
    # Sources and translation notes (actions on the reader screen, done by
    # ui/sources_actions.py), opening and copying (ui/link_actions.py).
    KeySpec(("t",), "next_translation", "Next translation note", "comments", later=True),
    KeySpec(("L",), "show_sources", "Sources and links", "global", later=True),
    KeySpec(("o",), "open_link", "Open a link (asks first)", "comments", later=True),
    KeySpec(("y",), "copy", "Copy the link (or the comment text)", "comments", later=True),
    KeySpec(
        ("o",),
        "open_article_link",
        "Open a link in the article (asks first)",
        "article",
        later=True,
    ),
    KeySpec(
        ("y",), "copy_article", "Copy the article text or one of its links", "article", later=True
    ),
    # Authors and citing (actions on the reader screen).
    KeySpec(
        ("a",), "spotlight", "Spotlight this comment's author (again: off)", "comments", later=True
    ),
    KeySpec((".",), "next_by_author", "Next comment by the spotlit author", "comments", later=True),
    KeySpec(
        (",",),
        "previous_by_author",
        "Previous comment by the spotlit author",
        "comments",
        later=True,
    ),
    KeySpec(
        ("A",), "show_authors", "Authors: counts and times (enter spotlights)", "global", later=True
    ),
    KeySpec(
        ("c",),
        "cite",
        "Copy the comment and its ancestors as a Markdown quote",
        "comments",
        later=True,
    ),
    # Bookmarks (actions on the reader screen, done by ui/bookmark_actions.py).
    KeySpec(("b",), "toggle_bookmark", "Bookmark the comment", "comments", later=True),
    KeySpec(("N",), "edit_note", "Edit the bookmark's note", "comments", later=True),
    KeySpec(("b",), "toggle_bookmark", "Bookmark the article", "article", later=True),
    KeySpec(("N",), "edit_note", "Edit the article bookmark's note", "article", later=True),
    KeySpec(("B",), "show_bookmarks", "Bookmarks", "global", later=True),
    KeySpec(
        ("u", "ctrl+z"),
        "undo_bookmark",
        "Undo removing a bookmark (and its note)",
        "global",
        later=True,
    ),
    # Reading memory (actions on the reader screen, done by ui/reading_memory.py).
    KeySpec((">",), "next_new", "Next new comment (since the last visit)", "comments", later=True),
    KeySpec(("<",), "previous_new", "Previous new comment", "comments", later=True),
    KeySpec(("M",), "mark_read", "Mark the thread read (the new marks go)", "global", later=True),
    KeySpec(
        ("D",),
        "show_gone",
        "Comments no longer in this save (re-saved threads)",
        "global",
        later=True,
    ),
    # The bookmarks screen (ui/screens/bookmarks.py). Every printable key types into its
    # filter, so its own keys are ones a filter can't hold; enter and delete are priority
    # bindings because the focused filter Input binds enter, delete and ctrl+d itself.
    KeySpec(("down",), "cursor_down", "Next bookmark", "bookmarks", palette=False),
    KeySpec(("up",), "cursor_up", "Previous bookmark", "bookmarks", palette=False),
    KeySpec(("pagedown",), "page_down", "Page down", "bookmarks", palette=False),
    KeySpec(("pageup",), "page_up", "Page up", "bookmarks", palette=False),
    KeySpec(
        ("enter",),
        "open",
        "Open the bookmark",
        "bookmarks",
        footer=True,
        palette=False,
        priority=True,
        short="Open",
    ),
    KeySpec(
        ("delete", "ctrl+d"),
        "delete",
        "Delete the bookmark (undoable while the screen is open)",
        "bookmarks",
        footer=True,
        palette=False,
        priority=True,
        short="Delete",
    ),
    KeySpec(
        ("ctrl+z",),
        "undo",
        "Undo the last delete",
        "bookmarks",
        footer=True,
        palette=False,
        priority=True,
        short="Undo",
    ),
    KeySpec(
        ("escape",),
        "close",
        "Clear the filter, or close the screen",
        "bookmarks",
        footer=True,
        palette=False,
        short="Close",
    ),
    # The library (ui/screens/library.py). Letters type into its search, so its keys are
    # ones a query can't hold; enter, home and end are priority bindings because the
    # focused search Input binds them itself. q quits only while the list has the focus.
    KeySpec(("down",), "cursor_down", "Next thread (or search result)", "library", palette=False),
    KeySpec(("up",), "cursor_up", "Previous thread (or search result)", "library", palette=False),
    KeySpec(("pagedown",), "page_down", "Page down", "library", palette=False),
    KeySpec(("pageup",), "page_up", "Page up", "library", palette=False),
    KeySpec(("home",), "first", "First thread", "library", palette=False, priority=True),
    KeySpec(("end",), "last", "Last thread", "library", palette=False, priority=True),
    KeySpec(
        ("enter",),
        "open",
        "Open the thread (a search result: at the matching comment)",
        "library",
        footer=True,
        palette=False,
        priority=True,
        short="Open",
    ),
    KeySpec(
        ("ctrl+s",),
        "next_sort",
        "Sort by the next column",
        "library",
        footer=True,
        palette=False,
        short="Sort",
    ),
    KeySpec(
        ("ctrl+r",),
        "reverse_sort",
        "Reverse the sort",
        "library",
        footer=True,
        palette=False,
        short="Reverse",
    ),
    KeySpec(
        ("escape",),
        "close",
        "Clear the search, or quit",
        "library",
        footer=True,
        palette=False,
        short="Clear/quit",
    ),
    KeySpec(("q",), "quit", "Quit (when not typing a search)", "library", palette=False),
    # A thread opened from the library: the App's own binding, so the reader's escape
    # (clearing a search) comes first.
    KeySpec(
        ("escape",),
        "back_to_library",
        "Back to the library (when no search is active)",
        "from-library",
        footer=True,
        palette=False,
        short="Library",
    ),
    # The story list of an edition digest (an OptionList: ui/widgets/story_list.py).
    KeySpec(
        ("j", "down"),
        "cursor_down",
        "Next story",
        "stories",
        footer=True,
        palette=False,
        short="Next",
        group="Move",
    ),
    KeySpec(
        ("k", "up"),
        "cursor_up",
        "Previous story",
        "stories",
        footer=True,
        palette=False,
        short="Prev",
        group="Move",
    ),
    KeySpec(("g", "home"), "first", "First story", "stories", palette=False),
    KeySpec(("G", "end"), "last", "Last story", "stories", palette=False),
    KeySpec(("pageup",), "page_up", "Page up", "stories", palette=False),
    KeySpec(("pagedown",), "page_down", "Page down", "stories", palette=False),
    KeySpec(
        ("enter",),
        "select",
        "Show the story in the article pane",
        "stories",
        footer=True,
        palette=False,
        short="Read",
    ),
    # The timeline (ui/screens/timeline.py), a dialog over the reader.
    KeySpec(
        ("left", "h"), "previous_bucket", "Earlier bar", "timeline", footer=True, palette=False
    ),
    KeySpec(("right", "l"), "next_bucket", "Later bar", "timeline", footer=True, palette=False),
    KeySpec(
        ("enter",),
        "jump",
        "Go to the bar's first comment",
        "timeline",
        footer=True,
        palette=False,
        short="Go",
    ),
    KeySpec(
        ("+",),
        "more_minutes",
        "Show only the first N minutes' comments; again: N grows",
        "timeline",
        footer=True,
        palette=False,
        short="First N min",
    ),
    KeySpec(
        ("-",),
        "fewer_minutes",
        "Fewer minutes (below the first: no filter)",
        "timeline",
        palette=False,
    ),
    KeySpec(
        ("escape", "q"),
        "close",
        "Close (keeping any filter)",
        "timeline",
        footer=True,
        palette=False,
        short="Close",
    ),
)


APP_ACTIONS = frozenset({"quit", "command_palette", "back_to_library"})
"""Actions of the App itself; every other action lives on the screen or pane that binds it."""


def specs_for(context: Context) -> list[KeySpec]:
    """The key specs of one context, in table order."""
    return [spec for spec in KEYS if spec.context == context]


def spec_for_action(action: str, context: Context | None = None) -> KeySpec | None:
    """The spec bound to `action` (in `context` when given)."""
    for spec in KEYS:
        if spec.action == action and (context is None or spec.context == context):
            return spec
    return None


def textual_key(key: str) -> str:
    """The Textual name of a key as a user types it."""
    return _TEXTUAL_NAMES.get(key, key)


def bindings_for(*contexts: Context, namespace: str = "") -> list[BindingType]:
    """Textual bindings for the given contexts (the footer shows the `footer=True` ones).

    `namespace` prefixes actions for bindings declared away from their target; the
    `later` actions always live on the reader screen (`ui/screens/reader.py`), so they
    always get ``screen.``, and the App's own actions (`APP_ACTIONS`) get ``app.``.
    Each key's binding has a stable id (`binding_id`) for the user's keymap
    (`ui/keymap.py`).
    """
    from textual.binding import Binding

    bindings: list[BindingType] = []
    for context in contexts:
        for spec in specs_for(context):
            if spec.action == "command_palette":
                continue  # Textual's App binds ctrl+p itself.
            for position, key in enumerate(spec.keys):
                action = f"{spec.action}({key})" if spec.key_argument else spec.action
                bindings.append(
                    Binding(
                        textual_key(key),
                        _namespace(spec, namespace) + action,
                        spec.footer_text,
                        show=spec.footer and position == 0,
                        key_display=_display(key) if position == 0 else None,
                        priority=spec.priority,
                        group=Binding.Group(spec.group, compact=True) if spec.group else None,
                        id=binding_id(spec, position),
                    )
                )
    return bindings


def binding_id(spec: KeySpec, position: int = 0) -> str:
    """The id of the binding of a spec's first key, ``<context>.<action>``; its other keys
    get ``<context>.<action>.2``, ``.3``..."""
    base = f"{spec.context}.{spec.action}"
    return base if position == 0 else f"{base}.{position + 1}"


def _namespace(spec: KeySpec, default: str) -> str:
    if spec.action in APP_ACTIONS:
        return "app."
    return "screen." if spec.later else default


def help_rows(
    display: Callable[[KeySpec], str] | None = None,
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(keys, description)]) for the help screen, table order; `display`
    says how a spec's keys read (the user's keys: `ui/keymap.py`), else the defaults."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for context, title in CONTEXT_TITLES.items():
        entries = [
            (spec.display if display is None else display(spec), spec.description)
            for spec in specs_for(context)
        ]
        if entries:
            rows.append((title, entries))
    return rows


def markdown_table() -> str:
    """The README's key list, as a Markdown table per pane."""
    lines: list[str] = []
    for title, entries in help_rows():
        lines += [f"**{title}**", "", "| Key | Action |", "| --- | --- |"]
        for keys, description in entries:
            shown = " / ".join(f"`{key}`" for key in keys.split(" / "))
            lines.append(f"| {shown} | {description} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m threadview.ui.keys --markdown`: print the README's key table."""
    args = sys.argv[1:] if argv is None else argv
    if args and args != ["--markdown"]:
        print("usage: python -m threadview.ui.keys [--markdown]", file=sys.stderr)
        return 2
    sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
