"""Random helpers of the generator: independent seeded streams, weighted picks, ring buffers."""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


def _stream_seed(random_seed: int, stream: str, index: int = 0) -> int:
    """A seed for one independent random stream (stable across runs and platforms)."""
    digest = hashlib.sha256(f"onewindow:{random_seed}:{stream}:{index}".encode()).digest()
    return int.from_bytes(digest[:16], "big")


class _Pick(Generic[T]):
    """Weighted choice with a precomputed cumulative table."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _ in pairs]
        cum: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            cum.append(total)
        self._cum = cum
        self._total = total

    def __call__(self, rnd: Callable[[], float]) -> T:
        return self._items[bisect_right(self._cum, rnd() * self._total)]


class _Ring(Generic[T]):
    """The last ``size`` values seen, with O(1) random access (bounded bookkeeping)."""

    __slots__ = ("_items", "_next", "_size")

    def __init__(self, size: int) -> None:
        self._items: list[T] = []
        self._size = size
        self._next = 0

    def add(self, value: T) -> None:
        if len(self._items) < self._size:
            self._items.append(value)
        else:
            self._items[self._next] = value
            self._next = (self._next + 1) % self._size

    def pick(self, rng: random.Random) -> T | None:
        return self._items[rng.randrange(len(self._items))] if self._items else None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
