"""Real kiosk and staff links against a real hub: every kind of request placed, followed and handled."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from netbar.bus import EventBus
from netbar.domain.commands import (
    Accept,
    AddTime,
    CancelRequest,
    Complete,
    ItemResult,
    OptionPick,
    OrderLine,
    PlaceRequest,
    SetItem,
    StartDelivery,
    UndoCredit,
)
from netbar.domain.errors import CommandRejected
from netbar.domain.events import HubEvent, MenuChanged, RequestChanged, RequestPlaced, SeatChanged
from netbar.domain.requests import Payment, RequestKind
from netbar.link.events import Connected
from netbar.store.models import RequestStepRow
from tests.support.commands import order, request_of, seat_result, staff_call
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder
from tests.support.wire import row_counts


async def test_every_kind_reaches_staff_in_order(hub: RunningHub) -> None:
    staff = await hub.staff()
    placed = Recorder(staff.bus, RequestPlaced)
    kiosk = await hub.kiosk("A01")

    food = request_of(await kiosk.call(order(RequestKind.FOOD, ("noodles-beef", 2), note="不要辣")))
    drink = request_of(await kiosk.call(order(RequestKind.DRINK, ("cola", 1))))
    renewal = request_of(await kiosk.call(order(RequestKind.RENEWAL, ("time-1h", 1), payment=Payment.QR)))
    call = request_of(await kiosk.call(staff_call("键盘坏了")))

    events = await placed.wait_count(4)
    assert [event.request.kind for event in events] == ["food", "drink", "renewal", "call"]
    assert [event.request.id for event in events] == [request.id for request in (food, drink, renewal, call)]
    assert [event.seq for event in events] == sorted(event.seq for event in events)
    assert food.total_fen == 1200  # two bowls at the hub's price of ¥6.00
    assert food.note == "不要辣"
    assert events[0].request.lines[0].name_zh == "红烧牛肉面"


async def test_options_are_priced_by_the_hub_and_reach_staff_and_stock_counts_every_way_made(hub: RunningHub) -> None:
    staff = await hub.staff()
    placed, menu_changes = Recorder(staff.bus, RequestPlaced), Recorder(staff.bus, MenuChanged)
    kiosk = await hub.kiosk("A01")
    egg_and_hot = (OptionPick(group="extras", choice="egg"), OptionPick(group="spice", choice="hot"))
    lines = (
        OrderLine(item_id="noodles-beef", qty=2, options=egg_and_hot),
        OrderLine(item_id="noodles-beef", qty=1),
    )
    request = request_of(await kiosk.call(PlaceRequest(kind=RequestKind.FOOD, lines=lines)))

    (event,) = await placed.wait_count(1)
    with_egg, plain = event.request.lines
    assert [(option.name_zh, option.price_fen) for option in with_egg.options] == [("特辣", 0), ("加蛋", 200)]
    assert (with_egg.price_fen, plain.price_fen, plain.options) == (800, 600, ())
    assert event.request.total_fen == request.total_fen == 2 * 800 + 600
    await staff.call(Accept(request_id=request.id))
    (change,) = await menu_changes.wait_count(1)
    assert (change.item.id, change.item.stock) == ("noodles-beef", 40 - 3)


async def test_an_option_the_item_does_not_have_is_refused_and_nothing_is_written(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A01")
    counts = await row_counts(hub.db)
    lines = (OrderLine(item_id="cola", qty=1, options=(OptionPick(group="extras", choice="egg"),)),)
    with pytest.raises(CommandRejected, match="no option extras=egg") as refused:
        await kiosk.call(PlaceRequest(kind=RequestKind.DRINK, lines=lines))
    assert refused.value.code == "invalid"
    assert await row_counts(hub.db) == counts


async def test_every_step_is_recorded_with_who_took_it_and_when(hub: RunningHub) -> None:
    kiosk, staff = await hub.kiosk("A01"), await hub.staff()
    served = request_of(await kiosk.call(order(RequestKind.FOOD, ("sausage-grilled", 1))))
    withdrawn = request_of(await kiosk.call(order(RequestKind.DRINK, ("cola", 1))))
    steps = [await staff.call(step(request_id=served.id)) for step in (Accept, StartDelivery, Complete)]
    await kiosk.call(CancelRequest(request_id=withdrawn.id))

    async with hub.db.read() as repo:
        steps_table = RequestStepRow.__table__
        rows = (await repo.connection.execute(select(steps_table).order_by(steps_table.c.id))).all()
    assert [(row.request_id, row.state, row.actor) for row in rows] == [
        (served.id, "accepted", "staff:li"),
        (served.id, "delivering", "staff:li"),
        (served.id, "done", "staff:li"),
        (withdrawn.id, "cancelled", "seat:A01"),
    ]
    assert [row.at for row in rows[:3]] == [request_of(result).updated_at for result in steps]


async def test_food_lifecycle_is_heard_by_the_kiosk(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A01")
    changes = Recorder(kiosk.bus, RequestChanged)
    staff = await hub.staff()
    placed = request_of(await kiosk.call(order(RequestKind.FOOD, ("sausage-grilled", 3))))

    for step in (Accept, StartDelivery, Complete):
        await staff.call(step(request_id=placed.id))

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

    placed = request_of(await ordering.call(order(RequestKind.FOOD, ("egg-tea", 4))))
    await staff.call(Accept(request_id=placed.id))

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


async def test_a_sold_out_toggle_from_a_link_leaves_the_stock_alone(hub: RunningHub) -> None:
    staff = await hub.staff()
    await staff.call(SetItem(item_id="red-bull", available=True, stock=5))
    toggled = await staff.call(SetItem(item_id="red-bull", available=False))  # the staff window's sold-out button
    assert isinstance(toggled, ItemResult)
    assert (toggled.item.available, toggled.item.stock) == (False, 5)


async def test_completing_a_renewal_credits_the_seat(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A02")
    seat_changes = Recorder(kiosk.bus, SeatChanged)
    staff = await hub.staff()
    await staff.call(AddTime(seat="A02", minutes=30))

    placed = request_of(await kiosk.call(order(RequestKind.RENEWAL, ("time-3h", 1), payment=Payment.CASH)))
    await staff.call(Complete(request_id=placed.id))

    events = await seat_changes.wait_count(2)
    assert events[0].seat.remaining_seconds == 30 * 60
    # 30 minutes opened, 180 bought: allow the seconds that passed while the test ran.
    assert 209 * 60 < events[1].seat.remaining_seconds <= 210 * 60


async def test_a_kiosk_hears_only_its_own_seat(hub: RunningHub) -> None:
    a01, a02 = await hub.kiosk("A01"), await hub.kiosk("A02")
    heard_by_a02 = Recorder(a02.bus, HubEvent)
    await a01.call(staff_call())
    mine = request_of(await a02.call(staff_call()))

    events = await heard_by_a02.wait_count(1)
    await asyncio.sleep(0.2)  # room for a wrongly delivered event to arrive
    assert [event.request.id for event in events if isinstance(event, RequestPlaced)] == [mine.id]
    assert len(heard_by_a02.events) == 1


async def test_a_repeat_call_merges_into_the_open_one_and_counts(hub: RunningHub) -> None:
    staff = await hub.staff()
    changes = Recorder(staff.bus, RequestChanged)
    kiosk = await hub.kiosk("A03")
    first = request_of(await kiosk.call(staff_call()))
    second = request_of(await kiosk.call(staff_call("耳机没声音")))
    third = request_of(await kiosk.call(staff_call("耳机没声音")))  # the same reason again: counted, not repeated
    assert second.id == third.id == first.id
    assert (first.calls, second.calls, third.calls) == (1, 2, 3)
    assert third.note == "耳机没声音"
    assert [event.request.calls for event in await changes.wait_count(2)] == [2, 3]  # staff are told each time
    async with hub.db.read() as repo:
        [stored] = await repo.open_requests("A03")
    assert stored.calls == 3


async def test_two_quick_credits_for_an_empty_seat_both_count(hub: RunningHub) -> None:
    staff = await hub.staff()
    # A double tap at the counter: both are sent before either is answered.
    answers = await asyncio.gather(
        staff.call(AddTime(seat="A03", minutes=30)), staff.call(AddTime(seat="A03", minutes=60))
    )
    first, second = sorted((seat_result(answer) for answer in answers), key=lambda result: result.credit.id)
    assert {first.credit.minutes, second.credit.minutes} == {30, 60}
    assert first.seat.started_at == second.seat.started_at  # one session, opened by the first and extended
    assert first.seat.ends_at is not None
    assert second.seat.ends_at == first.seat.ends_at + timedelta(minutes=second.credit.minutes)
    assert 89 * 60 < second.seat.remaining_seconds <= 90 * 60

    bus = EventBus()
    welcomes = Recorder(bus, Connected)
    await hub.staff(bus=bus)
    snapshot = welcomes.events[0].snapshot
    assert snapshot.credits is not None
    assert [credit.id for credit in snapshot.credits] == [second.credit.id, first.credit.id]  # newest first
    assert all(credit.seat == "A03" and credit.actor == "staff:li" for credit in snapshot.credits)
    assert snapshot.seats is not None
    assert next(seat for seat in snapshot.seats if seat.seat == "A03").ends_at == second.seat.ends_at


async def test_undoing_a_credit_takes_its_minutes_off_but_never_below_now(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A01")
    heard = Recorder(kiosk.bus, SeatChanged)
    staff = await hub.staff()
    opened = seat_result(await staff.call(AddTime(seat="A01", minutes=30)))
    extra = seat_result(await staff.call(AddTime(seat="A01", minutes=60)))

    undone = seat_result(await staff.call(UndoCredit(credit_id=extra.credit.id)))
    assert undone.seat.ends_at == opened.seat.ends_at
    assert (undone.credit.id, undone.credit.minutes) == (extra.credit.id, 60)
    assert undone.credit.undone_by == "staff:li"
    assert undone.credit.undone_at is not None
    events = await heard.wait_count(3)  # the seat hears its time go down, and why
    assert events[2].seat == undone.seat
    assert events[2].credit == undone.credit

    # The session has run for a moment: taking its 30 minutes off leaves none, not less than none.
    before = datetime.now(UTC)
    emptied = seat_result(await staff.call(UndoCredit(credit_id=opened.credit.id)))
    assert opened.seat.started_at is not None
    assert emptied.seat.ends_at is not None
    assert emptied.seat.ends_at >= before > opened.seat.started_at
    assert emptied.seat.remaining_seconds == 0


async def test_a_credit_is_undone_once_and_a_renewals_credit_not_at_all(hub: RunningHub) -> None:
    kiosk, staff = await hub.kiosk("A02"), await hub.staff()
    credits = Recorder(staff.bus, SeatChanged)
    given = seat_result(await staff.call(AddTime(seat="A02", minutes=60)))
    await staff.call(UndoCredit(credit_id=given.credit.id))
    renewal = request_of(await kiosk.call(order(RequestKind.RENEWAL, ("time-1h", 1), payment=Payment.CASH)))
    await staff.call(Complete(request_id=renewal.id))
    renewal_credit = (await credits.wait_count(3))[2].credit
    assert renewal_credit is not None
    assert renewal_credit.request_id == renewal.id

    for credit_id, code in ((given.credit.id, "conflict"), (renewal_credit.id, "conflict"), (999, "not_found")):
        before = await row_counts(hub.db)
        with pytest.raises(CommandRejected) as refused:
            await staff.call(UndoCredit(credit_id=credit_id))
        assert refused.value.code == code, credit_id
        assert await row_counts(hub.db) == before
