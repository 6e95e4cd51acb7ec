"""The engine and its transactions: SQLite tuned for money (DESIGN §7); the same code runs on PostgreSQL."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Executable, Result, ScalarResult, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from netbar.store.immediate import repository, run_to_end
from netbar.store.json_text import to_json
from netbar.store.notices import notify_newest
from netbar.store.prepared import Converted, Prepared
from netbar.store.repository import Repository

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
# The writer's connection (netbar.store.writer) and the readers' (`Database.reading`) are plain ones, each driven
# from its own thread.
_SYNC_DRIVERS = {"sqlite": "sqlite+pysqlite", "postgresql": "postgresql+psycopg"}
_READ_ONLY = "netbar_read_only"
BUSY_TIMEOUT_MS = 5000
WRITE_LOCK_KEY = 0x6E657462  # "netb": PostgreSQL's advisory lock that every write transaction holds
READING_THREADS = 8
T = TypeVar("T")


class DatabaseUrlError(ValueError):
    pass


def async_url(url: str | URL) -> URL:
    """`sqlite:///path/file.db` works as written: the hub picks the async driver for a plain URL."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUrlError(f"not a database URL: {url!s}") from error
    if parsed.drivername in _ASYNC_DRIVERS:
        parsed = parsed.set(drivername=_ASYNC_DRIVERS[parsed.drivername])
    if parsed.get_backend_name() not in _ASYNC_DRIVERS:
        raise DatabaseUrlError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql://")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise DatabaseUrlError("an SQLite database needs a file: sqlite:///path/to/netbar.db")
    return parsed


def create_engine(url: str | URL, *, durable: bool = True, foreign_keys: bool = True) -> AsyncEngine:
    """An async engine; for SQLite with WAL, `synchronous=FULL` (orders are money) and `BEGIN IMMEDIATE` writes.

    `foreign_keys=False` is for schema upgrades only (netbar.store.migrate): SQLite ignores the pragma inside a
    transaction, so it is set here, when the connection is made.
    """
    engine = create_async_engine(async_url(url), json_serializer=to_json)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine.sync_engine, synchronous="FULL" if durable else "NORMAL", foreign_keys=foreign_keys)
    else:
        _tune_postgresql(engine.sync_engine)
    return engine


def create_plain_engine(
    url: str | URL, *, durable: bool = True, connections: int = 1, for_writer: bool = False
) -> Engine:
    """A plain engine, tuned as `create_engine`'s: for the writer (`for_writer`: one connection is all it uses)
    or for the threads that read (`Database.reading`)."""
    parsed = async_url(url)
    plain = parsed.set(drivername=_SYNC_DRIVERS[parsed.get_backend_name()])
    engine = create_sync_engine(plain, pool_size=connections, json_serializer=to_json)
    if engine.dialect.name == "sqlite":
        synchronous = "FULL" if durable else "NORMAL"
        _tune_sqlite(engine, synchronous=synchronous, foreign_keys=True, journal_in_memory=for_writer)
    else:
        _tune_postgresql(engine)
    return engine


def _tune_sqlite(engine: Engine, synchronous: str, foreign_keys: bool, journal_in_memory: bool = False) -> None:
    """`journal_in_memory`: for the writer, which runs each job in a savepoint. What a savepoint may roll back
    SQLite keeps in a statement journal, a temporary file unless `temp_store` is MEMORY; in memory, the SQL of a
    command takes 18% less time (issue 8's profile). Only the writer's: a reader's sorts of a long report would
    take the memory too."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of the driver's hands: it would open them lazily and never IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"synchronous={synchronous}",
            f"foreign_keys={'ON' if foreign_keys else 'OFF'}",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            *(["temp_store=MEMORY"] if journal_in_memory else []),
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A deferred BEGIN that reads and then writes fails at once with "database is locked" under a
        # concurrent writer; IMMEDIATE takes the write lock up front and waits for it (busy_timeout).
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _tune_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Several hubs may share the database: every write transaction of every hub first takes one lock, held
        # to its commit, as SQLite's BEGIN IMMEDIATE does for one file. Under it a transaction reads what the
        # previous holder committed (READ COMMITTED: each statement sees what was committed before it began), so
        # a request moves once, stock is taken once and a command_id is answered once whichever hub has it; and
        # the event log's ids are given in commit order, with no gap (netbar.store.repository). A read sees one
        # snapshot for the whole transaction, so a welcome's `seq` and its state agree.
        if connection.get_execution_options().get(_READ_ONLY, False):
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


class Database:
    """The hub's database: one connection per transaction, never shared between tasks."""

    def __init__(self, engine: AsyncEngine, url: URL, durable: bool) -> None:
        self.engine = engine
        self.url = url
        self.durable = durable
        # Reads on the hub's hot paths (sign-in, welcomes) run whole in a worker thread on a plain connection.
        self._plain_reader = create_plain_engine(url, durable=durable, connections=READING_THREADS).execution_options(
            **{_READ_ONLY: True}
        )
        self._read_only = engine.execution_options(**{_READ_ONLY: True})
        self._reads: set[asyncio.Future[Any]] = set()  # `reading`s whose thread has not finished

    @classmethod
    def open(cls, url: str | URL, *, durable: bool = True) -> "Database":
        """The database at `url`; an SQLite file's folder is made if it is missing."""
        parsed = async_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return cls(create_engine(parsed, durable=durable), parsed, durable)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Repository]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        async with self.engine.begin() as connection:
            yield Repository(_Awaited(connection))
            if self.engine.dialect.name == "postgresql":  # the hubs on the database hear of it on commit
                await connection.exec_driver_sql(notify_newest())

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Repository]:
        async with self._read_only.begin() as connection:
            yield Repository(_Awaited(connection))

    async def read_plainly(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on the plain connection under a read transaction (for Alembic, which is not async)."""
        async with self._read_only.begin() as connection:
            return await connection.run_sync(work)

    async def reading(self, work: Callable[[Repository], Awaitable[T]]) -> T:
        """Run `work` in one read transaction, whole, in a worker thread: its statements run there at once
        instead of each going to a driver thread and back (netbar.store.immediate)."""
        read = asyncio.ensure_future(asyncio.to_thread(self._read_now, work))
        self._reads.add(read)
        read.add_done_callback(_finished_read(self._reads))
        # A caller that stops waiting does not stop the thread: `close` waits for it.
        return await asyncio.shield(read)

    def _read_now(self, work: Callable[[Repository], Awaitable[T]]) -> T:
        with self._plain_reader.begin() as connection:
            return run_to_end(work(repository(connection)))

    async def close(self) -> None:
        # A read still on its thread would hand its connection back to a pool already disposed, where it stays
        # open until the garbage collector finds it (a PostgreSQL session that kept DROP DATABASE waiting).
        await asyncio.gather(*self._reads, return_exceptions=True)
        await self.engine.dispose()
        self._plain_reader.dispose()


def _finished_read(reads: set[asyncio.Future[Any]]) -> Callable[[asyncio.Future[Any]], None]:
    def finished(read: asyncio.Future[Any]) -> None:
        reads.discard(read)
        if not read.cancelled():
            read.exception()  # retrieved here too: its caller may have stopped waiting for it

    return finished


class _Awaited:
    """An `AsyncConnection` as the repository uses it: a prepared statement runs on its plain side."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]:
        return await self._connection.execute(statement, parameters)

    async def scalar(self, statement: Executable, parameters: Any = None, /) -> Any:
        return await self._connection.scalar(statement, parameters)

    async def scalars(self, statement: Executable, parameters: Any = None, /) -> ScalarResult[Any]:
        return await self._connection.scalars(statement, parameters)

    async def run(self, statement: Prepared, values: Mapping[str, Any], /) -> list[Any]:
        return await self._connection.run_sync(statement.run, values)

    async def run_unless_unchanged(
        self, statement: Prepared, values: Mapping[str, Any], last: Converted | None, /
    ) -> Converted:
        return await self._connection.run_sync(statement.run_unless_unchanged, values, last)
