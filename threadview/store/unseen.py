"""The comments of a thread's file that its reading memory never saw, held as what they are
not: the seen ids and a count, so a reread of a big thread keeps no set of every new id."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Set


class Unseen(Set[str]):
    """The comments of a listed file, as last indexed, never on screen: the file's ids less
    `seen` (the thread's seen ids, usually few) and less `excluded`. SQLite counts them and
    lists them, in file order, only when they are iterated (the `>` key), a batch of rows
    at a time. Asked about an id, it answers for the file's own comments (the reader asks
    only about those): any id not seen and not excluded is taken to be one of them.

    Sorting them into a compact set instead (SQLite's sorter keeps a megabyte of rows at
    once) put about 1 MB on the reader's peak memory at 100,000 comments, and the set
    0.8 MB more."""

    __slots__ = ("_count", "_excluded", "_listing", "_seen")

    def __init__(
        self,
        seen: Set[str],
        count: int,
        listing: Callable[[], Iterator[str]],
        excluded: frozenset[str] = frozenset(),
    ) -> None:
        self._seen = seen
        self._count = count
        self._listing = listing
        """Every id of the file (its article's too), in file order."""
        self._excluded = excluded

    def __contains__(self, comment_id: object) -> bool:
        return (
            isinstance(comment_id, str)
            and comment_id not in self._seen
            and comment_id not in self._excluded
        )

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return filter(self.__contains__, self._listing())

    def __repr__(self) -> str:
        return f"Unseen({self._count} ids)"

    def without(self, ids: Collection[str]) -> Unseen:
        """These less `ids` (the file's own, such as its edited comments)."""
        dropped = frozenset(filter(self.__contains__, ids))
        if not dropped:
            return self
        count = self._count - len(dropped)
        return Unseen(self._seen, count, self._listing, self._excluded | dropped)
