"""Sign-in is cheap to refuse: wrong guesses are counted per source address and per name (a staff user, a seat),
answered ever more slowly, and past a few, refused outright for a while; and the slow password check runs one at
a time on a thread of its own, so a flood of guesses cannot take the cores the orders need (issue 9: 7.8 guesses
a second with no lockout, each 64 MiB of Argon2, tripled an order's p50).

A staff user locked out by someone else's guesses is told for how long; the source's own limit, lower, stops a
single guesser long before that.
"""

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.hub.admission import busy

WINDOW_S = 15 * 60  # failures older than this are forgiven
FREE_FROM_SOURCE = 5  # wrong guesses from one address before it is locked out
FREE_FOR_NAME = 10  # wrong guesses at one user or seat, from anywhere, before it is locked out
FIRST_LOCKOUT_S = 30.0  # then doubling with each further failure
MAX_LOCKOUT_S = 15 * 60.0
MAX_SLOWDOWN_S = 3.0  # a wrong guess is answered after 0.1, 0.2, 0.4 … s, at most this
PASSWORD_CHECKS_WAITING = 8  # past this many waiting, a staff sign-in is told `busy`
# Password checks for addresses that never signed in here: at most this many a second (a burst of CHECKS_BURST),
# so guesses from a whole subnet cost the hub a fraction of a core, not both (issue 9's signin bench).
CHECKS_PER_SECOND = 2.0
CHECKS_BURST = 10.0
TRUSTED_FOR_S = 7 * 24 * 3600  # an address that signed in is trusted with the fast lane for a week
# An address refused this many sign-ins within STRIKES_WINDOW_S (wrong, locked out, or past the strangers'
# allowance) is turned away at the door for DOOR_SHUT_S: an HTTP 429 before the WebSocket handshake, which costs
# the hub a fraction of a refused hello (the signin bench: ~230 guesses a second, each a new connection).
STRIKES = 8  # past the 5 wrong guesses of a lockout, a few "try again in …" answers first
STRIKES_WINDOW_S = 60.0
DOOR_SHUT_S = 60.0
TRACKED = 10_000  # sources and names remembered at most; the stalest are dropped first
K = TypeVar("K")
V = TypeVar("V")


class WrongCredentials(CommandRejected):
    """`forbidden`, to be answered only after `answer_after` seconds: a guesser learns slowly."""

    def __init__(self, message: str, answer_after: float) -> None:
        super().__init__(ErrorCode.FORBIDDEN, message)
        self.answer_after = answer_after


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class SignInGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[tuple[str, str], _Failures] = {}
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netbar password check")
        self._checks_waiting = 0
        self._trusted: dict[str, float] = {}  # address → when it last signed in
        self._allowance = CHECKS_BURST  # password checks strangers may still have now
        self._allowance_at = clock()
        self._strikes: dict[str, list[float]] = {}  # address → when its recent sign-ins were refused
        self._door_shut: dict[str, float] = {}  # address → until when

    def require_allowed(self, source: str, name: str) -> None:
        """Refuse (`too_many`, with when to try again) a source or name that is locked out."""
        now = self._clock()
        for key in (("source", source), ("name", name)):
            failures = self._current(key, now)
            if failures is not None and failures.locked_until > now:
                self._strike(source, now)
                wait = failures.locked_until - now
                what = "from this address" if key[0] == "source" else f"for {name}"
                raise CommandRejected(
                    ErrorCode.TOO_MANY,
                    f"too many wrong sign-ins {what}; try again in {_duration(wait)}",
                    retry_after_ms=int(wait * 1000),
                )

    def failed(self, source: str, name: str, message: str) -> WrongCredentials:
        """Count a wrong guess and lock out past the free ones; the refusal to answer it with, late (later with
        each guess)."""
        now = self._clock()
        slowest = 0
        for key, free in ((("source", source), FREE_FROM_SOURCE), (("name", name), FREE_FOR_NAME)):
            failures = self._current(key, now) or _Failures()
            failures.count += 1
            failures.last = now
            _remember(self._failures, key, failures)
            if failures.count >= free:
                lockout = min(FIRST_LOCKOUT_S * 2 ** (failures.count - free), MAX_LOCKOUT_S)
                failures.locked_until = now + lockout
            slowest = max(slowest, failures.count)
        self._strike(source, now)
        return WrongCredentials(message, min(0.1 * 2 ** (slowest - 1), MAX_SLOWDOWN_S))

    def succeeded(self, source: str, name: str) -> None:
        """Forget the name's failures (not the source's: one good token must not wash a guesser's address), and
        trust the address with the fast lane for password checks."""
        self._failures.pop(("name", name), None)
        _remember(self._trusted, source, self._clock())

    async def check_password(self, source: str, check: Callable[[], bool]) -> bool:
        """Run the slow password check on the one thread kept for it; `busy` when too many already wait, or when
        an address that never signed in here finds strangers' checks used up for now."""
        if self._checks_waiting >= PASSWORD_CHECKS_WAITING or not (self._is_trusted(source) or self._spend()):
            self._strike(source, self._clock())
            raise busy("checking passwords", 1000)
        self._checks_waiting += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._checker, check)
        finally:
            self._checks_waiting -= 1

    def door_shut_for(self, source: str) -> float:
        """Seconds `source` is still turned away at the door (0: it may come in)."""
        until = self._door_shut.get(source)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            del self._door_shut[source]
            return 0.0
        return left

    def _strike(self, source: str, now: float) -> None:
        if self._is_trusted(source):
            return
        strikes = [moment for moment in self._strikes.get(source, ()) if now - moment < STRIKES_WINDOW_S]
        strikes.append(now)
        _remember(self._strikes, source, strikes)
        if len(strikes) >= STRIKES:
            _remember(self._door_shut, source, now + DOOR_SHUT_S)

    def _is_trusted(self, source: str) -> bool:
        since = self._trusted.get(source)
        return since is not None and self._clock() - since < TRUSTED_FOR_S

    def _spend(self) -> bool:
        """Take one of strangers' password checks, if any is left (a token bucket)."""
        now = self._clock()
        self._allowance = min(CHECKS_BURST, self._allowance + (now - self._allowance_at) * CHECKS_PER_SECOND)
        self._allowance_at = now
        if self._allowance < 1:
            return False
        self._allowance -= 1
        return True

    def close(self) -> None:
        self._checker.shutdown(wait=False, cancel_futures=True)

    def _current(self, key: tuple[str, str], now: float) -> _Failures | None:
        failures = self._failures.get(key)
        if failures is not None and now - failures.last > WINDOW_S and failures.locked_until <= now:
            del self._failures[key]
            return None
        return failures


def _remember(known: dict[K, V], key: K, value: V) -> None:
    """Set `key` as the newest entry of `known`, dropping the stalest past TRACKED (a dict keeps the order its
    entries were set in)."""
    known.pop(key, None)
    if len(known) >= TRACKED:
        del known[next(iter(known))]
    known[key] = value


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
