"""The repository's coroutines, run on a plain SQLAlchemy session in the calling thread.

The repository awaits its session's methods so that the same code serves the async engine. On a thread that owns
a plain connection (the writer's, a reader's), `Immediate` offers those methods over a plain `Session`: each
statement runs at once, with no hand-off to a driver thread and back, and `run_to_end` runs the coroutine to its end
without an event loop, since nothing in it ever suspends.
"""

from collections.abc import Awaitable
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from netbar.store.repository import Repository

T = TypeVar("T")


def repository(session: Session) -> Repository:
    """A repository over `session`, for coroutines run with `run_to_end` in this thread."""
    return Repository(cast(AsyncSession, Immediate(session)))


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
    """The awaitable surface of AsyncSession that the repository uses, over a plain Session in this thread."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, instance: object) -> None:
        self._session.add(instance)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalars(*args, **kwargs)

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get(*args, **kwargs)

    async def merge(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.merge(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        self._session.flush(*args, **kwargs)
