"""`netbar kiosk` and `netbar staff`: one window each, on one Qt+asyncio loop, until closed or signalled."""

from pathlib import Path

from PySide6.QtWidgets import QApplication

from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt
from netbar.gui.style import apply_style
from netbar.kiosk.app import Kiosk
from netbar.staff.app import StaffDesk


def run_kiosk(seat: str, token: str, hub_url: str, outbox: Path, language: Language, *, fullscreen: bool) -> int:
    async def run(app: QApplication, quit_request: QuitRequest) -> int:
        translations = Translations(app, language)
        apply_style(app)
        kiosk = await Kiosk.start(seat, token, hub_url, translations, outbox, fullscreen=fullscreen)
        kiosk.window.closeRequested.connect(quit_request)
        await quit_request.wait()
        await kiosk.close()
        return 0

    return run_qt(run)


def run_staff(user: str, password: str, hub_url: str, language: Language) -> int:
    async def run(app: QApplication, quit_request: QuitRequest) -> int:
        translations = Translations(app, language)
        apply_style(app)
        desk = await StaffDesk.start(user, password, hub_url, translations)
        desk.window.closeRequested.connect(quit_request)
        await quit_request.wait()
        await desk.close()
        return 0

    return run_qt(run)
