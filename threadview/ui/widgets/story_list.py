"""The story list of an edition digest: title, source and the excerpt's first line per story.

It stands where the comments would (a digest has none); enter asks for the story to be
shown in the article pane.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from threadview.clip import clip
from threadview.model import Story
from threadview.render.safe import safe_content
from threadview.ui.keys import bindings_for

EXCERPT_CHARS = 160
"""How much of the excerpt's first line a list entry shows."""


def story_title(story: Story) -> str:
    return story.title or "(untitled story)"


def story_prompt(story: Story) -> Content:
    """One entry: the title (bold), its source, then the excerpt's first line (dim)."""
    parts = [safe_content(story_title(story), "bold")]
    if story.source:
        parts.append(safe_content(story.source, "italic"))
    if not story.complete:
        parts.append(Content.styled("cut off", "$warning"))
    head = Content(" · ").join(parts)
    first = story.paragraphs[0].split("\n", 1)[0] if story.paragraphs else ""
    first = clip(first, EXCERPT_CHARS)
    return head + Content("\n") + safe_content(first, "dim") if first else head


class StoryList(OptionList, inherit_bindings=False):
    """The stories of a digest; enter posts `StoryList.Chosen`."""

    BINDINGS = bindings_for("stories")
    DEFAULT_CSS = """
    StoryList { border: none; padding: 0 1; }
    StoryList:focus { border: none; }
    """

    @dataclass
    class Chosen(Message):
        """A story was chosen to be read."""

        story: Story

    def __init__(self, stories: tuple[Story, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_stories(stories)

    def set_stories(self, stories: tuple[Story, ...]) -> None:
        self.stories = stories
        options: list[Option | None] = []
        for story in stories:
            if options:
                options.append(None)  # a rule between stories
            options.append(Option(story_prompt(story)))
        self.set_options(options)
        if stories:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.stories[event.option_index]))
