"""Connections come and go in the hub's log a line each, until a storm of them: then counted, a line a second
(hub/comings.py)."""

import asyncio
import logging
from functools import partial
from pathlib import Path

import pytest

from netbar.hub import comings, server
from netbar.hub.comings import LINES_PER_S, Comings
from tests.support.hub import start_hub

LOGGER = logging.getLogger("netbar.test.comings")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == LOGGER.name]


async def test_past_the_lines_of_a_second_the_rest_are_counted_and_told_a_moment_later(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO, LOGGER.name)
    monkeypatch.setattr(comings, "TELL_EVERY_S", 0.1)  # waited for below with room to spare on a busy machine
    log = Comings(LOGGER, Clock())
    for number in range(LINES_PER_S + 5):
        log.connected(f"kiosk K{number:02d}", ("10.0.0.7", 50000 + number))
    log.disconnected("kiosk K00")
    assert lines(caplog) == [
        f"kiosk K{number:02d} connected from ('10.0.0.7', {50000 + number})" for number in range(20)
    ]
    await asyncio.sleep(1.0)
    assert lines(caplog)[LINES_PER_S:] == [
        f"5 more connected and 1 more disconnected, not each logged: more than {LINES_PER_S} in a second"
    ]


async def test_each_is_told_again_in_the_next_second(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO, LOGGER.name)
    monkeypatch.setattr(comings, "TELL_EVERY_S", 0.1)
    clock = Clock()
    log = Comings(LOGGER, clock)
    for number in range(LINES_PER_S + 1):
        log.connected(f"kiosk K{number:02d}", "here")
    clock.now += 1
    log.disconnected("kiosk K00")
    assert lines(caplog)[LINES_PER_S:] == ["kiosk K00 disconnected"]
    log.tell_untold()
    assert lines(caplog)[LINES_PER_S + 1 :] == [
        f"1 more connected and 0 more disconnected, not each logged: more than {LINES_PER_S} in a second"
    ]
    log.tell_untold()  # told once, and the timer with it
    await asyncio.sleep(1.0)
    assert len(lines(caplog)) == LINES_PER_S + 2


async def test_what_a_stopping_hub_had_not_told_is_told_as_it_stops(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO, "netbar.hub.server")
    monkeypatch.setattr(comings, "LINES_PER_S", 2)
    monkeypatch.setattr(comings, "TELL_EVERY_S", 600.0)  # told as the hub stops, however slow the machine
    monkeypatch.setattr(server, "Comings", partial(Comings, clock=Clock()))  # all in one second
    hub = await start_hub(tmp_path)
    try:
        kiosks = [await hub.raw_kiosk(seat) for seat in ("A01", "A02", "A03")]
        for kiosk in kiosks:
            await kiosk.close()
    finally:
        await hub.close()
    said = [record.getMessage() for record in caplog.records if record.name == "netbar.hub.server"]
    comings_and_goings = [line for line in said if "connected" in line]
    assert [line.split(" from ")[0] for line in comings_and_goings] == [
        "seat:A01 connected",
        "seat:A02 connected",
        "1 more connected and 3 more disconnected, not each logged: more than 2 in a second",
    ]
