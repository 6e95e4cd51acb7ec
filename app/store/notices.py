"""News of events another hub wrote: PostgreSQL's LISTEN/NOTIFY on the shared database.

Every write batch on PostgreSQL ends with a NOTIFY carrying the newest `seq` (netbar.store.writer), delivered to
every listening hub when it commits. A notice only says "the log has grown to N"; the events themselves are read
from the log, in order, so a notice lost while a connection was down costs nothing but a read.
"""

import asyncio
import logging
from collections.abc import AsyncIterator

from sqlalchemy.engine import URL

_LOGGER = logging.getLogger(__name__)
CHANNEL = "netbar_events"
RECONNECT_AFTER = 1.0


def notify_newest(sender: str = "") -> str:
    """What a write transaction runs last on PostgreSQL: the newest `seq`, and who wrote it (a hub's writer names
    itself, so it need not read back what it publishes anyway), sent on commit and dropped on rollback."""
    if not sender.isalnum() and sender:
        raise ValueError(f"not a sender's name: {sender!r}")
    return f"SELECT pg_notify('{CHANNEL}', (SELECT coalesce(max(id), 0) FROM event_log) || ' {sender}')"


async def newest_seqs(url: URL) -> AsyncIterator[tuple[int, str] | None]:
    """The newest `seq` and who wrote it each time a transaction commits, for ever: None first and after every
    reconnection (what was notified meanwhile is lost, so the listener reads the log from where it was)."""
    import psycopg  # PostgreSQL only: the `postgres` extra

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as connection:
                await connection.execute(f"LISTEN {CHANNEL}")
                yield None
                async for notice in connection.notifies():
                    seq, _, sender = notice.payload.partition(" ")
                    yield int(seq), sender
        except psycopg.OperationalError as error:
            _LOGGER.warning("not hearing the other hubs' events for now: %s", error)
        await asyncio.sleep(RECONNECT_AFTER)
