"""A kiosk put together: its outbox, its link to the hub, the view-model and the window."""

from pathlib import Path

from netbar.bus import EventBus
from netbar.gui.i18n import Translations
from netbar.gui.station import Station
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.wire.frames import KioskHello


class Kiosk(Station):
    model: KioskViewModel
    window: KioskWindow

    @classmethod
    async def start(
        cls,
        seat: str,
        token: str,
        hub_url: str,
        translations: Translations,
        outbox_path: Path,
        *,
        fullscreen: bool = False,
        own_language: bool = True,
    ) -> "Kiosk":
        """`own_language`: the language is this kiosk's alone (not shared with other windows in the process), so
        going idle may put it back for the next customer."""
        bus = EventBus()
        link = HubLink(hub_url, KioskHello(seat=seat, token=token), bus, await Outbox.open(outbox_path))
        model = KioskViewModel(seat, bus)  # listening before the link starts, so it misses nothing
        window = KioskWindow(model, translations, locked=fullscreen, own_language=own_language)
        await link.start()
        if fullscreen:
            window.showFullScreen()
        else:
            window.resize(800, 640)
            window.show()
        return cls(link, model, window)
