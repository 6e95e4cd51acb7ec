"""The link outlives whatever the other end does, and says plainly when it is no longer usable."""

import asyncio
import json

import pytest
from websockets.asyncio.server import ServerConnection, serve

from app.bus import EventBus
from app.link.events import Disconnected
from app.link.link import HubLink, LinkUnavailable
from app.wire.frames import StaffHello
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder


async def test_a_garbled_welcome_is_a_lost_hub_and_the_link_keeps_trying() -> None:
    greeted = 0
    greeted_thrice = asyncio.Event()

    async def garble(websocket: ServerConnection) -> None:
        nonlocal greeted
        await websocket.recv()
        greeted += 1
        if greeted == 3:
            greeted_thrice.set()
        await websocket.send(json.dumps({"type": "welcome", "seq": "soon"}))
        await websocket.wait_closed()

    async with serve(garble, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        bus = EventBus()
        downs = Recorder(bus, Disconnected)
        link = HubLink(f"ws://127.0.0.1:{port}", StaffHello(user="li", password="x"), bus, max_backoff=0.05)
        await link.start()
        async with asyncio.timeout(10):
            await greeted_thrice.wait()
        assert "ValidationError" in (await downs.wait_count(1))[0].reason
        await link.close()


async def test_a_closed_link_refuses_commands(hub: RunningHub) -> None:
    link = await hub.staff()
    await link.close()
    assert not link.connected
    with pytest.raises(LinkUnavailable):
        await link.command("open_session", {"seat": "A01", "minutes": 60})
