"""A Hacker News file paints from a preview of its first comments, then fills in."""

from __future__ import annotations

import json
from pathlib import Path

from threadview.cli import PREVIEW_BYTES, PREVIEW_COMMENTS
from threadview.parsing import parse_document, read_document
from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)


def _hn_file(folder: Path, count: int) -> Path:
    kids = [
        {
            "id": n + 2,
            "type": "comment",
            "author": f"user{n}",
            "created_at_i": 1700000001 + n,
            "text": f"<p>comment number <i>{n}</i>",
            "children": [],
        }
        for n in range(count)
    ]
    story = {"id": 1, "type": "story", "author": "pg", "title": "Many", "created_at_i": 1700000000}
    path = folder / "many.json"
    path.write_text(json.dumps({**story, "children": kids}), encoding="utf-8")
    return path


async def test_an_hn_file_paints_a_preview_then_every_comment(tmp_path: Path) -> None:
    document = read_document(_hn_file(tmp_path, 1000), head=PREVIEW_BYTES)
    preview = parse_document(document, limit=PREVIEW_COMMENTS)  # what `threadview FILE` does
    app = ThreadViewApp(preview, document=document, data_dir=tmp_path / "data")
    assert app.reader.loading
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(200):
            if not app.reader.loading:
                break
            await pilot.pause(0.05)
        assert not app.reader.loading and app.reader.comment_pane.comment_count() == 1000
        await pilot.press("end")
        await pilot.pause()
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "comment number *999*" in screen or "comment number 999" in screen
