"""The venue's payment code reaches every kiosk in its welcome, and no staff window; a kiosk keeps it for a start
while the hub is away."""

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from netbar.bus import EventBus
from netbar.domain.payment_code import ImageCode, TextCode
from netbar.link.events import Connected, PaymentCodeRemembered
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.wire.frames import KioskHello
from tests.support.hub import STAFF_PASSWORD, STAFF_USER, RunningHub, start_hub
from tests.support.recorder import Recorder
from tests.support.wire import RawClient

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # 10 KiB, as a collection code's image is


async def welcome_of(hub: RunningHub, **hello: str) -> dict[str, Any]:
    client = await RawClient.connect(hub.url)
    welcome = await client.hello(**hello)
    await client.close()
    assert welcome["type"] == "welcome", welcome
    return welcome


def kiosk_hello(hub: RunningHub, seat: str = "A01") -> dict[str, str]:
    return {"role": "kiosk", "seat": seat, "token": hub.tokens[seat]}


@pytest.fixture
async def hub_with_image(tmp_path: Path) -> AsyncIterator[RunningHub]:
    running = await start_hub(tmp_path, payment_code=ImageCode(image=PNG))
    yield running
    await running.close()


async def test_a_kiosk_welcome_carries_the_image_as_base64(hub_with_image: RunningHub) -> None:
    welcome = await welcome_of(hub_with_image, **kiosk_hello(hub_with_image))
    code = welcome["snapshot"]["payment_code"]
    assert code == {"kind": "image", "image": base64.b64encode(PNG).decode()}


async def test_a_staff_welcome_has_no_payment_code(hub_with_image: RunningHub) -> None:
    welcome = await welcome_of(hub_with_image, role="staff", user=STAFF_USER, password=STAFF_PASSWORD)
    assert welcome["snapshot"]["payment_code"] is None


async def test_a_kiosk_link_gets_the_text_code_typed(tmp_path: Path) -> None:
    hub = await start_hub(tmp_path, payment_code=TextCode(text="wxp://f2f0-example"))
    try:
        bus = EventBus()
        connected = Recorder(bus, Connected)
        await hub.kiosk("A02", bus=bus)
        (welcome,) = await connected.wait_count(1)
        assert welcome.snapshot.payment_code == TextCode(text="wxp://f2f0-example")
    finally:
        await hub.close()


async def test_a_hub_without_a_payment_code_welcomes_kiosks_without_one(hub: RunningHub) -> None:
    welcome = await welcome_of(hub, **kiosk_hello(hub))
    assert welcome["snapshot"]["payment_code"] is None


async def test_a_kiosk_started_with_the_hub_away_remembers_the_payment_code(
    hub_with_image: RunningHub, tmp_path: Path
) -> None:
    path = tmp_path / "outbox-A01.db"
    link = await hub_with_image.kiosk("A01", outbox=path)
    await link.close()
    hub_with_image.links.remove(link)
    await hub_with_image.hub.stop()

    bus = EventBus()
    remembered = Recorder(bus, PaymentCodeRemembered)
    box = await Outbox.open(path)
    later = HubLink(hub_with_image.url, KioskHello(seat="A01", token=hub_with_image.tokens["A01"]), bus, box)
    await later.start()
    try:
        (kept,) = await remembered.wait_count(1)
        assert kept.payment_code == ImageCode(image=PNG)
    finally:
        await later.close()
        await hub_with_image.start_again()  # for the fixture to stop


async def test_a_payment_code_taken_away_at_the_hub_is_forgotten_by_the_kiosk(tmp_path: Path) -> None:
    box = await Outbox.open(tmp_path / "outbox.db")
    await box.keep_payment_code(TextCode(text="https://pay.example/venue"))
    assert await box.kept_payment_code() == TextCode(text="https://pay.example/venue")
    await box.keep_payment_code(None)
    assert await box.kept_payment_code() is None
    await box.close()
