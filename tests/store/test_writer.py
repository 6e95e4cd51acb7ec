"""The writer: jobs waiting together are one transaction and one commit; a job that fails is rolled back alone."""

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from netbar.store.database import create_plain_engine
from netbar.store.migrate import upgrade_database
from netbar.store.models import Seat
from netbar.store.repository import Repository
from netbar.store.writer import Writer

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.fixture
async def writer_and_commits(tmp_path: Path) -> AsyncIterator[tuple[Writer, list[int]]]:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    await upgrade_database(url)
    engine = create_plain_engine(url)
    commits: list[int] = []  # transactions begun
    event.listen(engine, "begin", lambda connection: commits.append(1))  # one transaction each
    writer = Writer(engine)
    yield writer, commits
    await writer.close()


def enrol(seat: str) -> Any:
    async def job(repo: Repository) -> str:
        await repo.add_seat(seat, "0" * 64, NOW)  # a duplicate fails here, not at the commit
        return seat

    return job


async def seats(repo: Repository) -> int:
    return await repo.connection.scalar(select(func.count()).select_from(Seat)) or 0


async def test_jobs_that_wait_together_are_committed_together(writer_and_commits: tuple[Writer, list[int]]) -> None:
    writer, commits = writer_and_commits
    release = threading.Event()

    async def hold(repo: Repository) -> None:
        await seats(repo)  # a write transaction begins with its first statement
        release.wait(timeout=10)

    held = asyncio.create_task(writer.submit(hold))
    await asyncio.sleep(0.1)
    jobs = [asyncio.create_task(writer.submit(enrol(f"B{number:02d}"))) for number in range(50)]
    await asyncio.sleep(0.1)
    assert writer.waiting == 51
    release.set()
    assert await asyncio.gather(*jobs) == [f"B{number:02d}" for number in range(50)]
    await held
    assert len(commits) == 2  # the long write's transaction, and one for the fifty that waited behind it
    assert await writer.submit(seats) == 50


async def test_a_failing_job_is_rolled_back_alone(writer_and_commits: tuple[Writer, list[int]]) -> None:
    writer, _ = writer_and_commits

    async def fails(repo: Repository) -> None:
        await enrol("C01")(repo)
        raise ValueError("refused")

    outcomes = await asyncio.gather(
        writer.submit(enrol("C00")), writer.submit(fails), writer.submit(enrol("C02")), return_exceptions=True
    )
    assert (outcomes[0], outcomes[2]) == ("C00", "C02")
    assert isinstance(outcomes[1], ValueError)
    assert await writer.submit(seats) == 2


async def test_a_job_that_waits_on_anything_but_the_database_is_refused(
    writer_and_commits: tuple[Writer, list[int]],
) -> None:
    writer, _ = writer_and_commits

    async def naps(repo: Repository) -> None:
        await asyncio.sleep(0.01)

    with pytest.raises(RuntimeError):  # no loop runs in the writer's thread: a job cannot wait there
        await writer.submit(naps)
