"""A backup taken while orders are placed is the database as of one commit; the hub keeps one a day for N days;
a restore is refused while the hub runs and, once it is stopped, puts the backup in place and keeps what it
replaced."""

import asyncio
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from netbar.store import backup
from netbar.store.backup import BackupError, DailyBackups, RunningLock
from tests.support.hub import RunningHub, start_hub, start_like_netbar_hub


def rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql).fetchall()


def hub_file(hub: RunningHub) -> Path:
    return Path(hub.db_url.removeprefix("sqlite:///"))


async def test_a_backup_while_orders_arrive_is_consistent(hub: RunningHub, tmp_path: Path) -> None:
    kiosk = await hub.raw_kiosk("A01")
    stop = asyncio.Event()

    async def order_on() -> int:
        placed = 0
        while not stop.is_set():
            await kiosk.command("place_request", {"kind": "food", "lines": [{"item_id": "egg-tea", "qty": 1}]})
            placed += 1
        return placed

    ordering = asyncio.create_task(order_on())
    await asyncio.sleep(0.3)
    copy = await asyncio.to_thread(backup.back_up, hub_file(hub), tmp_path / "copy.db")
    await asyncio.sleep(0.1)
    stop.set()
    placed = await ordering
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    requests = rows(copy, "SELECT count(*) FROM requests")[0][0]
    assert 0 < requests <= placed  # taken mid-stream, not at the end
    placed_events = rows(copy, "SELECT count(*) FROM event_log WHERE name = 'request_placed'")[0][0]
    assert placed_events == requests  # a request and its event are one commit: the copy has both or neither


async def test_a_backup_never_overwrites_and_goes_dated_into_a_folder(hub: RunningHub, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    copy = await asyncio.to_thread(backup.back_up, hub_file(hub), folder)
    assert copy.parent == folder
    assert copy.name.startswith("hub-")
    assert copy.suffix == ".db"
    with pytest.raises(BackupError, match="there already"):
        backup.back_up(hub_file(hub), copy)


async def test_restore_is_refused_while_the_hub_runs_and_works_once_it_stops(tmp_path: Path) -> None:
    hub = await start_hub(tmp_path / "hub")
    database = hub_file(hub)
    kept = await asyncio.to_thread(backup.back_up, database, tmp_path / "before-orders.db")
    kiosk = await hub.raw_kiosk("A01")
    await kiosk.command("place_request", {"kind": "call"})
    with pytest.raises(BackupError, match="the hub is running"):
        backup.restore(database, kept)
    assert rows(database, "SELECT count(*) FROM requests") == [(1,)]
    await hub.close()

    restored = backup.restore(database, kept, now=lambda: datetime(2026, 11, 27, 5, 0, tzinfo=UTC))
    assert rows(database, "SELECT count(*) FROM requests") == [(0,)]
    assert restored.before == database.with_name("hub.db.before-restore-20261127T050000Z.bak")
    assert rows(restored.before, "SELECT count(*) FROM requests") == [(1,)]
    again = await start_like_netbar_hub(hub.db_url)  # the restore let go of the lock: the hub takes it again
    assert not RunningLock(database).acquire()
    await again.stop()


def test_restore_refuses_a_file_that_is_not_a_netbar_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    (tmp_path / "notes.txt").write_text("not a database at all, but long enough to be read as a header" * 10)
    for source, message in ((other, "not a netbar hub database"), (tmp_path / "notes.txt", "not a database")):
        with pytest.raises(BackupError, match=message):
            backup.restore(tmp_path / "hub.db", source)
    assert not (tmp_path / "hub.db").exists()


def test_one_lock_at_a_time(tmp_path: Path) -> None:
    first, second = RunningLock(tmp_path / "hub.db"), RunningLock(tmp_path / "hub.db")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


async def test_one_daily_backup_a_day_kept_for_n_days(hub: RunningHub, tmp_path: Path) -> None:
    (tmp_path / "own").mkdir()  # away from the running hub's own daily copies
    database = backup.back_up(hub_file(hub), tmp_path / "own" / "hub.db")
    day = date(2026, 11, 1)
    daily = DailyBackups(database, days=3, today=lambda: day)
    taken = []
    for offset in range(5):
        day = date(2026, 11, 1) + timedelta(days=offset)
        taken.append(daily.take())
        assert daily.take() is None  # once a day
    assert [path.name for path in taken if path] == [f"hub-2026-11-0{n}.db" for n in range(1, 6)]
    assert [when for when, _ in daily.kept()] == [date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5)]
    assert all(rows(path, "PRAGMA integrity_check") == [("ok",)] for _, path in daily.kept())


async def test_the_running_hub_takes_todays_backup(hub: RunningHub) -> None:
    folder = hub_file(hub).parent / "backups"
    for _ in range(100):
        if list(folder.glob("hub-*.db")):
            break
        await asyncio.sleep(0.05)
    assert [path.name for path in folder.glob("hub-*.db")] == [f"hub-{date.today():%Y-%m-%d}.db"]
