"""A running hub: the database checked and seeded, the service, and the server listening."""

import asyncio
import logging
import ssl

from netbar.bus import EventBus
from netbar.domain.ageing import AgeLimits
from netbar.domain.menu_file import default_menu
from netbar.domain.payment_code import PaymentCode
from netbar.hub.reporting import DEFAULT_VENUE_DAYS, VenueDays
from netbar.hub.retention import DEFAULT_DAYS, Retention
from netbar.hub.server import HubServer
from netbar.hub.service import DEFAULT_LIMITS, HubService
from netbar.store import backup, migrate
from netbar.store.database import Database

_LOGGER = logging.getLogger(__name__)


class Hub:
    def __init__(
        self, db: Database, server: HubServer, chores: list[asyncio.Task[None]], lock: backup.RunningLock | None
    ) -> None:
        self.db = db
        self.server = server
        self.bus = server.service.bus
        self._chores = chores
        self._lock = lock

    @classmethod
    async def start(
        cls,
        db_url: str,
        host: str = "127.0.0.1",
        port: int = 8765,
        *,
        retention_days: int = DEFAULT_DAYS,
        tls: ssl.SSLContext | None = None,
        limits: AgeLimits = DEFAULT_LIMITS,
        payment_code: PaymentCode | None = None,
        backup_days: int = backup.DEFAULT_DAYS,
        days: VenueDays = DEFAULT_VENUE_DAYS,
        separate_writer: bool = True,
    ) -> "Hub":
        """Open the database, then listen; prune what is older than `retention_days` now and every hour; kiosks are
        welcomed with `payment_code`, the venue's, checked before (`netbar.config.payment_code`). Raises
        OSError if the port is taken, SchemaNotCurrent if the database is not at the code's schema: upgrading is
        `netbar db upgrade`'s job (`netbar hub` runs it before this). An SQLite database is locked against
        `netbar restore` while the hub runs, and copied to its `backups/` folder daily, the last `backup_days`
        copies kept (0: none). A manager's reports fall into business days as `days` says. Commands are written by a
        process of their own unless `separate_writer` is False (a thread: for tests that hand the writer closures)."""
        db = Database.open(db_url)
        lock = _lock_against_restore(db)
        try:
            await prepare_database(db)
        except BaseException:
            await db.close()
            if lock is not None:
                lock.release()
            raise
        service = HubService(
            db, EventBus(), limits=limits, payment_code=payment_code, days=days, separate_writer=separate_writer
        )
        server = HubServer(service, host, port, tls)
        try:
            await service.start()
            await server.start()
        except BaseException:
            await service.close()  # its writer thread, which would otherwise wait for work for ever
            await db.close()
            if lock is not None:
                lock.release()
            raise
        _LOGGER.info("hub listening on %s", server.url)
        chores = [asyncio.create_task(Retention(service, retention_days).run(), name="retention")]
        database_file = backup.sqlite_file(db.url)
        if database_file is not None and backup_days > 0:
            daily = backup.DailyBackups(database_file, backup_days)
            chores.append(asyncio.create_task(daily.run(), name="daily backup"))
        return cls(db, server, chores, lock)

    @property
    def url(self) -> str:
        return self.server.url

    async def stop(self) -> None:
        """Stop accepting, finish in-flight commands, close the database."""
        for chore in self._chores:
            chore.cancel()
        await asyncio.gather(*self._chores, return_exceptions=True)
        await self.server.close()
        await self.server.service.close()
        await self.bus.drain()
        await self.db.close()
        if self._lock is not None:
            self._lock.release()
        _LOGGER.info("hub stopped")


def _lock_against_restore(db: Database) -> backup.RunningLock | None:
    database_file = backup.sqlite_file(db.url)
    if database_file is None:
        return None
    lock = backup.RunningLock(database_file)
    if lock.acquire():
        return lock
    _LOGGER.warning("another hub, or a restore, holds %s: two hubs on one database is a mistake", lock.path)
    return None


async def prepare_database(db: Database) -> None:
    """Refuse a database not at the code's schema; one that has never had a menu gets the default one."""
    # Never migrates: an upgrade backs the file up and needs foreign keys off, which only its own engine has.
    (await migrate.schema_state(db)).require_head()
    await load_default_menu(db)


async def load_default_menu(db: Database) -> None:
    """The default menu, into a database that has none."""
    async with db.write() as repo:
        if not await repo.has_menu():
            await repo.replace_menu(default_menu())
            _LOGGER.info("loaded the default menu")
