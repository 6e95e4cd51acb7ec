"""Logging to stderr and to a rotating file per process kind (hub.log, kiosk-A12.log, …)."""

import logging
import logging.handlers

from netbar.paths import log_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(name: str, *, verbose: bool = False) -> None:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        folder / f"{name}.log", maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [logging.StreamHandler(), file_handler]
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=handlers, force=True)
    # One line per refused command (and, verbose, per command) is ours to write; the libraries' per-frame chatter
    # is not wanted.
    for noisy in ("websockets", "aiosqlite", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
