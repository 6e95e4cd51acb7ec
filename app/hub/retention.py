"""Tables that grow with every order are pruned past a window, a small batch at a time.

The event log is how far back a client can resume (a client away longer gets the snapshot alone), and the
processed commands are how far back a repeated command gets its first answer (a kiosk holds a command in its
outbox for minutes or hours, never for weeks). Reports read requests and their timestamps, never these. Each batch
is one short write between commands, so pruning a busy month never stalls the orders of the evening.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from netbar.hub.service import HubService
from netbar.store.repository import Repository

_LOGGER = logging.getLogger(__name__)

DEFAULT_DAYS = 30
BATCH = 500
EVERY = timedelta(hours=1)


class Retention:
    def __init__(self, service: HubService, days: int = DEFAULT_DAYS) -> None:
        self._service = service
        self._window = timedelta(days=days)

    async def run(self) -> None:
        """Prune now, then every hour, until cancelled. A round that fails (the database locked, the writer
        starting again) is tried again the next hour."""
        while True:
            try:
                await self.prune()
            except Exception as error:
                _LOGGER.warning("could not prune old events and answers this time: %s", error)
            await asyncio.sleep(EVERY.total_seconds())

    async def prune(self) -> tuple[int, int]:
        """Prune what is older than the window; how many events and answers went."""
        before = self._service.now() - self._window
        # Partials of the repository's own methods: they may cross to a writer process.
        events = await self._in_batches(partial(Repository.prune_events, before=before, batch=BATCH))
        answers = await self._in_batches(partial(Repository.prune_processed, before=before, batch=BATCH))
        if events or answers:
            _LOGGER.info("pruned %d events and %d answers from before %s", events, answers, f"{before:%Y-%m-%d}")
        return events, answers

    async def _in_batches(self, batch: Callable[[Repository], Awaitable[int]]) -> int:
        total = 0
        while (deleted := await self._service.maintain(batch)) > 0:
            total += deleted
            if deleted < BATCH:
                break
            await asyncio.sleep(0)  # the commands waiting for the writer go first
        return total
