"""The footer of the reader and the library, its keys laid out after the first paint."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ReaderFooter(Footer):
    """Textual's Footer, laid out once the first frame is painted, then once per burst of
    binding changes.

    Textual's Footer rebuilds its keys after every binding change, and start-up has
    several (mount, focus, the screen's own refreshes): each rebuild mounts a dozen
    widgets, and the first was queued before the reader's first paint. The keys are never
    in the first frame either way; this only spares the work that no frame shows.
    """

    _painted = False
    _pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not (self._painted and screen.app.app_focus):
            return  # `painted` lays the keys out
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    def painted(self) -> None:
        """The first frame is out: show the keys."""
        self._painted = True
        # From the footer's own queue: its keys must be composed in its own context.
        self.call_later(self.bindings_changed, self.screen)

    async def _rebuild(self) -> None:
        self._pending = False
        await self.recompose()
