"""Logging to stderr and to a rotating file per process kind (hub.log, kiosk-A12.log, …), written by a thread of
its own: a line is handed over, never written, on the thread that logs it. Writing to the file (which checks its
size on every line) and the terminal is disk and pipe work, which must not hold up an event loop: the hub's at a
full house, a kiosk's under a finger (DESIGN §8)."""

import atexit
import logging
import logging.handlers
import queue

from netbar.paths import log_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_writing: logging.handlers.QueueListener | None = None


def setup_logging(name: str, *, verbose: bool = False) -> None:
    global _writing
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        folder / f"{name}.log", maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [logging.StreamHandler(), file_handler]
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
    stop_writing()
    lines: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    _writing = logging.handlers.QueueListener(lines, *handlers)
    _writing.start()
    handing_over = logging.handlers.QueueHandler(lines)
    handing_over.setFormatter(logging.Formatter("%(message)s"))  # the message and its trace, formatted as FORMAT later
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handing_over], force=True)
    # One line per refused command (and, verbose, per command) is ours to write; the libraries' per-frame chatter
    # is not wanted.
    for noisy in ("websockets", "aiosqlite", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@atexit.register
def stop_writing() -> None:
    """Write every line handed over so far, and stop the thread (at exit: the log has it all, to the last line)."""
    global _writing
    if _writing is not None:
        _writing.stop()
        _writing = None
