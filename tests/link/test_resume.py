"""A link that loses the hub reconnects by itself and resumes from the last `seq` it saw."""

import pytest

from netbar.bus import EventBus
from netbar.domain.commands import Accept, CancelRequest, SetItem, StaffCancel
from netbar.domain.events import HubEvent, RequestChanged
from netbar.domain.requests import RequestKind
from netbar.hub import service
from netbar.link.events import Connected, Disconnected
from netbar.link.link import HubLink
from netbar.wire.frames import KioskHello, StaffHello
from tests.support.commands import order, request_of, staff_call
from tests.support.hub import STAFF_PASSWORD, STAFF_USER, RunningHub
from tests.support.recorder import Recorder
from tests.support.relay import Relay


async def test_a_staff_link_gets_exactly_the_events_it_missed(hub: RunningHub) -> None:
    relay = Relay(hub.url)
    bus = EventBus()
    heard, welcomes, downs = Recorder(bus, HubEvent), Recorder(bus, Connected), Recorder(bus, Disconnected)
    link = HubLink(await relay.start(), StaffHello(user=STAFF_USER, password=STAFF_PASSWORD), bus, max_backoff=0.3)
    await link.start()
    kiosk, other_staff = await hub.kiosk("A01"), await hub.staff()
    watcher = Recorder(other_staff.bus, HubEvent)  # hears everything, connected all along
    try:
        await welcomes.wait_count(1)
        first = request_of(await kiosk.call(staff_call()))
        await heard.wait_count(1)

        await relay.cut()
        await downs.wait_count(1)
        second = request_of(await kiosk.call(order(RequestKind.DRINK, ("cola", 2))))
        await other_staff.call(Accept(request_id=first.id))
        await other_staff.call(SetItem(item_id="sprite", available=False, stock=None))
        missed = (await watcher.wait_count(4))[1:]
        assert len(heard.events) == 1

        relay.restore()
        await welcomes.wait_count(2)
        await heard.wait_count(4)
        assert heard.events[1:] == missed  # the same events, in the same order, each once
        await kiosk.call(CancelRequest(request_id=second.id))
        events = await heard.wait_count(5)
        seqs = [event.seq for event in events]
        assert seqs == list(range(seqs[0], seqs[0] + 5))  # gap-free, no repeats, live ones after the missed
    finally:
        await link.close()
        await relay.close()


async def test_a_link_away_too_long_gets_the_snapshot_alone(hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "MAX_REPLAY", 2)
    relay = Relay(hub.url)
    bus = EventBus()
    heard, welcomes, downs = Recorder(bus, HubEvent), Recorder(bus, Connected), Recorder(bus, Disconnected)
    link = HubLink(await relay.start(), StaffHello(user=STAFF_USER, password=STAFF_PASSWORD), bus, max_backoff=0.3)
    await link.start()
    kiosk = await hub.kiosk("A01")
    try:
        await welcomes.wait_count(1)
        await relay.cut()
        await downs.wait_count(1)
        drinks = [order(RequestKind.DRINK, (item, 1)) for item in ("cola", "water", "sprite")]
        placed = [request_of(await kiosk.call(drink)) for drink in drinks]

        relay.restore()
        welcome = (await welcomes.wait_count(2))[1]
        assert [request.id for request in welcome.snapshot.requests] == [request.id for request in placed]
        await kiosk.call(CancelRequest(request_id=placed[0].id))
        events = await heard.wait_count(1)
        assert events[0].seq == welcome.seq + 1  # the live event, and nothing replayed before it
    finally:
        await link.close()
        await relay.close()


async def test_a_kiosk_hears_its_own_news_however_busy_the_other_seats_were(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "MAX_REPLAY", 2)
    relay = Relay(hub.url)
    bus = EventBus()
    changes, welcomes, downs = Recorder(bus, RequestChanged), Recorder(bus, Connected), Recorder(bus, Disconnected)
    link = HubLink(await relay.start(), KioskHello(seat="A01", token=hub.tokens["A01"]), bus, max_backoff=0.3)
    await link.start()
    staff, other_seat = await hub.staff(), await hub.raw_kiosk("A02")
    try:
        await welcomes.wait_count(1)
        placed = request_of(await link.call(staff_call()))
        await relay.cut()
        await downs.wait_count(1)
        await staff.call(StaffCancel(request_id=placed.id, reason="come to the counter"))
        for item in ("cola", "water", "sprite", "milk-tea"):  # a busy night at the other seats
            await other_seat.command("place_request", {"kind": "drink", "lines": [{"item_id": item, "qty": 1}]})

        relay.restore()
        heard = (await changes.wait_count(1))[0]
        assert heard.request.cancel_reason == "come to the counter"
    finally:
        await link.close()
        await relay.close()
