"""A venue to load: seats and a staff user enrolled once on a database of its own (a new database is created at
the schema's head, as `netbar seats add` creates it), copied fresh for every run; and a hub over a copy."""

import asyncio
import contextlib
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.load.processes import Pool, Server, start_hub
from netbar.domain.staff import StaffRole
from netbar.hub.admin import add_seats, save_staff_user
from netbar.store.database import Database

STAFF_USER = "bench"
STAFF_PASSWORD = "bench-pass"


def say(message: str) -> None:
    """Progress, on stderr: the figures alone go to stdout."""
    print(message, file=sys.stderr, flush=True)


async def _enrol(db: Path, seats: Sequence[str]) -> dict[str, str]:
    database = Database.open(f"sqlite:///{db}")
    try:
        tokens = dict(await add_seats(database, seats))
        await save_staff_user(database, STAFF_USER, STAFF_PASSWORD, StaffRole.CASHIER)
    finally:
        await database.close()
    return tokens


def copy_database(source: Path, target: Path) -> Path:
    with contextlib.closing(sqlite3.connect(source)) as old, contextlib.closing(sqlite3.connect(target)) as new:
        old.backup(new)
    return target


@dataclass
class Venue:
    db: Path
    tokens: dict[str, str]

    @classmethod
    def enrol(cls, folder: Path, seats: Sequence[str]) -> "Venue":
        db = folder / "venue.db"
        say(f"enrolling {len(seats):,} seats and staff user {STAFF_USER!r} …")
        return cls(db, asyncio.run(_enrol(db, seats)))

    def seats(self, prefix: str) -> tuple[tuple[str, str], ...]:
        return tuple((seat, token) for seat, token in self.tokens.items() if seat.startswith(prefix))

    def copy(self, target: Path) -> Path:
        return copy_database(self.db, target)


def seat_names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{number:05d}" for number in range(1, count + 1)]


@contextlib.contextmanager
def folder(keep: Path | None, name: str) -> Iterator[Path]:
    """A scratch folder for a run's databases and logs: removed afterwards, unless `keep` names a parent."""
    if keep is not None:
        path = keep / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix=f"netbar-{name}-") as path_name:
        yield Path(path_name)


@contextlib.contextmanager
def hub_over(db: Path, where: Path, notes: list[str], name: str = "hub", *, tls: bool = False) -> Iterator[Server]:
    """A `netbar hub` process over `db` until the block ends (over `wss://` with `tls`); what it logged at ERROR
    goes into `notes`."""
    hub = start_hub(db, where, name, tls=tls)
    try:
        yield hub
    finally:
        code = hub.stop()
        errors = hub.errors()
        if errors:
            notes.append(f"{name} logged {len(errors)} error line(s), first: {errors[0][:160]}")
        if code not in (0, None):
            notes.append(f"{name} exited {code}")


@contextlib.contextmanager
def pool() -> Iterator[Pool]:
    load = Pool()
    try:
        yield load
    finally:
        load.close()
