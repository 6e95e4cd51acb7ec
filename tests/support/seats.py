"""A staff view-model on its own bus, fed as the link feeds it, with a clock the test moves: for the seat map, the
seat dialog and the Seats tab."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

from netbar.bus import EventBus
from netbar.domain.commands import AnyCommand
from netbar.domain.events import RequestChanged, RequestPlaced, SeatChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.staff import StaffMember, StaffRole
from netbar.link.events import Connected, Disconnected, SeatOnline, SendCommand
from netbar.staff.viewmodel import StaffViewModel
from netbar.wire.frames import Snapshot

NOW = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
ME = StaffMember(name="li", role=StaffRole.CASHIER)
THREE_HOURS = MenuItem(
    id="time-3h", category=Category.TIME, name_zh="3小时", name_en="3 hours", price_fen=1300, minutes=180
)
FOOD = MenuItem(id="noodles", category=Category.FOOD, name_zh="面", name_en="Noodles", price_fen=600)


def session(seat: str, minutes_left: float | None) -> SeatStatus:
    """`seat` with that much time left at NOW, or no session (None)."""
    if minutes_left is None:
        return SeatStatus(seat=seat)
    return SeatStatus(seat=seat, started_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(minutes=minutes_left))


def request(
    number: int, seat: str, kind: RequestKind, waited_minutes: float = 0, *, calls: int = 1,
    state: RequestState = RequestState.PLACED,
) -> ServiceRequest:  # fmt: skip
    created = NOW - timedelta(minutes=waited_minutes)
    return ServiceRequest(
        id=number, seat=seat, kind=kind, lines=(), note="", payment=None, total_fen=0, state=state,
        created_at=created, updated_at=created, calls=calls,
    )  # fmt: skip


@dataclass
class Venue:
    """The bus, the view-model, its clock and every command the view-model published."""

    bus: EventBus = field(default_factory=EventBus)
    now: datetime = NOW
    sent: list[SendCommand] = field(default_factory=list)
    _seq: Iterator[int] = field(default_factory=lambda: count(2))

    def __post_init__(self) -> None:
        self.bus.subscribe(SendCommand, self.sent.append)
        self.model = StaffViewModel(self.bus, clock=lambda: self.now)

    def connect(
        self,
        seats: Iterable[SeatStatus],
        requests: Iterable[ServiceRequest] = (),
        online: Iterable[str] = (),
        credits: Iterable[TimeCredit] = (),
        menu: Iterable[MenuItem] = (THREE_HOURS, FOOD),
    ) -> None:
        snapshot = Snapshot(
            menu=tuple(menu), requests=tuple(requests), seats=tuple(seats), credits=tuple(credits), me=ME,
            online=tuple(online),
        )  # fmt: skip
        self.bus.publish(Connected(seq=1, snapshot=snapshot))

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def commands(self) -> list[AnyCommand]:
        return [intent.frame.command for intent in self.sent]

    def place(self, placed: ServiceRequest) -> None:
        self.bus.publish(RequestPlaced(seq=next(self._seq), request=placed))

    def change(self, changed: ServiceRequest) -> None:
        self.bus.publish(RequestChanged(seq=next(self._seq), request=changed))

    def seat_changed(self, status: SeatStatus, credit: TimeCredit | None = None) -> None:
        self.bus.publish(SeatChanged(seq=next(self._seq), seat=status, credit=credit))

    def presence(self, seat: str, online: bool) -> None:
        self.bus.publish(SeatOnline(seat, online=online))

    def lose_hub(self) -> None:
        self.bus.publish(Disconnected("connection lost"))


def credit(
    credit_id: int, seat: str, minutes: int, *, by: str = "li", undone: bool = False, request_id: int | None = None
) -> TimeCredit:
    return TimeCredit(
        id=credit_id, seat=seat, minutes=minutes, actor=f"staff:{by}", created_at=NOW, request_id=request_id,
        undone_at=NOW if undone else None, undone_by=f"staff:{by}" if undone else None,
    )  # fmt: skip
