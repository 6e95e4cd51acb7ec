"""Alembic environment: runs on the hub's own connection, or on its own engine from the command line.

The hub passes its connection in `config.attributes["connection"]` (see netbar.store.migrate), so migrating never
calls `asyncio.run` and works inside a running loop. From the command line:
`alembic -x db=sqlite:///path/netbar.db upgrade head` (or `revision --autogenerate -m "…"`).
"""

import asyncio
from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from netbar.store.database import create_engine
from netbar.store.migrate import check_foreign_keys
from netbar.store.models import Base, UtcDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stand alone: a column of the app's own UtcDateTime is written as the plain type it stores.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_checked(connection: Connection) -> None:
    run_migrations(connection)
    if connection.dialect.name == "sqlite":
        check_foreign_keys(connection)


async def run_on_own_engine(url: str) -> None:
    # As `netbar db upgrade` does (netbar.store.migrate), less the backup: foreign keys off, since a batch rebuild's
    # DROP TABLE would otherwise delete (ON DELETE CASCADE) or refuse the rows pointing at the table, one
    # transaction, and the keys checked before it commits.
    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations_checked)
    finally:
        await engine.dispose()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("offline (--sql) migrations are not supported: run them against a database")
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("db")
    if not url:
        raise SystemExit("name the database: alembic -x db=sqlite:///path/netbar.db …")
    asyncio.run(run_on_own_engine(url))


main()
