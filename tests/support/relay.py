"""A WebSocket relay between a client and the hub, for tests where the network misbehaves.

It passes frames both ways unchanged, except that it can withhold the hub's acks (the hub committed, the client
never hears it), cut every connection, and refuse new ones until restored.
"""

import asyncio
import contextlib
import json

from websockets.asyncio.client import connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed


class Relay:
    def __init__(self, upstream_url: str) -> None:
        self.upstream_url = upstream_url
        self.withhold_acks = False
        self.withheld: list[dict[str, object]] = []
        self.ack_withheld = asyncio.Event()
        self._blocked = False
        self._server: Server | None = None
        self._connections: set[ServerConnection] = set()

    async def start(self) -> str:
        self._server = await serve(self._relay, "127.0.0.1", 0, max_size=None, compression=None)
        return f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def cut(self) -> None:
        """Drop every connection through the relay, and refuse new ones until `restore()`."""
        self._blocked = True
        for connection in list(self._connections):
            connection.transport.abort()

    def restore(self) -> None:
        self._blocked = False

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _relay(self, client: ServerConnection) -> None:
        if self._blocked:
            client.transport.abort()
            return
        self._connections.add(client)
        try:
            async with connect(self.upstream_url, max_size=None, compression=None) as hub:
                up = asyncio.create_task(self._pipe(client, hub, from_hub=False))
                down = asyncio.create_task(self._pipe(hub, client, from_hub=True))
                await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
                for task in (up, down):
                    task.cancel()
                await asyncio.gather(up, down, return_exceptions=True)
        except (OSError, ConnectionClosed):
            pass
        finally:
            self._connections.discard(client)
            client.transport.abort()

    async def _pipe(self, source: object, target: object, *, from_hub: bool) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in source:  # type: ignore[attr-defined]
                if from_hub and self.withhold_acks and json.loads(message)["type"] == "ack":
                    self.withheld.append(json.loads(message))
                    self.ack_withheld.set()
                    continue
                await target.send(message)  # type: ignore[attr-defined]
