"""A raw WebSocket client that speaks the wire as JSON dicts, to send what a well-behaved link never would."""

import json
import uuid
from typing import Any, Self

from sqlalchemy import func, select
from websockets.asyncio.client import ClientConnection, connect

from netbar.store.database import Database
from netbar.store.models import Base


class RawClient:
    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket
        self.events: list[dict[str, Any]] = []

    @classmethod
    async def connect(cls, url: str) -> Self:
        return cls(await connect(url, max_size=None, compression=None))

    async def hello(self, **fields: Any) -> dict[str, Any]:
        await self.send({"type": "hello", **fields})
        return await self.recv()

    async def send(self, frame: dict[str, Any]) -> None:
        await self.websocket.send(json.dumps(frame))

    async def recv(self) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await self.websocket.recv())
        return frame

    async def answer(self) -> dict[str, Any]:
        """The next ack or error, keeping the events that come before it."""
        while (frame := await self.recv())["type"] == "event":
            self.events.append(frame)
        return frame

    async def command(self, name: str, body: dict[str, Any], command_id: str | None = None) -> dict[str, Any]:
        await self.send({"type": "command", "command_id": command_id or str(uuid.uuid4()), "name": name, "body": body})
        return await self.answer()

    async def close(self) -> None:
        await self.websocket.close()


async def row_counts(db: Database) -> dict[str, int]:
    """How many rows each table holds: what "nothing was written" is checked against. The answers kept for
    repeats (`processed_commands`) are left out: a refusal is kept there too, and is all a refusal writes."""
    async with db.read() as repo:
        return {
            table.name: await repo.connection.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name != "processed_commands"
        }
