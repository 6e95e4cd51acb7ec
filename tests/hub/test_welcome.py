"""A welcome never waits for the writer, and during a flood of orders it is a consistent view: the snapshot, then
every later event once, in order, with no gap."""

import asyncio

from netbar.bus import EventBus
from netbar.domain.requests import RequestKind
from netbar.hub.admin import add_seats
from netbar.link.events import Connected
from netbar.wire.frames import SEATS_PER_PAGE
from tests.support.commands import order
from tests.support.hub import SEATS, RunningHub
from tests.support.recorder import Recorder
from tests.support.wire import RawClient

FLOOD = 60  # orders per kiosk


async def test_a_client_is_welcomed_while_a_write_holds_the_writer(hub: RunningHub) -> None:
    async with hub.writer_held():
        async with asyncio.timeout(3):
            kiosk = await hub.raw_kiosk("A01")
            staff = await hub.raw_staff()
    await kiosk.close()
    await staff.close()


async def test_welcomes_during_a_flood_of_orders_see_every_order_once(hub: RunningHub) -> None:
    cola = order(RequestKind.DRINK, ("cola", 1))
    stop_after: list[int] = []

    async def flood(seat: str) -> None:
        kiosk = await hub.raw_kiosk(seat)
        for _ in range(FLOOD):
            placed = await kiosk.command(cola.name, cola.body())
            assert placed["type"] == "ack", placed
            cancelled = await kiosk.command("cancel_request", {"request_id": placed["result"]["request"]["id"]})
            assert cancelled["type"] == "ack", cancelled
        await kiosk.close()

    async def join_midway(delay: float) -> tuple[int, dict[int, str], list[int]]:
        """A staff client joining during the flood: its welcome's seq, the open requests it ends up knowing
        (from the snapshot and the events after it) and the seqs of those events."""
        await asyncio.sleep(delay)
        client = await RawClient.connect(hub.url)
        welcome = await client.hello(role="staff", user="li", password="counter-pass")
        known = {request["id"]: request["state"] for request in welcome["snapshot"]["requests"]}
        seqs: list[int] = []
        async with asyncio.timeout(60):
            # Up to the last event of the flood (a join whose password check waited till the flood was over has
            # it in its welcome already).
            while not (stop_after and (seqs[-1] if seqs else welcome["seq"]) >= stop_after[0]):
                try:
                    async with asyncio.timeout(0.5):  # then look again whether the flood is over
                        frame = await client.recv()
                except TimeoutError:
                    continue
                if frame["type"] == "presence":  # the flood's kiosks coming and going: not events
                    continue
                seqs.append(frame["seq"])
                request = frame["body"].get("request")
                if request is not None:
                    known[request["id"]] = request["state"]
        await client.close()
        return welcome["seq"], {id_: state for id_, state in known.items() if state == "placed"}, seqs

    joins = [asyncio.create_task(join_midway(0.05 * number)) for number in range(8)]
    await asyncio.gather(*(flood(seat) for seat in ("A01", "A02", "A03")))
    async with hub.db.read() as repo:
        last = await repo.last_seq()
        still_open = {request.id: request.state.value for request in await repo.open_requests()}
    stop_after.append(last)
    for seq, known, seqs in await asyncio.gather(*joins):
        assert seqs == list(range(seq + 1, last + 1))  # every event after the snapshot, once, in order
        assert known == still_open == {}


async def test_a_staff_welcome_for_many_seats_comes_in_pages_of_seats(hub: RunningHub) -> None:
    await add_seats(hub.db, [f"B{number:04d}" for number in range(2 * SEATS_PER_PAGE + 7)])
    everyone = sorted([*SEATS, *(f"B{number:04d}" for number in range(2 * SEATS_PER_PAGE + 7))])

    client = await RawClient.connect(hub.url)
    welcome = await client.hello(role="staff", user="li", password="counter-pass")
    assert (len(welcome["snapshot"]["seats"]), welcome["seat_pages"]) == (SEATS_PER_PAGE, 2)
    pages = [await client.recv() for _ in range(welcome["seat_pages"])]
    assert [page["type"] for page in pages] == ["seats", "seats"]
    seats = [seat["seat"] for part in (welcome["snapshot"], *pages) for seat in part["seats"]]
    assert seats == everyone
    await client.close()

    bus = EventBus()
    welcomed = Recorder(bus, Connected)
    await hub.staff(bus=bus)
    (connected,) = await welcomed.wait_count(1)
    assert [seat.seat for seat in connected.snapshot.seats or ()] == everyone


async def test_a_kiosk_welcome_carries_its_own_seat_only_however_many_there_are(hub: RunningHub) -> None:
    await add_seats(hub.db, [f"B{number:04d}" for number in range(SEATS_PER_PAGE + 1)])
    client = await RawClient.connect(hub.url)
    welcome = await client.hello(role="kiosk", seat="A01", token=hub.tokens["A01"])
    snapshot = welcome["snapshot"]
    assert (snapshot["seat"]["seat"], snapshot["seats"], welcome["seat_pages"]) == ("A01", None, 0)
    await client.close()
