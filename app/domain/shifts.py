"""Cashiers' shifts: what a shift took, by kind and by payment way, and the cash the drawer should hold.

A shift opens with a float (the cash put in the drawer) and closes with the cash counted. Everything money does
while it is open is an entry (`ShiftEntry`): a request completed (a sale), a request cancelled before it was
served (a cancellation: no money, but its reason), a completed request cancelled by a manager (a refund: money
back, counted against the shift open at the time of the refund, whichever shift sold it), time put on a seat at the
counter (a sale of counter time, at the menu's price for a package of that length) and its undoing (a refund of
it). The summary is a pure function of the float and the entries, so the hub (at close, and in a welcome) and the
staff window (as events arrive) compute the same figures. Money stays in fen.
"""

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictInt

from netbar.domain.model import Message
from netbar.domain.money import MAX_PRICE_FEN
from netbar.domain.requests import Payment, RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import TimeCredit

# The most cash a float or a count may be: what parse_yuan accepts, ¥100,000.00. More is a typo, not a drawer.
MAX_CASH_FEN = MAX_PRICE_FEN
CashFen = Annotated[StrictInt, Field(ge=0, le=MAX_CASH_FEN)]
# The closed shifts a staff welcome carries, newest first.
CLOSED_SHIFTS_SHOWN = 10


class Taking(StrEnum):
    """What money was taken for: a seat's order by its kind, or time sold at the counter."""

    FOOD = "food"
    DRINK = "drink"
    RENEWAL = "renewal"  # time a seat asked for and paid (cash or QR), credited when staff completed it
    COUNTER_TIME = "counter_time"  # time put on a seat at the counter (AddTime), paid there in cash


class PaymentWay(StrEnum):
    CASH = "cash"
    QR = "qr"
    ON_DELIVERY = "on_delivery"  # no payment chosen: staff collect it, in cash, when they deliver


# Ways whose money ends up in the drawer: pay on delivery is cash staff bring back from the seat.
CASH_WAYS = (PaymentWay.CASH, PaymentWay.ON_DELIVERY)


class EntryType(StrEnum):
    SALE = "sale"
    REFUND = "refund"
    CANCELLATION = "cancellation"


class ShiftEntry(Message):
    """One thing that happened to the shift's money. `fen` is never negative: a refund's type says it goes out."""

    type: EntryType
    taking: Taking
    way: PaymentWay
    fen: int = Field(ge=0)
    minutes: int = 0  # time sold (or refunded), for renewals and counter time
    priced: bool = True  # False: counter time of a length the menu had no package for, counted at ¥0
    seat: str
    request_id: int | None = None
    credit_id: int | None = None
    reason: str | None = None  # a cancellation's or refund's, as staff gave it (a seat's own cancel has none)
    by: str  # who did it: a principal's label, `staff:li` or `seat:A01`
    at: datetime


class ShiftSummary(Message):
    """What a shift took. `by_kind` and `by_way` are net of refunds (what stayed with the venue); `refunded_fen`
    is what went back; `time_minutes`/`time_fen` the time sold, net, at seats and at the counter together."""

    float_fen: int
    by_kind: dict[Taking, int]
    by_way: dict[PaymentWay, int]
    sales: int  # requests completed and counter credits made
    taken_fen: int
    refunded_fen: int
    time_minutes: int
    time_fen: int
    unpriced_minutes: int  # counter time the menu had no price for: sold, but not in the money
    expected_cash_fen: int
    cancellations: tuple[ShiftEntry, ...]
    refunds: tuple[ShiftEntry, ...]


class Shift(Message):
    """A shift as the wire carries it. Open: `closed_at` None. Closed: what was counted, what was expected, and the
    summary the close computed, as recorded then."""

    id: int
    opened_by: str
    opened_at: datetime
    float_fen: int
    closed_by: str | None = None
    closed_at: datetime | None = None
    counted_fen: int | None = None
    expected_fen: int | None = None
    note: str = ""
    summary: ShiftSummary | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def difference_fen(self) -> int | None:
        """Counted − expected: over (positive) or short (negative); None while open."""
        if self.counted_fen is None or self.expected_fen is None:
            return None
        return self.counted_fen - self.expected_fen


def summarize(float_fen: int, entries: Iterable[ShiftEntry]) -> ShiftSummary:
    """The figures of a shift that opened with `float_fen` in the drawer: expected cash = float + cash and
    pay-on-delivery taken − what of them was refunded (a QR refund goes back by QR, not from the drawer)."""
    by_kind = dict.fromkeys(Taking, 0)
    by_way = dict.fromkeys(PaymentWay, 0)
    sales = refunded = minutes = time_fen = unpriced = 0
    cancellations: list[ShiftEntry] = []
    refunds: list[ShiftEntry] = []
    for entry in entries:
        if entry.type is EntryType.CANCELLATION:
            cancellations.append(entry)
            continue
        sign = 1 if entry.type is EntryType.SALE else -1
        if entry.type is EntryType.SALE:
            sales += 1
        else:
            refunded += entry.fen
            refunds.append(entry)
        by_kind[entry.taking] += sign * entry.fen
        by_way[entry.way] += sign * entry.fen
        if entry.taking in (Taking.RENEWAL, Taking.COUNTER_TIME):
            minutes += sign * entry.minutes
            time_fen += sign * entry.fen
            if not entry.priced:
                unpriced += sign * entry.minutes
    return ShiftSummary(
        float_fen=float_fen,
        by_kind=by_kind,
        by_way=by_way,
        sales=sales,
        taken_fen=sum(by_way.values()),
        refunded_fen=refunded,
        time_minutes=minutes,
        time_fen=time_fen,
        unpriced_minutes=unpriced,
        expected_cash_fen=float_fen + sum(by_way[way] for way in CASH_WAYS),
        cancellations=tuple(cancellations),
        refunds=tuple(refunds),
    )


def request_entry(request: ServiceRequest, *, was_done: bool, by: str, at: datetime) -> ShiftEntry | None:
    """What `request` coming to its state means for the shift: done, a sale; cancelled after it was done, a
    refund; cancelled before, a cancellation. None for a call (no money) or a state that is no end."""
    taking = _TAKING_OF_KIND.get(request.kind)
    if taking is None or request.state.is_open:
        return None
    if request.state is RequestState.DONE:
        entry_type = EntryType.SALE
    else:
        entry_type = EntryType.REFUND if was_done else EntryType.CANCELLATION
    return ShiftEntry(
        type=entry_type,
        taking=taking,
        way=way_of(request.payment),
        fen=request.total_fen,
        minutes=request.minutes,
        seat=request.seat,
        request_id=request.id,
        reason=request.cancel_reason,
        by=by,
        at=at,
    )


def counter_time_entry(credit: TimeCredit, *, undone: bool) -> ShiftEntry | None:
    """Time put on a seat at the counter (a sale, in cash, at `credit.price_fen`), or its undoing (a refund).
    None for a renewal's credit: its money is the renewal's."""
    if credit.request_id is not None:
        return None
    at, by = (credit.undone_at, credit.undone_by) if undone else (credit.created_at, credit.actor)
    assert at is not None, "an undone credit says when"
    assert by is not None, "an undone credit says by whom"
    return ShiftEntry(
        type=EntryType.REFUND if undone else EntryType.SALE,
        taking=Taking.COUNTER_TIME,
        way=PaymentWay.CASH,
        fen=credit.price_fen or 0,
        minutes=credit.minutes,
        priced=credit.price_fen is not None,
        seat=credit.seat,
        credit_id=credit.id,
        by=by,
        at=at,
    )


def way_of(payment: Payment | None) -> PaymentWay:
    return PaymentWay.ON_DELIVERY if payment is None else PaymentWay(payment.value)


def actor_name(label: str) -> str:
    """`staff:li` → `li`; a seat's label (`seat:A01`) as it is."""
    return label.removeprefix("staff:")


_TAKING_OF_KIND = {RequestKind.FOOD: Taking.FOOD, RequestKind.DRINK: Taking.DRINK, RequestKind.RENEWAL: Taking.RENEWAL}
