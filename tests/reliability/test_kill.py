"""Power cuts: whatever a client saw acknowledged survives `kill -9` of the hub, and a kiosk's unanswered
command survives `kill -9` of the kiosk and arrives exactly once."""

import asyncio
import contextlib
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from websockets.exceptions import ConnectionClosed

from netbar.bus import EventBus
from netbar.domain.commands import MAX_OPEN_PER_SEAT
from netbar.link.events import CommandAnswered
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.store.database import Database
from netbar.store.models import EventLogRow, RequestRow
from netbar.wire.frames import KioskHello
from tests.support.commands import request_of
from tests.support.hub import enrol
from tests.support.kiosk_process import ORDER
from tests.support.processes import spawn, spawn_hub
from tests.support.recorder import Recorder
from tests.support.relay import Relay
from tests.support.wire import RawClient

REQUESTS = MAX_OPEN_PER_SEAT  # all from one seat, all left open


async def request_ids(db_url: str) -> list[int]:
    db = Database.open(db_url)
    try:
        async with db.read() as repo:
            return list(await repo.connection.scalars(select(RequestRow.id).order_by(RequestRow.id)))
    finally:
        await db.close()


async def test_acknowledged_requests_survive_kill_9_of_the_hub(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    tokens = await enrol(db_url)
    hub, url = await spawn_hub(db_url, tmp_path)
    client = await RawClient.connect(url)
    await client.hello(role="kiosk", seat="A01", token=tokens["A01"])
    acknowledged = []
    for number in range(REQUESTS):
        answer = await client.command(
            "place_request", {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}], "note": f"#{number}"}
        )
        assert answer["type"] == "ack"
        acknowledged.append(answer["result"]["request"]["id"])
    hub.kill()
    assert await hub.process.wait() == -signal.SIGKILL

    restarted, url = await spawn_hub(db_url, tmp_path, name="restarted")
    try:
        client = await RawClient.connect(url)
        welcome = await client.hello(role="kiosk", seat="A01", token=tokens["A01"])
        assert [request["id"] for request in welcome["snapshot"]["requests"]] == acknowledged
        await client.close()
    finally:
        assert await restarted.stop() == 0


@pytest.mark.parametrize("hub_got_it", [False, True], ids=["before-sending", "after-hub-commit"])
async def test_a_kiosk_killed_before_the_ack_delivers_once_after_restart(tmp_path: Path, hub_got_it: bool) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    tokens = await enrol(db_url)
    hub, hub_url = await spawn_hub(db_url, tmp_path)
    relay = Relay(hub_url)
    relay.withhold_acks = True  # the hub commits and answers; the kiosk never hears the answer
    relay_url = await relay.start()
    if not hub_got_it:
        await relay.cut()  # the kiosk cannot reach the hub at all
    outbox = tmp_path / "outbox-A01.db"
    kiosk = await spawn(
        ["tests.support.kiosk_process", relay_url, "A01", tokens["A01"], str(outbox)],
        tmp_path / "kiosk.log",
        tmp_path / "home",
    )
    try:
        await kiosk.wait_for_line(r"queued (\S+)")
        if hub_got_it:
            # The hub acks only after its commit: once an ack is withheld, the hub has the request.
            await asyncio.wait_for(relay.ack_withheld.wait(), 10)
            assert len(await request_ids(db_url)) == 1
        kiosk.kill()
        await kiosk.process.wait()
        assert "answered" not in kiosk.log.read_text()

        bus = EventBus()
        answered = Recorder(bus, CommandAnswered)
        link = HubLink(hub_url, KioskHello(seat="A01", token=tokens["A01"]), bus, await Outbox.open(outbox))
        await link.start()
        try:
            event = (await answered.wait_count(1))[0]
        finally:
            await link.close()
        assert event.result is not None
        placed = request_of(event.result)
        assert placed.note == ORDER.note
        assert await request_ids(db_url) == [placed.id]
        leftover = await Outbox.open(outbox)
        assert await leftover.pending() == []
        await leftover.close()
    finally:
        await relay.close()
        assert await hub.stop() == 0


async def test_kill_9_in_the_middle_of_batches_loses_nothing_acked_and_leaves_no_gap(tmp_path: Path) -> None:
    """Many kiosks order at once, so commands are written in batches; the hub dies mid-flood. Every acked order
    is there once, every order has its event, and the event log has no hole."""
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    tokens = await enrol(db_url)
    hub, url = await spawn_hub(db_url, tmp_path)
    acknowledged: list[int] = []
    enough = asyncio.Event()
    water = {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}]}

    async def order_until_the_hub_dies(seat: str) -> None:
        client = await RawClient.connect(url)
        await client.hello(role="kiosk", seat=seat, token=tokens[seat])
        with contextlib.suppress(ConnectionClosed, OSError):
            while True:
                placed = await client.command("place_request", water)
                if placed["type"] == "ack":
                    acknowledged.append(placed["result"]["request"]["id"])
                    if len(acknowledged) >= 60:
                        enough.set()
                    cancel = {"request_id": placed["result"]["request"]["id"]}
                    await client.command("cancel_request", cancel)

    flood = [asyncio.create_task(order_until_the_hub_dies(seat)) for seat in ("A01", "A02", "A03") * 4]
    try:
        async with asyncio.timeout(60):
            await enough.wait()
    finally:
        hub.kill()
        assert await hub.process.wait() == -signal.SIGKILL
        await asyncio.gather(*flood)

    db = Database.open(db_url)
    try:
        async with db.read() as repo:
            requests = list(await repo.connection.scalars(select(RequestRow.id).order_by(RequestRow.id)))
            seqs = list(await repo.connection.scalars(select(EventLogRow.id).order_by(EventLogRow.id)))
            placed_events = await repo.connection.scalar(
                select(func.count()).select_from(EventLogRow).where(EventLogRow.name == "request_placed")
            )
    finally:
        await db.close()
    assert set(acknowledged) <= set(requests)
    assert len(requests) == len(set(requests)) == placed_events
    assert seqs == list(range(1, len(seqs) + 1))
