"""A kiosk's seat token (and its exit PIN), read again from its config file whenever the file changes.

A token replaced at the counter (`netbar seats token SEAT`) and written into the kiosk's `kiosk.toml` lets the
seat back in within a few seconds, without a restart: the link, turned away with the old token, waits for this.
An exit PIN set with `netbar kiosk-pin` is taken the same way: a kiosk that cannot be closed need not be.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from netbar.config import ConfigError, KioskSettings, load

_LOGGER = logging.getLogger(__name__)

WATCH_EVERY = 3.0  # seconds between looks at the file's times, size and mode


class TokenWatch:
    """Looks at `config_file` every `every` seconds; when it has changed and the seat token it gives (with the
    environment on top, as `netbar kiosk` reads it) differs from the one in use, calls `changed` with it; and
    `pin_changed` with the exit PIN's hash (None: none) when that differs from `pin_hash`."""

    def __init__(
        self,
        config_file: Path,
        token: str,
        changed: Callable[[str], None],
        *,
        every: float | None = None,
        pin_hash: str | None = None,
        pin_changed: Callable[[str | None], None] | None = None,
    ) -> None:
        self.config_file = config_file
        self._token = token
        self._changed = changed
        self._pin_hash = pin_hash
        self._pin_changed = pin_changed
        self._every = WATCH_EVERY if every is None else every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"watching {self.config_file}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        stamp = await asyncio.to_thread(self._stamp)
        while True:
            await asyncio.sleep(self._every)
            now = await asyncio.to_thread(self._stamp)
            if now == stamp:
                continue
            stamp = now
            read = await asyncio.to_thread(self._read)
            if read is None:
                continue
            token, pin_hash = read
            if token != self._token:
                _LOGGER.info("%s holds a new seat token; trying it", self.config_file)
                self._token = token
                self._changed(token)
            if pin_hash != self._pin_hash and self._pin_changed is not None:
                _LOGGER.info("%s holds a new exit PIN", self.config_file)
                self._pin_hash = pin_hash
                self._pin_changed(pin_hash)

    def _stamp(self) -> tuple[int, int, int, int] | None:
        """What changes when the file is saved, or only its mode is (a `chmod 600` after the edit)."""
        try:
            status = self.config_file.stat()
        except OSError:
            return None
        return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_mode

    def _read(self) -> tuple[str, str | None] | None:
        """The token and the exit PIN's hash the file gives, or None when it cannot be used as it is."""
        try:
            settings = load(KioskSettings, config_file=self.config_file).settings
        except ConfigError as error:
            # Half-saved, or readable by others: keep the token in use and look again when the file changes.
            _LOGGER.warning("not taking a new seat token: %s", error)
            return None
        pin_hash = settings.exit_pin_hash
        return settings.token.get_secret_value(), None if pin_hash is None else pin_hash.get_secret_value()
