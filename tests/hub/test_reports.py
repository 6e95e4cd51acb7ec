"""A manager's report over the wire: the charts' tables and the workbook `netbar report` writes, in pages, for a
known stretch of business made through the hub; anyone else, a bad period or a second report at once refused,
with nothing changed."""

import asyncio
import base64
import io
from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from netbar.hub.reporting import VenueDays
from netbar.wire import frames
from tests.hub.conftest import DATABASES
from tests.reports.known_day import KnownDay
from tests.support.hub import RunningHub, database, start_hub
from tests.support.wire import RawClient, row_counts

SHANGHAI_DAYS = VenueDays(time(6, 0), "Asia/Shanghai")


@pytest.fixture(params=DATABASES)
async def hub(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[RunningHub]:
    """A hub whose business days start at 06:00 in Shanghai, the known day's venue."""
    async with database(request.param) as on:
        running = await start_hub(tmp_path, on=on, days=SHANGHAI_DAYS)
        yield running
        await running.close()


@pytest.fixture
async def known_day(hub: RunningHub) -> RunningHub:
    await KnownDay(hub).make()
    return hub


async def ask(client: RawClient, first: str, last: str) -> None:
    await client.send({"type": "report_get", "first": first, "last": last})


async def report(client: RawClient) -> tuple[dict[str, Any], bytes | None]:
    """The next report frame (events and presence before it kept aside) and, unless it was refused, the workbook
    its pages bring."""
    async with asyncio.timeout(60):  # pandas' first import, and two cores shared
        frame = await client.answer()
        assert frame["type"] == "report", frame
        if frame["refused"] is not None:
            return frame, None
        pages = [await client.answer() for _ in range(frame["workbook_pages"])]
    assert [page["type"] for page in pages] == ["report_page"] * frame["workbook_pages"]
    assert [page["index"] for page in pages] == list(range(frame["workbook_pages"]))
    workbook = b"".join(base64.b64decode(page["data"]) for page in pages)
    assert len(workbook) == frame["workbook_bytes"]
    return frame, workbook


async def test_a_manager_gets_the_charts_and_the_workbook_of_a_known_day(
    known_day: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frames, "REPORT_PAGE_BYTES", 4096)  # a small workbook still comes in several pages
    li = await known_day.raw_staff()
    await ask(li, "2026-11-20", "2026-11-21")
    frame, workbook = await report(li)
    assert frame["workbook_pages"] > 1
    assert workbook is not None
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    assert book.sheetnames == ["Summary", "Items", "Service times", "Hours", "Shifts", "Requests"]
    summary = [tuple(row) for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[-1] == ("Total", 9, 2, 3, 3, 1, 6, 3, 47.5, 240)  # as tests/reports/test_report.py reads it

    charts = frame["charts"]
    assert (charts["first"], charts["last"]) == ("2026-11-20", "2026-11-21")
    assert charts["figures"] == {"requests": 9, "done": 6, "cancelled": 3, "revenue_fen": 4750, "time_sold_min": 240}
    times = {row["kind"]: row for row in charts["service_times"]}
    assert list(times) == ["renewal", "food", "drink", "call"]
    assert times["food"] == {
        "kind": "food",
        "accepted_median_s": 555,
        "accepted_p90_s": 831,
        "done_median_s": 915,
        "done_p90_s": 1143,
        "done": 2,
    }
    # A renewal is never accepted: done straight from placed.
    assert (times["renewal"]["accepted_median_s"], times["renewal"]["done_median_s"]) == (None, 390)
    hours = {row["hour"]: row["requests"] for row in charts["hours"]}
    assert list(hours)[:2] == ["06:00", "07:00"]  # from the hour the day starts
    assert len(hours) == 24
    assert hours["10:00"] == {"renewal": 0, "food": 1, "drink": 1, "call": 0}
    assert hours["02:00"] == {"renewal": 0, "food": 1, "drink": 0, "call": 0}


async def test_a_second_report_while_one_is_made_is_told_busy(known_day: RunningHub) -> None:
    li = await known_day.raw_staff()
    await ask(li, "2026-11-20", "2026-11-21")
    await ask(li, "2026-11-20", "2026-11-20")
    busy, nothing = await report(li)
    assert nothing is None
    assert busy["refused"]["code"] == "busy"
    assert "another report is being made" in busy["refused"]["message"]
    made, workbook = await report(li)
    assert (made["last"], workbook is not None) == ("2026-11-21", True)


async def test_only_a_manager_sees_reports(known_day: RunningHub) -> None:
    wang = await known_day.add_cashier()
    await ask(wang, "2026-11-20", "2026-11-21")
    refused, workbook = await report(wang)
    assert (refused["refused"]["code"], workbook) == ("forbidden", None)
    assert refused["refused"]["message"] == "only a manager may see reports"
    kiosk = await known_day.raw_kiosk("A01")
    await ask(kiosk, "2026-11-20", "2026-11-21")
    assert (await report(kiosk))[0]["refused"]["code"] == "forbidden"


async def test_a_bad_period_is_refused_and_changes_nothing(known_day: RunningHub) -> None:
    li = await known_day.raw_staff()
    before = await row_counts(known_day.db)
    for first, last, said in (
        ("2026-11-21", "2026-11-20", "the period ends (2026-11-20) before it starts (2026-11-21)"),
        ("2027-01-01", "2027-01-07", "no requests from 2027-01-01 to 2027-01-07"),
        ("2025-01-01", "2026-11-21", "a report covers at most 366 days"),
    ):
        await ask(li, first, last)
        refused, workbook = await report(li)
        assert (refused["refused"]["code"], workbook) == ("invalid", None)
        assert said in refused["refused"]["message"]
    # Not a day at all: the frame itself is refused, and the connection lives on.
    await li.send({"type": "report_get", "first": "20 Nov", "last": "2026-11-21"})
    error = await li.answer()
    assert (error["type"], error["code"]) == ("error", "invalid")
    assert error["message"].startswith("report_get: first:")
    assert await row_counts(known_day.db) == before
    assert (await li.command("accept", {"request_id": 999}))["code"] == "not_found"  # still heard
