"""Commands sent from a tap: each runs as a task held until it ends, so a window never waits on the hub.

The hub's answer comes back as `CommandAnswered` on the bus (so do answers to commands an outbox kept from before
a restart); only a link that is down with nowhere to keep the command is reported here.
"""

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from app.domain.errors import CommandRejected
from app.link.link import HubLink, LinkUnavailable


class CommandSender:
    def __init__(self, link: HubLink, on_unavailable: Callable[[str], None]) -> None:
        self._link = link
        self._on_unavailable = on_unavailable
        self._tasks: set[asyncio.Task[None]] = set()

    def send(self, name: str, body: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._command(name, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def cancel(self) -> None:
        """Stop waiting for answers; a command in an outbox stays there."""
        for task in self._tasks:
            task.cancel()

    async def _command(self, name: str, body: dict[str, Any]) -> None:
        try:
            with contextlib.suppress(CommandRejected):  # reported from CommandAnswered
                await self._link.command(name, body)
        except LinkUnavailable as error:
            self._on_unavailable(str(error))
