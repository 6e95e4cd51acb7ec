"""A raw WebSocket client that speaks the wire as JSON dicts, to send what a well-behaved link never would."""

import asyncio
import contextlib
import json
import uuid
from typing import Any, Self

from sqlalchemy import func, select
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

from netbar.store.database import Database
from netbar.store.models import Base
from netbar.tls import client_context


class RawClient:
    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket
        self.events: list[dict[str, Any]] = []
        self.presence: list[dict[str, Any]] = []

    @classmethod
    async def connect(cls, url: str) -> Self:
        """A client of the hub at `url`: over `wss://`, encrypted, its certificate taken on trust."""
        tls = client_context() if url.startswith("wss://") else None
        return cls(await connect(url, max_size=None, compression=None, ssl=tls))

    async def hello(self, **fields: Any) -> dict[str, Any]:
        await self.send({"type": "hello", **fields})
        return await self.recv()

    async def send(self, frame: dict[str, Any]) -> None:
        await self.websocket.send(json.dumps(frame))

    async def recv(self) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(await self.websocket.recv())
        return frame

    async def answer(self) -> dict[str, Any]:
        """The next ack or error, keeping the events (and a staff client's presence news) that come before it."""
        while (frame := await self.recv())["type"] in ("event", "presence"):
            (self.events if frame["type"] == "event" else self.presence).append(frame)
        return frame

    async def event(self) -> dict[str, Any]:
        """The next event, within 3 s, keeping the presence news that comes before it."""
        async with asyncio.timeout(3):
            while (frame := await self.recv())["type"] == "presence":
                self.presence.append(frame)
        assert frame["type"] == "event", frame
        return frame

    async def closing(self) -> Close:
        """How the hub closes this connection, within 3 s (frames before it are read and dropped)."""
        async with asyncio.timeout(3):
            with contextlib.suppress(ConnectionClosed):
                async for _ in self.websocket:
                    pass
        close = self.websocket.protocol.close_rcvd
        assert close is not None
        return close

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
