"""Fixtures shared by every test: a real hub on port 0 over a real SQLite file; Qt offscreen on one qasync loop."""

import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists
os.environ.setdefault("QT_API", "pyside6")

import pytest

from tests.support.cafe import cafe  # noqa: F401  (a fixture)
from tests.support.hub import RunningHub, start_hub
from tests.support.qt import qloop, run  # noqa: F401  (fixtures)
from tests.support.sound import sound_server  # noqa: F401  (a fixture)
from tests.support.xvfb import display  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _netbar_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data folder."""
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path / "home"))


class LoggedErrors(logging.Handler):
    """Every record at ERROR or above, from any logger, while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def logged_errors(request: pytest.FixtureRequest) -> Iterator[LoggedErrors]:
    """As in Home Assistant's suite: a test fails when anything logs an error (a bus handler or a task that
    raised, "Task exception was never retrieved"), since the bus and the tasks catch what would otherwise fail
    it. A test that provokes one on purpose is marked `logs_errors` and may read them here."""
    handler = LoggedErrors()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("logs_errors") is None:
        lines = "\n".join(f"{record.name}: {record.getMessage()}" for record in handler.records)
        pytest.fail(f"errors were logged:\n{lines}", pytrace=False)


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    running = await start_hub(tmp_path)
    yield running
    await running.close()
