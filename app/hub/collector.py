"""The garbage collector, kept out of the way of a hub full of connections.

Every connected kiosk holds a few hundred objects for as long as it stays connected, and CPython's full collection
walks every one of them with the event loop stopped. By default a full collection runs each time the long-lived
objects have grown by a quarter: while a reconnect storm filled the hub that was every second or two, each longer
than the last (in issue 8's storm of 5,000 kiosks: ten of them, 36 ms up to 343 ms, and the staff window's p99 was
303 ms). So the hub collects its young objects as usual (they are most of its garbage, and cheap to walk), and the
whole heap only on a schedule of its own: one pause every few minutes, not a dozen during the minute it is busiest.
"""

import asyncio
import gc
import logging
import time

_LOGGER = logging.getLogger(__name__)

FULL_EVERY_S = 600.0
_NEVER_BY_ITSELF = 2**31 - 1  # the count of younger collections that would start a full one


async def collect_on_schedule() -> None:
    """Move what exists now (what start-up made, which lives as long as the hub) out of the collector's sight,
    leave full collections to this task, every FULL_EVERY_S, and put things back as they were when cancelled."""
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER_BY_ITSELF)
    try:
        while True:
            await asyncio.sleep(FULL_EVERY_S)
            started = time.perf_counter()
            found = gc.collect()
            _LOGGER.debug("a full collection found %d objects in %.0f ms", found, (time.perf_counter() - started) * 1e3)
    finally:
        gc.set_threshold(young, middle, full)
        gc.unfreeze()
