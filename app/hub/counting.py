"""Counts by key that forget a key once its count is back to nothing."""

from collections import Counter
from typing import TypeVar

K = TypeVar("K")


def count_down(counts: Counter[K], key: K) -> bool:
    """One fewer of `key`; whether none are left. A key at nothing is dropped: the seats, addresses and users a
    hub has counted come and go for months, and a count kept for each of them would only grow."""
    counts[key] -= 1
    if counts[key]:
        return False
    del counts[key]
    return True
