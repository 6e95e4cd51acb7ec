"""The kiosk's durable outbox: commands are committed here before they are sent, and leave when answered.

A small SQLite file of its own (WAL, synchronous=FULL), so a command survives `kill -9` of the kiosk and is sent
again on restart; with its `command_id` as the idempotency key the hub takes it once. A row holds the command as
the wire carries it (name and body), so it reads back as the same typed command.
"""

import json
import logging
from pathlib import Path
from typing import Self

import aiosqlite
from pydantic import ValidationError

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

    async def close(self) -> None:
        await self._connection.close()
