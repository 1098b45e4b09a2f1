"""Edition digests: a masthead, then stories (title, byline, image line, excerpt ending in »)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from threadview.model import Story
from threadview.parsing.layout import BYLINE_RE, IMAGE_RE, MORE_MARK

EDITION_RE = re.compile(r"\S+day,? \S+ [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}\b.* edition")
"""An edition line: ``Saturday May 19th, 2018 morning edition``."""
MASTHEAD_JOIN = " — "


@dataclass
class _Draft:
    """A story while its lines are read."""

    title: str | None = None
    byline: str | None = None
    image: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    complete: bool = False

    def story(self) -> Story:
        """The story read; its source and submitter come from its byline."""
        match = BYLINE_RE.fullmatch(self.byline) if self.byline is not None else None
        source = match.group("source") if match else None
        submitter = (match.group("submitter") or match.group("sub_only")) if match else None
        title = self.title if self.title is not None else (self.image or None)
        return Story(
            title,
            source,
            tuple(self.paragraphs),
            submitter,
            self.byline,
            self.image,
            self.complete,
        )


def is_digest(blocks: list[list[str]]) -> bool:
    """An edition page: stories with bylines and excerpts ending in », or an edition line
    at the top over at least one story's start (a page cut off in its first story)."""
    lines = [line for block in blocks for line in block]
    marks = any(line.endswith(MORE_MARK) for line in lines)
    if marks and sum(1 for line in lines if line.startswith("Authored by")) >= 2:
        return True
    if not any(EDITION_RE.fullmatch(line) for line in lines[:2]):
        return False
    return marks or any(BYLINE_RE.fullmatch(line) or IMAGE_RE.fullmatch(line) for line in lines)


def _is_title(blocks: list[list[str]], number: int, index: int, after_story: bool) -> bool:
    """Whether line `index` of block `number` is a story's title: a line followed by a
    byline, or by an image line (of that title, or right after a story), or (right after
    a story) a one-line block before more text."""
    block = blocks[number]
    if block[index].endswith(MORE_MARK):
        return False  # it ends an excerpt
    following = blocks[number + 1] if number + 1 < len(blocks) else None
    after = block[index + 1] if index + 1 < len(block) else (following[0] if following else None)
    if after is None:
        return False
    if BYLINE_RE.fullmatch(after):
        return True
    image = IMAGE_RE.fullmatch(after)
    if image:
        return after_story or image.group("image") == block[index]
    return after_story and len(block) == 1


def parse_digest(blocks: list[list[str]]) -> tuple[str | None, tuple[Story, ...], list[str]]:
    """(masthead title, stories, warnings) of a digest's blocks of non-blank lines.

    The masthead is what comes before the first story; a story starts at its title, its
    byline or its image line, and its excerpt ends at a paragraph ending in ».
    """
    masthead: list[str] = []
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    for number, block in enumerate(blocks):
        excerpt = any(line.endswith(MORE_MARK) for line in block)
        pending: list[str] = []
        for index, line in enumerate(block):
            byline = BYLINE_RE.fullmatch(line) is not None
            image = IMAGE_RE.fullmatch(line)
            if draft is not None and not (draft.paragraphs or pending or draft.complete):
                if byline and draft.byline is None and draft.image is None:
                    draft.byline = line
                    continue
                if image and draft.image is None:
                    draft.image = image.group("image") or ""
                    continue
            after_story = draft is not None and draft.complete
            if byline or image or _is_title(blocks, number, index, after_story):
                if draft is not None and pending:
                    draft.paragraphs.append("\n".join(pending))
                pending = []
                draft = _Draft()
                drafts.append(draft)
                if byline:
                    draft.byline = line
                elif image:
                    draft.image = image.group("image") or ""
                else:
                    draft.title = line
                continue
            if draft is None and not excerpt:
                masthead.append(line)
                continue
            if line.strip() == MORE_MARK and not pending and (draft is None or draft.complete):
                continue  # a stray mark with no story open: nothing to keep
            if draft is None or draft.complete:
                draft = _Draft()
                drafts.append(draft)
            pending.append(line)
            if line.endswith(MORE_MARK):
                text = "\n".join(pending)[: -len(MORE_MARK)].rstrip(" \t\n")
                if text:
                    draft.paragraphs.append(text)
                draft.complete = True
                pending = []
        if pending and draft is not None:
            draft.paragraphs.append("\n".join(pending))
    warnings: list[str] = []
    stories = tuple(made.story() for made in drafts)
    if stories and not stories[-1].complete:
        title = stories[-1].title or "(untitled story)"
        warnings.append(f"the page seems cut off: the story {title!r} ends without its »")
    return (MASTHEAD_JOIN.join(masthead) or None), stories, warnings
