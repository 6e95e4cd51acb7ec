"""A report through the link: asked on the bus, put together from its pages and published whole; one at a time;
and a report the connection loses on the way, or asked with the hub away, is said at once, not waited for."""

import asyncio
import threading
from datetime import date, timedelta

import pytest

from netbar.bus import EventBus
from netbar.domain.errors import ErrorCode
from netbar.hub import reporting
from netbar.link.events import AskReport, ReportArrived
from netbar.reports.period import Period
from netbar.wire import frames
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder

# The hub's business days are the PC's own here: a request made now is today's, or yesterday's before 06:00.
FIRST, LAST = date.today() - timedelta(days=1), date.today()


async def test_a_report_arrives_whole_from_its_pages_and_one_is_asked_at_a_time(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frames, "REPORT_PAGE_BYTES", 2048)
    seat = await hub.raw_kiosk("A01")
    assert (await seat.command("place_request", {"kind": "call", "lines": []}))["type"] == "ack"
    bus = EventBus()
    arrived = Recorder(bus, ReportArrived)
    await hub.staff(bus=bus)
    bus.publish(AskReport(FIRST, LAST))
    bus.publish(AskReport(FIRST, LAST))
    first, second = await arrived.wait_count(2, within=60)
    assert first.error is not None  # said at once: the link asks for one at a time
    assert (first.error.code, first.error.message) == (ErrorCode.BUSY, "a report is on its way; wait for it")
    assert second.error is None
    assert second.charts is not None
    assert second.charts.figures.requests == 1
    assert second.workbook is not None
    assert second.workbook.startswith(b"PK")  # a zip: the .xlsx, put together from its pages
    assert len(second.workbook) > 2 * 2048
    await seat.close()


async def test_a_report_lost_with_the_connection_is_said_and_so_is_one_asked_with_the_hub_away(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    building, release = threading.Event(), threading.Event()

    def held(self: reporting.Reporting, period: Period) -> reporting.BuiltReport:
        building.set()
        release.wait(timeout=30)
        raise AssertionError("the hub stopped before this report was sent")

    monkeypatch.setattr(reporting.Reporting, "_build", held)
    bus = EventBus()
    arrived = Recorder(bus, ReportArrived)
    await hub.staff(bus=bus)
    bus.publish(AskReport(FIRST, LAST))
    try:
        assert await asyncio.to_thread(building.wait, 10)
        await hub.hub.stop()
    finally:
        release.set()
    (lost,) = await arrived.wait_count(1)
    assert lost.error is not None
    assert lost.error.code is ErrorCode.UNAVAILABLE
    assert lost.error.message.startswith("the connection to the hub was lost")

    bus.publish(AskReport(FIRST, LAST))
    away = (await arrived.wait_count(2))[1]
    assert away.error is not None
    assert (away.error.code, away.error.message) == (ErrorCode.UNAVAILABLE, "not connected to the hub")
    await hub.start_again()  # the fixture stops it
