"""Real kiosk and staff links against a real hub: every kind of request placed, followed and handled."""

import asyncio

from netbar.bus import EventBus
from netbar.domain.events import HubEvent, MenuChanged, RequestChanged, RequestPlaced, SeatChanged
from netbar.link.events import Connected
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder


async def test_every_kind_reaches_staff_in_order(hub: RunningHub) -> None:
    staff = await hub.staff()
    placed = Recorder(staff.bus, RequestPlaced)
    kiosk = await hub.kiosk("A01")

    food = await kiosk.command(
        "place_request", {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 2}], "note": "不要辣"}
    )
    drink = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}]})
    renewal = await kiosk.command(
        "place_request", {"kind": "renewal", "lines": [{"item_id": "time-1h", "qty": 1}], "payment": "qr"}
    )
    call = await kiosk.command("place_request", {"kind": "call", "note": "键盘坏了"})

    events = await placed.wait_count(4)
    assert [event.request.kind for event in events] == ["food", "drink", "renewal", "call"]
    assert [event.request.id for event in events] == [
        result["request"]["id"] for result in (food, drink, renewal, call)
    ]
    assert [event.seq for event in events] == sorted(event.seq for event in events)
    assert food["request"]["total_fen"] == 1200  # two bowls at the hub's price of ¥6.00
    assert food["request"]["note"] == "不要辣"
    assert events[0].request.lines[0].name_zh == "红烧牛肉面"


async def test_food_lifecycle_is_heard_by_the_kiosk(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A01")
    changes = Recorder(kiosk.bus, RequestChanged)
    staff = await hub.staff()
    placed = await kiosk.command("place_request", {"kind": "food", "lines": [{"item_id": "sausage-grilled", "qty": 3}]})
    request_id = placed["request"]["id"]

    for action in ("accept", "start_delivery", "complete"):
        await staff.command(action, {"request_id": request_id})

    events = await changes.wait_count(3)
    assert [event.request.state for event in events] == ["accepted", "delivering", "done"]
    assert all(event.request.handled_by == "li" for event in events)


async def test_accepting_takes_stock_and_every_kiosk_hears_it(hub: RunningHub) -> None:
    other_bus = EventBus()
    welcomes, menu_changes = Recorder(other_bus, Connected), Recorder(other_bus, MenuChanged)
    ordering, _ = await hub.kiosk("A01"), await hub.kiosk("A02", bus=other_bus)
    snapshot = welcomes.events[0].snapshot
    stock_before = next(item.stock for item in snapshot.menu if item.id == "egg-tea")
    staff = await hub.staff()

    placed = await ordering.command("place_request", {"kind": "food", "lines": [{"item_id": "egg-tea", "qty": 4}]})
    await staff.command("accept", {"request_id": placed["request"]["id"]})

    events = await menu_changes.wait_count(1)
    assert events[0].item.id == "egg-tea"
    assert events[0].item.stock == stock_before - 4


async def test_a_sold_out_toggle_leaves_the_stock_alone(hub: RunningHub) -> None:
    staff = await hub.raw_staff()
    await staff.command("set_item", {"item_id": "red-bull", "available": True, "stock": 5})
    answer = await staff.command("set_item", {"item_id": "red-bull", "available": False})
    assert answer["result"]["item"]["stock"] == 5
    assert answer["result"]["item"]["available"] is False
    answer = await staff.command("set_item", {"item_id": "red-bull", "available": True, "stock": None})
    assert answer["result"]["item"]["stock"] is None


async def test_completing_a_renewal_credits_the_seat(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A02")
    seat_changes = Recorder(kiosk.bus, SeatChanged)
    staff = await hub.staff()
    await staff.command("open_session", {"seat": "A02", "minutes": 30})

    placed = await kiosk.command(
        "place_request", {"kind": "renewal", "lines": [{"item_id": "time-3h", "qty": 1}], "payment": "cash"}
    )
    await staff.command("complete", {"request_id": placed["request"]["id"]})

    events = await seat_changes.wait_count(2)
    assert events[0].seat.remaining_seconds == 30 * 60
    # 30 minutes opened, 180 bought: allow the seconds that passed while the test ran.
    assert 209 * 60 < events[1].seat.remaining_seconds <= 210 * 60


async def test_a_kiosk_hears_only_its_own_seat(hub: RunningHub) -> None:
    a01, a02 = await hub.kiosk("A01"), await hub.kiosk("A02")
    heard_by_a02 = Recorder(a02.bus, HubEvent)
    await a01.command("place_request", {"kind": "call"})
    mine = await a02.command("place_request", {"kind": "call"})

    events = await heard_by_a02.wait_count(1)
    await asyncio.sleep(0.2)  # room for a wrongly delivered event to arrive
    assert [event.request.id for event in events if isinstance(event, RequestPlaced)] == [mine["request"]["id"]]
    assert len(heard_by_a02.events) == 1


async def test_a_repeat_call_merges_into_the_open_one(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A03")
    first = await kiosk.command("place_request", {"kind": "call"})
    second = await kiosk.command("place_request", {"kind": "call", "note": "耳机没声音"})
    assert second["request"]["id"] == first["request"]["id"]
    assert second["request"]["note"] == "耳机没声音"
    async with hub.db.read() as repo:
        assert len(await repo.open_requests("A03")) == 1
