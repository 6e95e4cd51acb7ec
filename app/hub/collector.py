"""Full garbage collections when closed connections have left something to collect, not whenever the living grew.

CPython starts a full collection each time the long-lived objects have grown by a quarter, and walks every one of
them with the event loop stopped. In a hub the long-lived objects are its connections (some 140 each), so while a
café's kiosks reconnect the hub walks them all again and again, each time longer (issue 8's storm of 5,000
kiosks: ten full collections, up to ~340 ms, most of the staff window's p99), and at 1,000 orders a second the
commands in flight push it over a quarter every few seconds (500 kiosks: 40–85 ms each), though a full collection
then finds nothing: commands leave no cycles.

What a full collection does find, measured on the hub, is a few objects per closed connection (asyncio's socket
transport refers to itself through its read callback). So once the hub has started, full collections run when as
many connections have closed since the last as are open (at least `CLOSED_PER_FULL`): each closed connection
pays for a share of the walk that frees it, and a storm, which opens connections, sets off none. As a backstop for
garbage of any other kind, CPython's own rule still applies, after `MIDDLE_PER_FULL` collections of the middle
generation instead of 10: every few minutes under load.

The collector is one per process, like the garbage it manages: `full_collections` is the hub process's.
"""

import asyncio
import gc
import logging
import time
from typing import Any

_LOGGER = logging.getLogger(__name__)

CLOSED_PER_FULL = 1_000
MIDDLE_PER_FULL = 1_000  # CPython's default is 10


class FullCollections:
    def __init__(self, closed_per_full: int = CLOSED_PER_FULL) -> None:
        self._closed_per_full = closed_per_full
        self._open = 0
        self._closed = 0  # since the last full collection
        self._thresholds: tuple[int, int, int] | None = None  # CPython's, while taken over
        self._due = False

    def take_over(self) -> None:
        """Move what exists now (start-up's modules, tables and schemas, which live as long as the process) out of
        the collector's sight, and start full collections by closed connections from now on."""
        if self._thresholds is not None:
            return
        gc.freeze()
        self._thresholds = gc.get_threshold()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, MIDDLE_PER_FULL)
        gc.callbacks.append(self._seen)
        self._closed = 0

    def give_back(self) -> None:
        """Collections as CPython runs them by itself, over everything again."""
        if self._thresholds is None:
            return
        gc.callbacks.remove(self._seen)
        gc.set_threshold(*self._thresholds)
        self._thresholds = None
        gc.unfreeze()

    def opened(self) -> None:
        self._open += 1

    def closed(self) -> None:
        self._open -= 1
        self._closed += 1
        if self._thresholds is None or self._due or self._closed < max(self._closed_per_full, self._open):
            return
        # Not inside the transport's own callback: once the loop is back, before the next connection's work.
        self._due = True
        asyncio.get_running_loop().call_soon(self._collect)

    def _collect(self) -> None:
        self._due = False
        closed = self._closed
        started = time.perf_counter()
        found = gc.collect()
        _LOGGER.debug(
            "a full collection after %d connections closed, %d open: %d objects freed in %.1f ms",
            closed,
            self._open,
            found,
            (time.perf_counter() - started) * 1e3,
        )

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self._closed = 0


full_collections = FullCollections()
