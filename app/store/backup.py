"""Copies of the hub's SQLite file: taken while the hub runs, kept daily, and put back only while it is stopped.

SQLite's backup API reads the live file in one read transaction: under WAL the hub goes on writing meanwhile and
the copy is the database as of one commit, never half a batch. A running hub holds a lock on a file beside its
database (`hub.db.lock`, an advisory lock the system drops when the process dies, `kill -9` included), which
`netbar restore` takes before it writes: while the hub is up it refuses, and while it restores no hub starts.
"""

import asyncio
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from netbar.store.database import BUSY_TIMEOUT_MS

_LOGGER = logging.getLogger(__name__)

DEFAULT_DAYS = 7
EVERY = timedelta(hours=1)  # how often the hub looks whether today's copy is there yet


class BackupError(Exception):
    """A copy that cannot be made or put back, in the owner's words; nothing was changed."""


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL (as SQLite opens it: relative to the working folder, no ~); None otherwise."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def copy_online(source: Path, target: Path) -> None:
    """Copy the database at `source` to `target` (a new file) consistently, while others read and write it."""
    # Read-only: whatever happens here, the live file is never written through this connection.
    source_uri = f"{source.resolve().as_uri()}?mode=ro"
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            closing(sqlite3.connect(source_uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as live,
            closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy)  # all pages in one step: one read transaction, one consistent copy
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, not a WAL database's three
        os.replace(partial, target)  # a copy cut short by a crash is never taken for a backup
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def stamped_path(database: Path, label: str, now: datetime) -> Path:
    """`hub.db.LABEL-20261127T052233Z.bak` beside `hub.db`; never one that is there already."""
    stem = f"{database.name}.{label}-{now:%Y%m%dT%H%M%SZ}"
    target = database.with_name(f"{stem}.bak")
    number = 1
    while target.exists():
        number += 1
        target = database.with_name(f"{stem}-{number}.bak")
    return target


# --- Is the hub running? --------------------------------------------------------------------------------------------


class RunningLock:
    """The lock a hub holds on `DATABASE.lock` for as long as it serves the database (and a restore while it writes)."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if no one holds it; False if a running hub (or a restore) does."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Read-only is enough to lock, so a lock file root happened to create does not stop the hub's own user.
        fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


# --- netbar backup and netbar restore -------------------------------------------------------------------------------


def back_up(database: Path, target: Path) -> Path:
    """`netbar backup FILE`: a consistent copy of the (maybe running) hub's database at `target`."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database}")
    if target.is_dir():
        target = target / f"{database.stem}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}{database.suffix}"
    if target.exists():
        raise BackupError(f"{target} is there already: name a new file")
    try:
        copy_online(database, target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot copy {database}: {error}") from error
    return target


@dataclass(frozen=True)
class Restored:
    database: Path
    source: Path
    before: Path | None  # the database as it was, kept beside it

    def summary(self) -> str:
        before = f"; the database as it was: {self.before}" if self.before else ""
        return f"restored {self.database} from {self.source}{before}"


def restore(database: Path, source: Path, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Restored:
    """`netbar restore FILE`: replace the hub's database with a backup, keeping the one replaced beside it.

    Refused while a hub runs on the database. A backup from an older netbar is upgraded (with a backup of its own)
    when the hub next starts.
    """
    _check_is_a_netbar_database(source)
    lock = RunningLock(database)
    if not lock.acquire():
        raise BackupError(
            f"the hub is running on {database}: stop it first (Linux: systemctl stop netbar-hub; "
            "Windows: the netbar-hub service), then restore"
        )
    try:
        before = None
        if database.exists():
            before = stamped_path(database, "before-restore", now())
            copy_online(database, before)
        database.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as backup,
            closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)) as live,
        ):
            backup.backup(live)  # page by page into the live file, its WAL included: nothing of the old one is left
    finally:
        lock.release()
    return Restored(database, source, before)


def _check_is_a_netbar_database(source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"there is no backup at {source}")
    try:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as backup:
            tables = {name for (name,) in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            (verdict,) = backup.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a database netbar can restore: {error}") from error
    if "alembic_version" not in tables:
        raise BackupError(f"{source} is not a netbar hub database (it has no schema revision)")
    if verdict != "ok":
        raise BackupError(f"{source} is damaged ({verdict}): choose another backup")


# --- Daily copies while the hub runs --------------------------------------------------------------------------------


class DailyBackups:
    """One copy a day in `backups/` beside the database (`hub-2026-11-27.db`), the last `days` kept."""

    def __init__(self, database: Path, days: int = DEFAULT_DAYS, today: Callable[[], date] = date.today) -> None:
        self.folder = database.parent / "backups"
        self._database = database
        self._days = days
        self._today = today
        self._name = re.compile(rf"^{re.escape(database.stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(database.suffix)}$")

    async def run(self) -> None:
        """Take today's copy if it is not there and prune, now and every hour, until cancelled."""
        while True:
            try:
                await asyncio.to_thread(self.take)
            except (OSError, sqlite3.Error) as error:
                _LOGGER.warning("cannot take the daily backup of %s in %s: %s", self._database, self.folder, error)
            await asyncio.sleep(EVERY.total_seconds())

    def take(self) -> Path | None:
        """Today's copy, if it had yet to be taken (else None); then the copies past `days` go."""
        today = self._today()
        target = self.folder / f"{self._database.stem}-{today:%Y-%m-%d}{self._database.suffix}"
        taken = None
        if not target.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            copy_online(self._database, target)
            _LOGGER.info("daily backup taken: %s", target)
            taken = target
        for old in self.kept():
            if old[0] <= today - timedelta(days=self._days):
                old[1].unlink()
                _LOGGER.info("daily backup older than %d days removed: %s", self._days, old[1])
        return taken

    def kept(self) -> list[tuple[date, Path]]:
        """The daily copies there are, oldest first."""
        found = []
        for path in self.folder.glob("*"):
            if match := self._name.match(path.name):
                found.append((date.fromisoformat(match.group(1)), path))
        return sorted(found)
