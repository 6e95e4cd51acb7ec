"""News of events another hub wrote: PostgreSQL's LISTEN/NOTIFY on the shared database.

Every write batch on PostgreSQL ends with a NOTIFY carrying the newest `seq` (netbar.store.writer), delivered to
every listening hub when it commits. A notice only says "the log has grown to N"; the events themselves are read
from the log, in order, so a notice lost while a connection was down costs nothing but a read.
"""

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable
from typing import Any, TypeVar

from sqlalchemy.engine import URL

_LOGGER = logging.getLogger(__name__)
CHANNEL = "netbar_events"
RECONNECT_AFTER = 1.0
T = TypeVar("T")


def notify_newest(sender: str = "") -> str:
    """What a write transaction runs last on PostgreSQL: the newest `seq`, and who wrote it (a hub's writer names
    itself, so it need not read back what it publishes anyway), sent on commit and dropped on rollback."""
    if not sender.isalnum() and sender:
        raise ValueError(f"not a sender's name: {sender!r}")
    return f"SELECT pg_notify('{CHANNEL}', (SELECT coalesce(max(id), 0) FROM event_log) || ' {sender}')"


async def newest_seqs(url: URL) -> AsyncGenerator[tuple[int, str] | None, None]:
    """The newest `seq` and who wrote it each time a transaction commits, for ever: None first and after every
    reconnection (what was notified meanwhile is lost, so the listener reads the log from where it was)."""
    import psycopg  # PostgreSQL only: the `postgres` extra

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            async with await _connected(psycopg.AsyncConnection.connect(conninfo, autocommit=True)) as connection:
                await connection.execute(f"LISTEN {CHANNEL}")
                yield None
                async for notice in connection.notifies():
                    seq, _, sender = notice.payload.partition(" ")
                    yield int(seq), sender
        except psycopg.OperationalError as error:
            _LOGGER.warning("not hearing the other hubs' events for now: %s", error)
        await asyncio.sleep(RECONNECT_AFTER)


async def _connected(connecting: Awaitable[T]) -> T:
    """The connection `connecting` makes, which a cancellation does not cut off half made: psycopg's connect,
    cancelled during its handshake, leaves the server's session open (and counted against the database, which then
    cannot be dropped) until the garbage collector finds the socket. Cancelled, the connection is closed as soon
    as it is made."""
    made = asyncio.ensure_future(connecting)
    try:
        return await asyncio.shield(made)
    except asyncio.CancelledError:
        made.add_done_callback(_close_once_made)
        raise


def _close_once_made(made: "asyncio.Future[Any]") -> None:
    if not made.cancelled() and made.exception() is None:
        _closing.add(task := asyncio.ensure_future(made.result().close()))
        task.add_done_callback(_closing.discard)


_closing: set["asyncio.Future[None]"] = set()  # the closes under way: a task without a reference may be collected
