"""A seat's time in a test: a clock the test moves, the café's time packages, and the hub's word on the seat."""

from datetime import UTC, datetime, timedelta

from netbar.bus import EventBus
from netbar.domain.commands import PlaceRequest
from netbar.domain.events import SeatChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.payment_code import TextCode
from netbar.domain.requests import Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import Connected, SendCommand
from netbar.wire.frames import Snapshot

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


class Clock:
    """Seconds, as `time.monotonic` gives them, that only move when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def package(item_id: str, hours: int, price_fen: int) -> MenuItem:
    return MenuItem(
        id=item_id,
        category=Category.TIME,
        name_zh=f"{hours}小时",
        name_en=f"{hours} hour" + ("s" if hours > 1 else ""),
        price_fen=price_fen,
        minutes=hours * 60,
    )


PACKAGES = (package("time-1h", 1, 500), package("time-2h", 2, 1000), package("time-3h", 3, 1300))


def seat(remaining_seconds: int) -> SeatStatus:
    return SeatStatus(
        seat="A01",
        started_at=NOW - timedelta(hours=2),
        ends_at=NOW + timedelta(seconds=remaining_seconds),
        remaining_seconds=remaining_seconds,
    )


def renewal(request_id: int, item: MenuItem, state: RequestState, payment: Payment = Payment.QR) -> ServiceRequest:
    line = RequestLine(
        item_id=item.id,
        name_zh=item.name_zh,
        name_en=item.name_en,
        qty=1,
        price_fen=item.price_fen,
        minutes=item.minutes,
    )
    return ServiceRequest(
        id=request_id,
        seat="A01",
        kind=RequestKind.RENEWAL,
        lines=(line,),
        note="",
        payment=payment,
        total_fen=item.price_fen,
        state=state,
        created_at=NOW - timedelta(hours=2),
        updated_at=NOW - timedelta(hours=2),
    )


VENUE_CODE = TextCode(text="https://pay.example/netbar")


def welcome(
    bus: EventBus, remaining_seconds: int, requests: tuple[ServiceRequest, ...] = (), *, qr: bool = True
) -> None:
    """The hub's welcome: the menu with its packages, the seat's open requests and its time; the venue's payment
    code unless not `qr`."""
    snapshot = Snapshot(
        menu=PACKAGES, requests=requests, seat=seat(remaining_seconds), payment_code=VENUE_CODE if qr else None
    )
    bus.publish(Connected(seq=10, snapshot=snapshot))


def time_added(bus: EventBus, remaining_seconds: int, seq: int = 11) -> None:
    bus.publish(SeatChanged(seq=seq, seat=seat(remaining_seconds)))


def run_down(model: KioskViewModel, clock: Clock, seconds: int) -> None:
    """`seconds` pass, a tick each, as the model's one-second timer would see them."""
    for _ in range(seconds):
        clock.now += 1
        model.tick()


def renewals_sent(sent: list[SendCommand]) -> list[PlaceRequest]:
    orders = [intent.frame.command for intent in sent]
    return [order for order in orders if isinstance(order, PlaceRequest) and order.kind is RequestKind.RENEWAL]
