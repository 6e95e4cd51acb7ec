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
        """Prune now, then every hour, until cancelled."""
        while True:
            await self.prune()
            await asyncio.sleep(EVERY.total_seconds())

    async def prune(self) -> tuple[int, int]:
        """Prune what is older than the window; how many events and answers went."""
        before = self._service.now() - self._window
        events = await self._in_batches(lambda repo: repo.prune_events(before, BATCH))
        answers = await self._in_batches(lambda repo: repo.prune_processed(before, BATCH))
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
