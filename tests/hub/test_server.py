"""A client that stops reading (a frozen kiosk, a laptop lid shut) must not hold up the hub or anyone else."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from netbar.domain.menu import Category
from netbar.domain.menu_file import default_menu
from netbar.hub import server
from tests.support.hub import STAFF_PASSWORD, STAFF_USER, RunningHub

# Every food with a long note: each request_placed frame is a few KiB, so a few dozen fill any socket buffer.
BIG_ORDER = {
    "kind": "food",
    "lines": [{"item_id": item.id, "qty": 1} for item in default_menu() if item.category is Category.FOOD],
    "note": "不要辣 " * 50,
}


@pytest.fixture
async def stalled_staff(hub: RunningHub) -> AsyncIterator[ClientConnection]:
    """A staff connection, welcomed, that then reads nothing more, with socket buffers of a few KiB at both ends
    (left to itself, Linux would let a loopback socket soak up megabytes before the hub noticed)."""
    # Accepted sockets inherit their buffer size from the listening one.
    hub.hub.server._server.sockets[0].setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)  # type: ignore[union-attr]
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", hub.hub.server.port))
    websocket = await connect(hub.url, sock=sock, max_size=None)
    await websocket.send(json.dumps({"type": "hello", "role": "staff", "user": STAFF_USER, "password": STAFF_PASSWORD}))
    assert json.loads(await websocket.recv())["type"] == "welcome"
    websocket.transport.pause_reading()
    yield websocket
    websocket.transport.abort()


async def place_big_orders(hub: RunningHub, count: int) -> None:
    """`count` big request_placed events, and as many request_changed ones (a seat may only keep a few open)."""
    kiosk = await hub.raw_kiosk()
    for _ in range(count):
        answer = await kiosk.command("place_request", BIG_ORDER)
        assert answer["type"] == "ack", answer
        await kiosk.command("cancel_request", {"request_id": answer["result"]["request"]["id"]})
    await kiosk.close()


async def read_until_closed(websocket: ClientConnection) -> None:
    async with asyncio.timeout(10):
        async for _ in websocket:
            pass


async def test_a_client_too_far_behind_is_cut_off_and_the_rest_go_on(
    hub: RunningHub, stalled_staff: ClientConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "SEND_BACKLOG", 5)
    await place_big_orders(hub, 20)

    stalled_staff.transport.resume_reading()
    with pytest.raises(ConnectionClosed):
        await read_until_closed(stalled_staff)
    # Everyone else is still served, and the stalled one resumes by `since_seq` when it comes back.
    monkeypatch.undo()
    staff = await hub.raw_staff()
    assert (await staff.command("add_time", {"seat": "A03", "minutes": 60}))["type"] == "ack"


async def test_the_hub_stops_in_time_while_a_client_has_stopped_reading(
    hub: RunningHub, stalled_staff: ClientConnection
) -> None:
    await place_big_orders(hub, 20)
    # A hub has 5 s to stop: a goodbye nobody reads must not hold it up.
    async with asyncio.timeout(5):
        await hub.hub.stop()
    await hub.start_again()


async def test_the_hub_stops_in_time_while_a_socket_never_finishes_its_handshake(hub: RunningHub) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", hub.hub.server.port)  # a port scan, say
    await asyncio.sleep(0.1)
    async with asyncio.timeout(5):
        await hub.hub.stop()
    writer.close()
    await hub.start_again()


async def test_a_client_that_stops_reading_is_cut_off_within_seconds_not_at_thousands_of_frames(
    hub: RunningHub, stalled_staff: ClientConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "STALE_AFTER", 0.5)
    # Enough to fill its socket and the hub's write buffer: the rest wait unsent, far fewer than SEND_BACKLOG.
    await place_big_orders(hub, 20)
    await asyncio.sleep(0.6)
    await place_big_orders(hub, 1)  # the next frame for it finds the oldest one stale

    stalled_staff.transport.resume_reading()
    with pytest.raises(ConnectionClosed):
        await read_until_closed(stalled_staff)


async def test_a_client_that_stops_reading_is_cut_off_even_when_nothing_more_comes_for_it(
    hub: RunningHub, stalled_staff: ClientConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "STALE_AFTER", 0.5)
    # Enough to fill its socket and the hub's write buffer (32 KiB), as the other tests here: then the café goes quiet.
    await place_big_orders(hub, 20)
    await asyncio.sleep(1.0)

    stalled_staff.transport.resume_reading()
    with pytest.raises(ConnectionClosed):
        await read_until_closed(stalled_staff)


def _locals_awaiting(coroutine: Any) -> list[Any]:
    """The local variables of every coroutine in the chain `coroutine` is awaiting through."""
    found: list[Any] = []
    while coroutine is not None and hasattr(coroutine, "cr_frame"):
        if coroutine.cr_frame is not None:
            found += coroutine.cr_frame.f_locals.values()
        coroutine = coroutine.cr_await
    return found


async def test_an_idle_connection_does_not_keep_the_frames_it_was_sent(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk("A01")  # its welcome is the menu: ~20 KB of text, the last frame it was sent
    (client,) = hub.hub.server._clients
    # Held as long as the kiosk stays idle, the welcome was half of what each connected kiosk cost the hub.
    held = [value for value in _locals_awaiting(client._writer.get_coro()) if isinstance(value, (str, tuple))]
    assert not any("welcome" in repr(value) for value in held)
    await kiosk.close()


async def test_frames_queued_together_go_out_in_one_write_and_arrive_one_by_one_in_order(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = await hub.raw_kiosk("A01")
    (client,) = hub.hub.server._clients
    transport = client.websocket.transport
    writes: list[bytes] = []
    write = transport.write

    def counted(data: bytes | bytearray | memoryview) -> None:
        writes.append(bytes(data))
        write(data)

    monkeypatch.setattr(transport, "write", counted)
    texts = [json.dumps({"type": "event", "n": n, "text": "点餐" * n}) for n in range(50)]
    for text in texts:  # in one turn of the loop, as a batch's events are told
        client.send(text)
    assert [await kiosk.recv() for _ in texts] == [json.loads(text) for text in texts]
    assert len(writes) == 1
    await kiosk.close()


async def test_past_so_many_connections_of_one_seat_its_oldest_is_closed(hub: RunningHub) -> None:
    # A kiosk's token on a laptop opening connections by the hundred thousand would use up the hub's memory.
    first, *newer = [await hub.raw_kiosk("A01") for _ in range(server.MOST_CONNECTIONS_OF_ONE + 1)]
    other_seat = await hub.raw_kiosk("A02")
    with pytest.raises(ConnectionClosed, match="seat:A01 connected again elsewhere"):
        async with asyncio.timeout(5):
            await first.recv()
    for kiosk in [newer[0], newer[-1], other_seat]:
        answer = await kiosk.command("place_request", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}]})
        assert answer["type"] == "ack", answer
    for kiosk in [*newer, other_seat]:
        await kiosk.close()
