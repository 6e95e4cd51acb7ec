"""Sign-in is cheap to refuse: wrong guesses are counted per source address and per name (a staff user, a seat),
answered ever more slowly, and past a few, refused outright for a while; and the slow password check runs one at
a time on a thread of its own, so a flood of guesses cannot take the cores the orders need (issue 9: 7.8 guesses
a second with no lockout, each 64 MiB of Argon2, tripled an order's p50).

A staff user locked out by someone else's guesses is told for how long; the source's own limit, lower, stops a
single guesser long before that.
"""

import asyncio
import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.hub.admission import busy
from netbar.hub.credentials import hash_password

WINDOW_S = 15 * 60  # failures older than this are forgiven
FREE_FROM_SOURCE = 5  # wrong guesses from one address before it is locked out
FREE_FOR_NAME = 10  # wrong guesses at one user or seat, from anywhere, before it is locked out
FIRST_LOCKOUT_S = 30.0  # then doubling with each further failure
MAX_LOCKOUT_S = 15 * 60.0
MAX_SLOWDOWN_S = 3.0  # a wrong guess is answered after 0.1, 0.2, 0.4 … s, at most this
PASSWORD_CHECK_NICENESS = 10  # of 19: on a busy hub a sign-in waits a little, an order does not
PASSWORD_CHECKS_WAITING = 8  # past this many waiting, a staff sign-in is told `busy`
# Password checks for addresses that never signed in here: at most this many a second (a burst of CHECKS_BURST),
# so guesses from a whole subnet cost the hub a fraction of a core, not both (issue 9's signin bench).
CHECKS_PER_SECOND = 2.0
CHECKS_BURST = 10.0
TRUSTED_FOR_S = 7 * 24 * 3600  # an address that signed in is trusted with the fast lane for a week
# An address refused this many sign-ins within STRIKES_WINDOW_S (wrong, locked out, or past the strangers'
# allowance) is turned away at the door for DOOR_SHUT_S: reset as it is accepted (netbar.hub.doorway), which costs
# the hub next to nothing against a refused hello's milliseconds.
STRIKES = 8  # past the 5 wrong guesses of a lockout, a few "try again in …" answers first
STRIKES_WINDOW_S = 60.0
DOOR_SHUT_S = 60.0
# An attack from a whole subnet costs each address STRIKES handshakes before its door shuts: thousands. So while
# strangers are being refused (ATTACK_STRIKES within ATTACK_WINDOW_S: more than one stale kiosk retrying), the door
# lets in only a few strangers a second; each one turned away is a strike for its address, so the attacker's
# addresses are shut within seconds, for the price of a reset each, and the narrow door is free again for the rest.
# Trusted addresses (kiosks and counters that signed in here) never wait at it.
ATTACK_STRIKES = 20
ATTACK_WINDOW_S = 10.0
STRANGERS_PER_SECOND = 4.0
STRANGERS_BURST = 8.0
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
        self._checker = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="netbar password check", initializer=_yield_to_orders
        )
        self._checks_waiting = 0
        self._trusted: dict[str, float] = {}  # address → when it last signed in
        self._checks = _Bucket(CHECKS_PER_SECOND, CHECKS_BURST, clock())  # strangers' password checks
        self._strikes: dict[str, list[float]] = {}  # address → when its recent sign-ins were refused
        self._door_shut: dict[str, float] = {}  # address → until when
        self._recent_strikes: deque[float] = deque(maxlen=ATTACK_STRIKES)  # any stranger's, newest last
        self._door = _Bucket(STRANGERS_PER_SECOND, STRANGERS_BURST, clock())  # strangers let in during an attack

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
        crowded = self._checks_waiting >= PASSWORD_CHECKS_WAITING
        if crowded or not (self._is_trusted(source) or self._checks.take(self._clock())):
            self._strike(source, self._clock())
            raise busy("checking passwords", 1000)
        self._checks_waiting += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._checker, check)
        finally:
            self._checks_waiting -= 1

    async def hash_password(self, password: str) -> str:
        """A new password's hash, made on the password checks' thread (half a second of Argon2)."""
        return await asyncio.get_running_loop().run_in_executor(self._checker, hash_password, password)

    def failed_to_greet(self, source: str) -> None:
        """A connection from `source` left the door without finishing its opening handshake (netbar.hub.doorway),
        or sent no hello in time after it: a strike for its address. Not a sign of an attack on the whole door,
        though: after a hub restart, a storm on a slow machine may time out a few handshakes of kiosks not yet
        trusted again, and the door must not then narrow for all of them."""
        self._strike(source, self._clock(), alarming=False)

    def turned_away(self, source: str) -> bool:
        """Whether `source` is turned away at the door: an address shut for its own strikes, or a stranger finding
        the door narrowed by an attack and the strangers' places taken (a strike for it)."""
        now = self._clock()
        until = self._door_shut.get(source)
        if until is not None:
            if until > now:
                return True
            del self._door_shut[source]
        if not self._under_attack(now) or self._is_trusted(source) or self._door.take(now):
            return False
        self._strike(source, now)
        return True

    def shut_out(self) -> list[str]:
        """The addresses turned away for their own strikes, now."""
        now = self._clock()
        for source in [source for source, until in self._door_shut.items() if until <= now]:
            del self._door_shut[source]
        return list(self._door_shut)

    def _strike(self, source: str, now: float, *, alarming: bool = True) -> None:
        """Count a strike against `source`; `alarming`: one of those that, coming from many sources at once, narrow
        the door for strangers."""
        if self._is_trusted(source):
            return
        if alarming:
            self._recent_strikes.append(now)
        strikes = [moment for moment in self._strikes.get(source, ()) if now - moment < STRIKES_WINDOW_S]
        strikes.append(now)
        _remember(self._strikes, source, strikes)
        if len(strikes) >= STRIKES:
            _remember(self._door_shut, source, now + DOOR_SHUT_S)

    def _is_trusted(self, source: str) -> bool:
        since = self._trusted.get(source)
        return since is not None and self._clock() - since < TRUSTED_FOR_S

    def _under_attack(self, now: float) -> bool:
        strikes = self._recent_strikes
        return len(strikes) == ATTACK_STRIKES and now - strikes[0] < ATTACK_WINDOW_S

    def close(self) -> None:
        self._checker.shutdown(wait=False, cancel_futures=True)

    def _current(self, key: tuple[str, str], now: float) -> _Failures | None:
        failures = self._failures.get(key)
        if failures is not None and now - failures.last > WINDOW_S and failures.locked_until <= now:
            del self._failures[key]
            return None
        return failures


@dataclass
class _Bucket:
    """`per_second` a second, up to `burst` at once (a token bucket)."""

    per_second: float
    burst: float
    at: float
    left: float = field(init=False)

    def __post_init__(self) -> None:
        self.left = self.burst

    def take(self, now: float) -> bool:
        """Take one, if any is left."""
        self.left = min(self.burst, self.left + (now - self.at) * self.per_second)
        self.at = now
        if self.left < 1:
            return False
        self.left -= 1
        return True


def _yield_to_orders() -> None:
    """Lower this thread's priority (Linux schedules threads one by one): a password check's tens of milliseconds
    of Argon2 then take what the cores have spare, not an order's turn."""
    with contextlib.suppress(OSError, AttributeError):  # setpriority is POSIX's, per thread on Linux only
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), PASSWORD_CHECK_NICENESS)


def _remember(known: dict[K, V], key: K, value: V) -> None:
    """Set `key` as the newest entry of `known`, dropping the stalest past TRACKED (a dict keeps the order its
    entries were set in)."""
    known.pop(key, None)
    if len(known) >= TRACKED:
        del known[next(iter(known))]
    known[key] = value


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
