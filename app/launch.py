"""Windows put together and launched: a kiosk (its outbox, link, view-model and window), on a bus of its own;
`netbar kiosk` runs one on one Qt+asyncio loop until closed or signalled, and `netbar demo` starts several.

The staff window is put together in `netbar.launch_staff`, apart, so that a kiosk never imports the staff
window's modules (issue 11: a kiosk paints its first frame within 0.8 s).
"""

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QApplication, QMainWindow

from netbar.bus import EventBus
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt
from netbar.gui.style import apply_style
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.wire.frames import KioskHello


class ViewModel(Protocol):
    def close(self) -> None: ...


class Station:
    """A window, its view-model and its link to the hub: started together, closed together."""

    def __init__(self, link: HubLink, model: ViewModel, window: QMainWindow) -> None:
        self.link = link
        self.model = model
        self.window = window

    async def close(self) -> None:
        """Hide the window (nothing more can be tapped), stop listening, close the link (an outbox keeps what is
        unsent), then let the window go."""
        self.window.hide()
        self.model.close()
        await self.link.close()
        self.window.deleteLater()


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
        hub_fingerprint: str | None = None,
    ) -> "Kiosk":
        """`own_language`: the language is this kiosk's alone (not shared with other windows in the process), so
        going idle may put it back for the next customer."""
        bus = EventBus()
        outbox = await Outbox.open(outbox_path)
        link = HubLink(hub_url, KioskHello(seat=seat, token=token), bus, outbox, hub_fingerprint=hub_fingerprint)
        model = KioskViewModel(seat, bus)  # listening before the link starts, so it misses nothing
        window = KioskWindow(model, translations, locked=fullscreen, own_language=own_language)
        await link.start()
        if fullscreen:
            window.showFullScreen()
        else:
            window.resize(800, 640)
            window.show()
        return cls(link, model, window)


def run_kiosk(
    seat: str,
    token: str,
    hub_url: str,
    outbox: Path,
    language: Language,
    *,
    fullscreen: bool,
    hub_fingerprint: str | None = None,
) -> int:
    async def run(app: QApplication, quit_request: QuitRequest) -> int:
        translations = Translations(app, language)
        apply_style(app)
        kiosk = await Kiosk.start(
            seat, token, hub_url, translations, outbox, fullscreen=fullscreen, hub_fingerprint=hub_fingerprint
        )
        kiosk.window.closeRequested.connect(quit_request)
        await quit_request.wait()
        await kiosk.close()
        return 0

    return run_qt(run)
