"""A real hub on 127.0.0.1 port 0 over a real SQLite file, with seats and a staff user enrolled."""

import asyncio
import contextlib
import sqlite3
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from netbar.bus import EventBus
from netbar.domain.payment_code import PaymentCode
from netbar.domain.staff import StaffRole
from netbar.hub.admin import add_seats, save_staff_user
from netbar.hub.hub import Hub
from netbar.hub.reporting import DEFAULT_VENUE_DAYS, VenueDays
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.store.database import Database
from netbar.store.migrate import upgrade_database
from netbar.store.repository import Repository
from netbar.store.writer_process import WriterProcess
from netbar.wire.frames import KioskHello, StaffHello
from tests.support.postgres import fresh_database
from tests.support.wire import RawClient

STAFF_USER = "li"
STAFF_PASSWORD = "counter-pass"
CASHIER_USER = "wang"  # not enrolled unless a test asks (`RunningHub.add_cashier`): Argon2 takes half a second
CASHIER_PASSWORD = "cashier-pass"
SEATS = ("A01", "A02", "A03")


async def _nothing(repo: Repository) -> None:
    """A job that writes nothing: a module's function, so that it crosses to a writer process."""


@contextlib.contextmanager
def holding_the_write_lock(db_url: str) -> Iterator[None]:
    """Another program holding an SQLite database's write lock while the block runs."""
    assert db_url.startswith("sqlite:///"), db_url
    other = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@dataclass
class RunningHub:
    hub: Hub
    db_url: str
    tokens: dict[str, str]
    links: list[HubLink] = field(default_factory=list)
    payment_code: PaymentCode | None = None  # what kiosks are welcomed with
    days: VenueDays = DEFAULT_VENUE_DAYS  # how a manager's reports fall into business days

    @property
    def url(self) -> str:
        return self.hub.url

    @property
    def db(self) -> Database:
        return self.hub.db

    async def kiosk(self, seat: str = "A01", *, outbox: Path | None = None, bus: EventBus | None = None) -> HubLink:
        """A kiosk link, connected, on `bus` (or a bus of its own, reached as `link.bus`)."""
        hello = KioskHello(seat=seat, token=self.tokens[seat])
        box = None if outbox is None else await Outbox.open(outbox)
        return await self._start(HubLink(self.url, hello, bus or EventBus(), box, max_backoff=0.5))

    async def staff(self, *, bus: EventBus | None = None) -> HubLink:
        hello = StaffHello(user=STAFF_USER, password=STAFF_PASSWORD)
        return await self._start(HubLink(self.url, hello, bus or EventBus(), max_backoff=0.5))

    async def raw_kiosk(self, seat: str = "A01") -> RawClient:
        """A raw client, welcomed as the kiosk at `seat`."""
        return await self._raw(role="kiosk", seat=seat, token=self.tokens[seat])

    async def raw_kiosk_resuming(self, seat: str, since_seq: int) -> RawClient:
        """A raw client welcomed as the kiosk at `seat` that says it has seen up to `since_seq`."""
        return await self._raw(role="kiosk", seat=seat, token=self.tokens[seat], since_seq=since_seq)

    async def raw_staff(self, user: str = STAFF_USER, password: str = STAFF_PASSWORD) -> RawClient:
        """A raw client welcomed as staff: the manager, unless told otherwise."""
        return await self._raw(role="staff", user=user, password=password)

    async def add_cashier(self) -> RawClient:
        """Enrol CASHIER_USER as a cashier, and sign them in."""
        await save_staff_user(self.db, CASHIER_USER, CASHIER_PASSWORD, StaffRole.CASHIER)
        return await self.raw_staff(CASHIER_USER, CASHIER_PASSWORD)

    async def _raw(self, **hello: str | int) -> RawClient:
        client = await RawClient.connect(self.url)
        welcome = await client.hello(**hello)
        assert welcome["type"] == "welcome", welcome
        return client

    @contextlib.asynccontextmanager
    async def writer_held(self) -> AsyncIterator[None]:
        """The writer busy with one long write (as at 8 pm) until the block ends: a thread writer held in a job of
        its own; a writer process (SQLite only) with a job waiting for the database's write lock, which another
        program holds (no longer than the writer's busy timeout)."""
        service = self.hub.server.service
        if isinstance(service._writer, WriterProcess):
            with holding_the_write_lock(self.db_url):
                write = asyncio.create_task(service.maintain(_nothing))
                await asyncio.sleep(0.1)  # in the writer's hands
                yield
            await write
            return
        started, release = threading.Event(), threading.Event()

        async def long_write(repo: Repository) -> None:
            started.set()
            release.wait(timeout=30)  # blocks the writer's thread, as a slow disk would

        write = asyncio.create_task(service.maintain(long_write))
        await asyncio.to_thread(started.wait, 10)
        try:
            yield
        finally:
            release.set()
            await write

    async def _start(self, link: HubLink) -> HubLink:
        await link.start()
        self.links.append(link)
        async with asyncio.timeout(10):
            await link.wait_connected()
        return link

    async def restart(self) -> None:
        """Stop the hub and start it again on the same port and database."""
        await self.hub.stop()
        await self.start_again()

    async def start_again(self) -> None:
        self.hub = await start_like_netbar_hub(
            self.db_url, self.hub.server.port, payment_code=self.payment_code, days=self.days
        )

    async def close(self) -> None:
        for link in self.links:
            await link.close()
        await self.hub.stop()


async def enrol(db_url: str) -> dict[str, str]:
    """Seats A01–A03 and the staff user; returns each seat's token."""
    db = Database.open(db_url)
    try:
        tokens = dict(await add_seats(db, SEATS))
        await save_staff_user(db, STAFF_USER, STAFF_PASSWORD, StaffRole.MANAGER)
    finally:
        await db.close()
    return tokens


async def start_like_netbar_hub(
    db_url: str,
    port: int = 0,
    *,
    payment_code: PaymentCode | None = None,
    days: VenueDays = DEFAULT_VENUE_DAYS,
    separate_writer: bool = False,
    tls: ssl.SSLContext | None = None,
) -> Hub:
    """What `netbar hub` does: the upgrade first (it runs once, and takes a backup if it changes anything), then
    the hub, which only checks the schema. Its writer is a thread unless `separate_writer`: a test may hand it
    closures or patch what it runs in this process. With `tls`, it speaks `wss://`, as beyond loopback."""
    await upgrade_database(db_url)
    return await Hub.start(
        db_url, "127.0.0.1", port, payment_code=payment_code, days=days, separate_writer=separate_writer, tls=tls
    )


Enrolled = tuple[str, dict[str, str]]  # a database's URL, and its seats' tokens


async def start_hub(
    tmp_path: Path,
    *,
    payment_code: PaymentCode | None = None,
    on: Enrolled | None = None,
    days: VenueDays = DEFAULT_VENUE_DAYS,
    separate_writer: bool = False,
    tls: ssl.SSLContext | None = None,
) -> RunningHub:
    """A hub over an SQLite file in `tmp_path`, or `on` a database already enrolled (`database`); its reports'
    business days as `days` says; its writer a process of its own if `separate_writer`; over `tls` if given."""
    if on is None:
        db_url = f"sqlite:///{tmp_path / 'hub.db'}"
        on = db_url, await enrol(db_url)
    db_url, tokens = on
    hub = await start_like_netbar_hub(
        db_url, payment_code=payment_code, days=days, separate_writer=separate_writer, tls=tls
    )
    return RunningHub(hub, db_url, tokens, payment_code=payment_code, days=days)


async def _migrated_and_enrolled(db_url: str) -> dict[str, str]:
    await upgrade_database(db_url)
    return await enrol(db_url)


@contextlib.asynccontextmanager
async def database(kind: str) -> AsyncIterator[Enrolled | None]:
    """The database a parametrised test runs on: None for an SQLite file of the hub's own, or a fresh PostgreSQL
    database, migrated and enrolled (copied from a template: Argon2 once per run)."""
    if kind == "sqlite":
        yield None
        return
    async with fresh_database(_migrated_and_enrolled) as (url, tokens):
        assert tokens is not None
        yield url, tokens
