"""Commands sent from a tap: each runs as a task held until it ends, so a window never waits on the hub.

The hub's answer comes back as `CommandAnswered` on the bus (so do answers to commands an outbox kept from before
a restart); only a command that never reached the hub (a link down with nowhere to keep it, or a bug) is
reported here, to `on_failure`.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from netbar.domain.errors import CommandRejected
from netbar.link.link import HubLink, LinkUnavailable

_LOGGER = logging.getLogger(__name__)


class CommandSender:
    def __init__(self, link: HubLink, on_failure: Callable[[str], None]) -> None:
        self._link = link
        self._on_failure = on_failure
        self._tasks: set[asyncio.Task[None]] = set()

    def send(self, name: str, body: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._command(name, body))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def cancel(self) -> None:
        """Stop waiting for answers; a command in an outbox stays there."""
        for task in self._tasks:
            task.cancel()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # Not the hub's answer and not a lost hub: a bug. Say so on screen as well as in the log.
            _LOGGER.error("a command failed", exc_info=error)
            self._on_failure(f"{type(error).__name__}: {error}")

    async def _command(self, name: str, body: dict[str, Any]) -> None:
        try:
            with contextlib.suppress(CommandRejected):  # reported from CommandAnswered
                await self._link.command(name, body)
        except LinkUnavailable as error:
            self._on_failure(str(error))
