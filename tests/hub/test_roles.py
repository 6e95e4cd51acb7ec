"""A cashier runs the counter; a manager also sets prices and stock, manages staff users and cancels completed
requests. The hub enforces it: a window hiding a button is a convenience, not the rule."""

import asyncio
import json

import pytest

from netbar.domain.events import SeatChanged
from netbar.hub import credential_watch
from netbar.store.models import EventLogRow
from tests.support.hub import CASHIER_PASSWORD, CASHIER_USER, STAFF_USER, RunningHub
from tests.support.wire import RawClient, row_counts


async def place(kiosk: RawClient, kind: str, *lines: tuple[str, int], payment: str | None = None) -> int:
    body: dict[str, object] = {"kind": kind, "lines": [{"item_id": item, "qty": qty} for item, qty in lines]}
    if payment:
        body["payment"] = payment
    answer = await kiosk.command("place_request", body)
    assert answer["type"] == "ack", answer
    return int(answer["result"]["request"]["id"])


async def test_a_cashier_runs_the_counter_but_is_refused_a_managers_work(hub: RunningHub) -> None:
    cashier = await hub.add_cashier()
    kiosk = await hub.raw_kiosk("A01")
    food = await place(kiosk, "food", ("noodles-beef", 1))
    for name, body in (
        ("accept", {"request_id": food}),
        ("add_time", {"seat": "A01", "minutes": 60}),
        ("set_item", {"item_id": "cola", "available": False}),  # sold out, and back: a cashier's
        ("set_item", {"item_id": "cola", "available": True}),
    ):
        assert (await cashier.command(name, body))["type"] == "ack", name
    before = await row_counts(hub.db)
    for name, body, what in (
        ("set_item", {"item_id": "cola", "available": True, "stock": 50}, "change stock or prices"),
        ("set_item", {"item_id": "cola", "available": True, "price_fen": 1}, "change stock or prices"),
        ("save_staff_user", {"user": "zhao", "staff_role": "manager", "password": "zhao-pass"}, "add staff users"),
        ("save_staff_user", {"user": CASHIER_USER, "staff_role": "manager"}, "add staff users"),
        ("set_staff_user_enabled", {"user": STAFF_USER, "enabled": False}, "disable or enable staff users"),
    ):
        refused = await cashier.command(name, body)
        assert (refused["type"], refused["code"]) == ("error", "forbidden"), name
        assert refused["message"].startswith(f"only a manager may {what}")
    assert await row_counts(hub.db) == before


async def test_only_a_manager_cancels_a_completed_request_and_a_renewals_time_comes_off(hub: RunningHub) -> None:
    cashier, manager = await hub.add_cashier(), await hub.raw_staff()
    kiosk = await hub.raw_kiosk("A02")
    renewal = await place(kiosk, "renewal", ("time-1h", 1), payment="cash")
    assert (await cashier.command("complete", {"request_id": renewal}))["type"] == "ack"
    refused = await cashier.command("cancel", {"request_id": renewal, "reason": "paid twice"})
    assert (refused["code"], refused["message"]) == ("forbidden", "only a manager may cancel a completed request")

    cancelled = await manager.command("cancel", {"request_id": renewal, "reason": "paid twice"})
    assert cancelled["result"]["request"]["state"] == "cancelled"
    seat_events = [event for event in manager.events if event["name"] == SeatChanged.name]
    assert seat_events[-1]["body"]["seat"]["remaining_seconds"] == 0  # the hour is taken back
    assert seat_events[-1]["body"]["credit"]["undone_by"] == f"staff:{STAFF_USER}"


async def test_a_completed_meal_cancelled_keeps_its_stock_taken(hub: RunningHub) -> None:
    manager = await hub.raw_staff()
    kiosk = await hub.raw_kiosk("A01")
    food = await place(kiosk, "food", ("noodles-beef", 2))
    async with hub.db.read() as repo:
        stock_before = (await repo.menu_items(["noodles-beef"]))["noodles-beef"].stock
    for step in ("accept", "start_delivery", "complete"):
        assert (await manager.command(step, {"request_id": food}))["type"] == "ack"
    assert (await manager.command("cancel", {"request_id": food, "reason": "cold"}))["type"] == "ack"
    async with hub.db.read() as repo:
        assert (await repo.menu_items(["noodles-beef"]))["noodles-beef"].stock == stock_before - 2  # it was eaten


async def test_a_manager_changes_a_price_and_every_kiosk_hears_it(hub: RunningHub) -> None:
    manager, kiosk = await hub.raw_staff(), await hub.raw_kiosk("A03")
    answer = await manager.command("set_item", {"item_id": "cola", "available": True, "price_fen": 450})
    assert answer["result"]["item"]["price_fen"] == 450
    event = json.loads(await kiosk.websocket.recv())
    assert (event["name"], event["body"]["item"]["price_fen"]) == ("menu_changed", 450)


async def test_a_manager_adds_a_cashier_who_signs_in_and_the_password_is_nowhere(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credential_watch, "CHECK_EVERY_S", 0.1)
    manager, other_staff, kiosk = await hub.raw_staff(), await hub.raw_staff(), await hub.raw_kiosk("A01")
    body = {"user": CASHIER_USER, "staff_role": "cashier", "password": CASHIER_PASSWORD}
    added = await manager.command("save_staff_user", body)
    assert added["result"] == {"user": {"name": CASHIER_USER, "role": "cashier", "enabled": True}}
    heard = await other_staff.event()
    assert (heard["name"], heard["body"]["user"]["name"]) == ("staff_user_changed", CASHIER_USER)
    cashier = await hub.raw_staff(CASHIER_USER, CASHIER_PASSWORD)
    async with hub.db.read() as repo:
        logged = [row.body for row in await repo.connection.execute(EventLogRow.__table__.select())]
    assert CASHIER_PASSWORD not in json.dumps(logged)
    with pytest.raises(TimeoutError):  # a kiosk hears nothing of staff users
        async with asyncio.timeout(0.3):
            await kiosk.websocket.recv()

    # Made a manager: signed out, since what the open window may do has changed; signed in again, a manager.
    promoted = await manager.command("save_staff_user", {"user": CASHIER_USER, "staff_role": "manager"})
    assert promoted["result"]["user"]["role"] == "manager"
    assert (await cashier.closing()).code == 1008
    welcome = await (await RawClient.connect(hub.url)).hello(role="staff", user=CASHIER_USER, password=CASHIER_PASSWORD)
    assert welcome["snapshot"]["me"] == {"name": CASHIER_USER, "role": "manager", "enabled": True}


async def test_a_manager_cannot_disable_themselves_nor_leave_the_shop_without_a_manager(hub: RunningHub) -> None:
    manager = await hub.raw_staff()
    await hub.add_cashier()
    myself = await manager.command("set_staff_user_enabled", {"user": STAFF_USER, "enabled": False})
    assert (myself["code"], myself["message"]) == ("conflict", "you cannot disable yourself; another manager can")
    demoted = await manager.command("save_staff_user", {"user": STAFF_USER, "staff_role": "cashier"})
    assert (demoted["code"], demoted["message"]) == (
        "conflict",
        f"{STAFF_USER} is the last manager; make another manager first",
    )
    unknown = await manager.command("set_staff_user_enabled", {"user": "nobody", "enabled": False})
    assert unknown["code"] == "not_found"
    new_without_password = await manager.command("save_staff_user", {"user": "zhao", "staff_role": "cashier"})
    assert (new_without_password["code"], new_without_password["message"]) == (
        "invalid",
        "a new staff user (zhao) needs a role and a password",
    )
    disabled = await manager.command("set_staff_user_enabled", {"user": CASHIER_USER, "enabled": False})
    assert disabled["result"]["user"] == {"name": CASHIER_USER, "role": "cashier", "enabled": False}


async def test_the_staff_welcome_says_who_signed_in_the_staff_and_the_age_limits(hub: RunningHub) -> None:
    await hub.add_cashier()
    client = await RawClient.connect(hub.url)
    snapshot = (await client.hello(role="staff", user=CASHIER_USER, password=CASHIER_PASSWORD))["snapshot"]
    assert snapshot["me"] == {"name": CASHIER_USER, "role": "cashier", "enabled": True}
    assert [user["name"] for user in snapshot["staff_users"]] == [STAFF_USER, CASHIER_USER]
    assert snapshot["limits"] == {"renewal": [3, 6], "food": [10, 20], "drink": [5, 10], "call": [2, 5]}
    kiosk_snapshot = (
        await (await RawClient.connect(hub.url)).hello(role="kiosk", seat="A01", token=hub.tokens["A01"])
    )["snapshot"]
    assert [kiosk_snapshot[field] for field in ("me", "staff_users", "limits", "online")] == [None] * 4
