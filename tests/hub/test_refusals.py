"""Bad input from a client gets its error code, writes nothing, and the hub goes on serving."""

import json
from typing import Any

import pytest

from netbar.domain.commands import MAX_OPEN_PER_SEAT
from netbar.hub import handlers
from tests.support.hub import STAFF_PASSWORD, STAFF_USER, RunningHub
from tests.support.wire import RawClient, row_counts

FOOD = {"kind": "food", "lines": [{"item_id": "cola", "qty": 1}]}


async def assert_still_serving(hub: RunningHub) -> None:
    client = await hub.raw_kiosk("A02")
    answer = await client.command("place_request", {"kind": "drink", "lines": [{"item_id": "water", "qty": 2}]})
    assert answer["type"] == "ack", answer
    await client.close()


@pytest.mark.parametrize(
    ("hello", "message"),
    [
        ({"role": "kiosk", "seat": "A02", "token": "A01"}, "wrong token"),  # A01's token is swapped in below
        ({"role": "kiosk", "seat": "Z99", "token": "x"}, "unknown seat"),
        ({"role": "staff", "user": STAFF_USER, "password": "wrong-password"}, "wrong password"),
        ({"role": "staff", "user": "nobody", "password": STAFF_PASSWORD}, "unknown user"),
    ],
)
async def test_a_bad_hello_is_forbidden(hub: RunningHub, hello: dict[str, Any], message: str) -> None:
    if hello.get("token") == "A01":
        hello = {**hello, "token": hub.tokens["A01"]}
    before = await row_counts(hub.db)
    client = await RawClient.connect(hub.url)
    answer = await client.hello(**hello)
    assert answer["type"] == "error"
    assert answer["code"] == "forbidden", message
    assert await row_counts(hub.db) == before
    await assert_still_serving(hub)


async def test_a_hello_resuming_past_any_possible_seq_is_invalid(hub: RunningHub) -> None:
    client = await RawClient.connect(hub.url)
    answer = await client.hello(role="kiosk", seat="A01", token=hub.tokens["A01"], since_seq=10**30)
    assert (answer["type"], answer["code"]) == ("error", "invalid")
    await assert_still_serving(hub)


async def test_a_first_frame_that_is_not_a_hello_is_refused(hub: RunningHub) -> None:
    client = await RawClient.connect(hub.url)
    await client.send({"type": "command", "command_id": "x", "name": "accept", "body": {}})
    answer = await client.recv()
    assert (answer["type"], answer["code"]) == ("error", "invalid")
    await assert_still_serving(hub)


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("accept", {"request_id": 1}, "forbidden"),  # a staff command from a kiosk
        ("place_request", {"kind": "food", "lines": [{"item_id": "cola", "qty": 1, "price_fen": 1}]}, "invalid"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "caviar", "qty": 1}]}, "not_found"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 0}]}, "invalid"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 21}]}, "invalid"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "cola", "qty": 1}]}, "invalid"),  # cola is a drink
        ("place_request", {"kind": "food", "lines": [{"item_id": f"x{i}", "qty": 1} for i in range(31)]}, "invalid"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "egg-tea", "qty": 1}], "note": "长" * 201}, "invalid"),
        ("place_request", {"kind": "renewal", "lines": [{"item_id": "time-1h", "qty": 1}]}, "invalid"),  # no payment
        ("place_request", {"kind": "call", "lines": [{"item_id": "cola", "qty": 1}]}, "invalid"),
        ("place_request", {"kind": "food", "lines": [{"item_id": "egg-tea", "qty": "2"}]}, "invalid"),
        ("place_request", {"kind": "pizza", "lines": []}, "invalid"),
        ("order_pizza", {}, "invalid"),  # an unknown command name
        ("place_request", {"kind": "call", "name": "accept"}, "invalid"),  # the name is the frame's, not the body's
        ("cancel_request", {"request_id": 999}, "not_found"),
        ("cancel_request", {"request_id": 10**30}, "invalid"),  # past SQLite's integers
    ],
)
async def test_a_bad_command_gets_its_code_and_writes_nothing(
    hub: RunningHub, name: str, body: dict[str, Any], code: str
) -> None:
    client = await hub.raw_kiosk()
    before = await row_counts(hub.db)
    answer = await client.command(name, body, command_id="6f1c2b8e-0000-4000-8000-000000000001")
    assert answer["type"] == "error", answer
    assert answer["code"] == code, answer
    assert answer["command_id"] == "6f1c2b8e-0000-4000-8000-000000000001"
    assert answer["message"]
    assert await row_counts(hub.db) == before
    # The same connection goes on working, and so does everyone else's.
    assert (await client.command("place_request", FOOD | {"kind": "drink"}))["type"] == "ack"
    await assert_still_serving(hub)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "invalid"),
        ("[1, 2, 3]", "invalid"),
        ("[" * 60_000, "invalid"),  # nested past the parser's recursion limit
        (
            json.dumps({"type": "command", "command_id": "a" * 32, "name": "place_request", "body": {}, "x": 1}),
            "invalid",
        ),
        (json.dumps({"type": "command", "name": "place_request", "body": {}}), "invalid"),  # no command_id
        (
            json.dumps(
                {
                    "type": "command",
                    "command_id": "a" * 32,
                    "name": "place_request",
                    "body": {"kind": "call", "note": "x" * (65 * 1024)},
                }
            ),
            "too_large",
        ),
    ],
)
async def test_a_bad_frame_gets_its_code_and_writes_nothing(hub: RunningHub, frame: str, code: str) -> None:
    client = await hub.raw_kiosk()
    before = await row_counts(hub.db)
    await client.websocket.send(frame)
    answer = await client.answer()
    assert (answer["type"], answer["code"]) == ("error", code)
    assert await row_counts(hub.db) == before
    assert (await client.command("place_request", FOOD | {"kind": "drink"}))["type"] == "ack"
    await assert_still_serving(hub)


@pytest.mark.parametrize(
    ("name", "body", "where"),
    [
        ("place_request", {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 0}]}, "body.lines.0.qty: "),
        ("place_request", {"kind": "call", "note": 7}, "body.note: "),
        ("place_request", {"kind": "call", "name": "accept"}, "body.name: "),
        ("order_pizza", {}, "name: "),
        ("open_session", {"seat": "A01", "minutes": 60}, "name: "),
    ],
)
async def test_an_invalid_command_says_where_on_the_wire(
    hub: RunningHub, name: str, body: dict[str, Any], where: str
) -> None:
    """The message points at the frame the client sent, not at the hub's typed union (`command.place_request…`)."""
    client = await hub.raw_kiosk()
    answer = await client.command(name, body)
    assert (answer["type"], answer["code"]) == ("error", "invalid"), answer
    assert where in answer["message"], answer
    assert "command." not in answer["message"], answer


@pytest.mark.logs_errors  # the hub logs the bug's trace
async def test_a_failing_handler_costs_one_answer_not_the_connection(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(handlers, "place_request", broken)
    client = await hub.raw_kiosk()
    before = await row_counts(hub.db)
    answer = await client.command("place_request", {"kind": "call"})
    assert (answer["type"], answer["code"]) == ("error", "internal")
    assert await row_counts(hub.db) == before
    monkeypatch.undo()
    assert (await client.command("place_request", {"kind": "call"}))["type"] == "ack"


async def test_a_binary_frame_is_refused(hub: RunningHub) -> None:
    client = await hub.raw_kiosk()
    await client.websocket.send(b'{"type": "command"}')
    answer = await client.answer()
    assert (answer["type"], answer["code"]) == ("error", "invalid")


async def test_a_kiosk_cannot_cancel_another_seats_request(hub: RunningHub) -> None:
    a01, a02 = await hub.raw_kiosk("A01"), await hub.raw_kiosk("A02")
    placed = await a01.command("place_request", {"kind": "call"})
    before = await row_counts(hub.db)
    answer = await a02.command("cancel_request", {"request_id": placed["result"]["request"]["id"]})
    assert (answer["type"], answer["code"]) == ("error", "forbidden")
    assert await row_counts(hub.db) == before


async def test_a_kiosk_may_cancel_only_while_placed(hub: RunningHub) -> None:
    kiosk, staff = await hub.raw_kiosk(), await hub.raw_staff()
    first = (await kiosk.command("place_request", FOOD | {"kind": "drink"}))["result"]["request"]["id"]
    second = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}]})
    second_id = second["result"]["request"]["id"]

    cancelled = await kiosk.command("cancel_request", {"request_id": first})
    assert cancelled["result"]["request"]["state"] == "cancelled"
    await staff.command("accept", {"request_id": second_id})
    refused = await kiosk.command("cancel_request", {"request_id": second_id})
    assert (refused["type"], refused["code"]) == ("error", "conflict")


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("start_delivery", {"request_id": 1}, "conflict"),  # still placed: accept comes first
        ("accept", {"request_id": 2}, "invalid"),  # a renewal has no accept step
        ("cancel", {"request_id": 1}, "invalid"),  # staff must give a reason
        ("cancel", {"request_id": 1, "reason": "   "}, "invalid"),
        ("set_item", {"item_id": "cola", "available": "no", "stock": None}, "invalid"),
        ("set_item", {"item_id": "caviar", "available": False, "stock": None}, "not_found"),
        ("add_time", {"seat": "Z99", "minutes": 60}, "not_found"),
        ("add_time", {"seat": "A01", "minutes": 0}, "invalid"),
        ("add_time", {"seat": "A01", "minutes": 24 * 60 + 1}, "invalid"),
        ("open_session", {"seat": "A01", "minutes": 60}, "invalid"),  # gone: add_time opens a session too
        ("undo_credit", {"credit_id": 1}, "not_found"),  # no time given yet
        ("place_request", {"kind": "call"}, "forbidden"),  # a kiosk command from staff
    ],
)
async def test_a_staff_command_outside_the_rules_is_refused(
    hub: RunningHub, name: str, body: dict[str, Any], code: str
) -> None:
    kiosk, staff = await hub.raw_kiosk(), await hub.raw_staff()
    await kiosk.command("place_request", FOOD | {"kind": "drink"})
    await kiosk.command(
        "place_request", {"kind": "renewal", "lines": [{"item_id": "time-1h", "qty": 1}], "payment": "cash"}
    )
    before = await row_counts(hub.db)
    answer = await staff.command(name, body)
    assert (answer["type"], answer.get("code")) == ("error", code), answer
    assert await row_counts(hub.db) == before


async def test_more_than_the_stock_is_sold_out(hub: RunningHub) -> None:
    kiosk, staff = await hub.raw_kiosk(), await hub.raw_staff()
    await staff.command("set_item", {"item_id": "red-bull", "available": True, "stock": 2})
    before = await row_counts(hub.db)
    answer = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "red-bull", "qty": 3}]})
    assert (answer["type"], answer["code"]) == ("error", "sold_out")
    assert await row_counts(hub.db) == before
    await staff.command("set_item", {"item_id": "red-bull", "available": False, "stock": 2})
    answer = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "red-bull", "qty": 1}]})
    assert (answer["type"], answer["code"]) == ("error", "sold_out")


async def test_a_seat_may_keep_only_so_many_requests_open(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk()
    water = {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}]}
    placed = [await kiosk.command("place_request", water) for _ in range(MAX_OPEN_PER_SEAT)]
    assert all(answer["type"] == "ack" for answer in placed)
    before = await row_counts(hub.db)
    answer = await kiosk.command("place_request", water)
    assert (answer["type"], answer["code"]) == ("error", "too_many")
    assert await row_counts(hub.db) == before
    await assert_still_serving(hub)  # another seat is not held back

    await kiosk.command("cancel_request", {"request_id": placed[0]["result"]["request"]["id"]})
    assert (await kiosk.command("place_request", water))["type"] == "ack"
