"""Staff see which seats' kiosks are connected: the set in the welcome, then each change as it happens."""

import asyncio
import json

from tests.support.hub import RunningHub
from tests.support.wire import RawClient


async def presence(staff: RawClient) -> tuple[str, bool]:
    async with asyncio.timeout(3):
        frame = json.loads(await staff.websocket.recv())
    assert frame["type"] == "presence", frame
    return frame["seat"], frame["online"]


async def test_staff_see_kiosks_come_and_go_and_a_second_connection_is_not_news(hub: RunningHub) -> None:
    await hub.raw_kiosk("A02")
    staff = await RawClient.connect(hub.url)
    welcome = await staff.hello(role="staff", user="li", password="counter-pass")
    assert welcome["snapshot"]["online"] == ["A02"]

    first = await hub.raw_kiosk("A01")
    assert await presence(staff) == ("A01", True)
    second = await hub.raw_kiosk("A01")  # the same seat again, for a moment (a reconnect racing the old socket)
    await first.close()
    await second.close()
    assert await presence(staff) == ("A01", False)  # only once its last connection is gone
    with_kiosk = await RawClient.connect(hub.url)
    assert (await with_kiosk.hello(role="staff", user="li", password="counter-pass"))["snapshot"]["online"] == ["A02"]


async def test_a_kiosk_never_hears_presence(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk("A01")
    await hub.raw_kiosk("A02")
    await hub.raw_staff()
    try:
        async with asyncio.timeout(0.3):
            frame = await kiosk.websocket.recv()
        raise AssertionError(f"the kiosk heard {frame!r}")
    except TimeoutError:
        pass
