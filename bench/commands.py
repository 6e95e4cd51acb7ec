"""How fast the hub takes commands and fans events out, beside what the machine itself can do, in one run.

`python -m bench.commands` — figures are printed, never asserted.
"""

import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from bench.baselines import sqlite_commits_per_second
from netbar.domain.commands import AnyCommand, CancelRequest
from netbar.domain.requests import RequestKind
from netbar.hub.hub import Hub
from tests.support.commands import order
from tests.support.hub import enrol
from tests.support.wire import RawClient

SEQUENTIAL = 500
CONCURRENT_KIOSKS = 3
STAFF_WINDOWS = 5
ORDER = order(RequestKind.DRINK, ("water", 1))
T = TypeVar("T")


async def websocket_echo_ms(count: int = 1000) -> float:
    """Baseline: a round trip through a websocket echo on loopback."""

    async def echo(websocket: ServerConnection) -> None:
        async for message in websocket:
            await websocket.send(message)

    async with serve(echo, "127.0.0.1", 0, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}", compression=None) as client:
            timings = []
            for _ in range(count):
                started = time.perf_counter()
                await client.send('{"type":"ping"}')
                await client.recv()
                timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


async def timed(
    action: Callable[[], Awaitable[T]], count: int, then: Callable[[T], Awaitable[object]] | None = None
) -> list[float]:
    """How long each `action` took; `then` (untimed) tidies up after each one."""
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        result = await action()
        timings.append(time.perf_counter() - started)
        if then is not None:
            await then(result)
    return timings


def send(client: RawClient, command: AnyCommand) -> Awaitable[dict[str, Any]]:
    """`command` as the wire carries it, through a bare websocket: the hub's cost, not a link's."""
    return client.command(command.name, command.body())


def withdraw(client: RawClient) -> Callable[[dict[str, Any]], Awaitable[object]]:
    """Cancel what was just placed: a seat may have only so many requests open."""
    return lambda answer: send(client, CancelRequest(request_id=answer["result"]["request"]["id"]))


def percentile(timings: list[float], fraction: float) -> float:
    return sorted(timings)[int(fraction * (len(timings) - 1))] * 1000


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        baseline_commits = sqlite_commits_per_second(folder)
        baseline_echo = await websocket_echo_ms()
        db_url = f"sqlite:///{folder / 'hub.db'}"
        tokens = await enrol(db_url)
        hub = await Hub.start(db_url, "127.0.0.1", 0)
        try:
            kiosk = await RawClient.connect(hub.url)
            await kiosk.hello(role="kiosk", seat="A01", token=tokens["A01"])
            sequential = await timed(lambda: send(kiosk, ORDER), SEQUENTIAL, withdraw(kiosk))

            kiosks = []
            for seat in list(tokens)[:CONCURRENT_KIOSKS]:
                client = await RawClient.connect(hub.url)
                await client.hello(role="kiosk", seat=seat, token=tokens[seat])
                kiosks.append(client)
            started = time.perf_counter()
            await asyncio.gather(*(timed(functools.partial(send, c, ORDER), 200, withdraw(c)) for c in kiosks))
            concurrent_rate = 2 * 200 * len(kiosks) / (time.perf_counter() - started)  # each placed, then cancelled

            staff = []
            for _ in range(STAFF_WINDOWS):
                client = await RawClient.connect(hub.url)
                await client.hello(role="staff", user="li", password="counter-pass")
                staff.append(client)

            async def placed_and_seen_by_all_staff() -> dict[str, Any]:
                answer = await send(kiosk, ORDER)
                await asyncio.gather(*(client.recv() for client in staff))
                return answer

            async def withdrawn_and_seen(answer: dict[str, Any]) -> None:
                await withdraw(kiosk)(answer)
                await asyncio.gather(*(client.recv() for client in staff))

            fan_out = await timed(placed_and_seen_by_all_staff, 200, withdrawn_and_seen)
        finally:
            await hub.stop()

    rows = [
        ("baseline: stdlib SQLite commits (WAL, FULL)", f"{baseline_commits:,.0f}/s"),
        ("baseline: websocket echo round trip (p50)", f"{baseline_echo:.2f} ms"),
        ("place_request round trip, one kiosk (p50)", f"{percentile(sequential, 0.5):.2f} ms"),
        ("place_request round trip, one kiosk (p95)", f"{percentile(sequential, 0.95):.2f} ms"),
        ("place_request rate, one kiosk", f"{SEQUENTIAL / sum(sequential):,.0f}/s"),
        (f"commands rate, {CONCURRENT_KIOSKS} kiosks at once (place, cancel)", f"{concurrent_rate:,.0f}/s"),
        (f"placed → seen by {STAFF_WINDOWS} staff windows (p50)", f"{percentile(fan_out, 0.5):.2f} ms"),
        (f"placed → seen by {STAFF_WINDOWS} staff windows (p95)", f"{percentile(fan_out, 0.95):.2f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")


if __name__ == "__main__":
    asyncio.run(main())
