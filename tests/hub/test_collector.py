"""The hub's garbage collector: young objects as usual, the whole heap only on the hub's own schedule."""

import asyncio
import gc
from typing import Any

import pytest

from netbar.hub import collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_full_collections_wait_for_the_schedule_and_find_the_old_garbage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collector, "FULL_EVERY_S", 0.3)
    before = gc.get_threshold()
    full_collections: list[int] = []
    collected = asyncio.Event()

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full_collections.append(info["collected"])
            collected.set()

    gc.callbacks.append(seen)
    collecting = asyncio.create_task(collector.collect_on_schedule())
    try:
        await asyncio.sleep(0)
        assert gc.get_threshold()[:2] == before[:2]  # the young are collected as before
        assert gc.get_threshold()[2] > 10**9  # and a full collection never starts by itself
        garbage = [_Cycle() for _ in range(1000)]
        for _ in range(3):  # old enough to have reached the oldest generation
            gc.collect(1)
        del garbage
        gc.collect(1)  # the younger collections never look there
        assert not full_collections
        async with asyncio.timeout(5):
            await collected.wait()
        assert full_collections[0] >= 1000  # the scheduled one found it
    finally:
        gc.callbacks.remove(seen)
        collecting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await collecting
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
