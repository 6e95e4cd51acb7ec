"""Group commit: one thread owns the write connection and commits what arrived together in one transaction.

Work reaches the writer from the event loop as jobs: a coroutine function of a `Repository`. The writer takes
every job waiting (up to `MAX_BATCH`), opens one transaction, runs each job in a savepoint of its own (a job that
raises is rolled back alone and does not disturb its neighbours), commits once — one fsync for the whole batch —
and only then hands every outcome back to the event loop, in order. So an answer never goes out before the commit
that holds it, and what a batch did reaches the loop in the order it was written.

The jobs are the same coroutines the rest of the hub runs on the async engine, run here on the thread's own plain
connection, held for the writer's life (netbar.store.immediate): a statement runs at once instead of being handed
to a driver thread and back.
"""

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine

from netbar.store.immediate import repository, run_to_end
from netbar.store.notices import notify_newest
from netbar.store.repository import Repository
from netbar.store.trouble import database_trouble

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
Q = TypeVar("Q")  # a job as it waits in the writer's queue
MAX_BATCH = 200  # jobs in one transaction: enough to make an fsync cheap, few enough to answer soon


Recovery = Callable[[Repository, Exception], Awaitable[None]]


@dataclass
class Work(Generic[T]):
    """A job of a batch: what it runs, what may write in its place if it fails, and, once written, its outcome."""

    run: Callable[[Repository], Awaitable[T]]
    after_failure: Recovery | None = None
    # How the outcome finds its way back: the thread writer's (loop, future), the writer process's ticket.
    reply: Any = None
    outcome: tuple[bool, Any] = field(default=(False, None))  # (succeeded, result or exception)


Delivery = Callable[[list[Work[Any]], float], None]


class Writer:
    """Runs write jobs in batches on a thread of its own; `submit` from the event loop that created it."""

    def __init__(self, engine: Engine, *, name: str = "") -> None:
        """`name`: what this writer's commits are signed with on PostgreSQL (netbar.store.notices)."""
        self._jobs: queue.SimpleQueue[Work[Any] | None] = queue.SimpleQueue()
        self._waiting = 0
        self._average_ms = 1.0  # time per job, as a running average, for the `busy` hint
        self._thread = threading.Thread(
            target=write_batches,
            args=(engine, self._jobs, name, self._deliver, _as_queued),
            name="netbar writer",
            daemon=True,
        )
        self._thread.start()

    @property
    def waiting(self) -> int:
        """Jobs submitted and not yet answered."""
        return self._waiting

    @property
    def average_ms(self) -> float:
        return self._average_ms

    async def ready(self) -> None:
        """At once: the thread started with the writer."""

    async def submit(self, work: Callable[[Repository], Awaitable[T]], *, after_failure: Recovery | None = None) -> T:
        """Run `work` in the next batch; its result (or its exception) once the batch is committed. If `work`
        raises, what it wrote is rolled back and `after_failure` (given the exception) may write in its place, in
        the same batch (the refusal a repeat of the command will get)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = awaited_answer(loop)
        self._waiting += 1
        try:
            self._jobs.put(Work(work, after_failure, reply=(loop, answer)))
            return await asyncio.shield(answer)  # a caller that stops waiting does not undo a write
        finally:
            self._waiting -= 1

    async def close(self) -> None:
        """Finish what was submitted, then stop the thread and close its connection."""
        self._jobs.put(None)
        await asyncio.to_thread(self._thread.join)

    def _deliver(self, batch: list[Work[Any]], per_job_ms: float) -> None:
        self._average_ms += 0.2 * (per_job_ms - self._average_ms)
        # One wake-up of each loop per batch, not one per job; the answers keep their order.
        by_loop: dict[asyncio.AbstractEventLoop, list[Work[Any]]] = {}
        for work in batch:
            by_loop.setdefault(work.reply[0], []).append(work)
        for loop, jobs in by_loop.items():
            loop.call_soon_threadsafe(_answer_all, jobs)


def write_batches(
    engine: Engine,
    jobs: "queue.SimpleQueue[Q | None]",
    name: str,
    deliver: Delivery,
    arrived: Callable[[Q], Work[Any]],
) -> None:
    """Until `jobs` yields None: take every job waiting, write them in one transaction, and hand the batch with
    its outcomes to `deliver` (with the time it took a job), after the commit. `arrived` makes a job of what was
    queued, in this thread (the writer process queues its jobs as they crossed, pickled). `name` signs the
    commits on PostgreSQL (netbar.store.notices). The engine's one connection is made, used and closed in this
    thread."""
    notify = notify_newest(name)
    connection: Connection | None = None
    try:
        while (taken := _take(jobs)) is not None:
            started = time.perf_counter()
            batch = [arrived(job) for job in taken]
            if connection is None:
                # One for the writer's life; SQLAlchemy makes it anew if the database drops it (PostgreSQL).
                connection = engine.connect()
            _write(connection, batch, notify)
            deliver(batch, (time.perf_counter() - started) * 1000 / len(batch))
    finally:
        # In this thread: an SQLite connection may only be closed where it was made.
        if connection is not None:
            connection.close()
        engine.dispose()


def _take(jobs: "queue.SimpleQueue[Q | None]") -> list[Q] | None:
    """The next batch: wait for one job, then take every job already waiting, up to MAX_BATCH."""
    first = jobs.get()
    if first is None:
        return None
    batch = [first]
    while len(batch) < MAX_BATCH:
        try:
            job = jobs.get_nowait()
        except queue.Empty:
            break
        if job is None:
            jobs.put(None)  # stop after this batch
            break
        batch.append(job)
    return batch


def _write(connection: Connection, batch: Sequence[Work[Any]], notify: str) -> None:
    """Write the batch in one transaction, or none of it."""
    try:
        with connection.begin():
            repo = repository(connection)
            for job in batch:
                job.outcome = _in_savepoint(connection, repo, job)
            if connection.dialect.name == "postgresql":  # other hubs on the database hear of it on commit
                connection.exec_driver_sql(notify)
    except Exception as error:  # the commit itself failed (a full disk): nothing of the batch was written
        if database_trouble(error) is None:
            _LOGGER.exception("a batch of %d writes failed to commit", len(batch))
        else:  # each command's answer says so, and the service logs what to do
            _LOGGER.warning("a batch of %d writes was not written: %s", len(batch), error)
        for job in batch:
            job.outcome = (False, error)


def _in_savepoint(connection: Connection, repo: Repository, job: Work[Any]) -> tuple[bool, Any]:
    # On the driver's cursor, not `begin_nested()`: SQLAlchemy's savepoint costs more than a whole command's SQL.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        succeeded, outcome = _savepoint(cursor, lambda: run_to_end(job.run(repo)))
        if not succeeded and job.after_failure is not None:
            recovery = job.after_failure
            recovered, problem = _savepoint(cursor, lambda: run_to_end(recovery(repo, outcome)))
            if not recovered:
                _LOGGER.error("could not record the failure of a write", exc_info=problem)
    finally:
        cursor.close()
    return succeeded, outcome


def _savepoint(cursor: Any, work: Callable[[], T]) -> tuple[bool, Any]:
    """Run `work` in a savepoint: (True, its result), or (False, the exception) with what it wrote rolled back."""
    cursor.execute("SAVEPOINT job")
    try:
        return True, work()
    except Exception as error:
        cursor.execute("ROLLBACK TO SAVEPOINT job")
        return False, error
    finally:
        cursor.execute("RELEASE SAVEPOINT job")


def _as_queued(job: Work[Any]) -> Work[Any]:
    return job


def _answer_all(jobs: Sequence[Work[Any]]) -> None:
    for job in jobs:
        settle(job.reply[1], job.outcome)


def awaited_answer(loop: asyncio.AbstractEventLoop) -> "asyncio.Future[Any]":
    """A job's answer, to be settled once its batch is committed."""
    answer = loop.create_future()
    # A caller that stopped waiting (shutdown) is not told; the outcome is read here so it is not "never retrieved".
    answer.add_done_callback(lambda answer: answer.cancelled() or answer.exception())
    return answer


def settle(answer: "asyncio.Future[Any]", outcome: tuple[bool, Any]) -> None:
    """Give `answer` a job's outcome, (True, result) or (False, exception), unless it has one already."""
    if answer.done():
        return
    succeeded, value = outcome
    if succeeded:
        answer.set_result(value)
    else:
        answer.set_exception(value)
