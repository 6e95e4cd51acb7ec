"""A kiosk link in a process of its own: it places one request, says when the outbox holds it, and waits.

`python -m tests.support.kiosk_process URL SEAT TOKEN OUTBOX`; the test kills it with SIGKILL.
"""

import asyncio
import sys
from pathlib import Path

from netbar.bus import EventBus
from netbar.domain.requests import RequestKind
from netbar.link.events import CommandQueued
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.wire.frames import KioskHello
from tests.support.commands import order

ORDER = order(RequestKind.FOOD, ("fried-rice-beef", 1), note="加个蛋")


async def main(url: str, seat: str, token: str, outbox_path: str) -> None:
    bus = EventBus()
    bus.subscribe(CommandQueued, lambda event: print(f"queued {event.frame.command_id}", flush=True))
    link = HubLink(url, KioskHello(seat=seat, token=token), bus, await Outbox.open(Path(outbox_path)))
    await link.start()
    await link.call(ORDER)
    print("answered", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
