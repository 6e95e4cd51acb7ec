"""The staff window put together and launched (its link, view-model and window, on a bus of its own);
`netbar staff` runs one on one Qt+asyncio loop until closed or signalled.

A staff window opens only once the hub has let its user in (`StaffDesk.sign_in`); `staff_counter` asks for the
user and password until it does, and again after each sign-out, until the program is closed.
"""

import asyncio
import contextlib
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt
from netbar.gui.style import apply_style
from netbar.launch import Station
from netbar.link.events import Connected, Disconnected
from netbar.link.link import HubLink
from netbar.staff.signin_dialog import SignInDialog
from netbar.staff.viewmodel import StaffViewModel
from netbar.staff.window import StaffWindow
from netbar.wire.frames import StaffHello

SIGN_IN_WAIT = 15.0  # seconds for the hub to let a user in or say no, before the dialog says it cannot reach it


class StaffDesk(Station):
    model: StaffViewModel
    window: StaffWindow

    @classmethod
    async def start(
        cls, user: str, password: str, hub_url: str, translations: Translations, *, hub_fingerprint: str | None = None
    ) -> "StaffDesk":
        """The window at once, connecting in the background (the demo's, whose password is known good)."""
        bus = EventBus()
        link = HubLink(hub_url, StaffHello(user=user, password=password), bus, hub_fingerprint=hub_fingerprint)
        model = StaffViewModel(bus)  # listening before the link starts, so it misses nothing
        window = StaffWindow(model, translations, user)
        await link.start()
        window.show()
        return cls(link, model, window)

    @classmethod
    async def sign_in(
        cls, user: str, password: str, hub_url: str, translations: Translations, *, hub_fingerprint: str | None = None
    ) -> "StaffDesk | Disconnected":
        """The window once the hub has welcomed `user`; or, without any window, why not (a refusal with its code,
        or the hub out of reach)."""
        bus = EventBus()
        link = HubLink(hub_url, StaffHello(user=user, password=password), bus, hub_fingerprint=hub_fingerprint)
        model = StaffViewModel(bus)  # listening before the link starts, so it misses nothing
        first: asyncio.Future[Connected | Disconnected] = asyncio.get_running_loop().create_future()

        def settle(event: Connected | Disconnected) -> None:
            if not first.done():
                first.set_result(event)

        listening = [bus.subscribe(Connected, settle), bus.subscribe(Disconnected, settle)]
        await link.start()
        try:
            async with asyncio.timeout(SIGN_IN_WAIT):
                outcome = await first
        except TimeoutError:
            outcome = Disconnected("no answer")
        finally:
            for unsubscribe in listening:
                unsubscribe()
        if isinstance(outcome, Disconnected):
            model.close()
            await link.close()
            return outcome
        window = StaffWindow(model, translations, user)
        window.show()
        return cls(link, model, window)


async def staff_counter(
    hub_url: str,
    translations: Translations,
    quit_request: QuitRequest,
    *,
    user: str = "",
    password: str | None = None,
    hub_fingerprint: str | None = None,
    placed: Callable[[StaffWindow], None] = lambda window: None,
    desk: StaffDesk | None = None,
) -> None:
    """Staff windows, one after another: sign in (with `password` if given, else asking), work, sign out, sign
    in again, until `quit_request`. `placed` puts each new window where it belongs; `desk` is one already open
    (the demo's), to begin with."""
    problem: Disconnected | None = None
    while True:
        if desk is None and password is not None:
            outcome = await StaffDesk.sign_in(user, password, hub_url, translations, hub_fingerprint=hub_fingerprint)
            desk, problem = (outcome, None) if isinstance(outcome, StaffDesk) else (None, outcome)
        if desk is None:
            desk = await _ask_and_sign_in(hub_url, translations, quit_request, user, problem, hub_fingerprint)
            if desk is None:
                return
        placed(desk.window)
        signed_out, problem = await _work_at(desk, quit_request)
        # The next sign-in offers the user who was signed in, and asks for the password.
        user, password, desk = desk.model.me.name if desk.model.me else user, None, None
        if not signed_out:
            return


async def _work_at(desk: StaffDesk, quit_request: QuitRequest) -> tuple[bool, Disconnected | None]:
    """Until someone signs out (True), or the hub signs them out (True, and why), or the program quits (False);
    then close the desk."""
    ended = asyncio.Event()
    signed_out: list[Disconnected] = []

    def refused(event: Disconnected) -> None:
        # A new password, the user disabled: the sign-in asks again, saying why, rather than the link trying the
        # old password until the name is locked out.
        if event.refused:
            signed_out.append(event)
            ended.set()

    stop_listening = desk.link.bus.subscribe(Disconnected, refused)
    desk.window.signOutRequested.connect(ended.set)
    desk.window.closeRequested.connect(quit_request)
    waits = [asyncio.ensure_future(ended.wait()), asyncio.ensure_future(quit_request.wait())]
    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for wait in waits:
        wait.cancel()
    stop_listening()
    await desk.close()
    return ended.is_set(), signed_out[0] if signed_out else None


async def _ask_and_sign_in(
    hub_url: str,
    translations: Translations,
    quit_request: QuitRequest,
    user: str,
    problem: Disconnected | None,
    hub_fingerprint: str | None,
) -> StaffDesk | None:
    """The sign-in dialog until the hub lets someone in (the desk) or the dialog is closed (None)."""
    dialog = SignInDialog(translations, hub_url, user)
    tries: asyncio.Queue[tuple[str, str] | None] = asyncio.Queue()
    dialog.signInRequested.connect(lambda name, secret: tries.put_nowait((name, secret)))
    dialog.quitRequested.connect(lambda: tries.put_nowait(None))
    if problem is not None:
        dialog.refused(problem.code, _refusal(problem))
    dialog.show()
    quitting = asyncio.ensure_future(quit_request.wait())
    try:
        while True:
            asked = asyncio.ensure_future(tries.get())
            await asyncio.wait([asked, quitting], return_when=asyncio.FIRST_COMPLETED)
            if not asked.done():
                asked.cancel()
                return None
            if (attempt := asked.result()) is None:
                quit_request()
                return None
            outcome = await StaffDesk.sign_in(*attempt, hub_url, translations, hub_fingerprint=hub_fingerprint)
            if isinstance(outcome, StaffDesk):
                return outcome
            dialog.refused(outcome.code, _refusal(outcome))
    finally:
        quitting.cancel()
        with contextlib.suppress(RuntimeError):  # already gone with the application
            dialog.hide()
            dialog.deleteLater()


def _refusal(problem: Disconnected) -> str:
    return problem.reason.removeprefix("the hub refused us: ")


def run_staff(
    user: str, password: str | None, hub_url: str, language: Language, *, hub_fingerprint: str | None = None
) -> int:
    """`password` None: the sign-in dialog asks for it."""

    async def run(app: QApplication, quit_request: QuitRequest) -> int:
        translations = Translations(app, language)
        apply_style(app)
        await staff_counter(
            hub_url, translations, quit_request, user=user, password=password, hub_fingerprint=hub_fingerprint
        )
        return 0

    return run_qt(run)
