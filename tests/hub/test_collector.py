"""Full collections run once closed connections have left garbage, not whenever the living grew (hub/collector.py)."""

import asyncio
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect

from netbar.hub import collector, server
from netbar.hub.collector import FullCollections
from tests.support.hub import RunningHub, start_hub


class Cycle:
    """Garbage only a full collection finds once it is old: it refers to itself, as a closed transport does."""

    def __init__(self) -> None:
        self.me = self


class FullRuns(list[int]):
    """How many objects each full collection freed, from the test's start to its end."""

    def __init__(self) -> None:
        super().__init__()
        self.ran = asyncio.Event()

    def seen(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.append(info["collected"])
            self.ran.set()

    def forget(self) -> None:
        self.clear()
        self.ran.clear()


@pytest.fixture
def full_runs() -> Iterator[FullRuns]:
    runs = FullRuns()
    gc.callbacks.append(runs.seen)
    yield runs
    gc.callbacks.remove(runs.seen)


@pytest.fixture
def taken_over() -> Iterator[FullCollections]:
    collections = FullCollections(closed_per_full=3)
    thresholds = gc.get_threshold()
    collections.take_over()
    yield collections
    collections.give_back()
    assert gc.get_threshold() == thresholds


def old_garbage() -> weakref.ref[Cycle]:
    """A cycle in the oldest generation, dropped: alive until a full collection."""
    cycle = Cycle()
    gc.collect()  # moves it to the oldest generation
    return weakref.ref(cycle)


def test_taking_over_freezes_what_exists_and_leaves_full_collections_to_closed_connections(
    taken_over: FullCollections,
) -> None:
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[2] == collector.MIDDLE_PER_FULL
    taken_over.give_back()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold()[2] != collector.MIDDLE_PER_FULL


async def test_a_full_collection_runs_once_as_many_connections_closed_as_are_open(
    taken_over: FullCollections, full_runs: FullRuns
) -> None:
    for _ in range(10):
        taken_over.opened()
    garbage = old_garbage()
    full_runs.forget()
    for _ in range(4):  # 4 closed, 6 open
        taken_over.closed()
    await asyncio.sleep(0)
    assert full_runs == []
    taken_over.closed()  # 5 closed, 5 open
    assert full_runs == []  # not inside the transport's callback: once the loop is back
    await asyncio.sleep(0)
    assert len(full_runs) == 1
    assert garbage() is None
    taken_over.closed()  # the count starts again
    await asyncio.sleep(0)
    assert len(full_runs) == 1


async def test_a_full_collection_by_any_other_cause_starts_the_count_again(
    taken_over: FullCollections, full_runs: FullRuns
) -> None:
    for _ in range(2):
        taken_over.closed()
    gc.collect()
    full_runs.forget()
    taken_over.closed()  # the minimum is 3 closed, and there has been 1 since
    await asyncio.sleep(0)
    assert full_runs == []


async def test_before_taking_over_closed_connections_set_off_nothing(full_runs: FullRuns) -> None:
    untaken = FullCollections(closed_per_full=1)
    for _ in range(5):
        untaken.opened()
        untaken.closed()
    await asyncio.sleep(0)
    assert full_runs == []


async def test_the_hubs_connections_are_counted_as_they_open_and_close(
    tmp_path: Path, taken_over: FullCollections, full_runs: FullRuns, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "full_collections", taken_over)
    hub = await start_hub(tmp_path)
    try:
        await _three_connections_come_and_go(hub, full_runs)
    finally:
        await hub.close()


async def _three_connections_come_and_go(hub: RunningHub, full_runs: FullRuns) -> None:
    garbage = old_garbage()
    full_runs.forget()
    for _ in range(3):  # with nothing else open, the third closed sets one off
        async with connect(hub.url):
            pass
    async with asyncio.timeout(5):
        await full_runs.ran.wait()
    assert garbage() is None
