"""Menu news reaches the kiosks only for items on the menu: one taken off stays off every seat's screen."""

import asyncio
import json
from pathlib import Path

from netbar.domain.commands import Accept, OrderLine, PlaceRequest, RequestResult, StaffCancel
from netbar.domain.events import MenuChanged, RequestChanged
from netbar.domain.requests import RequestKind
from netbar.hub.admin import export_menu, import_menu
from netbar.link.events import Connected
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder


async def test_an_item_taken_off_the_menu_does_not_come_back_when_an_older_order_is_accepted(
    hub: RunningHub, tmp_path: Path
) -> None:
    kiosk, staff = await hub.kiosk("A01"), await hub.staff()
    order = PlaceRequest(kind=RequestKind.FOOD, lines=(OrderLine(item_id="egg-tea", qty=2),))
    placed = await kiosk.call(order)
    assert isinstance(placed, RequestResult)

    # The owner takes tea eggs off the menu while the order waits at the counter.
    menu_file = tmp_path / "menu.json"
    await export_menu(hub.db, menu_file)
    items = [item for item in json.loads(menu_file.read_text(encoding="utf-8")) if item["id"] != "egg-tea"]
    menu_file.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    await import_menu(hub.db, menu_file)

    news = Recorder(kiosk.bus, MenuChanged)
    changes = Recorder(kiosk.bus, RequestChanged)
    await staff.call(Accept(request_id=placed.request.id))  # stock is taken from the unlisted item …
    await staff.call(StaffCancel(request_id=placed.request.id, reason="no tea eggs left"))  # … and given back
    await changes.wait_count(2)
    await asyncio.sleep(0.1)  # any menu news would have come with the changes
    assert [event.item.id for event in news.events] == []

    # And a kiosk that (re)connects gets a menu without it.
    welcomes = Recorder(kiosk.bus, Connected)
    await hub.restart()
    (welcome,) = await welcomes.wait_count(1, within=15)
    assert "egg-tea" not in {item.id for item in welcome.snapshot.menu}
