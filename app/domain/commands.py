"""Command bodies as they arrive on the wire, with the limits of DESIGN §5, and who may send each."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StrictBool, StrictInt, StringConstraints, model_validator

from netbar.domain.menu import ItemId
from netbar.domain.model import Message
from netbar.domain.requests import Action, Payment, RequestKind

MAX_QTY = 20
MAX_LINES = 30
MAX_TEXT = 200
MAX_SESSION_MINUTES = 24 * 60
# Open requests one seat may have at once: a stuck finger (or a script) cannot bury the counter's queue, nor grow
# the staff window's welcome past what a link reads.
MAX_OPEN_PER_SEAT = 20
# SQLite's INTEGER: a larger number cannot name a row, and would overflow the driver instead of being refused.
MAX_ROW_ID = 2**63 - 1

SEAT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$"
SeatId = Annotated[str, Field(pattern=SEAT_PATTERN)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
RequestId = Annotated[StrictInt, Field(ge=1, le=MAX_ROW_ID)]
Minutes = Annotated[StrictInt, Field(ge=1, le=MAX_SESSION_MINUTES)]


class OrderLine(Message):
    item_id: ItemId
    qty: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)]


class PlaceRequest(Message):
    """A seat asks for something. Lines carry item ids and quantities only: the hub sets every price."""

    kind: RequestKind
    lines: Annotated[list[OrderLine], Field(max_length=MAX_LINES)] = []
    note: Text = ""
    payment: Payment | None = None

    @model_validator(mode="after")
    def _lines_fit_kind(self) -> Self:
        if self.kind is RequestKind.CALL:
            if self.lines or self.payment is not None:
                raise ValueError("a call for staff has no lines and no payment")
            return self
        if not self.lines:
            raise ValueError(f"a {self.kind} request needs at least one line")
        ids = [line.item_id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise ValueError("each item may appear on one line only")
        if self.kind is RequestKind.RENEWAL and self.payment is None:
            raise ValueError("a renewal needs a payment way (cash or qr)")
        return self


class CancelRequest(Message):
    request_id: RequestId


class RequestAction(Message):
    """accept, start_delivery and complete: staff move a request one step on."""

    request_id: RequestId


class StaffCancel(Message):
    request_id: RequestId
    reason: Reason


class SetItem(Message):
    """Stock `null` means unlimited; leaving `stock` out keeps it as it is, so a sold-out toggle cannot undo a
    sale made a moment before."""

    item_id: ItemId
    available: StrictBool
    stock: Annotated[StrictInt, Field(ge=0, le=1_000_000)] | None = None

    @property
    def changes_stock(self) -> bool:
        return "stock" in self.model_fields_set


class SeatMinutes(Message):
    """open_session and add_time."""

    seat: SeatId
    minutes: Minutes


class Role(StrEnum):
    KIOSK = "kiosk"
    STAFF = "staff"


class CommandName(StrEnum):
    PLACE_REQUEST = "place_request"
    CANCEL_REQUEST = "cancel_request"
    ACCEPT = Action.ACCEPT.value
    START_DELIVERY = Action.START_DELIVERY.value
    COMPLETE = Action.COMPLETE.value
    CANCEL = Action.CANCEL.value
    SET_ITEM = "set_item"
    OPEN_SESSION = "open_session"
    ADD_TIME = "add_time"


@dataclass(frozen=True)
class CommandSpec:
    body: type[Message]
    role: Role


COMMANDS: dict[CommandName, CommandSpec] = {
    CommandName.PLACE_REQUEST: CommandSpec(PlaceRequest, Role.KIOSK),
    CommandName.CANCEL_REQUEST: CommandSpec(CancelRequest, Role.KIOSK),
    CommandName.ACCEPT: CommandSpec(RequestAction, Role.STAFF),
    CommandName.START_DELIVERY: CommandSpec(RequestAction, Role.STAFF),
    CommandName.COMPLETE: CommandSpec(RequestAction, Role.STAFF),
    CommandName.CANCEL: CommandSpec(StaffCancel, Role.STAFF),
    CommandName.SET_ITEM: CommandSpec(SetItem, Role.STAFF),
    CommandName.OPEN_SESSION: CommandSpec(SeatMinutes, Role.STAFF),
    CommandName.ADD_TIME: CommandSpec(SeatMinutes, Role.STAFF),
}
