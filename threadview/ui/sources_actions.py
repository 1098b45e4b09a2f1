"""Sources, links and translation-note actions for the App (placeholder until that task lands).

The App mixes this class in; the later task replaces it with the real actions for
t / L / o / y and the Sources screen.
"""

from __future__ import annotations


class SourcesActions:
    """Actions for keys t, L, o and y; for now each says it is not available yet."""

    def _not_yet(self, what: str) -> None:
        self.notify(f"{what}: not available yet", markup=False)  # type: ignore[attr-defined]

    def action_next_translation(self) -> None:
        self._not_yet("Translation notes")

    def action_show_sources(self) -> None:
        self._not_yet("Sources")

    def action_open_link(self) -> None:
        self._not_yet("Opening links")

    def action_copy(self) -> None:
        self._not_yet("Copying")
