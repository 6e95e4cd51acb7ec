"""Who connects and who leaves, in the hub's log: a line each, but not thousands in a second.

When every seat of a café connects at once (the hub restarted, the power back), a line per connection and per
departure took some 8 % of the hub's loop just as it had least to spare (issue 8's storm profile), and thousands
of lines told the owner less than one would. So past LINES_PER_S lines in a second, the rest are counted, and
told once a second (TELL_EVERY_S) in one line.
"""

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable

LINES_PER_S = 20
TELL_EVERY_S = 1.0
CONNECTED, DISCONNECTED = "connected", "disconnected"


class Comings:
    """The log lines of connections as they come and go; `clock` in seconds (time.monotonic's)."""

    def __init__(self, logger: logging.Logger, clock: Callable[[], float] = time.monotonic) -> None:
        self._logger = logger
        self._clock = clock
        self._second = 0
        self._lines = 0  # told in that second
        self._untold: Counter[str] = Counter()
        self._telling: asyncio.TimerHandle | None = None

    def connected(self, label: str, address: object) -> None:
        if self._may_tell(CONNECTED):
            self._logger.info("%s connected from %s", label, address)

    def disconnected(self, label: str) -> None:
        if self._may_tell(DISCONNECTED):
            self._logger.info("%s disconnected", label)

    def tell_untold(self) -> None:
        """One line for what was counted and not told (also when the hub stops, so nothing goes untold)."""
        if self._telling is not None:
            self._telling.cancel()
            self._telling = None
        if not self._untold:
            return
        self._logger.info(
            "%d more connected and %d more disconnected, not each logged: more than %d in a second",
            self._untold[CONNECTED],
            self._untold[DISCONNECTED],
            LINES_PER_S,
        )
        self._untold.clear()

    def _may_tell(self, what: str) -> bool:
        second = int(self._clock())
        if second != self._second:
            self._second, self._lines = second, 0
        self._lines += 1
        if self._lines <= LINES_PER_S:
            return True
        self._untold[what] += 1
        if self._telling is None:
            self._telling = asyncio.get_running_loop().call_later(TELL_EVERY_S, self.tell_untold)
        return False
