"""Signed in stays signed in only while the credential does: a seat whose token is replaced (`netbar seats token`), a
staff user whose password is changed (`netbar staff-user add`) or who is disabled (`netbar staff-user disable`) is
cut off within seconds on every connection already open, not only refused the next time. Those commands run in
another process, so the hub reads the stored credentials of whoever is connected again every few seconds and compares
them with what each connection proved.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from netbar.bus import Unsubscribe
from netbar.hub.principal import Principal
from netbar.store.database import Database

_LOGGER = logging.getLogger(__name__)

CHECK_EVERY_S = 2.0


@dataclass(eq=False)
class _Watched:
    who: Principal
    proof: str  # what the connection's credential matched, as stored (Repository.credential_proofs)
    revoked: Callable[[str], None] = field(repr=False)


class CredentialWatch:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._watched: set[_Watched] = set()
        self._task: asyncio.Task[None] | None = None

    def watch(self, who: Principal, proof: str, revoked: Callable[[str], None]) -> Unsubscribe:
        """Call `revoked(why)` once if `who`'s stored credential stops being `proof`, until the returned call."""
        watched = _Watched(who, proof, revoked)
        self._watched.add(watched)
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="credential watch")
        return lambda: self._watched.discard(watched)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            if not self._watched:
                continue
            try:
                current = await self._db.reading(lambda repo: repo.credential_proofs())
            except Exception:  # a locked or missing database: look again next time
                _LOGGER.warning("could not read the credentials again", exc_info=True)
                continue
            for watched in list(self._watched):
                now = current.get(watched.who.label)
                if now != watched.proof:
                    self._watched.discard(watched)
                    why = "the credential was changed" if now else "disabled or removed"
                    _LOGGER.info("%s: %s; signing it out", watched.who.label, why)
                    watched.revoked(f"signed out: {why} at the counter")
