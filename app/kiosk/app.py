"""A kiosk put together: its outbox, its link to the hub, the view-model and the window."""

from pathlib import Path

from app.bus import EventBus
from app.gui.i18n import Translations
from app.kiosk.viewmodel import KioskViewModel
from app.kiosk.window import KioskWindow
from app.link.link import HubLink
from app.link.outbox import Outbox
from app.wire.frames import KioskHello


class Kiosk:
    def __init__(self, link: HubLink, model: KioskViewModel, window: KioskWindow) -> None:
        self.link = link
        self.model = model
        self.window = window

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
    ) -> "Kiosk":
        bus = EventBus()
        link = HubLink(hub_url, KioskHello(seat=seat, token=token), bus, await Outbox.open(outbox_path))
        model = KioskViewModel(seat, link, bus)  # listening before the link starts, so it misses nothing
        window = KioskWindow(model, translations, locked=fullscreen)
        await link.start()
        if fullscreen:
            window.showFullScreen()
        else:
            window.resize(800, 640)
            window.show()
        return cls(link, model, window)

    async def close(self) -> None:
        """Close the link (the outbox keeps what is unsent) and the window."""
        self.model.close()
        await self.link.close()
        self.window.hide()
        self.window.deleteLater()
