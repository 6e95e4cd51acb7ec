"""Ctrl+C and SIGTERM, the same way for the hub and the windows."""

import asyncio
import signal
from collections.abc import Callable


def on_stop_signals(callback: Callable[[], None]) -> None:
    """SIGTERM and SIGINT call `callback` on the running loop."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, callback)
        except NotImplementedError:  # Windows: no loop signal handlers; wake the loop from the C handler.
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(callback))
