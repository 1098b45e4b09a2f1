"""A big Reddit page paints from its first comments, says it is loading, then fills in."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from threadview.cli import PREVIEW_BYTES, PREVIEW_COMMENTS
from threadview.model import Comment, count_comments, iter_comments
from threadview.parsing import parse_bytes, parse_document, read_document
from threadview.ui.app import ThreadViewApp

SIZE = (120, 40)
COMMENTS = 1500


def _reddit_file(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "gen_reddit", Path(__file__).resolve().parents[2] / "bench" / "gen_reddit.py"
    )
    assert spec is not None and spec.loader is not None
    gen_reddit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_reddit)
    path = folder / "big.json"
    path.write_text(json.dumps(gen_reddit.page(COMMENTS, 3)), encoding="utf-8")
    assert path.stat().st_size > 2 * PREVIEW_BYTES
    return path


def _screen(app: ThreadViewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_a_big_reddit_page_paints_its_head_loading_then_every_comment(
    tmp_path: Path,
) -> None:
    path = _reddit_file(tmp_path)
    document = read_document(path, head=PREVIEW_BYTES)
    preview = parse_document(document, limit=PREVIEW_COMMENTS)  # what `threadview FILE` does
    shown = count_comments(preview.comments)
    assert 0 < shown < COMMENTS
    app = ThreadViewApp(preview, document=document, data_dir=tmp_path / "data")
    first_frames: list[str] = []
    start_rest = app._finish_parsing

    def painted_then_parse() -> None:
        first_frames.append(_screen(app))
        start_rest()

    app._finish_parsing = painted_then_parse  # type: ignore[method-assign]  # see the first frame
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(400):
            if not app.reader.loading:
                break
            await pilot.pause(0.05)
        assert first_frames and f"{shown:,}+ comments, loading…" in first_frames[0]
        assert "A synthetic thread & its replies" in first_frames[0]
        assert not app.reader.loading and app.reader.comment_pane.comment_count() == COMMENTS
        await pilot.pause()
        screen = _screen(app)
        assert f"{COMMENTS:,} comments" in screen and "loading" not in screen
        assert app.thread == parse_bytes(path.read_bytes())
        last = [node for node in app.thread.comments if isinstance(node, Comment)][-1]
        assert last.timestamp is not None
        assert last.id not in {comment.id for comment in iter_comments(preview.comments)}
        await pilot.press("end")
        await pilot.pause()
        assert f"{last.author} · {last.timestamp:%Y-%m-%d %H:%M} UTC" in _screen(app)
