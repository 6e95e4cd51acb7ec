"""Several hubs on one PostgreSQL: acknowledged requests a second with one hub and with two on the same database,
beside pgbench's own simple-update rate on the same server, in the same run; and how soon staff on the other hub
see a kiosk's request, beside staff on the kiosk's own hub.

`python -m bench.postgres [--server URL] [--seconds S] [--kiosks N] [--workers W] [--repeat N] [--seen N]`.
The server URL names a role that may create databases, without a password (PGPASSFILE or ~/.pgpass holds it); a
database is made for each measure and dropped after. Each hub is a real `netbar hub` process; the kiosks are bare
websocket clients in separate processes, each placing a drink and cancelling it again as fast as the hub answers
(two acknowledged commands a round, so no seat runs into its 20 open requests); with two hubs, half the kiosks use
each. For the cross-hub figure one kiosk on the first hub places a drink every 50 ms, timed until a staff window
on each hub has the event.
"""

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url
from websockets.asyncio.client import connect

from bench.load.report import Figure, percentile, table

DEFAULT_SERVER = "postgresql://netbar@127.0.0.1:5432/postgres"
_STAFF = ("bench", "bench-password")
_LISTENING = re.compile(r"hub listening on (ws://127\.0\.0\.1:\d+)")


def _admin(server: str, statement: str) -> None:
    with psycopg.connect(make_url(server).render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(statement.encode())


def _drop(server: str, name: str) -> None:
    # Not WITH (FORCE): that would try to end an autovacuum worker, which only a superuser may.
    for _ in range(100):
        try:
            _admin(server, f"DROP DATABASE IF EXISTS {name}")
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.1)


def _database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


async def _enrol(url: str, seats: list[str], *, staff: bool = False) -> dict[str, str]:
    from netbar.domain.staff import StaffRole
    from netbar.hub.admin import add_seats, save_staff_user
    from netbar.store.database import Database
    from netbar.store.migrate import upgrade_database

    await upgrade_database(url)
    db = Database.open(url)
    try:
        if staff:
            await save_staff_user(db, *_STAFF, StaffRole.CASHIER)
        return dict(await add_seats(db, seats))
    finally:
        await db.close()


def _start_hub(url: str, folder: Path, name: str) -> tuple[subprocess.Popen[bytes], str]:
    log = folder / f"{name}.log"
    env = {**os.environ, "NETBAR_HOME": str(folder / "home")}
    with log.open("wb") as out:
        hub = subprocess.Popen(
            [sys.executable, "-m", "netbar", "hub", "--db", url, "--listen", "127.0.0.1:0"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 60
    while not (found := _LISTENING.search(log.read_text(errors="replace"))):
        if hub.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the hub did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return hub, found.group(1)


async def _kiosk(url: str, seat: str, token: str, start: float, end: float) -> int:
    acked = 0
    async with connect(url, max_size=None, compression=None) as ws:
        await ws.send(json.dumps({"type": "hello", "role": "kiosk", "seat": seat, "token": token}))
        while json.loads(await ws.recv())["type"] != "welcome":
            pass
        await asyncio.sleep(max(0.0, start - time.time()))

        async def command(name: str, body: dict[str, object]) -> dict[str, object]:
            command_id = str(uuid.uuid4())
            await ws.send(json.dumps({"type": "command", "command_id": command_id, "name": name, "body": body}))
            while (frame := json.loads(await ws.recv())).get("command_id") != command_id:
                pass
            return frame  # type: ignore[no-any-return]

        while time.time() < end:
            placed = await command("place_request", {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}]})
            acked += placed["type"] == "ack"
            if placed["type"] == "ack":
                request = placed["result"]["request"]  # type: ignore[index]
                cancelled = await command("cancel_request", {"request_id": request["id"]})
                acked += cancelled["type"] == "ack"
    return acked


def _load(kiosks: list[tuple[str, str, str]], start: float, end: float) -> int:
    async def all_of_them() -> int:
        counts = await asyncio.gather(*(_kiosk(url, seat, token, start, end) for url, seat, token in kiosks))
        return sum(counts)

    return asyncio.run(all_of_them())


@contextlib.contextmanager
def _hubs(
    server: str, label: str, hubs: int, seats: list[str], folder: Path, *, staff: bool = False
) -> Iterator[tuple[list[str], dict[str, str]]]:
    """`hubs` real `netbar hub` processes on a fresh database with `seats` enrolled (and the bench's staff user):
    their URLs and the seats' tokens; the hubs stopped and the database dropped after."""
    name = f"netbar_bench_{os.getpid()}_{label}"
    _admin(server, f"DROP DATABASE IF EXISTS {name}")
    _admin(server, f"CREATE DATABASE {name}")
    url = _database(server, name)
    running: list[subprocess.Popen[bytes]] = []
    try:
        tokens = asyncio.run(_enrol(url, seats, staff=staff))
        urls = []
        for number in range(hubs):
            hub, hub_url = _start_hub(url, folder, f"hub-{label}-{number}")
            running.append(hub)
            urls.append(hub_url)
        yield urls, tokens
    finally:
        for hub in running:
            hub.terminate()
            hub.wait(30)
        _drop(server, name)


def measure_hubs(server: str, hubs: int, seconds: float, kiosks: int, workers: int, folder: Path) -> float:
    seats = [f"B{number:03d}" for number in range(kiosks)]
    with _hubs(server, str(hubs), hubs, seats, folder) as (urls, tokens):
        plan = [(urls[index % hubs], seat, tokens[seat]) for index, seat in enumerate(seats)]
        start = time.time() + 5 + kiosks / 10  # every load process started and every kiosk welcomed first
        end = start + seconds
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            counts = pool.starmap(_load, [(plan[worker::workers], start, end) for worker in range(workers)])
        return sum(counts) / seconds


async def _hello(url: str, hello: dict[str, str]) -> Any:
    ws = await connect(url, max_size=None, compression=None)
    await ws.send(json.dumps({"type": "hello", **hello}))
    while json.loads(await ws.recv())["type"] != "welcome":
        pass
    return ws


async def _seen_after(urls: list[str], token: str, requests: int) -> tuple[list[float], list[float]]:
    """A kiosk on the first hub places `requests` drinks, one at a time, 50 ms apart; how long each took to reach
    a staff window on its own hub, and one on the second hub (ms)."""
    staff_hello = {"role": "staff", "user": _STAFF[0], "password": _STAFF[1]}
    kiosk = await _hello(urls[0], {"role": "kiosk", "seat": "B000", "token": token})
    staff = [await _hello(url, staff_hello) for url in urls]
    timings: list[list[float]] = [[], []]

    async def seen(ws: Any, started: float, into: list[float]) -> None:
        while True:
            frame = json.loads(await ws.recv())
            if frame.get("type") == "event" and frame.get("name") == "request_placed":
                into.append((time.perf_counter() - started) * 1000)
                return

    for _ in range(requests):
        command_id = str(uuid.uuid4())
        body = {"kind": "drink", "lines": [{"item_id": "water", "qty": 1}]}
        started = time.perf_counter()
        await kiosk.send(
            json.dumps({"type": "command", "command_id": command_id, "name": "place_request", "body": body})
        )
        await asyncio.gather(*(seen(ws, started, into) for ws, into in zip(staff, timings, strict=True)))
        while (answer := json.loads(await kiosk.recv())).get("command_id") != command_id:
            pass
        if answer["type"] == "ack":
            cancel = {"request_id": answer["result"]["request"]["id"]}
            await kiosk.send(
                json.dumps(
                    {"type": "command", "command_id": str(uuid.uuid4()), "name": "cancel_request", "body": cancel}
                )
            )
        await asyncio.sleep(0.05)
    for ws in (kiosk, *staff):
        await ws.close()
    return timings[0], timings[1]


def measure_seen(server: str, requests: int, folder: Path) -> tuple[list[float], list[float]]:
    """Two hubs on one database: place → seen by staff on the same hub, and on the other one (ms each)."""
    with _hubs(server, "seen", 2, ["B000"], folder, staff=True) as (urls, tokens):
        return asyncio.run(_seen_after(urls, tokens["B000"], requests))


def measure_pgbench(server: str, seconds: float, clients: int) -> float:
    name = f"netbar_pgbench_{os.getpid()}"
    _admin(server, f"DROP DATABASE IF EXISTS {name}")
    _admin(server, f"CREATE DATABASE {name}")
    parsed = make_url(server)
    where = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432), "-U", parsed.username or "netbar"]
    try:
        subprocess.run(["pgbench", *where, "-i", "-q", "-s", "10", name], check=True, capture_output=True)
        ran = subprocess.run(
            ["pgbench", *where, "-N", "-c", str(clients), "-j", "2", "-T", str(int(seconds)), name],
            check=True,
            capture_output=True,
            text=True,
        )
        return float(re.findall(r"tps = ([0-9.]+)", ran.stdout)[-1])
    finally:
        _drop(server, name)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.postgres", description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("NETBAR_TEST_POSTGRES", DEFAULT_SERVER))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--kiosks", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seen", type=int, default=200, help="requests timed from a kiosk to both hubs' staff")
    args = parser.parse_args()
    pgbench = f"pgbench simple-update ({args.kiosks} clients)"
    one = Figure("acked requests/s, one hub", "/s", baseline_name=pgbench)
    two = Figure("acked requests/s, two hubs, one database", "/s", baseline_name=pgbench)
    same = "staff on the kiosk's hub"
    seen = {
        (hub, fraction): Figure(
            f"place → seen p{fraction * 100:.0f} by staff on the {hub} hub", "ms", baseline_name=same
        )
        for hub in ("same", "other")
        for fraction in (0.5, 0.99)
    }
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="netbar-bench-") as scratch:
            folder = Path(scratch)
            rate = measure_pgbench(args.server, args.seconds, args.kiosks)
            one.add(measure_hubs(args.server, 1, args.seconds, args.kiosks, args.workers, folder), rate)
            two.add(measure_hubs(args.server, 2, args.seconds, args.kiosks, args.workers, folder), rate)
            timings = dict(zip(("same", "other"), measure_seen(args.server, args.seen, folder), strict=True))
        for (hub, fraction), figure in seen.items():
            figure.add(percentile(timings[hub], fraction), percentile(timings["same"], fraction))
    where = make_url(args.server).render_as_string(hide_password=True)
    title = f"PostgreSQL at {where}: {args.kiosks} kiosks for {args.seconds:.0f} s from {args.workers} processes"
    print(table(title, [one, two, *seen.values()]))


if __name__ == "__main__":
    main()
