"""The link outlives whatever the other end does, and says plainly when it is no longer usable."""

import asyncio
import json
import socket
import ssl
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from netbar.bus import EventBus
from netbar.domain.commands import AddTime
from netbar.hub import doorway
from netbar.link import link as link_module
from netbar.link.events import Connected, Disconnected
from netbar.link.link import HubLink, LinkUnavailable
from netbar.tls import client_context
from netbar.wire.frames import KioskHello, StaffHello
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder


async def why_the_link_left(answer: str | None) -> str:
    """Run a false hub that answers every hello with `answer` (or nothing, keeping the socket open); return why
    the link gave up on it, once it has come back to try again."""
    hellos = 0
    tried_again = asyncio.Event()

    async def false_hub(websocket: ServerConnection) -> None:
        nonlocal hellos
        await websocket.recv()
        hellos += 1
        if hellos == 2:
            tried_again.set()
        if answer is not None:
            await websocket.send(answer)
        await websocket.wait_closed()

    async with serve(false_hub, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        bus = EventBus()
        downs = Recorder(bus, Disconnected)
        link = HubLink(f"ws://127.0.0.1:{port}", StaffHello(user="li", password="x"), bus, max_backoff=0.05)
        await link.start()
        async with asyncio.timeout(10):
            await tried_again.wait()
        await link.close()
        return (await downs.wait_count(1))[0].reason


@pytest.mark.logs_errors  # the link logs the garbled welcome with its trace, and lives on
async def test_a_garbled_welcome_is_a_lost_hub_and_the_link_keeps_trying() -> None:
    assert "ValidationError" in await why_the_link_left(json.dumps({"type": "welcome", "seq": "soon"}))


async def test_a_hub_that_never_answers_the_hello_is_left_and_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_module, "OPEN_TIMEOUT", 0.2)
    assert await why_the_link_left(None) == "TimeoutError"


async def test_a_full_door_is_waited_out_to_the_turn_it_gave_and_then_the_link_gets_in(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doorway, "ARRIVING_AT_ONCE", 0)  # every connection is told to come back
    monkeypatch.setattr(doorway, "FIRST_TURN_S", 0.3)  # HTTP's whole seconds say 1
    attempts = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal attempts
        attempts += 1
        return connect(*args, **kwargs)

    monkeypatch.setattr(link_module, "connect", counted)
    bus = EventBus()
    downs, ups = Recorder(bus, Disconnected), Recorder(bus, Connected)
    link = HubLink(hub.url, KioskHello(seat="A01", token=hub.tokens["A01"]), bus, min_backoff=0.05)
    await link.start()
    assert (await downs.wait_count(1))[0].reason == "the hub is busy"
    told_at = asyncio.get_running_loop().time()
    await asyncio.sleep(0.2)
    assert attempts == 1  # it waits the turn it was given, not its own 50 ms

    monkeypatch.setattr(doorway, "ARRIVING_AT_ONCE", 128)
    await ups.wait_count(1)
    assert attempts == 2
    # Back at its turn to the millisecond (0.3 s, and up to a tenth more), not after the whole second HTTP
    # rounds it to (and up to as long again).
    assert asyncio.get_running_loop().time() - told_at < 1.0
    await link.close()


async def test_a_link_tries_a_wss_hub_again_and_again_with_the_one_tls_context_it_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[ssl.SSLContext] = []
    tries: list[ssl.SSLContext | None] = []
    tried_thrice = asyncio.Event()

    def counted_context() -> ssl.SSLContext:
        made.append(client_context())
        return made[-1]

    def counted_connect(*args: Any, **kwargs: Any) -> Any:
        tries.append(kwargs["ssl"])
        if len(tries) == 3:
            tried_thrice.set()
        return connect(*args, **kwargs)

    monkeypatch.setattr(link_module, "client_context", counted_context)
    monkeypatch.setattr(link_module, "connect", counted_connect)
    with socket.socket() as nobody:  # a port nothing listens on: every try fails at once
        nobody.bind(("127.0.0.1", 0))
        url = f"wss://127.0.0.1:{nobody.getsockname()[1]}"
        link = HubLink(url, KioskHello(seat="A01", token="t"), EventBus(), max_backoff=0.01, hub_fingerprint="00")
        await link.start()
        async with asyncio.timeout(10):
            await tried_thrice.wait()
        await link.close()
    assert tries[0] is not None
    assert tries[:3] == [made[0]] * 3
    assert len(made) == 1  # making one took OpenSSL ~0.14 ms, each time a kiosk tried a full hub


async def test_a_proxy_set_for_the_web_is_not_used_for_the_hub(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as nobody:
        nobody.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{nobody.getsockname()[1]}"
        for name in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, dead_proxy)
        link = HubLink(hub.url, KioskHello(seat="A01", token=hub.tokens["A01"]), EventBus())
        await link.start()
        async with asyncio.timeout(5):
            await link.wait_connected()
        await link.close()


async def test_a_closed_link_refuses_commands(hub: RunningHub) -> None:
    link = await hub.staff()
    await link.close()
    assert not link.connected
    with pytest.raises(LinkUnavailable):
        await link.call(AddTime(seat="A01", minutes=60))
