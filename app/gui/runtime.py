"""One loop: qasync runs asyncio on Qt's, and the way out of it is always the same.

A window closed, Ctrl+C or SIGTERM only *requests* a quit. The main coroutine then closes links and hubs in
order and returns, and qasync stops the loop after it: calling `QApplication.quit()` directly would end Qt's loop
under pending tasks ("Task was destroyed but it is pending").
"""

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

os.environ.setdefault("QT_API", "pyside6")  # qasync picks its binding from this; PySide6 is imported first anyway

import qasync
from PySide6.QtWidgets import QApplication

from netbar.shutdown import on_stop_signals


class QuitRequest:
    """Set once by whatever asks the program to end; the main coroutine waits for it."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def __call__(self) -> None:
        self._event.set()

    async def wait(self) -> None:
        await self._event.wait()


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName("Netbar")
    app.setOrganizationName("Netbar")
    # Closing the last window must not stop the loop under pending work: quitting is explicit.
    app.setQuitOnLastWindowClosed(False)
    return app


def run_qt(main: Callable[[QApplication, QuitRequest], Awaitable[int]]) -> int:
    """Run `main` on one Qt+asyncio loop until it returns; it should return once its QuitRequest is made."""
    app = application()

    async def run() -> int:
        quit_request = QuitRequest()
        on_stop_signals(quit_request)
        return await main(app, quit_request)

    result: int = qasync.run(run())
    return result
