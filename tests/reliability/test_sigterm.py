"""SIGTERM while clients are sending: the hub finishes what it started, exits 0, and loses nothing it acked."""

import asyncio
import signal
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from tests.reliability.test_kill import request_ids
from tests.support.hub import enrol
from tests.support.processes import spawn_hub
from tests.support.wire import RawClient


async def keep_ordering(url: str, seat: str, token: str, acknowledged: list[int], busy: asyncio.Event) -> None:
    client = await RawClient.connect(url)
    await client.hello(role="kiosk", seat=seat, token=token)
    try:
        while True:
            answer = await client.command("place_request", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}]})
            if answer["type"] == "ack":
                acknowledged.append(answer["result"]["request"]["id"])
                if len(acknowledged) >= 30:
                    busy.set()
    except ConnectionClosed:
        return


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_the_hub_stops_cleanly_under_load(tmp_path: Path, signum: int) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    tokens = await enrol(db_url)
    hub, url = await spawn_hub(db_url, tmp_path)
    acknowledged: list[int] = []
    busy = asyncio.Event()
    clients = [asyncio.create_task(keep_ordering(url, seat, tokens[seat], acknowledged, busy)) for seat in tokens]
    await asyncio.wait_for(busy.wait(), 20)

    started = time.monotonic()
    status = await hub.stop(signum)
    took = time.monotonic() - started
    await asyncio.wait_for(asyncio.gather(*clients), 5)

    assert status == 0, hub.log.read_text()
    assert took < 5
    assert set(acknowledged) <= set(await request_ids(db_url))
    assert "hub stopped" in hub.log.read_text()
    logged = (tmp_path / "home" / "logs" / "hub.log").read_text(encoding="utf-8")
    # The rotating file has it all, to the last line: every seat signing in, and the stop.
    assert logged.count(" connected from ") >= len(tokens)
    assert "hub stopped" in logged
