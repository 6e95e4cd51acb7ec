"""`netbar demo`: a hub on loopback over an SQLite file, one staff window and three kiosks, in one process, over
the same real connections as a deployment. What you demo is what you deploy."""

import asyncio
import contextlib
import logging

from PySide6.QtWidgets import QApplication

from netbar.domain.staff import StaffRole
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt
from netbar.gui.style import apply_style
from netbar.hub.admin import add_seats, list_seats, new_seat_token, save_staff_user
from netbar.hub.hub import Hub
from netbar.launch import Kiosk
from netbar.launch_staff import StaffDesk, staff_counter
from netbar.paths import data_dir
from netbar.staff.window import StaffWindow
from netbar.store.database import Database
from netbar.store.migrate import upgrade_database

_LOGGER = logging.getLogger(__name__)

SEATS = ("A01", "A02", "A03")
STAFF_USER = "demo"
STAFF_PASSWORD = "netbar-demo"
OPENING_MINUTES = 120


def demo_files() -> list[str]:
    names = ["demo.db", "demo.db-wal", "demo.db-shm"]
    return names + [f"demo-outbox-{seat}.db{suffix}" for seat in SEATS for suffix in ("", "-wal", "-shm")]


def run_demo(*, fresh: bool, language: Language) -> int:
    folder = data_dir()
    if fresh:
        for name in demo_files():
            (folder / name).unlink(missing_ok=True)
    db_url = f"sqlite:///{folder / 'demo.db'}"
    # The upgrade and enrolment run before the Qt loop starts, on a loop of their own; the hub in the Qt loop
    # only checks the schema (DESIGN §7).
    tokens = asyncio.run(_enrol(db_url))
    return run_qt(lambda app, quit_request: _run(app, quit_request, db_url, tokens, language))


async def _enrol(db_url: str) -> dict[str, str]:
    """The schema brought to this netbar's (a demo.db from an older one is backed up first), then seats A01–A03 and
    the demo staff user; every start gives the seats fresh tokens (kept only in memory)."""
    await upgrade_database(db_url)
    db = Database.open(db_url)
    try:
        missing = [seat for seat in SEATS if seat not in await list_seats(db)]
        if missing:
            await add_seats(db, missing)
        await save_staff_user(db, STAFF_USER, STAFF_PASSWORD, StaffRole.MANAGER)
        return {seat: await new_seat_token(db, seat) for seat in SEATS}
    finally:
        await db.close()


async def _run(
    app: QApplication, quit_request: QuitRequest, db_url: str, tokens: dict[str, str], language: Language
) -> int:
    translations = Translations(app, language)
    apply_style(app)
    # Whatever stops the start half-way (a signal, a failure), what did start is closed, newest first.
    async with contextlib.AsyncExitStack() as running:
        hub = await Hub.start(db_url, "127.0.0.1", 0)
        running.push_async_callback(hub.stop)
        staff = await StaffDesk.start(STAFF_USER, STAFF_PASSWORD, hub.url, translations)
        # From here the counter's life is staff_counter's: signing out and in again, and closing the desk on quit.
        counter = asyncio.create_task(
            staff_counter(hub.url, translations, quit_request, desk=staff, placed=_beside_the_kiosks)
        )
        running.push_async_callback(asyncio.wait_for, counter, 10)
        for number, seat in reversed(list(enumerate(SEATS))):  # A01 last, so it is shown on top
            outbox = data_dir() / f"demo-outbox-{seat}.db"
            kiosk = await Kiosk.start(seat, tokens[seat], hub.url, translations, outbox, own_language=False)
            running.push_async_callback(kiosk.close)
            kiosk.window.move(1000 + 60 * number, 60 * number)
            kiosk.window.closeRequested.connect(quit_request)
        await _open_sessions(staff)
        _LOGGER.info("demo running: hub at %s, staff user %r password %r", hub.url, STAFF_USER, STAFF_PASSWORD)

        await quit_request.wait()
        _LOGGER.info("demo stopping")
    return 0


def _beside_the_kiosks(window: StaffWindow) -> None:
    window.setGeometry(0, 0, 990, 700)  # on a 1920-wide screen, not under them


async def _open_sessions(staff: StaffDesk) -> None:
    """Give each demo seat time to count down, as staff would at the counter when a customer sits down: through
    the staff window's own intent, on its bus, as in a café."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(10):
            await staff.link.wait_connected()
    for seat in SEATS:
        if staff.model.seconds_left(seat) == 0:
            staff.model.give_time(seat, OPENING_MINUTES)
