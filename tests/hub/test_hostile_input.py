"""What a stranger or a broken client sends gets `invalid` (or, before sign-in, an error and a close), never
`internal`, never a traceback in the log, and costs the hub little: a hello is a few KiB, sent soon."""

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from netbar.hub import server
from tests.support.hub import RunningHub
from tests.support.wire import RawClient, row_counts

HUGE_INTEGER = "9" * 5000  # Python refuses to read integers of more than 4,300 digits


def close_code(closed: ConnectionClosed) -> int | None:
    """The code the hub closed with."""
    return None if closed.rcvd is None else closed.rcvd.code


async def test_an_integer_too_long_for_python_is_invalid_before_and_after_sign_in(hub: RunningHub) -> None:
    stranger = await RawClient.connect(hub.url)
    await stranger.websocket.send('{"type":"hello","role":"kiosk","seat":"A01","since_seq":' + "9" * 4000 + "}")
    refused = await stranger.recv()
    assert (refused["type"], refused["code"]) == ("error", "invalid")
    with pytest.raises(ConnectionClosed) as closed:
        await stranger.recv()
    assert close_code(closed.value) == 1008
    # Longer still, it is past what a hello may be at all.
    stranger = await RawClient.connect(hub.url)
    await stranger.websocket.send('{"type":"hello","role":"kiosk","seat":"A01","token":' + HUGE_INTEGER + "}")
    with pytest.raises(ConnectionClosed) as closed:
        await stranger.recv()
    assert close_code(closed.value) == 1009

    kiosk = await hub.raw_kiosk("A01")
    before = await row_counts(hub.db)
    await kiosk.websocket.send('{"type":"command","command_id":"x","name":"place_request","body":' + HUGE_INTEGER + "}")
    answer = await kiosk.answer()
    assert (answer["type"], answer["code"]) == ("error", "invalid")
    assert await row_counts(hub.db) == before


async def test_a_command_id_that_cannot_be_echoed_is_answered_without_it(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk("A01")
    await kiosk.websocket.send('{"type":"command","command_id":"\\ud800","name":"place_request","body":{}}')
    answer = await kiosk.answer()
    assert (answer["type"], answer["code"], answer["command_id"]) == ("error", "invalid", None)
    # The connection lives on.
    assert (await kiosk.command("cancel_request", {"request_id": 999}))["code"] == "not_found"


async def test_a_hello_larger_than_a_few_kib_closes_the_connection(hub: RunningHub) -> None:
    async with connect(hub.url, max_size=None) as websocket:
        await websocket.send(json.dumps({"type": "hello", "role": "staff", "user": "li", "password": "x" * 8000}))
        with pytest.raises(ConnectionClosed) as closed:
            await websocket.recv()
    assert close_code(closed.value) == 1009  # message too big


async def test_after_sign_in_a_command_may_be_larger_than_a_hello(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk("A01")
    answer = await kiosk.command("place_request", {"kind": "drink", "lines": [], "note": "x" * 8000})
    assert (answer["type"], answer["code"]) == ("error", "invalid")  # read, and refused for what it says


async def test_a_connection_that_never_finishes_its_hello_is_dropped_soon(
    hub: RunningHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "HELLO_TIMEOUT", 0.3)
    async with connect(hub.url) as websocket:
        async with asyncio.timeout(3):
            with pytest.raises(ConnectionClosed) as closed:
                await websocket.recv()
    assert close_code(closed.value) == 1008
