"""The link fetches menu pictures for its window: a few asks at a time, each answered on the bus, checked by hash."""

from pathlib import Path

import pytest

from netbar.domain.menu_file import default_menu
from netbar.domain.pictures import Picture
from netbar.link.events import AskPicture, PictureArrived
from tests.support.hub import RunningHub
from tests.support.menus import import_pictured_menu
from tests.support.pictures import png
from tests.support.recorder import Recorder


async def test_many_asks_are_all_answered_a_few_at_a_time(hub: RunningHub, tmp_path: Path) -> None:
    pictures = {
        item_id: Picture.of(png(colour=(index * 20, 100, 50)))
        for index, item_id in enumerate(item.id for item in default_menu()[:6])
    }
    await import_pictured_menu(hub.db, tmp_path / "menu", pictures)
    kiosk = await hub.kiosk("A01")
    arrived = Recorder(kiosk.bus, PictureArrived)
    unknown = "cd" * 32

    for picture in pictures.values():
        kiosk.bus.publish(AskPicture(picture.sha))  # as a view-model asks
    await kiosk.request_picture(unknown)

    await arrived.wait_count(len(pictures) + 1)
    assert {event.sha: event.picture for event in arrived.events} == {
        **{picture.sha: picture for picture in pictures.values()},
        unknown: None,
    }
    assert len(arrived.events) == len(pictures) + 1


async def test_an_ask_is_a_sha(hub: RunningHub) -> None:
    kiosk = await hub.kiosk("A01")
    with pytest.raises(ValueError, match="not a picture's SHA-256"):
        await kiosk.request_picture("noodles.png")
