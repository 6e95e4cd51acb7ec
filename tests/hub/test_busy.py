"""Backpressure: past what the hub can take, a command or a hello is answered `busy` with when to come back;
nothing is written, the link keeps the command (in the outbox) and sends it when told, and it lands once."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from netbar.bus import EventBus
from netbar.domain.requests import RequestKind
from netbar.hub import service as service_module
from netbar.hub.admission import MIN_RETRY_MS, Admission
from netbar.link.events import CommandDeferred, Connected, Disconnected
from netbar.link.link import HubLink
from netbar.store.models import RequestRow
from netbar.wire.frames import KioskHello
from tests.support.commands import order, request_of
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder
from tests.support.wire import RawClient, row_counts

COLA = order(RequestKind.DRINK, ("cola", 1))
COMMAND_ID = "6f1c2b8e-0000-4000-8000-00000000b05e"


async def requests_in(hub: RunningHub) -> int:
    async with hub.db.read() as repo:
        return await repo.connection.scalar(select(func.count()).select_from(RequestRow)) or 0


async def test_a_command_past_the_writers_queue_is_busy_and_writes_nothing(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "COMMANDS_WAITING", 1)  # room for the write in progress only
    kiosk = await hub.raw_kiosk("A01")
    before = await row_counts(hub.db)
    async with hub.writer_held():
        answer = await kiosk.command(COLA.name, COLA.body(), COMMAND_ID)
    assert (answer["type"], answer["code"], answer["command_id"]) == ("error", "busy", COMMAND_ID)
    assert answer["retry_after_ms"] >= MIN_RETRY_MS
    assert await row_counts(hub.db) == before
    again = await kiosk.command(COLA.name, COLA.body(), COMMAND_ID)  # the writer is free now
    assert again["type"] == "ack"
    await kiosk.close()


async def test_one_seat_takes_no_more_than_its_share_of_the_writers_queue(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "COMMANDS_WAITING_PER_SEAT", 2)
    # A kiosk's token copied onto a laptop: a connection for each command, as each runs one at a time.
    laptop = [await hub.raw_kiosk("A01") for _ in range(3)]
    kiosk = await hub.raw_kiosk("A02")
    async with hub.writer_held():
        waiting = [asyncio.create_task(each.command(COLA.name, COLA.body())) for each in laptop[:2]]
        await asyncio.sleep(0.2)  # both at the writer
        turned_away = await laptop[2].command(COLA.name, COLA.body())
        other_seat = asyncio.create_task(kiosk.command(COLA.name, COLA.body()))
        await asyncio.sleep(0.2)
        assert not other_seat.done()  # at the writer too, not told busy
    assert (turned_away["code"], turned_away["retry_after_ms"] >= MIN_RETRY_MS) == ("busy", True)
    assert "seat A01" in turned_away["message"]
    assert [answer["type"] for answer in await asyncio.gather(*waiting, other_seat)] == ["ack"] * 3
    again = await laptop[2].command(COLA.name, COLA.body())  # its share is free again
    assert again["type"] == "ack"
    for each in [*laptop, kiosk]:
        await each.close()


async def test_commands_sent_away_together_are_told_turns_at_the_rate_the_writer_takes_them(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "COMMANDS_WAITING", 1)
    monkeypatch.setattr(hub.hub.server.service._writer, "_average_ms", 100.0)  # ten commands a second
    kiosks = [await hub.raw_kiosk(seat) for seat in ("A01", "A02", "A03")]
    async with hub.writer_held():
        answers = [await kiosk.command(COLA.name, COLA.body()) for kiosk in kiosks]
    hints = [answer["retry_after_ms"] for answer in answers]
    assert [answer["code"] for answer in answers] == ["busy"] * 3
    # Each a tenth of a second after the one before (less the moments between the asking), not all the same.
    assert hints[1] - hints[0] >= 50
    assert hints[2] - hints[1] >= 50
    for kiosk in kiosks:
        await kiosk.close()


async def test_the_link_keeps_a_busy_command_and_sends_it_when_told(
    hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "COMMANDS_WAITING", 1)
    kiosk = await hub.kiosk("A02", outbox=tmp_path / "outbox.db")
    assert kiosk.outbox is not None
    busy_answers = Recorder(kiosk.bus, CommandDeferred)
    async with hub.writer_held():
        placing = asyncio.create_task(kiosk.call(COLA))
        await busy_answers.wait_count(1)
        assert [frame.command for frame in await kiosk.outbox.pending()] == [COLA]
        assert not placing.done()
    async with asyncio.timeout(5):
        placed = request_of(await placing)
    assert placed.seat == "A02"
    assert await requests_in(hub) == 1
    assert await kiosk.outbox.pending() == []


async def test_a_hello_past_the_welcome_queue_is_told_when_to_come_back(hub: RunningHub) -> None:
    server = hub.hub.server
    server._welcomes = Admission(1, 0, "welcoming others")
    client = await RawClient.connect(hub.url)
    async with server._welcomes.slot():  # another welcome under way, and no room to wait
        answer = await client.hello(role="kiosk", seat="A01", token=hub.tokens["A01"])
    assert (answer["type"], answer["code"]) == ("error", "busy")
    assert answer["retry_after_ms"] >= MIN_RETRY_MS
    await client.close()


async def test_a_link_told_the_hub_is_busy_comes_back_when_told_and_is_not_refused(hub: RunningHub) -> None:
    server = hub.hub.server
    server._welcomes = Admission(1, 0, "welcoming others")
    bus = EventBus()
    downs, ups = Recorder(bus, Disconnected), Recorder(bus, Connected)
    link = HubLink(hub.url, KioskHello(seat="A03", token=hub.tokens["A03"]), bus, max_backoff=30)
    async with server._welcomes.slot():  # another welcome under way, and no room to wait
        await link.start()
        hub.links.append(link)
        (down,) = await downs.wait_count(1)
    assert (down.reason, down.refused) == ("the hub is busy", False)
    await ups.wait_count(1, within=3)  # after the hint (~0.2 s), not after the 30 s backoff
