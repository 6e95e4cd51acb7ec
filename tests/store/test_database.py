"""The SQLite engine is set up for money: WAL, synchronous=FULL, foreign keys, writes that wait their turn."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from netbar.domain.events import HubEvent, MenuChanged, SeatChanged
from netbar.domain.menu_file import default_menu
from netbar.domain.sessions import SeatStatus
from netbar.store.database import Database, DatabaseUrlError, async_url
from netbar.store.migrate import upgrade_database

NOW = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'sub' / 'hub.db'}"
    await upgrade_database(url)
    database = Database.open(url)
    async with database.write() as repo:
        await repo.replace_menu(default_menu())
    yield database  # type: ignore[misc]
    await database.close()


def test_plain_urls_get_the_async_driver() -> None:
    assert async_url("sqlite:///x.db").drivername == "sqlite+aiosqlite"
    assert async_url("postgresql://u@h/db").drivername == "postgresql+asyncpg"
    for bad in ("sqlite://", "sqlite:///:memory:", "mysql://h/db", "not a url"):
        with pytest.raises(DatabaseUrlError):
            async_url(bad)


async def test_the_connection_is_tuned(db: Database) -> None:
    async with db.read() as repo:
        pragmas = {
            name: await repo.connection.scalar(text(f"PRAGMA {name}"))
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.write() as repo:
            await repo.connection.execute(
                text("INSERT INTO seat_sessions VALUES ('nobody', '2026-01-01', '2026-01-01')")
            )


async def test_writers_on_two_engines_wait_for_each_other(db: Database, tmp_path: Path) -> None:
    """Read-then-write from two connections at once: with a deferred BEGIN one fails with "database is locked"
    at once; with BEGIN IMMEDIATE the second waits for the first."""
    other = Database.open(f"sqlite:///{tmp_path / 'sub' / 'hub.db'}")

    async def read_then_write(database: Database, item_id: str) -> None:
        async with database.write() as repo:
            items = await repo.menu_items([item_id])
            await asyncio.sleep(0.05)  # the other writer tries its luck meanwhile
            await repo.save_menu_item(items[item_id].model_copy(update={"stock": 1}))

    try:
        await asyncio.gather(*(read_then_write(database, "cola") for database in (db, other, db, other)))
    finally:
        await other.close()


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    async def log_then_fail() -> None:
        async with db.write() as repo:
            await repo.log_event(MenuChanged(seq=0, item=default_menu()[0]), actor="test", now=NOW)
            raise RuntimeError("halfway")

    with pytest.raises(RuntimeError):
        await log_then_fail()
    async with db.read() as repo:
        assert await repo.last_seq() == 0


async def test_event_log_ids_increase_and_read_back(db: Database) -> None:
    items = default_menu()[:3]
    async with db.write() as repo:
        logged = [await repo.log_event(MenuChanged(seq=0, item=item), actor="staff:li", now=NOW) for item in items]
    assert [event.seq for event in logged] == [1, 2, 3]
    async with db.read() as repo:
        assert await repo.events_since(1) == logged[1:]
        assert await repo.events_since(1, seat="A01") == logged[1:]  # menu changes reach every seat


async def test_replacing_the_menu_keeps_withdrawn_items_for_old_orders(db: Database) -> None:
    menu = default_menu()
    changed = [menu[1].model_copy(update={"price_fen": 650}), menu[0]]
    async with db.write() as repo:
        await repo.replace_menu(changed)
    async with db.read() as repo:
        assert [item.id for item in await repo.menu()] == [menu[1].id, menu[0].id]
        assert (await repo.menu())[0].price_fen == 650
        assert await repo.menu_items([menu[6].id]) == {}
        # Its stock still moves with the old orders that name it, and the hub knows it is off the menu.
        assert await repo.stocked_items([menu[6].id]) == {menu[6].id: (menu[6], False)}


async def test_an_item_read_again_is_what_is_stored_now_not_what_was_read_before(db: Database) -> None:
    item = default_menu()[0]
    async with db.read() as repo:
        assert await repo.menu_items([item.id, item.id, "no-such-item"]) == {item.id: item}
    changed = item.model_copy(update={"price_fen": item.price_fen + 100, "stock": 3})
    async with db.write() as repo:
        await repo.save_menu_item(changed)
    async with db.read() as repo:
        assert await repo.menu_items([item.id]) == {item.id: changed}
        assert await repo.stocked_items([item.id]) == {item.id: (changed, True)}
    async with db.write() as repo:
        await repo.replace_menu(default_menu()[1:])
    async with db.read() as repo:
        assert await repo.menu_items([item.id]) == {}


async def test_a_seat_resumes_with_its_own_events_and_every_menu_change_in_order(db: Database) -> None:
    item = default_menu()[0]
    a01 = SeatStatus(seat="A01")
    events: list[HubEvent] = [
        MenuChanged(seq=0, item=item),
        SeatChanged(seq=0, seat=a01),
        SeatChanged(seq=0, seat=SeatStatus(seat="A02")),
        MenuChanged(seq=0, item=item),
        SeatChanged(seq=0, seat=a01),
    ]
    async with db.write() as repo:
        logged = [await repo.log_event(event, actor="staff:li", now=NOW) for event in events]
    async with db.read() as repo:
        assert await repo.events_since(0, seat="A01") == [logged[0], logged[1], logged[3], logged[4]]
        assert await repo.events_since(1, seat="A01", limit=2) == [logged[1], logged[3]]
        assert await repo.events_since(2, seat="A02") == [logged[2], logged[3]]
