"""What a link tells its local bus, besides the hub's own events."""

from dataclasses import dataclass
from typing import Any

from netbar.domain.errors import CommandRejected
from netbar.wire.frames import Snapshot


@dataclass(frozen=True)
class PendingCommand:
    """A command sent (or to be sent) and not yet answered."""

    command_id: str
    name: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Connected:
    """The hub welcomed us: `snapshot` is the state as of `seq`; events after it follow."""

    seq: int
    snapshot: Snapshot


@dataclass(frozen=True)
class Disconnected:
    """The hub is out of reach (`refused`: it turned the hello down). The link keeps trying."""

    reason: str
    refused: bool = False


@dataclass(frozen=True)
class CommandQueued:
    command: PendingCommand


@dataclass(frozen=True)
class CommandAnswered:
    """The hub's answer: `result` on an ack, `error` when it refused the command."""

    command: PendingCommand
    result: dict[str, Any] | None = None
    error: CommandRejected | None = None
