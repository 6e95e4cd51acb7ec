"""The log's lines are written by a thread of their own, every one of them by the time the process ends."""

import logging
import logging.handlers
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from netbar.logs import setup_logging, stop_writing


@pytest.fixture
def logging_set_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NETBAR_HOME", str(tmp_path))
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers[:] = []  # set aside, not closed by the set-up
    setup_logging("hub")
    yield tmp_path / "logs" / "hub.log"
    stop_writing()
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_line_is_handed_to_a_thread_of_its_own_not_written_where_it_is_logged(
    logging_set_up: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written_by: list[threading.Thread] = []
    emit = logging.handlers.RotatingFileHandler.emit

    def emit_noting_the_thread(handler: logging.handlers.RotatingFileHandler, record: logging.LogRecord) -> None:
        written_by.append(threading.current_thread())
        emit(handler, record)

    monkeypatch.setattr(logging.handlers.RotatingFileHandler, "emit", emit_noting_the_thread)
    logging.getLogger("netbar.test").info("a line")
    stop_writing()
    assert len(written_by) == 1
    assert written_by[0] is not threading.current_thread()


def test_every_line_is_in_the_file_once_writing_stops(logging_set_up: Path) -> None:
    log = logging.getLogger("netbar.test")
    for number in range(2000):
        log.info("line %d", number)
    try:
        raise ValueError("with its trace")
    except ValueError:
        log.exception("the last line")
    stop_writing()  # as at exit
    text = logging_set_up.read_text(encoding="utf-8")
    assert all(f"INFO netbar.test: line {number}\n" in text for number in range(2000))
    assert "ERROR netbar.test: the last line\nTraceback" in text
    assert text.rstrip().endswith("ValueError: with its trace")


def test_after_writing_stops_a_line_is_written_where_it_is_logged(logging_set_up: Path) -> None:
    log = logging.getLogger("netbar.test")
    log.info("handed over")
    stop_writing()
    log.info("logged at exit, after the thread stopped")
    last_two = logging_set_up.read_text(encoding="utf-8").splitlines()[-2:]
    assert [line.split(" INFO ", 1)[1] for line in last_two] == [
        "netbar.test: handed over",
        "netbar.test: logged at exit, after the thread stopped",
    ]
