"""Every command a client may send, one typed class each, with the limits of DESIGN §5 and who may send it.

`Command` is the one discriminated union (on `name`): the view-model builds one, the outbox keeps it, the link
sends it, the hub validates it once and its handler receives it. Each command names the result its ack carries.
"""

from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, PrivateAttr, StrictBool, StrictInt, StringConstraints, TypeAdapter, model_validator

from netbar.domain.menu import MAX_CHOICES, MAX_OPTION_GROUPS, MAX_STOCK, ItemId, MenuItem, OptionId
from netbar.domain.model import Message
from netbar.domain.money import MAX_PRICE_FEN
from netbar.domain.requests import Action, Payment, RequestKind, ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.shifts import CashFen, Shift
from netbar.domain.staff import MAX_PASSWORD, MIN_PASSWORD, USER_PATTERN, StaffMember, StaffRole

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


class Role(StrEnum):
    KIOSK = "kiosk"
    STAFF = "staff"


# What an ack carries, per command.


class RequestResult(Message):
    request: ServiceRequest


class ItemResult(Message):
    item: MenuItem


class SeatResult(Message):
    """The seat as it is after the change, and the credit that made it (or was undone)."""

    seat: SeatStatus
    credit: TimeCredit


class StaffUserResult(Message):
    user: StaffMember


class ShiftResult(Message):
    """The shift as it is after the change: open, or closed with its count, expected cash and summary."""

    shift: Shift


Result = RequestResult | ItemResult | SeatResult | StaffUserResult | ShiftResult


class BaseCommand(Message):
    """What every command has: who may send it and what its ack carries. `name` is the wire's tag."""

    name: str
    role: ClassVar[Role]
    result_type: ClassVar[type[Result]]

    def needs_manager(self) -> bool:
        """Whether only a manager may send this (a cashier is refused `forbidden`)."""
        return False

    def body(self) -> dict[str, Any]:
        """The fields under `body` on the wire: those given, so a field left out (`SetItem.stock`: unchanged)
        stays left out on the way to the hub and in the outbox."""
        return self.model_dump(mode="json", exclude={"name"}, exclude_unset=True)


class OptionPick(Message):
    """One choice picked in one of an item's option groups."""

    group: OptionId
    choice: OptionId


class OrderLine(Message):
    """`qty` of one item, made one way: the same item with other options is another line."""

    item_id: ItemId
    qty: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)]
    options: Annotated[tuple[OptionPick, ...], Field(max_length=MAX_OPTION_GROUPS * MAX_CHOICES)] = ()

    @property
    def made_as(self) -> tuple[str, frozenset[OptionPick]]:
        """What makes two lines the same dish: the item and the set of its picks, in any order."""
        return self.item_id, frozenset(self.options)


class PlaceRequest(BaseCommand):
    """A seat asks for something. Lines carry item ids, quantities and option picks only: the hub sets every
    price."""

    name: Literal["place_request"] = "place_request"
    role = Role.KIOSK
    result_type = RequestResult
    kind: RequestKind
    lines: Annotated[tuple[OrderLine, ...], Field(max_length=MAX_LINES)] = ()
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
        dishes = [line.made_as for line in self.lines]
        if len(set(dishes)) != len(dishes):
            raise ValueError("each item may appear once with the same options")
        if self.kind is RequestKind.RENEWAL and self.payment is None:
            raise ValueError("a renewal needs a payment way (cash or qr)")
        return self


class CancelRequest(BaseCommand):
    """A seat withdraws its own request, while it is still `placed`."""

    name: Literal["cancel_request"] = "cancel_request"
    role = Role.KIOSK
    result_type = RequestResult
    request_id: RequestId


class RequestStep(BaseCommand):
    """accept, start_delivery and complete: staff move a request one step on."""

    role = Role.STAFF
    result_type = RequestResult
    action: ClassVar[Action]
    request_id: RequestId


class Accept(RequestStep):
    name: Literal["accept"] = "accept"
    action = Action.ACCEPT


class StartDelivery(RequestStep):
    name: Literal["start_delivery"] = "start_delivery"
    action = Action.START_DELIVERY


class Complete(RequestStep):
    name: Literal["complete"] = "complete"
    action = Action.COMPLETE


class StaffCancel(BaseCommand):
    """Staff cancel a request, with a reason the seat sees."""

    name: Literal["cancel"] = "cancel"
    role = Role.STAFF
    result_type = RequestResult
    request_id: RequestId
    reason: Reason


class SetItem(BaseCommand):
    """Stock `null` means unlimited; leaving `stock` out keeps it as it is, so a sold-out toggle cannot undo a
    sale made a moment before. Leaving `price_fen` out keeps the price. A cashier may only mark an item sold out
    or back; stock and prices are a manager's."""

    name: Literal["set_item"] = "set_item"
    role = Role.STAFF
    result_type = ItemResult
    item_id: ItemId
    available: StrictBool
    stock: Annotated[StrictInt, Field(ge=0, le=MAX_STOCK)] | None = None
    price_fen: Annotated[StrictInt, Field(ge=0, le=MAX_PRICE_FEN)] | None = None

    @property
    def changes_stock(self) -> bool:
        return "stock" in self.model_fields_set

    def needs_manager(self) -> bool:
        return self.changes_stock or self.price_fen is not None


class AddTime(BaseCommand):
    """Time paid for at the counter: the hub opens a session on a seat without time, or extends the running one.
    Each is a credit of its own that staff see and may undo; a second tap is a second credit, never a refusal."""

    name: Literal["add_time"] = "add_time"
    role = Role.STAFF
    result_type = SeatResult
    seat: SeatId
    minutes: Minutes


class UndoCredit(BaseCommand):
    """Take back a credit made at the counter (a double tap, the wrong seat): its minutes come off the seat."""

    name: Literal["undo_credit"] = "undo_credit"
    role = Role.STAFF
    result_type = SeatResult
    credit_id: RequestId


class SaveStaffUser(BaseCommand):
    """A manager adds a staff user (role and password), or changes one's role or password (either left out
    stays). The hub signs a changed user out of every window they have open."""

    name: Literal["save_staff_user"] = "save_staff_user"
    role = Role.STAFF
    result_type = StaffUserResult
    user: Annotated[str, Field(pattern=USER_PATTERN)]
    staff_role: StaffRole | None = None
    password: Annotated[str, StringConstraints(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)] | None = None
    # The password's Argon2 hash, made by the hub before the command is written (it takes half a second, which
    # the writer must not spend); never on the wire.
    _password_hash: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.staff_role is None and self.password is None:
            raise ValueError("give a role, a password, or both")
        return self

    def needs_manager(self) -> bool:
        return True

    def with_password_hash(self, password_hash: str) -> Self:
        hashed = self.model_copy()
        hashed._password_hash = password_hash
        return hashed

    @property
    def password_hash(self) -> str | None:
        return self._password_hash


class SetStaffUserEnabled(BaseCommand):
    """A manager disables a staff user (signed out at once, and refused until enabled) or enables them again."""

    name: Literal["set_staff_user_enabled"] = "set_staff_user_enabled"
    role = Role.STAFF
    result_type = StaffUserResult
    user: Annotated[str, Field(pattern=USER_PATTERN)]
    enabled: StrictBool

    def needs_manager(self) -> bool:
        return True


class OpenShift(BaseCommand):
    """A cashier (or a manager) opens the counter's shift with the cash float in the drawer. One shift is open at
    a time: a second is `conflict`."""

    name: Literal["open_shift"] = "open_shift"
    role = Role.STAFF
    result_type = ShiftResult
    float_fen: CashFen


class CloseShift(BaseCommand):
    """Close the open shift with the cash counted in the drawer; the hub records what it expected and the
    summary. With no shift open: `conflict`."""

    name: Literal["close_shift"] = "close_shift"
    role = Role.STAFF
    result_type = ShiftResult
    counted_fen: CashFen
    note: Text = ""


AnyCommand = (
    PlaceRequest
    | CancelRequest
    | Accept
    | StartDelivery
    | Complete
    | StaffCancel
    | SetItem
    | AddTime
    | UndoCredit
    | SaveStaffUser
    | SetStaffUserEnabled
    | OpenShift
    | CloseShift
)
Command = Annotated[AnyCommand, Field(discriminator="name")]
COMMAND = TypeAdapter[AnyCommand](Command)
