"""The kiosk's durable outbox: commands are committed here before they are sent, and leave when answered.

It also keeps the menu and the payment code of the last welcome, so a kiosk that starts while the hub is away can
still show them.

A small SQLite file of its own (WAL, synchronous=FULL), so a command survives `kill -9` of the kiosk and is sent
again on restart; with its `command_id` as the idempotency key the hub takes it once. A row holds the command as
the wire carries it (name and body), so it reads back as the same typed command.
"""

import json
import logging
from pathlib import Path
from typing import Self

import aiosqlite
from pydantic import TypeAdapter, ValidationError

from netbar.domain.menu import MenuItem
from netbar.domain.payment_code import PaymentCode
from netbar.wire.frames import CommandFrame

_LOGGER = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    body TEXT NOT NULL
)
"""
# What the kiosk remembers of the hub between runs, by name: "menu" (a JSON list of menu items), "payment_code" (as
# the wire has it).
_KEPT = "CREATE TABLE IF NOT EXISTS kept (name TEXT PRIMARY KEY, body TEXT NOT NULL)"
_PAYMENT_CODE = TypeAdapter[PaymentCode](PaymentCode)


class Outbox:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    @classmethod
    async def open(cls, path: Path) -> Self:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            await connection.execute(f"PRAGMA {pragma}")
        await connection.execute(_SCHEMA)
        await connection.execute(_KEPT)
        return cls(connection)

    async def add(self, frame: CommandFrame) -> None:
        """Commit `frame`; once this returns it survives a crash."""
        await self._connection.execute(
            "INSERT OR IGNORE INTO outbox (command_id, name, body) VALUES (?, ?, ?)",
            (frame.command_id, frame.name, json.dumps(frame.command.body(), ensure_ascii=False)),
        )

    async def remove(self, command_id: str) -> None:
        await self._connection.execute("DELETE FROM outbox WHERE command_id = ?", (command_id,))

    async def pending(self) -> list[CommandFrame]:
        """What is kept, oldest first. A row this version cannot read stays in the file, untouched, and is logged."""
        frames = []
        async with self._connection.execute("SELECT command_id, name, body FROM outbox ORDER BY position") as rows:
            async for command_id, name, body in rows:
                try:
                    frames.append(
                        CommandFrame.model_validate({"command_id": command_id, "name": name, "body": json.loads(body)})
                    )
                except (ValidationError, ValueError) as error:
                    _LOGGER.error("outbox: cannot read command %s (%s); it stays in the file", command_id, error)
        return frames

    async def keep_menu(self, menu: tuple[MenuItem, ...]) -> None:
        """Remember `menu` (the last welcome's) for a start while the hub is away."""
        body = json.dumps([item.model_dump(mode="json") for item in menu], ensure_ascii=False)
        await self._connection.execute("INSERT OR REPLACE INTO kept (name, body) VALUES ('menu', ?)", (body,))

    async def kept_menu(self) -> tuple[MenuItem, ...] | None:
        """The menu last kept, or None if there is none (or it cannot be read: it is only a stand-in)."""
        async with self._connection.execute("SELECT body FROM kept WHERE name = 'menu'") as rows:
            row = await rows.fetchone()
        if row is None:
            return None
        try:
            return tuple(MenuItem.model_validate(item) for item in json.loads(row[0]))
        except (ValidationError, ValueError, TypeError) as error:
            _LOGGER.warning("outbox: the kept menu cannot be read (%s); the kiosk waits for the hub's", error)
            return None

    async def keep_payment_code(self, code: PaymentCode | None) -> None:
        """Remember the last welcome's payment code; None: the venue has none now, so none is kept."""
        if code is None:
            await self._connection.execute("DELETE FROM kept WHERE name = 'payment_code'")
            return
        body = _PAYMENT_CODE.dump_json(code).decode()
        await self._connection.execute("INSERT OR REPLACE INTO kept (name, body) VALUES ('payment_code', ?)", (body,))

    async def kept_payment_code(self) -> PaymentCode | None:
        """The payment code last kept, or None if there is none (or it cannot be read: it is only a stand-in)."""
        async with self._connection.execute("SELECT body FROM kept WHERE name = 'payment_code'") as rows:
            row = await rows.fetchone()
        if row is None:
            return None
        try:
            return _PAYMENT_CODE.validate_json(row[0])
        except ValidationError as error:
            _LOGGER.warning("outbox: the kept payment code cannot be read (%s); the kiosk waits for the hub's", error)
            return None

    async def close(self) -> None:
        await self._connection.close()
