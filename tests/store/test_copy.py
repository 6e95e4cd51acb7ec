"""`netbar db copy`: a venue moving from its SQLite file to PostgreSQL takes every row with it, checked."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netbar.cli import main
from netbar.domain.events import RequestPlaced
from netbar.domain.requests import RequestKind, RequestLine
from netbar.hub.hub import load_default_menu
from netbar.store.database import Database
from tests.support.hub import enrol
from tests.support.postgres import fresh_database


async def test_every_row_goes_to_postgresql_and_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'hub.db'}"
    await enrol(sqlite_url)
    db = Database.open(sqlite_url)
    try:
        await load_default_menu(db)
        line = RequestLine(item_id="cola", name_zh="可口可乐", name_en="Coca-Cola", qty=2, price_fen=350)
        async with db.write() as repo:
            for _ in range(3):
                placed = await repo.add_request(
                    seat="A01", kind=RequestKind.DRINK, lines=[line], note="少冰", payment=None, now=datetime.now(UTC)
                )
                await repo.log_event(RequestPlaced(seq=0, request=placed), actor="seat:A01", now=datetime.now(UTC))
    finally:
        await db.close()

    async with fresh_database() as (pg_url, _):
        assert await asyncio.to_thread(main, ["db", "copy", "--db", sqlite_url, "--to", pg_url]) == 0
        said = capsys.readouterr().out
        assert "each checked against the original" in said
        for table in ("requests", "request_lines", "event_log", "seats"):
            assert f"{table} 3" in said

        assert (
            await asyncio.to_thread(main, ["db", "copy", "--db", sqlite_url, "--to", pg_url]) == 1
        )  # not into a database with rows
        assert "copy into an empty database" in capsys.readouterr().err

        copied = Database.open(pg_url)
        try:
            async with copied.write() as repo:  # PostgreSQL's ids go on from the copied ones
                placed = await repo.add_request(
                    seat="A02", kind=RequestKind.CALL, lines=[], note="", payment=None, now=datetime.now(UTC)
                )
                logged = await repo.log_event(
                    RequestPlaced(seq=0, request=placed), actor="seat:A02", now=placed.created_at
                )
            assert (placed.id, logged.seq) == (4, 4)
        finally:
            await copied.close()
