"""A kiosk whose token the hub refuses stops knocking: it waits for a new token, and uses it at once."""

import asyncio
import json

from websockets.asyncio.server import ServerConnection, serve

from netbar.bus import EventBus
from netbar.domain.errors import ErrorCode
from netbar.link.events import Connected, Disconnected
from netbar.link.link import HubLink
from netbar.wire.frames import KioskHello
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder

WRONG = "x" * 32


async def test_a_refused_token_is_not_tried_again_until_a_new_one_is_given() -> None:
    tokens: list[str] = []
    knocked = asyncio.Event()

    async def refusing_hub(websocket: ServerConnection) -> None:
        tokens.append(json.loads(await websocket.recv())["token"])
        knocked.set()
        await websocket.send(json.dumps({"type": "error", "code": "forbidden", "message": "unknown seat or token"}))
        await websocket.wait_closed()

    async with serve(refusing_hub, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        bus = EventBus()
        downs = Recorder(bus, Disconnected)
        hello = KioskHello(seat="A01", token=WRONG)
        link = HubLink(f"ws://127.0.0.1:{port}", hello, bus, max_backoff=0.02, retry_refused=False)
        await link.start()
        try:
            (down,) = await downs.wait_count(1)
            assert (down.refused, down.code) == (True, ErrorCode.FORBIDDEN)
            await asyncio.sleep(0.3)  # a link that kept knocking would have tried about ten times by now
            assert tokens == [WRONG]

            knocked.clear()
            link.use_hello(KioskHello(seat="A01", token="y" * 32))
            async with asyncio.timeout(5):
                await knocked.wait()
            assert tokens == [WRONG, "y" * 32]
        finally:
            await link.close()


async def test_the_new_token_from_the_counter_lets_the_seat_back_in(hub: RunningHub) -> None:
    bus = EventBus()
    downs, ups = Recorder(bus, Disconnected), Recorder(bus, Connected)
    link = HubLink(hub.url, KioskHello(seat="A01", token=WRONG), bus, max_backoff=0.05, retry_refused=False)
    await link.start()
    try:
        (down,) = await downs.wait_count(1)
        assert down.code is ErrorCode.FORBIDDEN
        link.use_hello(KioskHello(seat="A01", token=hub.tokens["A01"]))
        await ups.wait_count(1)
        assert link.connected
    finally:
        await link.close()
