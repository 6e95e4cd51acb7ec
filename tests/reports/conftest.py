"""The reports' tests run on both databases the hub stores its orders in: an SQLite file, and PostgreSQL."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.hub import RunningHub, database, start_hub

DATABASES = ("sqlite", "postgresql")


@pytest.fixture(params=DATABASES)
async def hub(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[RunningHub]:
    async with database(request.param) as on:
        running = await start_hub(tmp_path, on=on)
        yield running
        await running.close()
