"""A request is aged from the customer's tap, which its command frame carries (`asked_at`), when the seat's clock
is believable; otherwise from when the hub received it."""

import uuid
from datetime import UTC, datetime, timedelta

from tests.support.hub import RunningHub


async def test_a_request_keeps_the_taps_time_when_believable_and_a_clock_without_a_zone_is_invalid(
    hub: RunningHub,
) -> None:
    kiosk = await hub.raw_kiosk("A01")
    tapped = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    for asked_at, kept in ((tapped, tapped), ((datetime.now(UTC) + timedelta(hours=3)).isoformat(), None)):
        frame = {"type": "command", "command_id": str(uuid.uuid4()), "name": "place_request"}
        await kiosk.send(
            {**frame, "body": {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 1}]}, "asked_at": asked_at}
        )
        request = (await kiosk.answer())["result"]["request"]
        assert request["tapped_at"] == (None if kept is None else kept.replace("+00:00", "Z"))
    naive = {"type": "command", "command_id": str(uuid.uuid4()), "name": "place_request", "body": {"kind": "call"}}
    await kiosk.send({**naive, "asked_at": "2026-11-27T20:00:00"})
    answer = await kiosk.answer()
    assert answer["code"] == "invalid"
    assert "asked_at" in answer["message"]
