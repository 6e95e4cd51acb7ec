"""A staff window put together: its link to the hub, the view-model and the window."""

from netbar.bus import EventBus
from netbar.gui.i18n import Translations
from netbar.gui.station import Station
from netbar.link.link import HubLink
from netbar.staff.viewmodel import StaffViewModel
from netbar.staff.window import StaffWindow
from netbar.wire.frames import StaffHello


class StaffDesk(Station):
    model: StaffViewModel
    window: StaffWindow

    @classmethod
    async def start(cls, user: str, password: str, hub_url: str, translations: Translations) -> "StaffDesk":
        bus = EventBus()
        link = HubLink(hub_url, StaffHello(user=user, password=password), bus)
        model = StaffViewModel(bus)  # listening before the link starts, so it misses nothing
        window = StaffWindow(model, translations, user)
        await link.start()
        window.resize(1100, 700)
        window.show()
        return cls(link, model, window)
