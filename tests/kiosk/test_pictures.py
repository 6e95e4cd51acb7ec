"""The kiosk fetches each menu picture once, keeps it on disk by its hash, and offers it to the pages."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from netbar.bus import EventBus
from netbar.domain.events import MenuChanged
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import AskPicture
from netbar.link.link import HubLink
from netbar.wire.frames import KioskHello
from tests.support.hub import RunningHub, start_hub
from tests.support.menus import COLA, NOODLES, import_pictured_menu
from tests.support.qt import Runner


def kept(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@dataclass
class Seat:
    """A kiosk's view-model and link, without a window: what the order page reads pictures from."""

    model: KioskViewModel
    link: HubLink
    asks: list[str] = field(default_factory=list)
    ready: list[str] = field(default_factory=list)


@pytest.fixture
def hub(run: Runner, tmp_path: Path) -> Iterator[RunningHub]:
    running = run(start_hub(tmp_path))
    run(import_pictured_menu(running.db, tmp_path / "menu"))
    yield running
    run(running.close())


@pytest.fixture
def start(run: Runner, qtbot: QtBot, hub: RunningHub, tmp_path: Path) -> Iterator[Callable[[], Seat]]:
    """Start the kiosk at A01 (again), keeping its pictures in tmp_path/kiosk/pictures."""
    seats: list[Seat] = []

    def starter() -> Seat:
        bus = EventBus()
        model = KioskViewModel("A01", bus, picture_folder=tmp_path / "kiosk" / "pictures")
        hello = KioskHello(seat="A01", token=hub.tokens["A01"])
        seat = Seat(model, HubLink(hub.url, hello, bus, max_backoff=0.5))
        bus.subscribe(AskPicture, lambda ask: seat.asks.append(ask.sha))
        seat.model.pictureReady.connect(seat.ready.append)
        run(seat.link.start())
        qtbot.waitUntil(lambda: seat.model.connected)
        seats.append(seat)
        return seat

    yield starter
    for seat in seats:
        seat.model.close()
        run(seat.link.close())


def test_pictures_are_fetched_once_and_a_second_start_reads_them_from_disk(
    start: Callable[[], Seat], qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "kiosk" / "pictures"
    first = start()
    qtbot.waitUntil(lambda: first.model.picture(NOODLES.sha) == NOODLES.data)
    qtbot.waitUntil(lambda: first.model.picture(COLA.sha) == COLA.data)
    assert sorted(first.asks) == sorted([NOODLES.sha, COLA.sha])  # each asked once
    assert sorted(first.ready) == sorted([NOODLES.sha, COLA.sha])
    qtbot.waitUntil(lambda: kept(folder / NOODLES.sha) == NOODLES.data and kept(folder / COLA.sha) == COLA.data)
    assert sorted(path.name for path in folder.iterdir()) == sorted([NOODLES.sha, COLA.sha])
    first.model.close()

    again = start()
    qtbot.waitUntil(lambda: again.model.picture(NOODLES.sha) == NOODLES.data)
    qtbot.waitUntil(lambda: again.model.picture(COLA.sha) == COLA.data)
    assert again.asks == []  # the disk had them
    assert sorted(again.ready) == sorted([NOODLES.sha, COLA.sha])


def test_a_damaged_kept_picture_is_fetched_again_and_one_no_longer_on_the_menu_is_deleted(
    start: Callable[[], Seat], qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "kiosk" / "pictures"
    folder.mkdir(parents=True)
    (folder / NOODLES.sha).write_bytes(COLA.data)  # not the picture its name says
    (folder / COLA.sha).write_bytes(COLA.data)
    old = folder / ("0" * 64)
    old.write_bytes(b"a picture from last week's menu")
    seat = start()
    qtbot.waitUntil(lambda: seat.model.picture(NOODLES.sha) == NOODLES.data)
    assert seat.asks == [NOODLES.sha]
    qtbot.waitUntil(lambda: kept(folder / NOODLES.sha) == NOODLES.data)  # deleted as damaged, then written anew
    qtbot.waitUntil(lambda: not old.exists())
    assert seat.model.picture(COLA.sha) == COLA.data


def test_a_picture_the_hub_lacks_is_asked_for_once_per_connection(
    start: Callable[[], Seat], run: Runner, hub: RunningHub, qtbot: QtBot
) -> None:
    async def lose_the_noodles() -> None:
        async with hub.db.write() as repo:
            await repo.connection.execute(text("DELETE FROM pictures WHERE sha = :sha"), {"sha": NOODLES.sha})

    run(lose_the_noodles())
    seat = start()
    qtbot.waitUntil(lambda: seat.model.picture(COLA.sha) is not None and NOODLES.sha in seat.asks)
    noodles = next(item for item in seat.model.menu.values() if item.picture == NOODLES.sha)
    # Menu news (staff changed its stock) names the picture again: it is not asked for again (asks go at once).
    seat.link.bus.publish(MenuChanged(seq=10**6, item=noodles.model_copy(update={"stock": 3})))
    assert seat.model.picture(NOODLES.sha) is None
    assert sorted(seat.asks) == sorted([NOODLES.sha, COLA.sha])

    run(hub.restart())  # a new connection: asked again, once
    qtbot.waitUntil(lambda: seat.asks.count(NOODLES.sha) == 2, timeout=10_000)
    assert seat.asks.count(COLA.sha) == 1  # that one is at hand
