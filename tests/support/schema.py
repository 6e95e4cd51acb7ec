"""A hub database as an older netbar left it, full of rows, and a way to read back every row of a file exactly."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import insert, text

from netbar.hub.credentials import hash_password, hash_token
from netbar.store.database import Database
from netbar.store.migrate import alembic_config, run_alembic
from netbar.store.models import Base

# Every table of revision 0001, parents first; sqlite_sequence keeps the event log's ids from ever being reused.
TABLES_AT_0001 = (
    "seats",
    "staff_users",
    "menu_items",
    "requests",
    "request_lines",
    "seat_sessions",
    "event_log",
    "processed_commands",
    "sqlite_sequence",
)
# Columns later revisions add to those tables: a snapshot leaves them out, so rows compare with 0001's as they were.
ADDED_SINCE_0001 = {
    "staff_users": {"disabled_at", "role"},
    "requests": {"calls", "tapped_at"},
    "menu_items": {"section_zh", "section_en", "picture", "options"},
    "request_lines": {"options"},
}
STAFF_USER = "li"
STAFF_PASSWORD = "counter-pass"
SEAT_TOKEN = "seat-token-A01"
T0 = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def rows_at_0001() -> dict[str, list[dict[str, Any]]]:
    """Rows in every table, as a café's hub holds them: open and finished requests, lines pointing at both."""
    return {
        "seats": [
            {"id": "A01", "token_hash": hash_token(SEAT_TOKEN), "created_at": T0},
            {"id": "A02", "token_hash": hash_token("seat-token-A02"), "created_at": T0},
        ],
        "staff_users": [
            {"id": 1, "name": STAFF_USER, "password_hash": hash_password(STAFF_PASSWORD), "created_at": T0}
        ],
        "menu_items": [
            _item("noodles-beef", "food", "红烧牛肉面", "Beef noodles", 600, stock=40, position=0),
            _item("cola", "drink", "可乐", "Cola", 300, stock=None, position=1),
            _item("hour-1", "time", "一小时", "One hour", 500, stock=None, position=2, minutes=60),
            _item("old-tea", "drink", "旧茶", "Old tea", 200, stock=0, position=3, listed=False),
        ],
        "requests": [
            _request(1, "A01", "food", "placed", total_fen=1500, payment="cash"),
            _request(2, "A02", "renewal", "done", total_fen=500, payment="qr", handled_by=STAFF_USER),
            _request(3, "A01", "drink", "cancelled", total_fen=200, payment="cash", cancel_reason="sold out"),
            _request(4, "A02", "call", "accepted", total_fen=0, payment=None, handled_by=STAFF_USER),
        ],
        "request_lines": [
            _line(1, request_id=1, position=0, item_id="noodles-beef", qty=2, price_fen=600),
            _line(2, request_id=1, position=1, item_id="cola", qty=1, price_fen=300),
            _line(3, request_id=2, position=0, item_id="hour-1", qty=1, price_fen=500, minutes=60),
            _line(4, request_id=3, position=0, item_id="old-tea", qty=1, price_fen=200),
        ],
        "seat_sessions": [{"seat_id": "A02", "started_at": T0, "ends_at": T0.replace(hour=22)}],
        "event_log": [
            {
                "id": 1,
                "name": "request_placed",
                "seat_id": "A01",
                "actor": "seat:A01",
                "created_at": T0,
                "body": {"id": 1},
            },
            {
                "id": 2,
                "name": "seat_changed",
                "seat_id": "A02",
                "actor": STAFF_USER,
                "created_at": T0,
                "body": {"m": 60},
            },
            {"id": 3, "name": "menu_changed", "seat_id": None, "actor": "admin", "created_at": T0, "body": {}},
            _changed(4, request_id=4, state="accepted", minute=1),
            _changed(5, request_id=4, state="accepted", minute=3),  # the call pressed again: no step
            _changed(6, request_id=2, state="done", minute=5),
            _changed(7, request_id=99, state="done", minute=6),  # a request no longer kept
        ],
        "processed_commands": [
            {
                "command_id": "7d4c1a9e-0000-4000-8000-000000000001",
                "principal": "seat:A01",
                "name": "place_request",
                "result": {"request_id": 1},
                "created_at": T0,
            },
        ],
    }


async def populated_at_0001(path: Path, *, changes: dict[str, list[dict[str, Any]]] | None = None) -> None:
    """An SQLite file at revision 0001 with `rows_at_0001()` (updated by `changes`, table: rows) in every table."""
    rows = rows_at_0001() | (changes or {})
    db = Database.open(sqlite_url(path))
    try:
        await run_alembic(db.engine, command.upgrade, "0001")
        async with db.write() as repo:
            # The models' tables for the rows: at 0001 these eight have the same columns as now.
            for table in TABLES_AT_0001[:-1]:
                await repo.connection.execute(insert(Base.metadata.tables[table]), rows[table])
            # The event log's ids run past its rows (pruned ones are never reused): that counter must survive too.
            await repo.connection.execute(text("UPDATE sqlite_sequence SET seq = 40 WHERE name = 'event_log'"))
    finally:
        await db.close()


def snapshot(path: Path, tables: tuple[str, ...] = TABLES_AT_0001) -> dict[str, list[dict[str, Any]]]:
    """Every row of `tables` in rowid order, whole but for the columns added since 0001, read without writing a
    byte."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return {
            table: [
                {column: value for column, value in dict(row).items() if column not in ADDED_SINCE_0001.get(table, ())}
                for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
            ]
            for table in tables
        }


def counts(rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {table: len(table_rows) for table, table_rows in rows.items()}


def revision(path: Path) -> str | None:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert len(found) <= 1, found
    return found[0][0] if found else None


def _changed(event_id: int, *, request_id: int, state: str, minute: int) -> dict[str, Any]:
    """A `request_changed` event as the log held it: the request as it became, by the staff member who moved it."""
    at = T0.replace(minute=minute)
    request = {"id": request_id, "state": state, "updated_at": at.isoformat(), "handled_by": STAFF_USER}
    return {
        "id": event_id,
        "name": "request_changed",
        "seat_id": "A02",
        "actor": f"staff:{STAFF_USER}",
        "created_at": at,
        "body": {"request": request},
    }


def _item(
    item_id: str,
    category: str,
    name_zh: str,
    name_en: str,
    price_fen: int,
    *,
    stock: int | None,
    position: int,
    minutes: int | None = None,
    listed: bool = True,
) -> dict[str, Any]:
    return {
        "id": item_id,
        "category": category,
        "name_zh": name_zh,
        "name_en": name_en,
        "price_fen": price_fen,
        "stock": stock,
        "available": stock != 0,
        "minutes": minutes,
        "position": position,
        "listed": listed,
    }


def _request(request_id: int, seat: str, kind: str, state: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": request_id,
        "seat_id": seat,
        "kind": kind,
        "state": state,
        "note": f"note {request_id}",
        "created_at": T0,
        "updated_at": T0,
        "cancel_reason": None,
        "handled_by": None,
    } | fields


def _line(
    line_id: int, *, request_id: int, position: int, item_id: str, qty: int, price_fen: int, minutes: int | None = None
) -> dict[str, Any]:
    names = {
        "noodles-beef": ("红烧牛肉面", "Beef noodles"),
        "cola": ("可乐", "Cola"),
        "hour-1": ("一小时", "One hour"),
        "old-tea": ("旧茶", "Old tea"),
    }
    name_zh, name_en = names[item_id]
    return {
        "id": line_id,
        "request_id": request_id,
        "position": position,
        "item_id": item_id,
        "name_zh": name_zh,
        "name_en": name_en,
        "qty": qty,
        "price_fen": price_fen,
        "minutes": minutes,
    }
