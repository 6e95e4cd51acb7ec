"""The writer in a process of its own: the batches of netbar.store.writer, written on the machine's other core.

A thread writer shares the interpreter's lock with the event loop, so at a full house the hub is held to one core:
the loop's reading, answering and sending, and the writer's handlers and SQL, take turns. Here the same batches are
written by a child process, and the loop only sends each job down a pipe and reads back each batch's outcomes.

- A job is pickled as it is submitted, so its coroutine function must pickle (a module's function, or a
  `functools.partial` of one, never a closure); one that cannot fails there, alone. What it returns and raises
  must pickle too (`_sent`). The jobs of one turn of the event loop go to the child in one message.
- The child reads the pipe on a thread of its own, so the pipe never fills while a batch is being written, and a
  submit never waits for the child; the writing thread unpickles the jobs as it takes them (`_arrived`).
- Each batch's outcomes come back in one message, after its commit, in the order written; the child's log lines
  come back the same way and are logged here, as the hub's own.
- The child ignores Ctrl-C and SIGTERM: the hub stops it, after the commands it took are written. If the hub dies
  (kill -9), the child reads the end of the pipe, writes what it has, and exits.
- The hub waits for the child to say it is ready (`ready`): a writer that cannot start stops the hub's start.
- If the child dies, every command waiting on it is answered `WriterGone` (a client keeps the command and sends it
  again: an unanswered command may have been written, and its id makes the repeat harmless), and a new child is
  started: at once after one that had been ready, then after 1, 2, 4 … up to 30 seconds while they die starting.

On Linux the children are forked from multiprocessing's fork server, which has this module and the modules the
jobs come from (`preload`) imported already: a new writer costs a fork, not a Python start.
"""

import asyncio
import atexit
import contextlib
import functools
import itertools
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from netbar.store.database import create_plain_engine
from netbar.store.repository import Repository
from netbar.store.writer import Recovery, Work, awaited_answer, settle, write_batches

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")
READY_WITHIN_S = 60.0  # a fork is quick; a Python start on a slow Windows PC is not
MAX_RESTART_DELAY_S = 30.0


class WriterGone(Exception):
    """The writer process died with this job in its hands: it may or may not have been written."""


class WriterProcess:
    """Runs write jobs in batches in a child process; `submit` from the event loop that created it."""

    def __init__(self, url: str, *, durable: bool = True, name: str = "", preload: Sequence[str] = ()) -> None:
        """`url` with its password (the child connects with it); `durable` as `create_plain_engine`'s; `name`
        signs the commits on PostgreSQL (netbar.store.notices); `preload`: the modules the jobs come from."""
        self._url, self._durable, self._name = url, durable, name
        self._preload = [__name__, *preload]
        self._loop = asyncio.get_running_loop()
        self._tickets = itertools.count()
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._average_ms = 1.0
        self._closing = False
        # (ticket, pickled job): sent together at the end of this turn of the loop
        self._outgoing: list[tuple[int, bytes]] = []
        self._running = False  # a child is there to take jobs
        self._failures = 0  # children in a row that ended before they were ready
        self._restart: asyncio.TimerHandle | None = None
        self._start()
        atexit.register(self._abandon)

    @property
    def waiting(self) -> int:
        """Jobs submitted and not yet answered."""
        return len(self._pending)

    @property
    def average_ms(self) -> float:
        return self._average_ms

    async def ready(self) -> None:
        """Once the child is ready for work; `WriterGone` if it ended first or did not answer in time."""
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), READY_WITHIN_S)
        except TimeoutError:
            raise WriterGone(f"the writer process did not start within {READY_WITHIN_S:g} s") from None

    async def submit(self, work: Callable[[Repository], Awaitable[T]], *, after_failure: Recovery | None = None) -> T:
        """As `Writer.submit`; `work` and `after_failure` must pickle."""
        if not self._running:
            raise WriterGone("the writer process is starting again")
        ticket = next(self._tickets)
        answer: asyncio.Future[T] = awaited_answer(self._loop)
        # Here, so a job that cannot cross fails alone; as a tuple, not a `Work`: a dataclass crossing cost the hub's
        # loop and the child half as much again as the job itself.
        job = pickle.dumps((work, after_failure), pickle.HIGHEST_PROTOCOL)
        self._pending[ticket] = answer
        self._outgoing.append((ticket, job))
        if len(self._outgoing) == 1:
            # Everything submitted in this turn of the loop goes in one message: the child wakes once for all.
            self._loop.call_soon(self._send_outgoing)
        return await asyncio.shield(answer)

    async def close(self) -> None:
        """Finish what was submitted, then stop the child and wait for its last answers."""
        self._closing = True
        atexit.unregister(self._abandon)
        if self._restart is not None:
            self._restart.cancel()
        self._abandon()
        await asyncio.to_thread(self._listener.join)
        await asyncio.to_thread(self._process.join)

    def _send_outgoing(self) -> None:
        jobs, self._outgoing = self._outgoing, []
        if not jobs:  # sent already, by `close`
            return
        try:
            self._jobs.send(jobs)
        except (OSError, ValueError) as error:  # the child is gone, and is started again once its end is read
            for ticket, _ in jobs:
                if (answer := self._pending.pop(ticket, None)) is not None:
                    settle(answer, (False, WriterGone(f"the writer process is not running ({error})")))

    def _start(self) -> None:
        self._restart = None
        self._ready: asyncio.Future[None] = self._loop.create_future()
        self._ready.add_done_callback(lambda ready: ready.cancelled() or ready.exception())
        context = _context(self._preload)
        child_jobs, self._jobs = context.Pipe(duplex=False)
        self._answers, child_answers = context.Pipe(duplex=False)
        self._process = context.Process(
            target=serve,
            args=(self._url, self._durable, self._name, child_jobs, child_answers),
            name="netbar writer",
        )
        self._process.start()
        # The child's ends are the child's: with them closed here, each side reads the end of the pipe when the
        # other is gone.
        child_jobs.close()
        child_answers.close()
        self._listener = threading.Thread(
            target=self._listen, args=(self._answers, self._process), name="netbar writer answers", daemon=True
        )
        self._listener.start()
        self._running = True

    def _abandon(self) -> None:
        """Tell the child there is no more work: it writes what it has and exits."""
        self._send_outgoing()
        with contextlib.suppress(OSError, ValueError):  # gone already
            self._jobs.send(None)
            self._jobs.close()

    def _listen(self, answers: Connection, process: BaseProcess) -> None:
        while True:
            try:
                # Unpickled by the loop (`_heard`): on this thread, each batch's answers made the loop wait for
                # the interpreter's lock, as the child's reader made its writing wait (`_read`).
                message = answers.recv_bytes()
            except (EOFError, OSError):
                break
            self._loop.call_soon_threadsafe(self._heard, message)
        answers.close()
        process.join(timeout=10)  # it closed its end on its way out
        with contextlib.suppress(RuntimeError):  # the loop is closed: no one is waiting any more
            self._loop.call_soon_threadsafe(self._ended, process.exitcode)

    def _heard(self, message: bytes) -> None:
        try:
            kind, content = pickle.loads(message)
        except Exception:
            # Whose answers it held cannot be known: the child is stopped, and all it held is answered as by a
            # writer that died (a client sends it again; its id makes the repeat harmless if it was written).
            _LOGGER.exception("could not read what the writer process sent; stopping it")
            self._process.kill()
            return
        if kind == "ready":
            self._failures = 0
            if not self._ready.done():
                self._ready.set_result(None)
            return
        if kind == "log":
            record: logging.LogRecord = content
            logging.getLogger(record.name).handle(record)
            return
        outcomes, per_job_ms = content
        self._average_ms += 0.2 * (per_job_ms - self._average_ms)
        for ticket, outcome in outcomes:
            if (answer := self._pending.pop(ticket, None)) is not None:
                settle(answer, outcome)

    def _ended(self, exit_code: int | None) -> None:
        """The child's end of the answers is closed: it has exited."""
        self._running = False
        unanswered, self._pending = self._pending, {}
        gone = f"the writer process ended (exit code {exit_code})"
        for answer in unanswered.values():
            settle(answer, (False, WriterGone(gone)))
        if not self._ready.done():
            self._failures += 1
            self._ready.set_exception(WriterGone(f"{gone} as it started"))
        if self._closing:
            return
        delay = min(MAX_RESTART_DELAY_S, 2.0 ** (self._failures - 1)) if self._failures else 0.0
        _LOGGER.error("%s with %d commands unanswered; starting another in %g s", gone, len(unanswered), delay)
        self._restart = self._loop.call_later(delay, self._start)


def _context(preload: list[str]) -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    if sys.platform == "linux":
        context: multiprocessing.context.ForkServerContext = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload)  # for the fork server this process starts first: once
        return context
    return multiprocessing.get_context("spawn")  # Windows has no fork


def serve(url: str, durable: bool, name: str, jobs: Connection, answers: Connection) -> None:
    """The child: write batches of the jobs read from `jobs` until there are no more, answering on `answers`."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    sending = threading.Lock()  # the log lines and the answers share the pipe

    def send(message: tuple[str, Any]) -> None:
        with sending:
            answers.send(message)

    root = logging.getLogger()
    root.handlers[:] = [_ToTheHub(send)]
    root.setLevel(logging.INFO)
    try:
        engine = create_plain_engine(url, durable=durable, for_writer=True)
    except Exception:
        _LOGGER.exception("the writer process cannot start")
        raise SystemExit(1) from None
    send(("ready", os.getpid()))
    waiting: queue.SimpleQueue[tuple[int, bytes] | None] = queue.SimpleQueue()
    threading.Thread(target=_read, args=(jobs, waiting), name="netbar writer jobs", daemon=True).start()

    def deliver(batch: list[Work[Any]], per_job_ms: float) -> None:
        outcomes = [(job.reply, _sent(job.outcome)) for job in batch]
        try:
            send(("answers", (outcomes, per_job_ms)))
        except (pickle.PicklingError, TypeError, AttributeError):  # pickled first: nothing of it was sent
            # A job's result that cannot cross (a bug) is that job's failure, not the writer's end.
            send(("answers", ([(ticket, _crossing(outcome)) for ticket, outcome in outcomes], per_job_ms)))

    try:
        write_batches(engine, waiting, name, deliver, _arrived)
    finally:
        answers.close()


def _read(jobs: Connection, waiting: "queue.SimpleQueue[tuple[int, bytes] | None]") -> None:
    """Move the jobs from the pipe to the queue as they crossed, to be unpickled by the writing thread
    (`_arrived`): this one then holds the interpreter's lock only for a moment. Each time it held it to unpickle,
    the writing waited for it; at 1,000 orders a second, the median of eight runs' place → staff p99 fell from
    ~211 to ~119 ms when it stopped (bench/README)."""
    while True:
        try:
            sent: list[tuple[int, bytes]] | None = jobs.recv()
        except (EOFError, OSError):  # the hub is gone: what was read is written, and then the child ends
            sent = None
        if sent is None:
            waiting.put(None)
            return
        for job in sent:
            waiting.put(job)


def _arrived(crossed: tuple[int, bytes]) -> Work[Any]:
    ticket, pickled = crossed
    try:
        work, after_failure = pickle.loads(pickled)
    except Exception as error:  # pickled in the hub, it should unpickle here: if not, that job fails alone
        return Work(functools.partial(_fail, error), reply=ticket)
    return Work(work, after_failure, reply=ticket)


async def _fail(error: Exception, _repo: Repository) -> None:
    raise error


def _sent(outcome: tuple[bool, Any]) -> tuple[bool, Any]:
    """The outcome as it can cross to the hub: an exception with the trace of where it was raised here; one that
    does not pickle, or not back (an exception whose arguments are not its `args`), as a RuntimeError that names
    it."""
    succeeded, value = outcome
    if succeeded or not isinstance(value, BaseException):
        return outcome
    trace = "".join(traceback.format_exception(value))
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:
        value = RuntimeError(f"{type(value).__name__}: {value}")
    return False, _WithTrace(value, trace)


def _crossing(outcome: tuple[bool, Any]) -> tuple[bool, Any]:
    try:
        pickle.dumps(outcome)
    except Exception as error:
        return False, RuntimeError(f"the writer could not send back what a job returned: {error}")
    return outcome


class _RemoteTrace(Exception):
    """Where an exception was raised in the writer process: logged as the cause of the one raised in the hub."""

    def __str__(self) -> str:
        return f"\n\n(in the writer process)\n{self.args[0]}"


class _WithTrace:
    def __init__(self, error: BaseException, trace: str) -> None:
        self.error, self.trace = error, trace

    def __reduce__(self) -> tuple[Callable[[BaseException, str], BaseException], tuple[BaseException, str]]:
        return _with_cause, (self.error, self.trace)


def _with_cause(error: BaseException, trace: str) -> BaseException:
    error.__cause__ = _RemoteTrace(trace)
    return error


class _ToTheHub(logging.Handler):
    """The child's log records, sent to the hub to be logged there."""

    def __init__(self, send: Callable[[tuple[str, Any]], None]) -> None:
        super().__init__()
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # As logging.handlers.QueueHandler prepares one: the message and the trace as text, nothing unpicklable.
            record.msg = record.getMessage()
            if record.exc_info:
                record.msg += "\n" + logging.Formatter().formatException(record.exc_info)
            record.args, record.exc_info, record.exc_text = None, None, None
            self._send(("log", record))
        except Exception:
            self.handleError(record)
