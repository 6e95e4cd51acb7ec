"""A bounded queue in front of something the hub can only do so much of at once: the writer (one command at a
time) and welcomes (a few dozen at a time). Past the bound a client is told when to come back (`busy` with
`retry_after_ms`) instead of waiting in a queue it would time out in and join again: that is how a reconnect
storm or an 8 pm rush settles rather than snowballs."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from netbar.domain.errors import CommandRejected, ErrorCode

MIN_RETRY_MS = 200
MAX_RETRY_MS = 10_000
_SMOOTHING = 0.2  # how much one more duration moves the running average


def busy(what: str, drain_ms: float) -> CommandRejected:
    """`busy`, with a hint of when to come back: about when the queue ahead should have drained."""
    retry_ms = int(min(MAX_RETRY_MS, max(MIN_RETRY_MS, drain_ms)))
    return CommandRejected(ErrorCode.BUSY, f"the hub is busy ({what}); come back shortly", retry_after_ms=retry_ms)


class Turns:
    """When each client sent away should come back: a turn of its own, after every turn already given, the
    turns following one another at the rate the hub gets through what they come back for. Told all the same
    time (when the queue should have drained), they came back together into a full queue, were sent away again,
    and sending them away took the time the queue needed (issue 8: five `busy` answers for every order at 1,000
    orders a second)."""

    def __init__(self) -> None:
        self._next = 0.0  # the first moment not given to anyone yet

    def take(self, now: float, per_second: float, *, soonest: float, latest: float) -> float:
        """Seconds from `now` until the next turn not yet given (at least `soonest`; one further off than `latest`
        is given as `latest`), which is now the caller's; the turn after it comes `1 / per_second` later."""
        due = min(max(self._next, now + soonest), now + latest)
        self._next = due + 1 / per_second
        return due - now


class Admission:
    """At most `concurrency` holders at once and at most `queue` waiting; `admit()` refuses the rest, and, with
    `max_wait_ms`, whoever would wait longer than that: a client that gives up after a few seconds must not be
    queued behind more than can be served in that time, or the work done for it is thrown away."""

    def __init__(
        self, concurrency: int, queue: int, what: str, *, max_wait_ms: float | None = None, expected_ms: float = 10.0
    ) -> None:
        self._concurrency = concurrency
        self._queue = queue
        self._what = what
        self._max_wait_ms = max_wait_ms
        self._slots = asyncio.Semaphore(concurrency)
        self._waiting = 0
        # How long one holder holds a slot, kept as a running average; until it is measured, `expected_ms`, so the
        # first second of a storm is not admitted on a guess that is far too low.
        self._average_ms = expected_ms

    def admit(self) -> None:
        """Refuse with `busy` when every slot is held and the queue is full, saying how long it should take to
        drain."""
        if not self._slots.locked():
            return
        wait_ms = self._waiting * self._average_ms / self._concurrency
        if self._waiting >= self._queue or (self._max_wait_ms is not None and wait_ms >= self._max_wait_ms):
            raise busy(self._what, wait_ms)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot, waiting in the queue for one (admitted or not: housekeeping need not ask)."""
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        started = time.perf_counter()
        try:
            yield
        finally:
            held_ms = (time.perf_counter() - started) * 1000
            self._average_ms += _SMOOTHING * (held_ms - self._average_ms)
            self._slots.release()
