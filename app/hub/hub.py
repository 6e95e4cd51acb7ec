"""A running hub: the database checked and seeded, the service, and the server listening."""

import asyncio
import logging
import ssl

from netbar.bus import EventBus
from netbar.domain.ageing import AgeLimits
from netbar.domain.menu_file import default_menu
from netbar.domain.payment_code import PaymentCode
from netbar.hub.retention import DEFAULT_DAYS, Retention
from netbar.hub.server import HubServer
from netbar.hub.service import DEFAULT_LIMITS, HubService
from netbar.store import migrate
from netbar.store.database import Database

_LOGGER = logging.getLogger(__name__)


class Hub:
    def __init__(self, db: Database, server: HubServer, retention: asyncio.Task[None]) -> None:
        self.db = db
        self.server = server
        self.bus = server.service.bus
        self._retention = retention

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
    ) -> "Hub":
        """Open the database, then listen; prune what is older than `retention_days` now and every hour; kiosks are
        welcomed with `payment_code`, the venue's, checked before (`netbar.config.payment_code`). Raises
        OSError if the port is taken, SchemaNotCurrent if the database is not at the code's schema: upgrading is
        `netbar db upgrade`'s job (`netbar hub` runs it before this)."""
        db = Database.open(db_url)
        try:
            await prepare_database(db)
        except BaseException:
            await db.close()
            raise
        service = HubService(db, EventBus(), limits=limits, payment_code=payment_code)
        server = HubServer(service, host, port, tls)
        try:
            await service.start()
            await server.start()
        except BaseException:
            await service.close()  # its writer thread, which would otherwise wait for work for ever
            await db.close()
            raise
        _LOGGER.info("hub listening on %s", server.url)
        retention = asyncio.create_task(Retention(service, retention_days).run(), name="retention")
        return cls(db, server, retention)

    @property
    def url(self) -> str:
        return self.server.url

    async def stop(self) -> None:
        """Stop accepting, finish in-flight commands, close the database."""
        self._retention.cancel()
        await asyncio.gather(self._retention, return_exceptions=True)
        await self.server.close()
        await self.server.service.close()
        await self.bus.drain()
        await self.db.close()
        _LOGGER.info("hub stopped")


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
