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
    lines: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    writing = logging.handlers.QueueListener(lines, *handlers)
    writing.start()
    handing_over = logging.handlers.QueueHandler(lines)
    handing_over.setFormatter(logging.Formatter("%(message)s"))  # the message and its trace, formatted as FORMAT later
    # Set up again (a test): the new thread takes over before the old one stops, so no line falls between them.
    earlier, _writing = _writing, writing
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handing_over], force=True)
    if earlier is not None:
        earlier.stop()
        for handler in earlier.handlers:
            handler.close()
    # One line per refused command (and, verbose, per command) is ours to write; the libraries' per-frame chatter
    # is not wanted.
    for noisy in ("websockets", "aiosqlite", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@atexit.register
def stop_writing() -> None:
    """Write every line handed over so far and stop the thread; from then on lines are written where they are
    logged. At exit, so the log has it all to the last line, and what is logged after it too (logging's own exit
    then closes the files). A process killed outright loses what was still handed over: a moment's lines."""
    global _writing
    if _writing is None:
        return
    writing, _writing = _writing, None
    writing.stop()
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if isinstance(handler, logging.handlers.QueueHandler) and handler.queue is writing.queue:
            root.removeHandler(handler)
    for handler in writing.handlers:
        root.addHandler(handler)
    # What another thread handed over between the two
    while True:
        try:
            record = writing.dequeue(False)
        except queue.Empty:
            return
        for handler in writing.handlers:
            handler.handle(record)
