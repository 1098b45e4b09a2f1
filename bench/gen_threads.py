"""Generate synthetic threads in the text layout (for benchmarks and large-input tests).

    python bench/gen_threads.py --comments 100000 --out bench/data/t100k.txt [--emoji]
    python bench/gen_threads.py --chain 10000 --out deep.txt     # one reply chain

Deterministic for a given seed. Bodies have realistic lengths (a few words to a few
paragraphs, ~350 characters on average), some quotes, lists and links.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from threadview.export import header_date

WORDS = (
    "the of and to in is that it for on was with as he be by at this have from or had "
    "not but what all were when we there can an your which their said if do will each "
    "about how up out them then she many some so these would other into has more her two "
    "like him see time could no make than first been its who now people my made over did "
    "down only way find use may water long little very after words called just where most "
    "know government police cartel operation city report officer video soldiers article "
    "source evidence translation witnesses reporters minister statement"
).split()
EMOJI = "😀 🎉 👍 🔥 🚓 🇲🇽 ❤️ 🤔 😂 🙏 漢字 日本語 한국어 Ελληνικά русский".split()
AUTHORS = [f"user_{n:04d}" for n in range(2000)]


def sentence(rng: random.Random, emoji: bool) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 18))]
    if emoji and rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(EMOJI))
    return " ".join(words).capitalize() + rng.choice("...!?")


def body(rng: random.Random, emoji: bool) -> str:
    paragraphs = []
    for _ in range(min(6, max(1, int(rng.expovariate(0.9)) + 1))):
        kind = rng.random()
        if kind < 0.08:
            paragraphs.append("> " + sentence(rng, emoji))
        elif kind < 0.12:
            paragraphs.append("\n".join(f"* {sentence(rng, emoji)}" for _ in range(3)))
        elif kind < 0.16:
            paragraphs.append(f"See https://www.example.org/news/{rng.randint(1, 10**6)}")
        else:
            paragraphs.append(" ".join(sentence(rng, emoji) for _ in range(rng.randint(1, 4))))
    return "\n\n".join(paragraphs)


def tree(count: int, rng: random.Random, max_depth: int) -> list[int]:
    """Parent index per comment (-1 for top level); parents come first."""
    parents: list[int] = []
    depths: list[int] = []
    for index in range(count):
        parent = -1
        if index and rng.random() < 0.7:
            candidate = rng.randrange(max(0, index - 40), index)
            if depths[candidate] < max_depth:
                parent = candidate
        parents.append(parent)
        depths.append(depths[parent] + 1 if parent >= 0 else 0)
    return parents


def preorder(parents: list[int]) -> list[tuple[int, int]]:
    """(index, depth) in pre-order, iteratively."""
    children: list[list[int]] = [[] for _ in parents]
    roots = []
    for index, parent in enumerate(parents):
        (children[parent] if parent >= 0 else roots).append(index)
    order: list[tuple[int, int]] = []
    stack = [(index, 0) for index in reversed(roots)]
    while stack:
        index, depth = stack.pop()
        order.append((index, depth))
        stack.extend((kid, depth + 1) for kid in reversed(children[index]))
    return order


def write_thread(out, count: int, seed: int, emoji: bool, max_depth: int, chain: bool) -> None:
    rng = random.Random(seed)
    out.write("A synthetic thread for measuring threadview\n\n")
    out.write("Authored by example.org and submitted by generator\n\n")
    for _ in range(12):
        out.write(" ".join(sentence(rng, emoji) for _ in range(4)) + "\n\n")
    parents = list(range(-1, count - 1)) if chain else tree(count, rng, max_depth)
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    stamps = [start + timedelta(seconds=30 * index + rng.randint(0, 29)) for index in parents]
    for index, depth in preorder(parents):
        indent = "  " * depth
        author = rng.choice(AUTHORS)
        out.write(f"{indent}{author} on {header_date(stamps[index])} »\n\n")
        text = body(rng, emoji)
        out.write("\n".join(indent + line if line else "" for line in text.split("\n")))
        out.write("\n\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--chain", type=int, default=0, help="one reply chain this deep")
    parser.add_argument("--depth", type=int, default=12, help="deepest nesting level")
    parser.add_argument("--emoji", action="store_true", help="mix emoji and CJK into bodies")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    count = args.chain or args.comments
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        write_thread(out, count, args.seed, args.emoji, args.depth, bool(args.chain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
