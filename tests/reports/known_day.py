"""A known stretch of a café's business, made through a real hub on a clock the test sets: two business days
(2026-11-20 and 2026-11-21, days starting at 06:00, Asia/Shanghai), orders, cancels, renewals, a refund, a call,
two staff members, li (a manager) and wang (a cashier), and their shifts at the counter."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.support.hub import RunningHub
from tests.support.wire import RawClient

VENUE = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    """`2026-11-20 10:00:30` at the venue, as the hub's aware UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=VENUE).astimezone(UTC)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


class KnownDay:
    def __init__(self, hub: RunningHub) -> None:
        self.hub = hub
        self.clock = Clock(local("2026-11-20 06:00:00"))
        # The hub's service reads its clock on every command: the test moves it.
        hub.hub.server.service._clock = self.clock
        self.ids: dict[str, int] = {}

    async def make(self) -> None:
        li = await self.hub.raw_staff()
        wang = await self.hub.add_cashier()
        a01, a02, a03 = [await self.hub.raw_kiosk(seat) for seat in ("A01", "A02", "A03")]
        egg = [{"group": "extras", "choice": "egg"}]
        # A shift that opened before the 20th's business day began: the 19th's, outside the period.
        await self.answered(li, "open_shift", {"float_fen": 5000}, "2026-11-20 05:00:00")
        await self.answered(li, "close_shift", {"counted_fen": 5000}, "2026-11-20 05:30:00")
        # wang's shift holds the morning's and the afternoon's takings (see close_shift below).
        await self.answered(wang, "open_shift", {"float_fen": 20_000}, "2026-11-20 09:00:00")
        # Food, tapped 30 s before the hub heard it (the outbox held it): times count from the tap.
        await self.place("food", a01, "2026-11-20 10:00:00", [("noodles-beef", 2, egg)], asked_at="2026-11-20 09:59:30")
        await self.step(li, "accept", "food", "2026-11-20 10:03:00")
        await self.step(li, "start_delivery", "food", "2026-11-20 10:08:00")
        await self.step(li, "complete", "food", "2026-11-20 10:10:00")
        await self.place("drink", a02, "2026-11-20 10:05:00", [("cola", 1, []), ("iced-tea", 2, [])])
        await self.step(wang, "accept", "drink", "2026-11-20 10:06:00")
        await self.step(wang, "start_delivery", "drink", "2026-11-20 10:07:00")
        # 0.9997 s past the second: SQLite's date functions would round it up into the next one.
        await self.step(wang, "complete", "drink", "2026-11-20 10:08:30.999700")
        await self.place("renewal", a03, "2026-11-20 14:00:00", [("time-3h", 1, [])], payment="cash")
        await self.step(wang, "complete", "renewal", "2026-11-20 14:02:00")
        await self.place("water", a01, "2026-11-20 15:00:00", [("water", 1, [])], kind="drink")
        await self.answered(a01, "cancel_request", {"request_id": self.ids["water"]}, "2026-11-20 15:01:00")
        # Expected in the drawer: the float, the noodles and the drinks paid on delivery (¥16.00 + ¥10.50) and the
        # 3 hours paid in cash (¥13.00): ¥239.50; counted ¥239.00, 50 fen short.
        await self.answered(
            wang, "close_shift", {"counted_fen": 23_900, "note": "one coin short"}, "2026-11-20 23:00:00"
        )
        await self.place("call", a02, "2026-11-20 23:30:00", [])
        await self.step(li, "accept", "call", "2026-11-20 23:31:00")
        await self.step(li, "complete", "call", "2026-11-20 23:35:00")
        # After midnight: still the 20th's business day.
        await self.place("eggs", a03, "2026-11-21 02:00:00", [("egg-tea", 3, [])], kind="food")
        await self.step(li, "cancel", "eggs", "2026-11-21 02:30:00", reason="sold out")
        await self.place("night", a01, "2026-11-21 05:59:00", [("time-1h", 1, [])], kind="renewal", payment="qr")
        await self.step(wang, "complete", "night", "2026-11-21 06:10:00")
        # The 21st's business day: li's shift, still open; a sausage, and a Red Bull served and then refunded.
        await self.answered(li, "open_shift", {"float_fen": 10_000}, "2026-11-21 06:20:00")
        await self.place("sausage", a02, "2026-11-21 06:30:00", [("sausage-grilled", 1, [])], kind="food")
        await self.step(li, "accept", "sausage", "2026-11-21 06:45:00")
        await self.step(li, "start_delivery", "sausage", "2026-11-21 06:48:00")
        await self.step(li, "complete", "sausage", "2026-11-21 06:50:00")
        await self.place("refund", a03, "2026-11-21 07:00:00", [("red-bull", 1, [])], kind="drink")
        await self.step(wang, "accept", "refund", "2026-11-21 07:01:00")
        await self.step(wang, "start_delivery", "refund", "2026-11-21 07:03:00")
        await self.step(wang, "complete", "refund", "2026-11-21 07:05:00")
        await self.step(li, "cancel", "refund", "2026-11-21 07:10:00", reason="spilt")
        # The 22nd: outside the period reported.
        await self.place("later", a01, "2026-11-22 06:00:00", [("water", 1, [])], kind="drink")

    async def place(
        self,
        name: str,
        kiosk: RawClient,
        when: str,
        lines: list[tuple[str, int, list[dict[str, str]]]],
        *,
        kind: str | None = None,
        payment: str | None = None,
        asked_at: str | None = None,
    ) -> None:
        body: dict[str, Any] = {
            "kind": kind or name,
            "lines": [{"item_id": item, "qty": qty, "options": options} for item, qty, options in lines],
        }
        if payment:
            body["payment"] = payment
        frame: dict[str, Any] = {}
        if asked_at:
            frame["asked_at"] = local(asked_at).isoformat()
        answer = await self.answered(kiosk, "place_request", body, when, **frame)
        self.ids[name] = int(answer["result"]["request"]["id"])

    async def step(self, staff: RawClient, command: str, name: str, when: str, **body: str) -> None:
        await self.answered(staff, command, {"request_id": self.ids[name], **body}, when)

    async def answered(
        self, client: RawClient, name: str, body: dict[str, Any], when: str, **frame: Any
    ) -> dict[str, Any]:
        self.clock.now = local(when)
        await client.send({"type": "command", "command_id": str(uuid.uuid4()), "name": name, "body": body, **frame})
        answer = await client.answer()
        assert answer["type"] == "ack", answer
        return answer
