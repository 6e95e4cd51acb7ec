"""The event log's events onto the hub's bus: each once, in `seq` order, whichever hub wrote them.

A hub's own commands come back from the writer with their events, and while nothing else writes the log they
follow on from what was last published and go out at once, as before. Where another hub (or an admin command)
wrote in between, the events in the gap are read from the log first: `seq` stays gap-free on every connection of
every hub. On PostgreSQL, each commit's NOTIFY (netbar.store.notices) wakes every hub to read what the others
wrote.
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from functools import partial

from netbar.bus import EventBus
from netbar.domain.events import HubEvent
from netbar.store.database import Database
from netbar.store.notices import newest_seqs
from netbar.store.repository import Repository

_LOGGER = logging.getLogger(__name__)
READ_AT_ONCE = 500


class EventOrder:
    def __init__(self, db: Database, bus: EventBus, *, own_writer: str = "") -> None:
        """`own_writer`: the name this hub's writer signs its commits with; their events come through `written`."""
        self._db = db
        self._own_writer = own_writer
        self._bus = bus
        self._published = 0
        self._reading = asyncio.Lock()
        self._listening: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """From the newest event in the log; on PostgreSQL, listen for what other hubs write."""
        self._published = await self._db.reading(lambda repo: repo.last_seq())
        if self._db.url.get_backend_name() == "postgresql":
            self._listening = asyncio.create_task(self._listen(), name="other hubs' events")

    async def close(self) -> None:
        if self._listening is not None:
            self._listening.cancel()
            await asyncio.gather(self._listening, return_exceptions=True)

    async def written(self, logged: Sequence[HubEvent]) -> None:
        """Publish the events a command of this hub's wrote (just committed), and any before them not yet out."""
        if not logged:
            return
        if logged[0].seq == self._published + 1:
            self._publish(logged)
        else:
            await self.catch_up(logged[-1].seq)

    async def catch_up(self, newest: int | None = None) -> None:
        """Read and publish what the log holds after what was published: up to `newest`, or all of it."""
        async with self._reading:
            while newest is None or self._published < newest:
                events = await self._db.reading(partial(_events_after, self._published))
                self._publish([event for event in events if event.seq > self._published])
                if len(events) < READ_AT_ONCE and (newest is None or not events):
                    return

    def _publish(self, events: Sequence[HubEvent]) -> None:
        for event in events:
            self._bus.publish(event)
            self._published = event.seq

    async def _listen(self) -> None:
        # Closed when this task is cancelled in the middle of a catch-up, too: the notices' generator is then left at
        # a `yield`, and its connection (LISTENing, and taking notices no one reads) would stay open until the
        # generator was collected, keeping a test's database from being dropped.
        async with contextlib.aclosing(newest_seqs(self._db.url)) as notices:
            async for notice in notices:
                try:
                    if notice is None:
                        await self.catch_up()
                    elif notice[1] != self._own_writer and notice[0] > self._published:
                        await self.catch_up(notice[0])
                except Exception:  # a read that failed: the next notice (or reconnection) reads again
                    _LOGGER.warning("could not read the other hubs' events", exc_info=True)


async def _events_after(seq: int, repo: Repository) -> list[HubEvent]:
    return await repo.events_since(seq, limit=READ_AT_ONCE)
