"""The event log and the processed commands are pruned past the retention window, in small batches; a client
away longer than the window gets the snapshot alone, never a replay with a hole in it."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netbar.domain.events import MenuChanged
from netbar.domain.menu_file import default_menu
from netbar.hub import retention
from netbar.hub.retention import Retention
from netbar.store.models import EventLogRow, ProcessedCommand
from netbar.store.repository import Repository
from netbar.store.writer_process import WriterGone
from tests.support.hub import RunningHub

OLD, RECENT = 40, 3  # days ago


@pytest.fixture(autouse=True)
async def _no_background_pruning(hub: RunningHub) -> None:
    """The hub's own hourly pruning (its first round runs at start) must not race the test's rows."""
    for chore in hub.hub._chores:
        chore.cancel()
    await asyncio.gather(*hub.hub._chores, return_exceptions=True)
    await hub.hub.server.service.maintain(_nothing)  # after whatever batch of it the writer already holds


async def _nothing(repo: Repository) -> None:
    return None


async def log_menu_changes(hub: RunningHub, days_ago: int, count: int) -> None:
    when = hub.hub.server.service.now() - timedelta(days=days_ago)
    item = default_menu()[0]
    async with hub.db.write() as repo:
        for number in range(count):
            await repo.log_event(MenuChanged(seq=0, item=item), actor="staff:li", now=when)
            command_id = f"00000000-0000-4000-8000-{days_ago:04d}{number:08d}"
            await repo.record_processed(command_id, principal="staff:li", name="set_item", result={}, now=when)


async def count(hub: RunningHub, table: type[EventLogRow] | type[ProcessedCommand]) -> int:
    async with hub.db.read() as repo:
        return await repo.connection.scalar(select(func.count()).select_from(table)) or 0


async def test_what_is_older_than_the_window_goes_in_batches(hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 3)
    await log_menu_changes(hub, OLD, 8)
    await log_menu_changes(hub, RECENT, 2)
    assert await Retention(hub.hub.server.service, days=30).prune() == (8, 8)
    assert (await count(hub, EventLogRow), await count(hub, ProcessedCommand)) == (2, 2)
    assert await Retention(hub.hub.server.service, days=30).prune() == (0, 0)


async def test_the_newest_event_stays_whatever_its_age(hub: RunningHub) -> None:
    await log_menu_changes(hub, OLD, 4)
    async with hub.db.read() as repo:
        newest = await repo.last_seq()
    await Retention(hub.hub.server.service, days=30).prune()
    async with hub.db.read() as repo:
        assert (await repo.first_seq(), await repo.last_seq()) == (newest, newest)


async def test_a_client_away_past_the_window_gets_the_snapshot_alone(hub: RunningHub) -> None:
    await log_menu_changes(hub, OLD, 4)
    await log_menu_changes(hub, RECENT, 2)
    await Retention(hub.hub.server.service, days=30).prune()
    async with hub.db.read() as repo:
        first, last = await repo.first_seq(), await repo.last_seq()
    assert first is not None

    async def replayed_after(since_seq: int) -> list[int]:
        client = await hub.raw_kiosk_resuming("A01", since_seq)
        seqs = []
        try:
            async with asyncio.timeout(0.5):
                while True:
                    seqs.append((await client.recv())["seq"])
        except TimeoutError:
            pass
        await client.close()
        return seqs

    assert await replayed_after(first - 1) == list(range(first, last + 1))  # all still there
    assert await replayed_after(1) == []  # a hole where the pruned events were: the snapshot alone


async def test_a_round_that_fails_is_tried_again_the_next_time(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(retention, "EVERY", timedelta(seconds=0.05))
    rounds: list[int] = []

    async def failing_once(work: object) -> int:
        rounds.append(1)
        if len(rounds) == 1:
            raise WriterGone("the writer process ended (exit code -9)")
        return 0

    monkeypatch.setattr(hub.hub.server.service, "maintain", failing_once)
    pruning = asyncio.create_task(Retention(hub.hub.server.service).run())
    await asyncio.sleep(0.5)
    assert not pruning.done()
    pruning.cancel()
    assert len(rounds) >= 3
    assert "could not prune old events and answers this time: the writer process ended" in caplog.text
