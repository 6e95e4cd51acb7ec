"""The writer as a process of its own: the same batches, with every job, answer, failure and log line crossing a
pipe, and a child that neither outlives the hub nor takes the hub's commands with it when it dies."""

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.store.migrate import upgrade_database
from netbar.store.models import Seat
from netbar.store.repository import Repository
from netbar.store.writer_process import WriterGone, WriterProcess
from tests.support.hub import holding_the_write_lock
from tests.support.processes import ROOT

NOW = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)


@pytest.fixture
async def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    await upgrade_database(url)
    return url


@pytest.fixture
async def writer(database: str) -> AsyncIterator[WriterProcess]:
    writer = WriterProcess(database)
    yield writer
    await writer.close()


async def enrol(seat: str, repo: Repository) -> str:
    await repo.add_seat(seat, "0" * 64, NOW)
    return seat


async def enrol_then_fail(seat: str, repo: Repository) -> None:
    await enrol(seat, repo)
    raise ValueError(f"{seat} refused")


async def refuse(repo: Repository) -> None:
    raise CommandRejected(ErrorCode.SOLD_OUT, "Red Bull is sold out", retry_after_ms=250)


async def seats(repo: Repository) -> int:
    return await repo.connection.scalar(select(func.count()).select_from(Seat)) or 0


async def warn(text: str, repo: Repository) -> None:
    logging.getLogger("netbar.store.test").warning("from the writer: %s", text)


async def writers_pid(repo: Repository) -> int:
    return os.getpid()


async def test_jobs_waiting_on_a_held_database_are_all_written_once_it_is_free(
    writer: WriterProcess, database: str
) -> None:
    with holding_the_write_lock(database):
        jobs = [asyncio.create_task(writer.submit(partial(enrol, f"B{number:02d}"))) for number in range(50)]
        await asyncio.sleep(0.3)
        assert writer.waiting == 50
        assert not any(job.done() for job in jobs)  # no answer before the commit
    assert await asyncio.gather(*jobs) == [f"B{number:02d}" for number in range(50)]
    assert await writer.submit(seats) == 50
    assert writer.waiting == 0


async def test_a_failing_job_is_rolled_back_alone_and_its_error_says_where_it_was_raised(
    writer: WriterProcess,
) -> None:
    outcomes = await asyncio.gather(
        writer.submit(partial(enrol, "C00")),
        writer.submit(partial(enrol_then_fail, "C01")),
        writer.submit(partial(enrol, "C02")),
        return_exceptions=True,
    )
    assert (outcomes[0], outcomes[2]) == ("C00", "C02")
    failed = outcomes[1]
    assert isinstance(failed, ValueError)
    assert str(failed) == "C01 refused"
    assert "in the writer process" in str(failed.__cause__)
    assert "enrol_then_fail" in str(failed.__cause__)
    assert await writer.submit(seats) == 2


async def test_a_refusal_crosses_whole(writer: WriterProcess) -> None:
    with pytest.raises(CommandRejected) as refused:
        await writer.submit(refuse)
    assert (refused.value.code, refused.value.message) == (ErrorCode.SOLD_OUT, "Red Bull is sold out")
    assert refused.value.retry_after_ms == 250


async def test_a_job_that_cannot_cross_is_refused_at_once_and_the_writer_goes_on(writer: WriterProcess) -> None:
    async def closure(repo: Repository) -> int:
        return 1

    with pytest.raises(AttributeError, match="local object"):
        await writer.submit(closure)
    assert writer.waiting == 0
    assert await writer.submit(partial(enrol, "D01")) == "D01"


async def unpicklable(repo: Repository) -> object:
    return lambda: None


async def test_a_result_that_cannot_cross_fails_its_job_alone(writer: WriterProcess) -> None:
    outcomes = await asyncio.gather(
        writer.submit(partial(enrol, "F01")), writer.submit(unpicklable), return_exceptions=True
    )
    assert outcomes[0] == "F01"
    assert isinstance(outcomes[1], RuntimeError)
    assert "could not send back what a job returned" in str(outcomes[1])
    assert await writer.submit(partial(enrol, "F02")) == "F02"  # the same writer, still there


def _unreadable(text: str) -> object:
    raise ValueError(text)


class ReadOnlyInTheHub:
    """Pickles in the hub; unpickling it in the child raises."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return _unreadable, ("the writer cannot read this job",)


async def given(value: object, repo: Repository) -> object:
    return value


async def test_a_job_the_child_cannot_unpickle_fails_alone_and_its_batch_is_written(writer: WriterProcess) -> None:
    outcomes = await asyncio.gather(
        writer.submit(partial(enrol, "G01")),
        writer.submit(partial(given, ReadOnlyInTheHub())),
        writer.submit(partial(enrol, "G02")),
        return_exceptions=True,
    )
    assert outcomes[0::2] == ["G01", "G02"]
    assert isinstance(outcomes[1], ValueError)
    assert str(outcomes[1]) == "the writer cannot read this job"
    assert await writer.submit(seats) == 2


async def made_in_the_child(repo: Repository) -> object:
    return ReadOnlyInTheHub()


class TwoPartError(Exception):
    """Pickles, but not back: its arguments are not its `args`."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


async def fail_in_two_parts(repo: Repository) -> None:
    raise TwoPartError("stock", "negative")


async def test_an_error_that_would_not_unpickle_in_the_hub_crosses_as_one_that_names_it(writer: WriterProcess) -> None:
    with pytest.raises(RuntimeError, match="TwoPartError: stock: negative"):
        await writer.submit(fail_in_two_parts)
    assert await writer.submit(partial(enrol, "H01")) == "H01"


@pytest.mark.logs_errors  # the hub logs what it could not read, and that its writer died
async def test_answers_the_hub_cannot_read_are_answered_as_a_writer_that_died(writer: WriterProcess) -> None:
    with pytest.raises(WriterGone):
        await writer.submit(made_in_the_child)  # pickles there, and does not unpickle in the hub
    await writer.ready()
    assert await writer.submit(partial(enrol, "H02")) == "H02"  # a new writer, and what the old one wrote stays
    assert await writer.submit(seats) == 1


async def test_its_log_lines_are_the_hubs(writer: WriterProcess, caplog: pytest.LogCaptureFixture) -> None:
    await writer.submit(partial(warn, "a full disk"))
    await asyncio.sleep(0.1)  # the line comes before the answer, on the same pipe
    assert ("netbar.store.test", logging.WARNING, "from the writer: a full disk") in caplog.record_tuples


@pytest.mark.logs_errors  # the hub logs that its writer died
async def test_a_writer_that_dies_fails_what_it_held_and_another_takes_its_place(
    writer: WriterProcess, database: str
) -> None:
    first = await writer.submit(writers_pid)
    assert first != os.getpid()
    with holding_the_write_lock(database):
        held = asyncio.create_task(writer.submit(partial(enrol, "E01")))
        await asyncio.sleep(0.3)
        os.kill(first, signal.SIGKILL)
        with pytest.raises(WriterGone):
            await asyncio.wait_for(held, 10)
    second = await asyncio.wait_for(writer.submit(writers_pid), 10)
    assert second != first
    assert await writer.submit(partial(enrol, "E02")) == "E02"


@pytest.mark.logs_errors  # the writer's reason, and that it ended
async def test_a_writer_that_cannot_start_says_why_and_is_not_ready(caplog: pytest.LogCaptureFixture) -> None:
    writer = WriterProcess("nonsense:///hub.db")
    try:
        with pytest.raises(WriterGone, match="as it started"):
            await writer.ready()
        assert "the writer process cannot start" in caplog.text
        assert "nonsense" in caplog.text  # SQLAlchemy's words for what is wrong with the URL
        with pytest.raises(WriterGone, match="starting again"):
            await writer.submit(writers_pid)
    finally:
        await writer.close()


async def test_ctrl_c_is_the_hubs_to_handle_not_the_writers(writer: WriterProcess) -> None:
    pid = await writer.submit(writers_pid)
    os.kill(pid, signal.SIGINT)  # as a terminal sends it to the whole process group
    os.kill(pid, signal.SIGTERM)  # as systemd sends it to the whole service
    await asyncio.sleep(0.3)
    assert await writer.submit(writers_pid) == pid


HUB = """
import asyncio, os, sys
from functools import partial
from netbar.store.writer_process import WriterProcess
from tests.store.test_writer_process import writers_pid

async def main():
    writer = WriterProcess(sys.argv[1])
    print(await writer.submit(writers_pid), flush=True)
    await asyncio.sleep(60)

asyncio.run(main())
"""


def test_a_writer_does_not_outlive_a_hub_killed_with_kill_9(database: str) -> None:
    hub = subprocess.Popen([sys.executable, "-c", HUB, database], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert hub.stdout is not None
        child = int(hub.stdout.readline())
        os.kill(child, 0)  # running
    finally:
        hub.kill()
        hub.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the writer process outlived its hub")
