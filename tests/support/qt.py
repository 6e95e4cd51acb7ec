"""Driving real widgets on the one qasync loop, as DESIGN §9 describes.

A qasync `QEventLoop(qapp, already_running=True)` is made the running loop for each Qt test and driven by
`qtbot.waitUntil`; a coroutine runs as a task that the test waits on. The loop is made once and never stopped:
`loop.stop()` calls `QApplication.exit()`, after which every `qtbot.wait*` returns at once. Between Qt tests it is
unset as the running loop, so the pytest-asyncio tests around them get loops of their own.
"""

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

T = TypeVar("T")
_LOOP: qasync.QEventLoop | None = None


@pytest.fixture
def qloop(qapp: QApplication, qtbot: QtBot) -> Iterator[asyncio.AbstractEventLoop]:
    global _LOOP
    if _LOOP is None:
        _LOOP = qasync.QEventLoop(qapp, already_running=True)
        # qasync's own executor runs QThreads, which abort the interpreter if still alive at exit; the loop is
        # never closed (see above), so give it Python threads, which exit cleanly.
        _LOOP.set_default_executor(ThreadPoolExecutor(thread_name_prefix="qloop"))
    loop = _LOOP
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    leftovers = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in leftovers:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in leftovers), timeout=5000)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


class Runner:
    """Runs coroutines on the qasync loop from a synchronous Qt test."""

    def __init__(self, loop: asyncio.AbstractEventLoop, qtbot: QtBot) -> None:
        self.loop = loop
        self.qtbot = qtbot

    def __call__(self, coroutine: Coroutine[Any, Any, T], timeout_ms: int = 15_000) -> T:
        task = self.loop.create_task(coroutine)
        self.qtbot.waitUntil(task.done, timeout=timeout_ms)
        return task.result()


@pytest.fixture
def run(qloop: asyncio.AbstractEventLoop, qtbot: QtBot) -> Runner:
    return Runner(qloop, qtbot)
