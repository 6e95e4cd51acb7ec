"""The hub's database locked by another program (a backup tool, a curious owner's DB browser): every order waits
in its kiosk's outbox, is answered `unavailable` and never "refused", and arrives exactly once when the database
is free again, however long that takes. Welcomes go on meanwhile."""

import asyncio
from pathlib import Path

from sqlalchemy import text

from netbar.link.events import CommandAnswered, CommandDeferred
from netbar.store.repository import Repository
from tests.link.test_outbox import request_count
from tests.support.commands import DRINK, request_of
from tests.support.hub import RunningHub, holding_the_write_lock
from tests.support.recorder import Recorder

LOCKED_FOR = 4.0  # seconds: at a 0.5 s backoff, far more tries than a link used to make before giving up


async def _shorten_busy_timeout(repo: Repository) -> None:
    await repo.connection.execute(text("PRAGMA busy_timeout = 200"))


async def impatient_writer(hub: RunningHub) -> None:
    """The writer gives up on a held lock after 0.2 s instead of 5, so a test sees many tries."""
    await hub.hub.server.service.maintain(_shorten_busy_timeout)  # a module's function: it may cross to a process


async def test_an_order_waits_out_a_locked_database_and_arrives_once(hub: RunningHub, tmp_path: Path) -> None:
    await impatient_writer(hub)
    kiosk = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    deferred, answered = Recorder(kiosk.bus, CommandDeferred), Recorder(kiosk.bus, CommandAnswered)
    staff = await hub.raw_staff()
    with holding_the_write_lock(hub.db_url):
        placing = asyncio.create_task(kiosk.call(DRINK))
        refused = await staff.command("add_time", {"seat": "A02", "minutes": 30})
        assert (refused["type"], refused["code"]) == ("error", "unavailable")
        assert "locked by another program" in refused["message"]
        async with asyncio.timeout(2):  # welcomes never wait for the writer
            await (await hub.raw_kiosk("A02")).close()
        await asyncio.sleep(LOCKED_FOR)
        assert not placing.done()
        assert len(deferred.events) >= 4
        assert answered.events == []  # never told "refused"
    placed = request_of(await asyncio.wait_for(placing, 10))
    assert placed.seat == "A01"
    assert await request_count(hub) == 1
    assert kiosk.outbox is not None
    assert await kiosk.outbox.pending() == []
