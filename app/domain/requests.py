"""Requests from a seat and the one lifecycle every kind follows (DESIGN §1)."""

from datetime import datetime, timedelta
from enum import StrEnum

from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.menu import Category
from netbar.domain.model import Message


class RequestKind(StrEnum):
    RENEWAL = "renewal"
    FOOD = "food"
    DRINK = "drink"
    CALL = "call"

    @property
    def menu_category(self) -> Category | None:
        """The menu category a request of this kind orders from; a call orders nothing."""
        return _CATEGORY_OF_KIND.get(self)


_CATEGORY_OF_KIND = {
    RequestKind.RENEWAL: Category.TIME,
    RequestKind.FOOD: Category.FOOD,
    RequestKind.DRINK: Category.DRINK,
}


class RequestState(StrEnum):
    PLACED = "placed"
    ACCEPTED = "accepted"
    DELIVERING = "delivering"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (RequestState.DONE, RequestState.CANCELLED)


OPEN_STATES = tuple(state for state in RequestState if state.is_open)


class Action(StrEnum):
    """What someone does to a request; the wire's command names for staff."""

    ACCEPT = "accept"
    START_DELIVERY = "start_delivery"
    COMPLETE = "complete"
    CANCEL = "cancel"


class Payment(StrEnum):
    CASH = "cash"
    QR = "qr"


P, A, DL, D, C = (
    RequestState.PLACED,
    RequestState.ACCEPTED,
    RequestState.DELIVERING,
    RequestState.DONE,
    RequestState.CANCELLED,
)
# A completed request can still be cancelled, by a manager only (a refund, a renewal's time taken back).
_DELIVERED = {
    (P, Action.ACCEPT): A,
    (A, Action.START_DELIVERY): DL,
    (DL, Action.COMPLETE): D,
    (P, Action.CANCEL): C,
    (A, Action.CANCEL): C,
    (DL, Action.CANCEL): C,
    (D, Action.CANCEL): C,
}
LIFECYCLE: dict[RequestKind, dict[tuple[RequestState, Action], RequestState]] = {
    RequestKind.FOOD: _DELIVERED,
    RequestKind.DRINK: _DELIVERED,
    RequestKind.RENEWAL: {(P, Action.COMPLETE): D, (P, Action.CANCEL): C, (D, Action.CANCEL): C},
    RequestKind.CALL: {
        (P, Action.ACCEPT): A,
        (A, Action.COMPLETE): D,
        (P, Action.CANCEL): C,
        (A, Action.CANCEL): C,
        (D, Action.CANCEL): C,
    },
}
del P, A, DL, D, C


def next_state(kind: RequestKind, state: RequestState, action: Action, *, by_seat: bool = False) -> RequestState:
    """The state `action` leads to, or `CommandRejected`: `invalid` where the kind never allows the action,
    `conflict` where the request's current state does not allow it now. A seat may only cancel while placed."""
    transitions = LIFECYCLE[kind]
    if not any(act is action for _, act in transitions):
        raise CommandRejected(ErrorCode.INVALID, f"a {kind} request cannot be {_PAST[action]}")
    if by_seat and not (action is Action.CANCEL and state is RequestState.PLACED):
        raise CommandRejected(ErrorCode.CONFLICT, f"the request is {state}; only staff can change it now")
    target = transitions.get((state, action))
    if target is None:
        raise CommandRejected(ErrorCode.CONFLICT, f"the request is {state}; it cannot be {_PAST[action]}")
    return target


_PAST = {
    Action.ACCEPT: "accepted",
    Action.START_DELIVERY: "sent for delivery",
    Action.COMPLETE: "completed",
    Action.CANCEL: "cancelled",
}


# A seat's clock may be a little ahead of the hub's; an order may wait in its outbox through a long outage, but not
# for days. Outside these a tap's time is not believed, and the request is aged from when the hub received it.
CLOCK_AHEAD = timedelta(minutes=2)
KEPT_AT_MOST = timedelta(hours=12)


def believable_tap(asked_at: datetime | None, received: datetime) -> datetime | None:
    """When the customer tapped, if the seat's clock says something possible: never after the hub received it
    (a clock a little ahead counts as now), never more than KEPT_AT_MOST before."""
    if asked_at is None or not received - KEPT_AT_MOST <= asked_at <= received + CLOCK_AHEAD:
        return None
    return min(asked_at, received)


class ChosenOption(Message):
    """An option as ordered: its group and choice, the choice's names and what it added, copied from the menu."""

    group: str
    choice: str
    name_zh: str
    name_en: str
    price_fen: int = 0


class RequestLine(Message):
    """One ordered item as priced by the hub; names and price are copied so a later menu change leaves it be.
    `price_fen` is one item's price with its options'."""

    item_id: str
    name_zh: str
    name_en: str
    qty: int
    price_fen: int
    minutes: int | None = None
    options: tuple[ChosenOption, ...] = ()

    @property
    def total_fen(self) -> int:
        return self.qty * self.price_fen


class ServiceRequest(Message):
    """A request as it travels on the wire (DESIGN §6)."""

    id: int
    seat: str
    kind: RequestKind
    lines: tuple[RequestLine, ...]
    note: str
    payment: Payment | None
    total_fen: int
    state: RequestState
    created_at: datetime
    updated_at: datetime
    cancel_reason: str | None = None
    handled_by: str | None = None
    calls: int = 1  # a call: how many times the seat pressed "call staff" while it was open
    tapped_at: datetime | None = None  # when the customer tapped, by the seat's clock, where believable

    @property
    def waiting_since(self) -> datetime:
        """What its age counts from: the tap, not when the hub heard of it (the hub may have been away)."""
        return self.tapped_at or self.created_at

    @property
    def minutes(self) -> int:
        """The time a renewal buys."""
        return sum((line.minutes or 0) * line.qty for line in self.lines)
