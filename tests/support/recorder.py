"""Collect what a bus publishes and wait, with a deadline, until something expected has arrived."""

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

from netbar.bus import EventBus

E = TypeVar("E")


class Recorder(Generic[E]):
    def __init__(self, bus: EventBus, event_type: type[E]) -> None:
        self.events: list[E] = []
        self._changed = asyncio.Event()
        self.unsubscribe = bus.subscribe(event_type, self._record)

    def _record(self, event: E) -> None:
        self.events.append(event)
        self._changed.set()

    async def wait_for(self, predicate: Callable[[list[E]], bool], within: float = 10.0) -> list[E]:
        """Wait until `predicate(events)` holds; fail the test with what did arrive if it never does."""
        try:
            async with asyncio.timeout(within):
                while not predicate(self.events):
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"gave up waiting; got {self.events!r}") from None
        return self.events

    async def wait_count(self, count: int, within: float = 10.0) -> list[E]:
        return await self.wait_for(lambda events: len(events) >= count, within)
