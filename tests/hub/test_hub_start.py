"""A hub that cannot listen leaves nothing running behind it."""

import threading

import pytest

from netbar.hub.hub import Hub
from tests.support.hub import RunningHub


def writer_threads() -> int:
    return sum(thread.name == "netbar writer" and thread.is_alive() for thread in threading.enumerate())


async def test_a_hub_on_a_taken_port_stops_its_writer(hub: RunningHub) -> None:
    running = writer_threads()
    with pytest.raises(OSError, match="address already in use"):
        await Hub.start(hub.db_url, "127.0.0.1", hub.hub.server.port)  # the fixture's hub has the port
    assert writer_threads() == running
