"""The kiosk's durable outbox: commands are committed here before they are sent, and leave when answered.

A small SQLite file of its own (WAL, synchronous=FULL), so a command survives `kill -9` of the kiosk and is sent
again on restart; with its `command_id` as the idempotency key the hub takes it once.
"""

import json
from pathlib import Path
from typing import Self

import aiosqlite

from netbar.link.events import PendingCommand

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    body TEXT NOT NULL
)
"""


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
        return cls(connection)

    async def add(self, command: PendingCommand) -> None:
        """Commit `command`; once this returns it survives a crash."""
        await self._connection.execute(
            "INSERT OR IGNORE INTO outbox (command_id, name, body) VALUES (?, ?, ?)",
            (command.command_id, command.name, json.dumps(command.body, ensure_ascii=False)),
        )

    async def remove(self, command_id: str) -> None:
        await self._connection.execute("DELETE FROM outbox WHERE command_id = ?", (command_id,))

    async def pending(self) -> list[PendingCommand]:
        async with self._connection.execute("SELECT command_id, name, body FROM outbox ORDER BY position") as rows:
            return [PendingCommand(command_id, name, json.loads(body)) async for command_id, name, body in rows]

    async def close(self) -> None:
        await self._connection.close()
