"""Windows put together and launched: a kiosk (its outbox, link, view-model and window), on a bus of its own;
`netbar kiosk` runs one on one Qt+asyncio loop until closed or signalled, and `netbar demo` starts several.

The staff window is put together in `netbar.launch_staff`, apart, so that a kiosk never imports the staff
window's modules (issue 11: a kiosk paints its first frame within 0.8 s).
"""

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import ValidationError
from PySide6.QtWidgets import QApplication, QMainWindow

from netbar.bus import EventBus
from netbar.config import user_config_dir
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt
from netbar.gui.style import apply_style
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.wire.frames import KioskHello

if TYPE_CHECKING:  # imported when the kiosk has painted its first frame (Kiosk.start)
    from netbar.link.link import HubLink
    from netbar.token_watch import TokenWatch

_LOGGER = logging.getLogger(__name__)
PICTURES_FOLDER = "pictures"  # the menu's pictures, beside the outbox (netbar.kiosk.picture_cache)


class ViewModel(Protocol):
    def close(self) -> None: ...


class Station:
    """A window, its view-model and its link to the hub: started together, closed together."""

    def __init__(self, link: "HubLink", model: ViewModel, window: QMainWindow) -> None:
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
    token_watch: "TokenWatch | None" = None

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
        config_file: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        exit_pin_hash: str | None = None,
    ) -> "Kiosk":
        """`own_language`: the language is this kiosk's alone (not shared with other windows in the process), so
        going idle may put it back for the next customer. `config_file`: the file the token came from; it is
        watched, and a new token there is tried at once (a token the hub refused is not tried again before), as
        is a new exit PIN. `clock`: what the seat's time is counted down by (a test's own, to jump to the
        prompts). The window shows before the outbox is opened and the link started: the first frame does not
        wait for either."""
        bus = EventBus()
        # The view-model listens before the link starts, so it misses nothing.
        model = KioskViewModel(
            seat,
            bus,
            config_file=str(config_file) if config_file else "",
            clock=clock,
            picture_folder=outbox_path.parent / PICTURES_FOLDER,
        )
        window = KioskWindow(
            model, translations, locked=fullscreen, own_language=own_language, exit_pin_hash=exit_pin_hash
        )
        if fullscreen:
            window.fill_screen()
        else:
            window.resize(800, 640)
            window.show()
        # Qt sends posted events (the window's first paint) before it runs the next asyncio step: the link and
        # the outbox, with websockets and aiosqlite, are imported and opened after the first frame.
        await asyncio.sleep(0)
        from netbar.link.link import HubLink
        from netbar.link.outbox import Outbox
        from netbar.token_watch import TokenWatch

        outbox = await Outbox.open(outbox_path)
        link = HubLink(
            hub_url,
            KioskHello(seat=seat, token=token),
            bus,
            outbox,
            hub_fingerprint=hub_fingerprint,
            retry_refused=False,
        )
        watch = None
        if config_file is not None:

            def new_token(token: str) -> None:
                try:
                    link.use_hello(KioskHello(seat=seat, token=token))
                except ValidationError as error:
                    _LOGGER.warning("the new seat token in %s is not a token: %s", config_file, error)

            def new_pin(pin_hash: str | None) -> None:
                window.exit_pin_hash = pin_hash

            watch = TokenWatch(config_file, token, new_token, pin_hash=exit_pin_hash, pin_changed=new_pin)
            watch.start()
        await link.start()
        kiosk = cls(link, model, window)
        kiosk.token_watch = watch
        return kiosk

    async def close(self) -> None:
        if self.token_watch is not None:
            await self.token_watch.close()
        await super().close()


def run_kiosk(
    seat: str,
    token: str,
    hub_url: str,
    outbox: Path,
    language: Language,
    *,
    fullscreen: bool,
    hub_fingerprint: str | None = None,
    config_file: Path | None = None,
    exit_pin_hash: str | None = None,
) -> int:
    """`config_file`: the one given with `--config` (None: the user's kiosk.toml), watched for a new token and a
    new exit PIN."""

    async def run(app: QApplication, quit_request: QuitRequest) -> int:
        translations = Translations(app, language)
        apply_style(app)
        kiosk = await Kiosk.start(
            seat,
            token,
            hub_url,
            translations,
            outbox,
            fullscreen=fullscreen,
            hub_fingerprint=hub_fingerprint,
            config_file=config_file or user_config_dir() / "kiosk.toml",
            exit_pin_hash=exit_pin_hash,
        )
        kiosk.window.closeRequested.connect(quit_request)
        # What start-up made (Qt's wrappers, the modules, the message schemas) lives as long as the kiosk: out of
        # the collector's way, a full collection no longer walks it (~28 ms, a stall under a finger).
        gc.freeze()
        await quit_request.wait()
        await kiosk.close()
        return 0

    return run_qt(run)
