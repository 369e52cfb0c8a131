"""A sequence made the first time it is read, for results a fast path may never need."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """The items ``make`` gives, made on first read; ``count`` answers ``len`` without
    making them. Equal to what ``make`` gives (a tuple to a tuple, a list to a list)."""

    def __init__(self, make: Callable[[], Sequence[T]], count: Callable[[], int]) -> None:
        self._make = make
        self._count = count
        self._made: Sequence[T] | None = None

    def made(self) -> Sequence[T]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __len__(self) -> int:
        return self._count()

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.made()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazySequence):
            other = other.made()
        return bool(self.made() == other)

    def __hash__(self) -> int:
        return hash(tuple(self.made()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"
