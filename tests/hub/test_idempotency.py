"""The same command_id again returns the first answer and changes nothing."""

import asyncio
import uuid

from sqlalchemy import func, select

from netbar.store.models import RequestRow
from tests.support.hub import RunningHub
from tests.support.wire import row_counts


async def test_the_same_command_three_times_makes_one_request(hub: RunningHub) -> None:
    client = await hub.raw_kiosk()
    command_id = str(uuid.uuid4())
    body = {"kind": "food", "lines": [{"item_id": "fried-rice-egg", "qty": 1}], "note": "多放葱"}

    answers = [await client.command("place_request", body, command_id) for _ in range(3)]

    assert answers[0]["type"] == "ack"
    assert answers[1] == answers[0]
    assert answers[2] == answers[0]
    async with hub.db.read() as repo:
        assert await repo.connection.scalar(select(func.count()).select_from(RequestRow)) == 1


async def test_a_repeated_staff_action_is_answered_not_redone(hub: RunningHub) -> None:
    kiosk, staff = await hub.raw_kiosk(), await hub.raw_staff()
    placed = await kiosk.command("place_request", {"kind": "food", "lines": [{"item_id": "egg-tea", "qty": 2}]})
    request_id = placed["result"]["request"]["id"]
    command_id = str(uuid.uuid4())
    first = await staff.command("accept", {"request_id": request_id}, command_id)
    counts = await row_counts(hub.db)
    again = await staff.command("accept", {"request_id": request_id}, command_id)
    assert again == first  # not `conflict`: it is the same accept, answered again
    assert await row_counts(hub.db) == counts


async def test_a_command_id_cannot_be_reused_by_another_seat(hub: RunningHub) -> None:
    a01, a02 = await hub.raw_kiosk("A01"), await hub.raw_kiosk("A02")
    command_id = str(uuid.uuid4())
    await a01.command("place_request", {"kind": "call"}, command_id)
    counts = await row_counts(hub.db)
    stolen = await a02.command("place_request", {"kind": "call"}, command_id)
    assert (stolen["type"], stolen["code"]) == ("error", "conflict")
    assert await row_counts(hub.db) == counts


async def test_two_staff_accepting_at_once_one_wins(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk()
    first_staff, second_staff = await hub.raw_staff(), await hub.raw_staff()
    placed = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "milk-tea", "qty": 1}]})
    request_id = placed["result"]["request"]["id"]

    answers = await asyncio.gather(
        first_staff.command("accept", {"request_id": request_id}),
        second_staff.command("accept", {"request_id": request_id}),
    )

    assert sorted(answer["type"] for answer in answers) == ["ack", "error"]
    assert next(answer for answer in answers if answer["type"] == "error")["code"] == "conflict"
    async with hub.db.read() as repo:
        request = await repo.request(request_id)
        assert request is not None
        assert request.state == "accepted"


async def test_a_refused_command_sent_again_gets_the_same_refusal_even_when_it_would_now_pass(
    hub: RunningHub,
) -> None:
    staff, kiosk = await hub.raw_staff(), await hub.raw_kiosk()
    placed = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}]})
    request_id = placed["result"]["request"]["id"]
    sold_out = await staff.command("set_item", {"item_id": "cola", "available": True, "stock": 0})
    assert sold_out["type"] == "ack"
    command_id = str(uuid.uuid4())
    refused = await staff.command("accept", {"request_id": request_id}, command_id)
    assert (refused["type"], refused["code"]) == ("error", "sold_out")

    restocked = await staff.command("set_item", {"item_id": "cola", "available": True, "stock": 10})
    assert restocked["type"] == "ack"
    counts = await row_counts(hub.db)
    again = await staff.command("accept", {"request_id": request_id}, command_id)
    assert again == refused  # the first answer, not a late accept
    assert await row_counts(hub.db) == counts
    # A new command (a new tap) is judged as it is now.
    assert (await staff.command("accept", {"request_id": request_id}))["type"] == "ack"
