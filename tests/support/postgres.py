"""A real PostgreSQL server for the tests that run on both databases: a database of its own per test, copied from a
template made once per run. Without a server reachable at $NETBAR_TEST_POSTGRES (default
postgresql://netbar@127.0.0.1:5432/postgres, the password from PGPASSFILE or ~/.pgpass) those tests are skipped,
unless NETBAR_REQUIRE_POSTGRES=1 (as in CI), where they fail instead."""

import asyncio
import atexit
import contextlib
import itertools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import pytest
from sqlalchemy.engine import make_url

T = TypeVar("T")
DEFAULT_SERVER = "postgresql://netbar@127.0.0.1:5432/postgres"
_TEMPLATE = f"netbar_template_{os.getpid()}"
_numbers = itertools.count(1)
_made: dict[str, object] = {}  # what making the template returned, once it is made


def server_url() -> str:
    return os.environ.get("NETBAR_TEST_POSTGRES", DEFAULT_SERVER)


def _unreachable() -> str | None:
    """Why no PostgreSQL server can be used here, or None."""
    try:
        import psycopg  # the `postgres` extra
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test,postgres]')"
    try:
        psycopg.connect(_libpq(server_url()), connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return str(error).strip()
    return None


def require_server() -> None:
    """Skip the test when no PostgreSQL server answers (fail, when CI says one must)."""
    if (why := _unreachable()) is not None:
        if os.environ.get("NETBAR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL server at {server_url()}: {why}")
        pytest.skip(f"no PostgreSQL server at {server_url()} (set NETBAR_TEST_POSTGRES): {why}")


def database_url(name: str) -> str:
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(server_url()), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.encode())


def _drop_template() -> None:
    import psycopg

    with contextlib.suppress(psycopg.Error):  # the server may be gone, or autovacuum still in it
        admin(f"DROP DATABASE IF EXISTS {_TEMPLATE}")


@asynccontextmanager
async def fresh_database(template: Callable[[str], Awaitable[T]] | None = None) -> AsyncIterator[tuple[str, T | None]]:
    """A database of its own, dropped after the block: empty, or a copy of the template that `template` makes the
    first time (it is given the template's URL; what it returns is handed out with every copy)."""
    require_server()
    made: T | None = None
    source = ""
    if template is not None:
        if _TEMPLATE not in _made:
            admin(f"DROP DATABASE IF EXISTS {_TEMPLATE}", f"CREATE DATABASE {_TEMPLATE}")
            atexit.register(_drop_template)
            _made[_TEMPLATE] = await template(database_url(_TEMPLATE))
        made = _made[_TEMPLATE]  # type: ignore[assignment]
        source = f" TEMPLATE {_TEMPLATE}"
    name = f"netbar_test_{os.getpid()}_{next(_numbers)}"
    admin(f"CREATE DATABASE {name}{source}")
    try:
        yield database_url(name), made
    finally:
        await _drop(name)


async def _drop(name: str) -> None:
    """Drop a test's database once the connections of the hubs closed with it are gone (without FORCE: that would
    try to end an autovacuum worker in it, which only a superuser may; DROP DATABASE stops those itself).

    On a thread, with a lock timeout: DROP DATABASE waits for its lock while any session is still connected, and
    run on the event loop it kept the loop from closing the test hub's own last connections, for ever."""
    import psycopg

    drop = ("SET lock_timeout = '2s'", f"DROP DATABASE IF EXISTS {name}")
    for _ in range(50):
        try:
            await asyncio.to_thread(admin, *drop)
            return
        except (psycopg.errors.ObjectInUse, psycopg.errors.LockNotAvailable):
            await asyncio.sleep(0.1)
    await asyncio.to_thread(admin, *drop)
