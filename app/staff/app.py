"""A staff window put together: its link to the hub, the view-model and the window."""

from app.bus import EventBus
from app.gui.i18n import Translations
from app.gui.station import Station
from app.link.link import HubLink
from app.staff.viewmodel import StaffViewModel
from app.staff.window import StaffWindow
from app.wire.frames import StaffHello


class StaffDesk(Station):
    model: StaffViewModel
    window: StaffWindow

    @classmethod
    async def start(cls, user: str, password: str, hub_url: str, translations: Translations) -> "StaffDesk":
        bus = EventBus()
        link = HubLink(hub_url, StaffHello(user=user, password=password), bus)
        model = StaffViewModel(link, bus)  # listening before the link starts, so it misses nothing
        window = StaffWindow(model, translations, user)
        await link.start()
        window.resize(1100, 700)
        window.show()
        return cls(link, model, window)
