"""A welcomed client fetches menu pictures by their hash: read beside the writer, a few at a time per client, and
a bad or flooding ask is refused without harming the connection or the hub."""

import asyncio
import base64
from pathlib import Path

import pytest

from netbar.wire.frames import PICTURES_AT_ONCE
from tests.support.hub import RunningHub
from tests.support.menus import BIG, COLA, NOODLES, import_pictured_menu
from tests.support.wire import RawClient, row_counts

UNKNOWN = "ab" * 32


async def test_a_kiosk_and_staff_get_the_pictures_of_the_menu(hub: RunningHub, tmp_path: Path) -> None:
    await import_pictured_menu(hub.db, tmp_path / "menu")
    kiosk = await hub.raw_kiosk("A01")
    await kiosk.send({"type": "picture_get", "sha": NOODLES.sha})
    answer = await kiosk.answer()
    assert answer == {
        "type": "picture",
        "sha": NOODLES.sha,
        "media_type": "image/png",
        "data": base64.b64encode(NOODLES.data).decode(),
        "missing": False,
    }
    await kiosk.send({"type": "picture_get", "sha": UNKNOWN})
    assert await kiosk.answer() == {
        "type": "picture",
        "sha": UNKNOWN,
        "media_type": None,
        "data": None,
        "missing": True,
    }

    staff = await hub.raw_staff()
    await staff.send({"type": "picture_get", "sha": COLA.sha})
    assert base64.b64decode((await staff.answer())["data"]) == COLA.data


async def test_the_welcome_names_each_items_picture(hub: RunningHub, tmp_path: Path) -> None:
    await import_pictured_menu(hub.db, tmp_path / "menu")
    client = await RawClient.connect(hub.url)
    welcome = await client.hello(role="kiosk", seat="A01", token=hub.tokens["A01"])
    pictures = {item["id"]: item["picture"] for item in welcome["snapshot"]["menu"]}
    assert pictures["noodles-beef"] == NOODLES.sha
    assert pictures["cola"] == COLA.sha
    assert pictures["egg-tea"] is None


async def test_pictures_are_read_while_the_writer_is_busy(hub: RunningHub, tmp_path: Path) -> None:
    await import_pictured_menu(hub.db, tmp_path / "menu")
    kiosk = await hub.raw_kiosk("A01")
    async with hub.writer_held():
        await kiosk.send({"type": "picture_get", "sha": NOODLES.sha})
        async with asyncio.timeout(2):
            assert (await kiosk.answer())["sha"] == NOODLES.sha


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ({"type": "picture_get", "sha": "NOT-HEX"}, "picture_get: sha: String should match pattern"),
        ({"type": "picture_get", "sha": NOODLES.sha.upper()}, "picture_get: sha: String should match pattern"),
        ({"type": "picture_get"}, "picture_get: sha: Field required"),
        ({"type": "picture_get", "sha": NOODLES.sha, "size": "big"}, "picture_get: size: Extra inputs"),
        ({"type": "picture_get", "sha": ["x"] * 1000}, "picture_get: sha: Input should be a valid string"),
    ],
)
async def test_a_bad_picture_get_is_invalid_and_the_connection_lives_on(
    hub: RunningHub, tmp_path: Path, frame: dict[str, object], message: str
) -> None:
    await import_pictured_menu(hub.db, tmp_path / "menu")
    kiosk = await hub.raw_kiosk("A01")
    before = await row_counts(hub.db)
    await kiosk.send(frame)
    answer = await kiosk.answer()
    assert (answer["type"], answer["code"], answer["command_id"]) == ("error", "invalid", None)
    assert answer["message"].startswith(message), answer
    await kiosk.send({"type": "picture_get", "sha": NOODLES.sha})
    assert (await kiosk.answer())["type"] == "picture"
    assert (await kiosk.command("cancel_request", {"request_id": 999}))["code"] == "not_found"
    assert await row_counts(hub.db) == before


async def test_a_picture_get_is_no_hello(hub: RunningHub) -> None:
    stranger = await RawClient.connect(hub.url)
    await stranger.send({"type": "picture_get", "sha": NOODLES.sha})
    refused = await stranger.recv()
    assert (refused["type"], refused["code"]) == ("error", "invalid")
    assert (await stranger.closing()).code == 1008


async def test_a_flood_of_asks_is_refused_past_a_few_at_a_time(hub: RunningHub, tmp_path: Path) -> None:
    await import_pictured_menu(hub.db, tmp_path / "menu", {"noodles-beef": BIG})
    kiosk = await hub.raw_kiosk("A01")
    asks = 100  # some 35 MB of pictures, were they all queued for a client that does not read them yet
    for _ in range(asks):
        await kiosk.send({"type": "picture_get", "sha": BIG.sha})
    answers = [await kiosk.answer() for _ in range(asks)]

    pictures = [answer for answer in answers if answer["type"] == "picture"]
    refused = [answer for answer in answers if answer["type"] == "error"]
    assert len(pictures) + len(refused) == asks
    assert pictures
    assert refused
    assert {(answer["code"], answer["message"]) for answer in refused} == {
        ("too_many", f"at most {PICTURES_AT_ONCE} pictures at a time; ask for more when one arrives")
    }
    assert all(base64.b64decode(answer["data"]) == BIG.data for answer in pictures)
    # Read up, the client may ask again, and order.
    await kiosk.send({"type": "picture_get", "sha": BIG.sha})
    assert (await kiosk.answer())["type"] == "picture"
    assert (await kiosk.command("cancel_request", {"request_id": 999}))["code"] == "not_found"
