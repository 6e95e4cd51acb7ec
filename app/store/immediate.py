"""The repository's coroutines, run on a plain SQLAlchemy connection in the calling thread.

The repository awaits its connection's methods so that the same code serves the async engine. On a thread that
owns a plain connection (the writer's, a reader's), `Immediate` offers those methods over it: each statement runs
at once, with no hand-off to a driver thread and back, and `run_to_end` runs the coroutine to its end without an
event loop, since nothing in it ever suspends.
"""

from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Executable, Result, ScalarResult

from netbar.store.prepared import Converted, Prepared
from netbar.store.repository import Repository

T = TypeVar("T")


def repository(connection: Connection) -> Repository:
    """A repository over `connection`, for coroutines run with `run_to_end` in this thread."""
    return Repository(Immediate(connection))


def run_to_end(work: Awaitable[T]) -> T:
    """Run a coroutine in this thread. Every await in it is a statement that completes at once, so it never
    suspends; one that does is waiting on something a database job must not wait on."""
    coroutine = work.__await__()
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return cast(T, finished.value)
    coroutine.close()
    raise RuntimeError("a database job waited on something other than the database")


class Immediate:
    """The awaitable surface of `AsyncConnection` that the repository uses, over a plain one in this thread."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]:
        return self._connection.execute(statement, parameters)

    async def scalar(self, statement: Executable, parameters: Any = None, /) -> Any:
        return self._connection.scalar(statement, parameters)

    async def scalars(self, statement: Executable, parameters: Any = None, /) -> ScalarResult[Any]:
        return self._connection.scalars(statement, parameters)

    async def run(self, statement: Prepared, values: Mapping[str, Any], /) -> list[Any]:
        return statement.run(self._connection, values)

    async def run_unless_unchanged(
        self, statement: Prepared, values: Mapping[str, Any], last: Converted | None, /
    ) -> Converted:
        return statement.run_unless_unchanged(self._connection, values, last)
