"""Two hubs on one PostgreSQL database, as a chain's central database with a counter PC that may fail: whichever
hub a command reaches, a request moves once, stock is taken once, a command_id is answered once, and `seq` has no
gap."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from netbar.domain.requests import RequestKind, RequestLine
from netbar.store.models import EventLogRow, MenuItemRow
from tests.support.hub import RunningHub, database, start_hub
from tests.support.wire import RawClient

RACES = 1000
AT_ONCE = 50  # races in flight together


@pytest.fixture
async def two_hubs(tmp_path: Path) -> AsyncIterator[tuple[RunningHub, RunningHub]]:
    async with database("postgresql") as on:
        first = await start_hub(tmp_path, on=on)
        second = await start_hub(tmp_path, on=on)
        yield first, second
        await second.close()
        await first.close()


async def commands(client: RawClient, frames: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Send every command at once, then read their answers, by command_id."""
    for frame in frames:
        await client.send({"type": "command", **frame})
    answers: dict[str, dict[str, Any]] = {}
    while len(answers) < len(frames):
        answer = await client.answer()
        answers[answer["command_id"]] = answer
    return answers


async def placed_drinks(hub: RunningHub, count: int) -> list[int]:
    """`count` requests for one cola each, placed straight into the database (past a seat's 20 open)."""
    line = RequestLine(item_id="cola", name_zh="可口可乐", name_en="Coca-Cola", qty=1, price_fen=350)
    async with hub.db.write() as repo:
        placed = [
            await repo.add_request(
                seat="A01", kind=RequestKind.DRINK, lines=[line], note="", payment=None, now=datetime.now(UTC)
            )
            for _ in range(count)
        ]
    return [request.id for request in placed]


async def event_ids(hub: RunningHub) -> list[int]:
    async with hub.db.read() as repo:
        return list(await repo.connection.scalars(select(EventLogRow.id).order_by(EventLogRow.id)))


async def test_staff_on_two_hubs_accepting_the_same_request_one_wins_every_time(
    two_hubs: tuple[RunningHub, RunningHub],
) -> None:
    first, second = two_hubs
    at_first, at_second = await first.raw_staff(), await second.raw_staff()
    stocked = await at_first.command("set_item", {"item_id": "cola", "available": True, "stock": RACES + 100})
    assert stocked["type"] == "ack"
    requests = await placed_drinks(first, RACES)

    winners: dict[int, list[str]] = {}
    for start in range(0, RACES, AT_ONCE):
        chunk = requests[start : start + AT_ONCE]
        frames = {
            side: [
                {"command_id": str(uuid.uuid4()), "name": "accept", "body": {"request_id": request_id}}
                for request_id in chunk
            ]
            for side in ("first", "second")
        }
        answers = await asyncio.gather(commands(at_first, frames["first"]), commands(at_second, frames["second"]))
        for side, sent, answered in zip(("first", "second"), frames.values(), answers, strict=True):
            for frame in sent:
                answer = answered[frame["command_id"]]
                if answer["type"] == "ack":
                    winners.setdefault(frame["body"]["request_id"], []).append(side)
                else:
                    assert answer["code"] == "conflict", answer

    assert all(len(sides) == 1 for sides in winners.values()), [r for r, s in winners.items() if len(s) > 1][:5]
    assert sorted(winners) == requests  # each request accepted exactly once
    assert {sides[0] for sides in winners.values()} == {"first", "second"}  # both hubs won some: a real race
    async with first.db.read() as repo:
        stock = await repo.connection.scalar(select(MenuItemRow.stock).where(MenuItemRow.id == "cola"))
        logged = list(
            await repo.connection.scalars(select(EventLogRow.body).where(EventLogRow.name == "request_changed"))
        )
    assert stock == 100  # taken once per request, whichever hub took it
    assert len(logged) == RACES
    ids = await event_ids(first)
    assert ids == list(range(1, len(ids) + 1))  # no gap, though half the commands were rolled back


async def test_the_same_command_at_two_hubs_is_done_once_and_both_get_its_answer(
    two_hubs: tuple[RunningHub, RunningHub],
) -> None:
    first, second = two_hubs
    seats = ("A01", "A02", "A03")
    at_first = {seat: await first.raw_kiosk(seat) for seat in seats}
    at_second = {seat: await second.raw_kiosk(seat) for seat in seats}
    for round_ in range(30):
        seat = seats[round_ % len(seats)]
        frame = {
            "command_id": str(uuid.uuid4()),
            "name": "place_request",
            "body": {"kind": "drink", "lines": [{"item_id": "iced-tea", "qty": 1}]},
        }
        one, other = await asyncio.gather(commands(at_first[seat], [frame]), commands(at_second[seat], [frame]))
        assert one[frame["command_id"]]["type"] == "ack", one
        assert one == other  # the loser of the race answers with the winner's answer, not `internal`
    async with first.db.read() as repo:
        assert len(await repo.open_requests()) == 30


async def test_a_staff_window_resuming_at_the_other_hub_gets_what_it_missed(
    two_hubs: tuple[RunningHub, RunningHub],
) -> None:
    first, second = two_hubs
    staff_at_first = await first.raw_staff()
    kiosk_at_first = await first.raw_kiosk("A02")
    seen = len(await event_ids(first))
    placed = [
        (await kiosk_at_first.command("place_request", {"kind": "call", "note": f"#{n}"}))["result"]["request"]["id"]
        for n in range(3)
    ]
    await staff_at_first.close()

    resumed = await RawClient.connect(second.url)
    welcome = await resumed.hello(role="staff", user="li", password="counter-pass", since_seq=seen)
    assert welcome["type"] == "welcome"
    missed = [await resumed.event() for _ in range(3)]
    assert [event["seq"] for event in missed] == [seen + 1, seen + 2, seen + 3]
    assert [event["body"]["request"]["id"] for event in missed] == [placed[0]] * 3  # a call: the repeats merge


async def test_what_one_hub_writes_reaches_the_other_hubs_windows_in_order(
    two_hubs: tuple[RunningHub, RunningHub],
) -> None:
    first, second = two_hubs
    kiosk_at_first, staff_at_second = await first.raw_kiosk("A01"), await second.raw_staff()
    kiosk_at_second, staff_at_first = await second.raw_kiosk("A02"), await first.raw_staff()
    seqs: list[int] = []
    for n in range(10):
        kiosk = (kiosk_at_first, kiosk_at_second)[n % 2]
        placed = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}]})
        for staff in (staff_at_first, staff_at_second):
            heard = await staff.event()  # within 3 s, whichever hub the kiosk is on
            assert heard["name"] == "request_placed"
            assert heard["body"]["request"]["id"] == placed["result"]["request"]["id"]
            if staff is staff_at_first:
                seqs.append(heard["seq"])
    accepted = await staff_at_second.command("accept", {"request_id": placed["result"]["request"]["id"]})
    assert accepted["type"] == "ack"
    told = [await kiosk_at_second.event() for _ in range(2)]  # its request moved, and the stock it took
    assert {event["name"] for event in told} == {"request_changed", "menu_changed"}
    seqs += [(await staff_at_first.event())["seq"] for _ in range(2)]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # gap-free, though two hubs wrote them
