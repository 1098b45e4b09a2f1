"""Walking a library's folders: every regular file under them, the one walk that both the
indexer (to scan) and the library screen (to count what the scan will look at) use."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence


def regular_files(root: bytes, *, ordered: bool = False) -> Iterator[os.DirEntry[bytes]]:
    """Every regular file under the folder `root` (bytes paths, so any name survives),
    links not followed, a folder that cannot be read passed over. `ordered`: each folder's
    entries by name (the scan's order; a count needs none)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        if ordered:
            entries.sort(key=lambda entry: entry.name)
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if regular:
                yield entry


def count_files(roots: Sequence[bytes]) -> int:
    """How many regular files a scan of `roots` (folders, or files named) looks at."""
    total = 0
    for root in roots:
        if os.path.isdir(root):
            total += sum(1 for _ in regular_files(root))
        else:
            total += os.path.isfile(root)
    return total
