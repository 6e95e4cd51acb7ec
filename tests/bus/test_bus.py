"""The event dispatcher: by class, in order, isolated, unsubscribable, holding its tasks, drainable."""

import asyncio
import gc
import logging
from dataclasses import dataclass

import pytest

from netbar.bus import EventBus


@dataclass(frozen=True)
class Placed:
    number: int


@dataclass(frozen=True)
class LoudPlaced(Placed):
    pass


@dataclass(frozen=True)
class Other:
    pass


def test_handlers_get_only_their_class_in_registration_order() -> None:
    bus, calls = EventBus(), []
    bus.subscribe(Placed, lambda event: calls.append(("first", event.number)))
    bus.subscribe(Other, lambda event: calls.append(("other", 0)))
    bus.subscribe(Placed, lambda event: calls.append(("second", event.number)))
    bus.publish(Placed(1))
    bus.publish(Placed(2))
    assert calls == [("first", 1), ("second", 1), ("first", 2), ("second", 2)]


def test_a_base_class_handler_hears_subclasses_after_the_specific_ones() -> None:
    bus, calls = EventBus(), []
    bus.subscribe(object, lambda event: calls.append(f"any {type(event).__name__}"))
    bus.subscribe(Placed, lambda event: calls.append("placed"))
    bus.subscribe(LoudPlaced, lambda event: calls.append("loud"))
    bus.publish(LoudPlaced(1))
    bus.publish(Other())
    assert calls == ["loud", "placed", "any LoudPlaced", "any Other"]


def test_unsubscribe_stops_only_that_subscription() -> None:
    bus, calls = EventBus(), []

    def handler(event: Placed) -> None:
        calls.append(event.number)

    first = bus.subscribe(Placed, handler)
    bus.subscribe(Placed, handler)
    first()
    first()  # twice is harmless
    bus.publish(Placed(7))
    assert calls == [7]


@pytest.mark.logs_errors
def test_a_failing_handler_is_logged_and_the_others_still_run(caplog: pytest.LogCaptureFixture) -> None:
    bus, calls = EventBus(), []

    def broken(event: Placed) -> None:
        raise RuntimeError("boom")

    bus.subscribe(Placed, broken)
    bus.subscribe(Placed, lambda event: calls.append(event.number))
    with caplog.at_level(logging.ERROR):
        bus.publish(Placed(3))
    assert calls == [3]
    assert "Error running handler" in caplog.text
    assert "boom" in caplog.text


@pytest.mark.logs_errors
async def test_a_failing_async_handler_is_logged_and_the_others_still_run(caplog: pytest.LogCaptureFixture) -> None:
    bus, calls = EventBus(), []

    async def broken(event: Placed) -> None:
        await asyncio.sleep(0)
        raise RuntimeError("async boom")

    async def working(event: Placed) -> None:
        await asyncio.sleep(0)
        calls.append(event.number)

    bus.subscribe(Placed, broken)
    bus.subscribe(Placed, working)
    with caplog.at_level(logging.ERROR):
        bus.publish(Placed(4))
        await bus.drain()
    assert calls == [4]
    assert "async boom" in caplog.text


async def test_the_bus_holds_its_tasks_until_they_end() -> None:
    bus, finished = EventBus(), asyncio.Event()
    release = asyncio.Event()

    async def slow(event: Placed) -> None:
        await release.wait()
        finished.set()

    bus.subscribe(Placed, slow)
    bus.publish(Placed(5))
    gc.collect()  # a task referenced only by the loop could be collected here; the bus's is not
    assert bus.pending == 1
    release.set()
    await asyncio.wait_for(finished.wait(), 2)
    await bus.drain()
    assert bus.pending == 0


async def test_drain_waits_then_cancels_what_overstays(caplog: pytest.LogCaptureFixture) -> None:
    bus, done = EventBus(), []

    async def quick(event: Placed) -> None:
        await asyncio.sleep(0.01)
        done.append("quick")

    async def stuck(event: Placed) -> None:
        await asyncio.Event().wait()

    bus.subscribe(Placed, quick)
    bus.subscribe(Placed, stuck)
    bus.publish(Placed(6))
    with caplog.at_level(logging.WARNING):
        await bus.drain(within=0.2)
    assert done == ["quick"]
    assert bus.pending == 0
    assert "stuck" in caplog.text
