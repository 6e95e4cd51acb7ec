"""Fixtures shared by every test: a real hub on port 0 over a real SQLite file; Qt offscreen on one qasync loop."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists
os.environ.setdefault("QT_API", "pyside6")

import pytest

from tests.support.cafe import cafe  # noqa: F401  (a fixture)
from tests.support.hub import RunningHub, start_hub
from tests.support.qt import qloop, run  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _netbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data folder."""
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path / "home"))


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    running = await start_hub(tmp_path)
    yield running
    await running.close()
