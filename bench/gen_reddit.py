"""Generate a synthetic Reddit comments page (the API's JSON) for benchmarks.

    python bench/gen_reddit.py --comments 100000 --out bench/data/reddit-100k.json

Deterministic for a given seed. Each comment carries the fields the real API sends (so
`json.loads` does a realistic amount of work), a Markdown body escaped as files saved
without raw_json are, and its doubly escaped body_html. Replies nest up to 10 levels;
about 3% are deleted, 1% removed, 5% edited, and some levels end in `more` stubs.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from pathlib import Path

_VOCABULARY = (
    "the of and to in is that it for on was with as he be by at this have from or had "
    "not but what all were when we there can an your which their said if do will each "
    "about how up out them then she many some so these would other into has more her two "
    "like him see time could no make than first been its who now people my made over did "
    "down only way find use may water long little very after words called just where most "
    "know thread reply comment edit source link post vote karma subreddit moderator wiki"
)
WORDS = _VOCABULARY.split()
AUTHORS = [f"redditor_{n:05d}" for n in range(5000)]
SUBREDDIT = "benchmarks"
POST_ID = "bench1"
START = 1_600_000_000
MAX_DEPTH = 10


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 18))]
    return " ".join(words).capitalize() + rng.choice("...!?")


def markdown_body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(min(6, max(1, int(rng.expovariate(0.9)) + 1))):
        kind = rng.random()
        if kind < 0.08:
            paragraphs.append("> " + sentence(rng))
        elif kind < 0.12:
            paragraphs.append("\n".join(f"* {sentence(rng)}" for _ in range(3)))
        elif kind < 0.16:
            paragraphs.append(f"[a link](https://www.example.org/n?id={rng.randint(1, 10**6)}&x=1)")
        else:
            paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 4))))
    return "\n\n".join(paragraphs)


def escaped(text: str) -> str:
    """A plain field as Reddit sends it without raw_json."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def body_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in text.split("\n\n"))
    return escaped(f'<div class="md">{paragraphs}</div>')


def parents(count: int, rng: random.Random) -> list[int]:
    """Parent index per comment (-1 for top level); parents come first."""
    found: list[int] = []
    depths: list[int] = []
    for index in range(count):
        if index == 0 or rng.random() < 0.15:
            parent = -1
        else:
            parent = index - 1 - min(int(rng.expovariate(0.05)), index - 1)
            if depths[parent] >= MAX_DEPTH - 1:
                parent = -1
        found.append(parent)
        depths.append(depths[parent] + 1 if parent >= 0 else 0)
    return found


def comment(index: int, parent: int, created: int, rng: random.Random) -> dict:
    author = rng.choice(AUTHORS)
    text = markdown_body(rng)
    roll = rng.random()
    if roll < 0.03:
        author, text = "[deleted]", "[deleted]"
    elif roll < 0.04:
        author, text = "[deleted]", "[removed]"
    score = int(rng.expovariate(0.1)) - 2
    name = f"c{index:07x}"
    return {
        "kind": "t1",
        "data": {
            "total_awards_received": 0,
            "approved_at_utc": None,
            "ups": score,
            "awarders": [],
            "mod_reason_by": None,
            "banned_by": None,
            "author_flair_type": "text",
            "removal_reason": None,
            "link_id": f"t3_{POST_ID}",
            "author_flair_template_id": None,
            "likes": None,
            "replies": "",
            "user_reports": [],
            "saved": False,
            "id": name,
            "banned_at_utc": None,
            "mod_reason_title": None,
            "gilded": 0,
            "archived": False,
            "no_follow": True,
            "author": author,
            "can_mod_post": False,
            "send_replies": True,
            "parent_id": f"t1_c{parent:07x}" if parent >= 0 else f"t3_{POST_ID}",
            "score": score,
            "author_fullname": f"t2_{author[-5:]}",
            "report_reasons": None,
            "approved_by": None,
            "all_awardings": [],
            "subreddit_id": "t5_bench",
            "collapsed": False,
            "body": escaped(text),
            "edited": float(created + 600) if rng.random() < 0.05 else False,
            "author_flair_css_class": None,
            "is_submitter": False,
            "downs": 0,
            "author_flair_richtext": [],
            "author_patreon_flair": False,
            "body_html": body_html(text),
            "gildings": {},
            "collapsed_reason": None,
            "associated_award": None,
            "stickied": False,
            "author_premium": False,
            "subreddit_type": "public",
            "can_gild": True,
            "top_awarded_type": None,
            "author_flair_text_color": None,
            "score_hidden": False,
            "permalink": f"/r/{SUBREDDIT}/comments/{POST_ID}/bench/{name}/",
            "num_reports": None,
            "locked": False,
            "name": f"t1_{name}",
            "created": float(created),
            "subreddit": SUBREDDIT,
            "author_flair_text": None,
            "treatment_tags": [],
            "created_utc": float(created),
            "subreddit_name_prefixed": f"r/{SUBREDDIT}",
            "controversiality": 0,
            "depth": 0,
            "author_flair_background_color": None,
            "collapsed_because_crowd_control": None,
            "mod_reports": [],
            "distinguished": None,
            "unrepliable_reason": None,
        },
    }


def more(parent: int, rng: random.Random) -> dict:
    count = rng.randint(1, 40)
    return {
        "kind": "more",
        "data": {
            "count": count,
            "name": f"t1_m{parent:07x}",
            "id": f"m{parent:07x}",
            "parent_id": f"t1_c{parent:07x}",
            "depth": 1,
            "children": [f"k{parent:07x}{n}" for n in range(min(count, 5))],
        },
    }


def page(count: int, seed: int) -> list:
    rng = random.Random(seed)
    links = parents(count, rng)
    created = START
    nodes = []
    for index, parent in enumerate(links):
        created += rng.randint(0, 20)
        nodes.append(comment(index, parent, created, rng))
    top: list[dict] = []
    kids: list[list[dict]] = [[] for _ in nodes]
    for index in range(count - 1, -1, -1):
        if kids[index]:
            children = kids[index][::-1]
            if rng.random() < 0.2:
                children.append(more(index, rng))
            nodes[index]["data"]["replies"] = {
                "kind": "Listing",
                "data": {
                    "after": None,
                    "dist": None,
                    "modhash": None,
                    "geo_filter": "",
                    "children": children,
                    "before": None,
                },
            }
        parent = links[index]
        (kids[parent] if parent >= 0 else top).append(nodes[index])
    post = {
        "kind": "t3",
        "data": {
            "id": POST_ID,
            "name": f"t3_{POST_ID}",
            "subreddit": SUBREDDIT,
            "subreddit_name_prefixed": f"r/{SUBREDDIT}",
            "title": "A synthetic thread &amp; its replies",
            "author": AUTHORS[0],
            "domain": f"self.{SUBREDDIT}",
            "is_self": True,
            "selftext": escaped(markdown_body(rng)),
            "selftext_html": escaped("<div>synthetic</div>"),
            "url": f"https://www.reddit.com/r/{SUBREDDIT}/comments/{POST_ID}/bench/",
            "permalink": f"/r/{SUBREDDIT}/comments/{POST_ID}/bench/",
            "score": 1234,
            "num_comments": count,
            "created_utc": float(START),
            "edited": False,
        },
    }
    listing = {"after": None, "dist": None, "modhash": None, "geo_filter": "", "before": None}
    return [
        {"kind": "Listing", "data": {**listing, "children": [post]}},
        {"kind": "Listing", "data": {**listing, "children": [*top[::-1], more(-1, rng)]}},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/data/reddit-100k.json"))
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(page(args.comments, args.seed)), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {args.comments} comments)")


if __name__ == "__main__":
    main()
