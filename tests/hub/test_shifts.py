"""A cashier's shift on a real hub: opened with a float, every sale, cancellation, refund and counter credit in
it counted to the fen, closed with the cash counted and the difference recorded; refusals change nothing."""

import uuid
from typing import Any

from sqlalchemy import select

from netbar.domain.shifts import ShiftEntry, summarize
from netbar.store.models import EventLogRow, ShiftRow
from tests.support.hub import CASHIER_USER, STAFF_USER, RunningHub
from tests.support.wire import RawClient, row_counts

FLOAT = 20_000  # ¥200.00 in the drawer


async def place(kiosk: RawClient, kind: str, item: str, qty: int = 1, payment: str | None = None) -> int:
    body: dict[str, object] = {"kind": kind, "lines": [{"item_id": item, "qty": qty}]}
    if payment:
        body["payment"] = payment
    answer = await kiosk.command("place_request", body)
    assert answer["type"] == "ack", answer
    return int(answer["result"]["request"]["id"])


async def ok(client: RawClient, name: str, body: dict[str, Any], command_id: str | None = None) -> dict[str, Any]:
    answer = await client.command(name, body, command_id)
    assert answer["type"] == "ack", (name, answer)
    result: dict[str, Any] = answer["result"]
    return result


async def served(staff: RawClient, request_id: int) -> None:
    for step in ("accept", "start_delivery", "complete"):
        await ok(staff, step, {"request_id": request_id})


def shift_events(client: RawClient) -> list[dict[str, Any]]:
    return [event["body"] for event in client.events if event["name"] == "shift_changed"]


async def test_a_shift_counts_every_sale_cancellation_refund_and_counter_hour_to_the_fen(hub: RunningHub) -> None:
    cashier, manager = await hub.add_cashier(), await hub.raw_staff()
    a01, a02, a03 = [await hub.raw_kiosk(seat) for seat in ("A01", "A02", "A03")]
    opened = (await ok(cashier, "open_shift", {"float_fen": FLOAT}))["shift"]
    assert (opened["opened_by"], opened["float_fen"], opened["closed_at"]) == (CASHIER_USER, FLOAT, None)

    noodles = await place(a01, "food", "noodles-beef", 2, payment="cash")  # 2 × ¥6.00
    await served(cashier, noodles)
    cola = await place(a02, "drink", "cola", payment="qr")  # ¥3.50
    await served(cashier, cola)
    rice = await place(a03, "food", "fried-rice-yangzhou")  # ¥18.00, paid on delivery
    await served(cashier, rice)
    red_bull = await place(a01, "drink", "red-bull", payment="cash")  # ¥7.00, never served
    await ok(cashier, "accept", {"request_id": red_bull})
    await ok(cashier, "cancel", {"request_id": red_bull, "reason": "fridge empty"})
    renewal = await place(a02, "renewal", "time-3h", payment="qr")  # ¥13.00, 3 hours
    await ok(cashier, "complete", {"request_id": renewal})
    credit = (await ok(cashier, "add_time", {"seat": "A03", "minutes": 60}))["credit"]  # the menu's 1 hour: ¥5.00
    assert credit["price_fen"] == 500
    await ok(manager, "cancel", {"request_id": noodles, "reason": "cold noodles"})  # a refund, cash from the drawer

    # A window signing in now is welcomed with the shift and what happened in it: the same figures.
    welcomed = (await _welcome(hub))["shift_entries"]
    running = summarize(FLOAT, [ShiftEntry.model_validate(entry) for entry in welcomed])
    assert running.expected_cash_fen == FLOAT + 500 + 1800

    closed = (await ok(cashier, "close_shift", {"counted_fen": 22_150, "note": "  one coin short  "}))["shift"]
    assert (closed["closed_by"], closed["counted_fen"], closed["expected_fen"]) == (CASHIER_USER, 22_150, 22_300)
    assert closed["note"] == "one coin short"
    summary = closed["summary"]
    assert summary["by_kind"] == {"food": 1800, "drink": 350, "renewal": 1300, "counter_time": 500}
    assert summary["by_way"] == {"cash": 500, "qr": 1650, "on_delivery": 1800}
    assert (summary["sales"], summary["taken_fen"], summary["refunded_fen"]) == (5, 3950, 1200)
    assert (summary["time_minutes"], summary["time_fen"], summary["unpriced_minutes"]) == (240, 1800, 0)
    assert summary["expected_cash_fen"] == 22_300
    assert [(c["request_id"], c["reason"], c["by"]) for c in summary["cancellations"]] == [
        (red_bull, "fridge empty", f"staff:{CASHIER_USER}")
    ]
    assert [(r["request_id"], r["fen"], r["way"], r["reason"], r["by"]) for r in summary["refunds"]] == [
        (noodles, 1200, "cash", "cold noodles", f"staff:{STAFF_USER}")
    ]
    assert summary == running.model_dump(mode="json")  # nothing happened between the welcome and the close

    async with hub.db.read() as repo:
        [row] = (await repo.connection.execute(select(ShiftRow))).all()
        assert (row.float_fen, row.counted_fen, row.expected_fen, row.closed_by) == (FLOAT, 22_150, 22_300, "wang")
        assert row.summary == summary
        assert (await repo.closed_shifts(10))[0].difference_fen == -150

    # The counter heard it all as it happened, and folds it into the same summary; no kiosk heard any of it.
    while not shift_events(manager) or shift_events(manager)[-1]["shift"]["closed_at"] is None:
        manager.events.append(await manager.event())  # what came after the manager's own last answer
    heard = shift_events(manager)
    assert heard[0]["shift"]["id"] == opened["id"]
    told = [event["entry"] for event in heard if event["entry"]]
    assert told == welcomed  # entry for entry, as the tables tell them
    folded = summarize(FLOAT, [ShiftEntry.model_validate(entry) for entry in told])
    assert folded.model_dump(mode="json") == summary
    assert heard[-1]["shift"]["summary"] == summary
    for kiosk in (a01, a02, a03):
        assert shift_events(kiosk) == []
    resumed = await hub.raw_kiosk_resuming("A01", 0)
    await resumed.command("cancel_request", {"request_id": 10_000})  # whatever was replayed comes before this
    assert shift_events(resumed) == []
    async with hub.db.read() as repo:
        names = set(
            await repo.connection.scalars(select(EventLogRow.seat_id).where(EventLogRow.name == "shift_changed"))
        )
    assert names == {None}

    # The next welcome: no shift open, and the closed one among the last shifts.
    snapshot = await _welcome(hub)
    assert snapshot["shift"] is None
    assert snapshot["shifts"][0]["id"] == opened["id"]
    assert snapshot["shifts"][0]["summary"] == summary


async def test_a_second_shift_an_absurd_amount_or_closing_none_is_refused_and_changes_nothing(
    hub: RunningHub,
) -> None:
    cashier = await hub.add_cashier()
    before = await row_counts(hub.db)
    refused = await cashier.command("close_shift", {"counted_fen": 100})
    assert (refused["code"], refused["message"]) == ("conflict", "no shift is open")
    for body in ({"float_fen": -1}, {"float_fen": 10_000_001}, {"float_fen": "200"}, {"float_fen": 1.5}, {}):
        refused = await cashier.command("open_shift", body)
        assert (refused["type"], refused["code"]) == ("error", "invalid"), body
    kiosk = await hub.raw_kiosk("A01")
    refused = await kiosk.command("open_shift", {"float_fen": 100})
    assert (refused["code"], refused["message"]) == ("forbidden", "open_shift is a staff command")
    assert await row_counts(hub.db) == before

    await ok(cashier, "open_shift", {"float_fen": 5000})
    with_one = await row_counts(hub.db)
    manager = await hub.raw_staff()
    refused = await manager.command("open_shift", {"float_fen": 100})
    assert refused["code"] == "conflict"
    assert "opened by wang" in refused["message"]
    for body in ({"counted_fen": -5}, {"counted_fen": 10**12}, {"counted_fen": 100, "note": "x" * 201}):
        refused = await manager.command("close_shift", body)
        assert (refused["type"], refused["code"]) == ("error", "invalid"), body
    assert await row_counts(hub.db) == with_one
    async with hub.db.read() as repo:
        shift = await repo.open_shift()
    assert shift is not None
    assert (shift.float_fen, shift.closed_at) == (5000, None)


async def test_a_close_sent_again_gets_the_first_answer_and_closes_nothing_twice(hub: RunningHub) -> None:
    manager = await hub.raw_staff()  # a manager may run the counter too
    await ok(manager, "open_shift", {"float_fen": 0})
    command_id = str(uuid.uuid4())
    first = await ok(manager, "close_shift", {"counted_fen": 0}, command_id)
    await ok(manager, "open_shift", {"float_fen": 1000})
    again = await ok(manager, "close_shift", {"counted_fen": 0}, command_id)
    assert again == first
    async with hub.db.read() as repo:
        shift = await repo.open_shift()
    assert shift is not None
    assert shift.float_fen == 1000  # the second shift is still open


async def test_time_put_on_at_the_counter_with_no_package_of_that_length_is_counted_unpriced(hub: RunningHub) -> None:
    cashier = await hub.add_cashier()
    await ok(cashier, "open_shift", {"float_fen": 1000})
    credit = (await ok(cashier, "add_time", {"seat": "A01", "minutes": 45}))["credit"]
    assert credit["price_fen"] is None
    undone = await ok(cashier, "add_time", {"seat": "A02", "minutes": 180})
    await ok(cashier, "undo_credit", {"credit_id": undone["credit"]["id"]})  # a double tap, taken back
    summary = (await ok(cashier, "close_shift", {"counted_fen": 1000}))["shift"]["summary"]
    assert (summary["time_minutes"], summary["time_fen"], summary["unpriced_minutes"]) == (45, 0, 45)
    assert summary["expected_cash_fen"] == 1000
    assert [(r["taking"], r["fen"], r["minutes"]) for r in summary["refunds"]] == [("counter_time", 1300, 180)]


async def _welcome(hub: RunningHub) -> dict[str, Any]:
    client = await RawClient.connect(hub.url)
    try:
        welcome = await client.hello(role="staff", user=STAFF_USER, password="counter-pass")
    finally:
        await client.close()
    snapshot: dict[str, Any] = welcome["snapshot"]
    return snapshot
