"""The seat's remaining time, counted down locally between the hub's updates, with the prompts to renew."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

WARN_AT_SECONDS = (10 * 60, 5 * 60)
# More than this over what was last counted is time added (a credit is whole minutes); less is the hub's clock and
# ours a second apart, as on a reconnect's welcome, and must not prompt again.
ADDED_AT_LEAST = 30


class Alarm(Enum):
    RENEW_SOON = auto()
    TIME_UP = auto()


@dataclass(frozen=True)
class Prompt:
    alarm: Alarm
    minutes_left: int = 0


class Countdown:
    """`set` with what the hub says is left; `tick` says what to prompt now. Only the hub ever adds time."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._remaining_at_set: float | None = None
        self._set_at = 0.0
        self._last_seen: float = math.inf

    @property
    def has_session(self) -> bool:
        return self._remaining_at_set is not None

    def set(self, remaining_seconds: int | None) -> None:
        self._remaining_at_set = None if remaining_seconds is None else float(remaining_seconds)
        self._set_at = self._clock()
        if remaining_seconds is not None and remaining_seconds > self._last_seen + ADDED_AT_LEAST:
            self._last_seen = math.inf  # time was added: the prompts apply afresh

    @property
    def time_up(self) -> bool:
        """A session whose time has run out (not a seat that has none)."""
        return self.has_session and self.remaining() == 0

    def remaining(self) -> int:
        if self._remaining_at_set is None:
            return 0
        return max(0, math.ceil(self._remaining_at_set - (self._clock() - self._set_at)))

    def tick(self) -> Prompt | None:
        """What the customer should be told, once, as the time passes a threshold."""
        if self._remaining_at_set is None:
            return None
        now, before = self.remaining(), self._last_seen
        self._last_seen = min(now, before)  # a second back from the hub is not time added: no prompt again
        if now == 0 < before:
            return Prompt(Alarm.TIME_UP)
        crossed = [limit for limit in WARN_AT_SECONDS if now <= limit < before]
        if crossed:
            return Prompt(Alarm.RENEW_SOON, math.ceil(now / 60))
        return None
