"""Fixtures shared by every test: a real hub on port 0 over a real SQLite file."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.hub import RunningHub, start_hub


@pytest.fixture(autouse=True)
def _netbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data folder."""
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path / "home"))


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    running = await start_hub(tmp_path)
    yield running
    await running.close()
