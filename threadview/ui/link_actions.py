"""Opening and copying in the reader (a helper the reader screen owns): `o` and `y`.

Opening always goes through `ConfirmOpen`, and a browser is only started after the user
confirmed a URL that `validate_url` accepted. A browser that runs in this terminal (lynx,
w3m, a `$BROWSER` command) gets the terminal while it runs, and the reader always takes
it back and says how it went, whatever the browser did. Every copy passes the clipboard
gate (`render.outgoing.clipboard_text`): the App's `copy_to_clipboard` is overridden, so
Textual's own copies (a selection, an input) pass it too. A link that `o` would refuse is
not copied as a link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from threadview.annotate import Link, byline_links, find_links
from threadview.clip import clip
from threadview.model import Comment
from threadview.render.notes import unique_links
from threadview.render.outgoing import clipboard_text
from threadview.render.safe import sanitize
from threadview.ui.widgets.article_pane import ArticlePane
from threadview.ui.widgets.comment_pane import CommentPane

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from threadview.render.hints import ScreenLine
    from threadview.ui.reader_view import ReaderView
    from threadview.ui.screens.link_hints import Hint, HintChoice, NoHint
    from threadview.urls import ValidUrl

SHOWN_URL = 100


def shown(url: str) -> str:
    """A URL for a notification: sanitised, and cut short when very long."""
    return clip(sanitize(url), SHOWN_URL)


def _characters(count: int) -> str:
    return f"{count:,} character{'s' if count != 1 else ''}"


class LinkActions:
    """o / y for the reader screen: links of the selected comment or of the article."""

    def __init__(self, reader: ReaderView) -> None:
        self.reader = reader

    def notify(self, message: str, *, severity: SeverityLevel = "information") -> None:
        self.reader.app.notify(message, severity=severity)

    # ----- which links ------------------------------------------------------------------

    def _selected_links(self) -> tuple[Comment | None, list[Link]]:
        comment = self.reader.comment_pane.selected_comment
        if comment is None:
            return None, []
        return comment, unique_links(self.reader.notes.get(comment).links)

    def article_links(self) -> list[Link]:
        """The article's links in the order the pane shows them: byline, URL, text."""
        thread = self.reader.thread
        links = byline_links(thread)
        for block in thread.article:
            links += find_links(block.text)
        return unique_links(links)

    def article_text(self) -> str:
        """The article as text to copy: the title, then each block, a blank line between."""
        thread = self.reader.thread
        parts = [thread.title] if thread.title else []
        parts += [block.text for block in thread.article]
        return "\n\n".join(parts)

    # ----- opening: o -------------------------------------------------------------------

    def open_link(self) -> None:
        """`o` in the comment pane: open the selected comment's link (asking which)."""
        comment, links = self._selected_links()
        if comment is None:
            self.notify("No comment selected")
        elif not links:
            self.notify("This comment has no link to open")
        else:
            self.choose_and_open(links)

    def open_article_link(self) -> None:
        """`o` in the article pane: open one of the article's links (asking which)."""
        links = self.article_links()
        if links:
            self.choose_and_open(links)
        else:
            self.notify("The article has no link to open")

    def choose_and_open(self, links: list[Link]) -> None:
        """Open one link, asking which first when there are several."""
        from threadview.ui.screens.open_link import LinkPicker

        if len(links) == 1:
            self.request_open(links[0].url)
            return

        def chosen(link: Link | str | None) -> None:
            if isinstance(link, Link):
                self.request_open(link.url)

        self.reader.app.push_screen(LinkPicker(links, "open"), chosen)

    def request_open(self, url: str) -> None:
        """Show the confirmation for `url` (or why it is refused); open only on yes."""
        from threadview.ui.screens.open_link import ConfirmOpen
        from threadview.urls import UnsafeUrl, validate_url

        try:
            checked = validate_url(url)
        except UnsafeUrl as error:
            self.reader.app.push_screen(ConfirmOpen(url, error))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._start_browser(checked)

        self.reader.app.push_screen(ConfirmOpen(url, checked), confirmed)

    def _start_browser(self, checked: ValidUrl) -> None:
        command = self._terminal_browser()
        if command is None:
            self._open_in_browser(checked.url, checked.display_host)
        else:
            self._open_in_terminal_browser(checked.url, checked.display_host, command)

    def _terminal_browser(self) -> list[str] | None:
        """The command of a browser that runs in this very terminal (lynx, w3m, a $BROWSER
        command...), or None. Such a browser must get the terminal to itself."""
        import webbrowser

        if self.reader.host.url_opener is not None:
            return None
        try:
            controller = webbrowser.get()
        except webbrowser.Error:
            return None
        if isinstance(controller, webbrowser.GenericBrowser) and not isinstance(
            controller, webbrowser.BackgroundBrowser
        ):
            return [controller.name, *controller.args]
        return None

    def _open_in_terminal_browser(self, url: str, host: str, command: list[str]) -> None:
        """Hand the terminal to a console browser until it exits, then take it back.

        Textual resumes only when the suspended block ends without an exception, so
        nothing may leave it by raising: a failure is carried out as a message."""
        failure: str | None = None
        try:
            with self.reader.app.suspend():
                failure = _run_console_browser(command, url)
        except SuspendNotSupported:
            failure = "this terminal cannot be handed to a browser that runs in it"
        self._report_open(host, failure)

    def _open_in_browser(self, url: str, host: str) -> None:
        """Hand the URL to the opener off the UI thread (a browser may take a while)."""
        opener = self.reader.host.url_opener
        self.reader.run_worker(
            lambda: self._run_opener(url, host, opener),
            thread=True,
            group="open-url",
            exit_on_error=False,
        )

    def _run_opener(self, url: str, host: str, opener: Callable[[str], object] | None) -> None:
        import webbrowser

        from threadview.urls import OpenFailed, UnsafeUrl, open_url

        failure: str | None = None
        try:
            open_url(url, opener)
        except (UnsafeUrl, OpenFailed, OSError, webbrowser.Error) as error:
            failure = str(error)
        self.reader.app.call_from_thread(self._report_open, host, failure)

    def _report_open(self, host: str, failure: str | None) -> None:
        if failure is None:
            self.notify(sanitize(f"Opened {host} in the browser"))
        else:
            message = " ".join(f"Could not open {host}: {failure}".split())
            self.notify(sanitize(message), severity="error")

    # ----- link hints: f ---------------------------------------------------------------

    def show_hints(self) -> None:
        """`f`: label every link on screen (the focused pane's first); open the one typed."""
        from threadview.ui.screens.link_hints import LinkHints

        hints = self.hints()
        if not hints:
            self.notify("No links on screen")
            return
        self.reader.app.push_screen(LinkHints(hints), self._hint_chosen)

    def hints(self) -> list[Hint]:
        """A labelled hint per link URL shown in each pane, in screen cells."""
        from threadview.render.hints import hint_labels, link_spots
        from threadview.ui.screens.link_hints import Hint

        article, comments = self.reader.article_pane, self.reader.comment_pane
        panes: list[ArticlePane | CommentPane] = [
            pane
            for pane in (article, comments)
            if pane.display
            and pane.size.area
            and (self.reader.maximized is None or self.reader.maximized is pane)
        ]
        panes.sort(key=lambda pane: pane is not self.reader.focused)
        placed: list[tuple[int, int, str]] = []
        for pane in panes:
            region = pane.scrollable_content_region
            if isinstance(pane, ArticlePane):
                spots = link_spots(self._article_lines(pane), pane.palette)
            else:
                spots = link_spots(self._comment_lines(pane), pane.palette)
            placed += [
                (region.x + spot.column, region.y + spot.row, spot.url)
                for spot in spots
                if spot.column < region.width
            ]
        labels = hint_labels(len(placed))
        return [Hint(label, x, y, url) for label, (x, y, url) in zip(labels, placed, strict=True)]

    def _article_lines(self, pane: ArticlePane) -> list[ScreenLine]:
        from threadview.render.hints import ScreenLine

        if pane.story is not None:
            links = unique_links(
                link for paragraph in pane.story.paragraphs for link in find_links(paragraph)
            )
        else:
            links = self.article_links()
        return [ScreenLine(row, text, links) for row, text in pane.visible_lines()]

    def _comment_lines(self, pane: CommentPane) -> list[ScreenLine]:
        from threadview.render.hints import ScreenLine

        lines: list[ScreenLine] = []
        links: dict[int, list[Link]] = {}
        for row, position, text in pane.visible_lines():
            if position not in links:
                node = pane.flat.nodes[position]
                found = self.reader.notes.get(node).links if isinstance(node, Comment) else ()
                links[position] = unique_links(found)
            lines.append(ScreenLine(row, text, links[position]))
        return lines

    def _hint_chosen(self, choice: HintChoice | NoHint | None) -> None:
        from threadview.ui.screens.link_hints import HintChoice, NoHint

        if isinstance(choice, HintChoice):
            if choice.copy:
                self.copy_url(choice.url)
            else:
                self.request_open(choice.url)
        elif isinstance(choice, NoHint):
            self.notify(sanitize(f"No link hint {choice.typed!r}: hints closed"))

    # ----- copying: y -------------------------------------------------------------------

    def copy_text(self, text: str, what: str) -> None:
        """Copy `text` and say so: what it was, its length, and what the gate replaced."""
        clip = clipboard_text(text)
        self.reader.app.copy_to_clipboard(clip.text)
        count = _characters(len(clip.text))
        self.notify(sanitize(f"Copied {what} ({count}){clip.note}"))

    def copy_citation(self) -> None:
        """`c`: the selected comment with its ancestors as a Markdown quote block, as
        `threadview dump --comment ID --format markdown` prints it."""
        from threadview.cite import UnknownComment, cite

        comment = self.reader.comment_pane.selected_comment
        if comment is None:
            self.notify("No comment selected")
            return
        try:
            text = cite(self.reader.thread, comment.id)
        except UnknownComment:
            self.notify("This comment cannot be cited yet: the file is still loading")
            return
        clip = clipboard_text(text)
        self.reader.app.copy_to_clipboard(clip.text)
        lines = clip.text.count("\n")
        self.notify(f"Copied citation ({lines} {'line' if lines == 1 else 'lines'}){clip.note}")

    def copy(self) -> None:
        """`y` in the comment pane: the comment's link (choosing when it has several),
        else its text."""
        from threadview.ui.screens.open_link import LinkPicker

        comment, links = self._selected_links()
        if comment is None:
            self.notify("No comment selected")
        elif not links:
            if comment.body:
                self.copy_text(comment.body, f"the comment by {comment.author}")
            else:
                self.notify("This comment has no text to copy")
        elif len(links) == 1:
            self.copy_url(links[0].url)
        else:
            self.reader.app.push_screen(LinkPicker(links, "copy"), self._copy_choice)

    def copy_article(self) -> None:
        """`y` in the article pane: the article's text, or one of its links (asking which)."""
        from threadview.ui.screens.open_link import LinkPicker

        links = self.article_links()
        text = self.article_text()
        if not links:
            if text:
                self.copy_text(text, "the article")
            else:
                self.notify("The article has no text to copy")
            return
        label = f"The article text ({_characters(len(text))})" if text else None
        self.reader.app.push_screen(LinkPicker(links, "copy", text_choice=label), self._copy_choice)

    def _copy_choice(self, choice: Link | str | None) -> None:
        if isinstance(choice, Link):
            self.copy_url(choice.url)
        elif choice is not None:
            self.copy_text(self.article_text(), "the article")

    def copy_url(self, url: str) -> None:
        """Copy a link as `o` would open it, or refuse one that `o` would not open."""
        from threadview.urls import UnsafeUrl, validate_url

        try:
            checked = validate_url(url)
        except UnsafeUrl as error:
            self.notify(
                sanitize(f"Not copied: this link would not be opened ({error.reason})"),
                severity="warning",
            )
            return
        self.reader.app.copy_to_clipboard(checked.url)
        self.notify(f"Copied {shown(checked.url)}")


def _run_console_browser(command: list[str], url: str) -> str | None:
    """Run the browser; what went wrong as a message, or None. Never raises: it runs
    while the reader is suspended, which only an orderly return can end."""
    from threadview.urls import OpenFailed, UnsafeUrl, run_browser

    try:
        run_browser(command, url)
    except (OpenFailed, UnsafeUrl) as error:
        return str(error)
    except KeyboardInterrupt:
        return "interrupted"
    except Exception as error:  # a bug here must not leave the reader suspended for good
        return f"{type(error).__name__}: {error}"
    return None
