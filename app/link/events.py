"""What travels on a window's bus besides the hub's own events: the intent to send a command, and the link's news.

A tap publishes `SendCommand`; the link's handler commits it (to the outbox, where there is one) and publishes
`CommandQueued`, sends it, and publishes `CommandAnswered` when the hub answers (`CommandDeferred` when it is
too busy to, for now). `Connected` and `Disconnected` say whether the hub is there; `SeatOnline` (staff only),
whether a seat's kiosk is. `AskPicture` asks the hub for a menu picture; `PictureArrived` brings it. `AskReport`
asks for a manager's report; `ReportArrived` brings it, or why not.
"""

from dataclasses import dataclass
from datetime import date

from netbar.domain.commands import AnyCommand, Result
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.menu import MenuItem
from netbar.domain.payment_code import PaymentCode
from netbar.domain.pictures import Picture
from netbar.domain.report_charts import ReportCharts
from netbar.wire.frames import CommandFrame, Snapshot, command_frame


@dataclass(frozen=True)
class SendCommand:
    """An intent: ask the hub for something. Published by a view-model, handled by the link."""

    frame: CommandFrame

    @classmethod
    def of(cls, command: AnyCommand) -> "SendCommand":
        return cls(command_frame(command))


@dataclass(frozen=True)
class Connected:
    """The hub welcomed us: `snapshot` is the state as of `seq`; events after it follow."""

    seq: int
    snapshot: Snapshot


@dataclass(frozen=True)
class MenuRemembered:
    """Before the first welcome: the menu of the last one, kept on disk (it may be out of date)."""

    menu: tuple[MenuItem, ...]


@dataclass(frozen=True)
class PaymentCodeRemembered:
    """Before the first welcome: the venue's payment code of the last one, kept on disk (it may be out of date)."""

    payment_code: PaymentCode


@dataclass(frozen=True)
class Disconnected:
    """The hub is out of reach (`refused`: it turned the hello down, with `code` where it said one). The link keeps
    trying."""

    reason: str
    refused: bool = False
    code: ErrorCode | None = None


@dataclass(frozen=True)
class SeatOnline:
    """A seat's kiosk connected to the hub (`online`), or its last connection went away."""

    seat: str
    online: bool


@dataclass(frozen=True)
class CommandQueued:
    """Kept (in the outbox, where there is one) and on its way: sent now, or when the hub is back."""

    frame: CommandFrame


@dataclass(frozen=True)
class CommandDeferred:
    """The hub was too busy to take it: nothing was written, and the link sends it again in about `retry_after`
    seconds. Still kept (in the outbox, where there is one)."""

    frame: CommandFrame
    retry_after: float


@dataclass(frozen=True)
class CommandAnswered:
    """The hub's answer: `result` on an ack, `error` when it refused the command (or it never got there)."""

    frame: CommandFrame
    result: Result | None = None
    error: CommandRejected | None = None


@dataclass(frozen=True)
class AskPicture:
    """An intent: fetch the menu picture with this SHA-256 from the hub. Handled by the link, which asks while
    connected and forgets the ask when the connection drops (ask again after the next `Connected`)."""

    sha: str


@dataclass(frozen=True)
class PictureArrived:
    """The hub's answer to a picture ask: the picture, checked against its hash, or None when the hub keeps none
    by that hash (or sent something else)."""

    sha: str
    picture: Picture | None


@dataclass(frozen=True)
class AskReport:
    """An intent: a manager's report for the business days `first` to `last`. Handled by the link, which answers
    `ReportArrived` every time: with the report, or why not (the hub away, or the connection lost meanwhile)."""

    first: date
    last: date


@dataclass(frozen=True)
class ReportArrived:
    """The answer to `AskReport`: the charts' tables and the workbook's bytes (the .xlsx `netbar report` writes),
    or `error` and neither."""

    first: date
    last: date
    charts: ReportCharts | None = None
    workbook: bytes | None = None
    error: CommandRejected | None = None
