"""Two hubs on one PostgreSQL database, and one of them killed (`kill -9`) while seats order: every window moves
to the other hub, no acknowledged request is lost, none is made twice."""

import asyncio
import signal
import time
from pathlib import Path

from sqlalchemy import select

from netbar.bus import EventBus
from netbar.domain.requests import RequestKind
from netbar.link.events import Connected
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.store.database import Database
from netbar.store.models import RequestRow
from netbar.wire.frames import KioskHello, StaffHello
from tests.support.commands import order, request_of
from tests.support.hub import SEATS, STAFF_PASSWORD, STAFF_USER, database
from tests.support.processes import spawn_hub

ORDERS_PER_SEAT = 15  # under a seat's 20 open
BACK_WITHIN = 10.0


async def test_kill_9_of_one_hub_of_two_under_load_loses_nothing_and_every_window_comes_back(tmp_path: Path) -> None:
    async with database("postgresql") as on:
        assert on is not None
        db_url, tokens = on
        first, first_url = await spawn_hub(db_url, tmp_path, name="first")
        second, second_url = await spawn_hub(db_url, tmp_path, name="second")
        urls = (first_url, second_url)
        hellos = [KioskHello(seat=seat, token=tokens[seat]) for seat in SEATS]
        kiosks = [
            HubLink(urls, hello, EventBus(), await Outbox.open(tmp_path / f"outbox-{hello.seat}.db"), max_backoff=1.0)
            for hello in hellos
        ]
        staff = HubLink(urls, StaffHello(user=STAFF_USER, password=STAFF_PASSWORD), EventBus(), max_backoff=1.0)
        links = [*kiosks, staff]
        try:
            for link in links:
                await link.start()
                async with asyncio.timeout(10):
                    await link.wait_connected()
            assert all(link.url == first_url for link in links)

            acknowledged: list[int] = []
            a_third_acknowledged = asyncio.Event()
            moved = [asyncio.Event() for _ in links]
            for link, at_second in zip(links, moved, strict=True):
                link.bus.subscribe(Connected, lambda _, at_second=at_second: at_second.set())

            async def seat_orders(link: HubLink) -> None:
                for number in range(ORDERS_PER_SEAT):
                    placed = await link.call(order(RequestKind.DRINK, ("water", 1), note=f"#{number}"))
                    acknowledged.append(request_of(placed).id)
                    if len(acknowledged) >= len(SEATS) * ORDERS_PER_SEAT // 3:
                        a_third_acknowledged.set()

            ordering = [asyncio.create_task(seat_orders(link)) for link in kiosks]
            await a_third_acknowledged.wait()
            for at_second in moved:
                at_second.clear()
            first.kill()
            killed_at = time.monotonic()
            assert await first.process.wait() == -signal.SIGKILL

            async with asyncio.timeout(BACK_WITHIN):
                await asyncio.gather(*(at_second.wait() for at_second in moved))
            assert all(link.url == second_url for link in links)
            back_after = time.monotonic() - killed_at
            async with asyncio.timeout(60):
                await asyncio.gather(*ordering)
        finally:
            for link in links:
                await link.close()
            assert await second.stop() == 0
            if first.process.returncode is None:
                first.kill()

        assert back_after < BACK_WITHIN
        db = Database.open(db_url)
        try:
            async with db.read() as repo:
                stored = list(await repo.connection.scalars(select(RequestRow.id).order_by(RequestRow.id)))
        finally:
            await db.close()
        assert len(acknowledged) == len(SEATS) * ORDERS_PER_SEAT
        assert sorted(acknowledged) == stored  # each acknowledged once, stored once: none lost, none twice
