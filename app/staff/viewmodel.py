"""The staff window's state and intents: every open request, the menu, the seats, and the actions on them.

Several staff windows may be open at once; each hears the same events from the hub, so they stay in sync without
talking to each other. What a window did itself comes back as an event like anyone else's.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from PySide6.QtCore import QObject, Signal

from netbar.bus import EventBus
from netbar.domain.ageing import AgeLimits, Urgency
from netbar.domain.commands import (
    Accept,
    AddTime,
    AnyCommand,
    CloseShift,
    Complete,
    OpenShift,
    SaveStaffUser,
    SetItem,
    SetStaffUserEnabled,
    StaffCancel,
    StartDelivery,
    UndoCredit,
)
from netbar.domain.errors import ErrorCode
from netbar.domain.events import (
    HubEvent,
    MenuChanged,
    RequestChanged,
    RequestPlaced,
    SeatChanged,
    ShiftChanged,
    StaffUserChanged,
)
from netbar.domain.menu import MenuItem
from netbar.domain.requests import LIFECYCLE, Action, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.shifts import CLOSED_SHIFTS_SHOWN, Shift, ShiftEntry, ShiftSummary, summarize
from netbar.domain.staff import StaffMember, StaffRole
from netbar.link.events import CommandAnswered, Connected, Disconnected, SeatOnline, SendCommand
from netbar.staff.reports_model import ReportsModel

# Each step command names the action it is; a cancel needs a reason and has a command of its own.
_STEPS: dict[Action, type[Accept | StartDelivery | Complete]] = {
    step.action: step for step in (Accept, StartDelivery, Complete)
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def allowed_actions(request: ServiceRequest) -> set[Action]:
    """What staff may do to an open `request` now, by the lifecycle (cancelling a completed one is a manager's
    refund, not a step of handling it)."""
    return {action for (state, action) in LIFECYCLE[request.kind] if state is request.state and state.is_open}


class StaffViewModel(QObject):
    """Signals:
    connectionChanged(bool, str): up or down, and why it is down.
    requestsChanged(): the open requests changed.
    requestArrived(object): a ServiceRequest this window had not seen: ring and show it.
    requestRecalled(object): a seat pressed "call staff" again (the call's `calls` went up): tell staff again.
    requestWithdrawn(object): the customer cancelled their own request: tell staff, whoever was about to go.
    menuChanged(): an item's price, stock or availability changed.
    seatsChanged(): a seat's session changed, or a credit was made or undone.
    presenceChanged(str): the seat whose kiosk connected or went away.
    staffUsersChanged(): a staff user was added, changed, disabled or enabled (or who signed in is known).
    shiftChanged(): the counter's shift opened or closed, or its money moved (a sale, a cancellation, a refund).
    actionFailed(str, str): the hub refused what this window asked: its error code and its own words.
    hubTrouble(str): what keeps the hub from saving anything (its database locked, its disk full), until it
        writes again ("").
    """

    connectionChanged = Signal(bool, str)
    requestsChanged = Signal()
    requestArrived = Signal(object)
    requestRecalled = Signal(object)
    requestWithdrawn = Signal(object)
    menuChanged = Signal()
    seatsChanged = Signal()
    presenceChanged = Signal(str)
    staffUsersChanged = Signal()
    shiftChanged = Signal()
    actionFailed = Signal(str, str)
    hubTrouble = Signal(str)

    def __init__(
        self, bus: EventBus, parent: QObject | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self.connected = False
        self.requests: dict[int, ServiceRequest] = {}
        self.menu: dict[str, MenuItem] = {}
        self.seats: dict[str, SeatStatus] = {}
        self.credits: dict[int, TimeCredit] = {}  # the time put on seats lately, by credit id
        self.online: set[str] = set()  # seats whose kiosk is connected
        self.me: StaffMember | None = None  # who signed in, as the hub knows them
        self.staff_users: dict[str, StaffMember] = {}
        self.limits = AgeLimits()  # until the hub says its own
        self.shift: Shift | None = None  # the counter's open shift
        self.shift_entries: list[ShiftEntry] = []  # what has happened to its money, as the hub told it
        self.closed_shifts: list[Shift] = []  # the last ones, newest first
        self._clock = clock or utc_now
        self._bus = bus
        self.reports = ReportsModel(bus, self)  # a manager's Reports tab
        self._seen: set[int] | None = None  # request ids this window has shown; None before the first welcome
        self._synced_seq = 0
        self._unsubscribe = [
            bus.subscribe(Connected, self._on_connected),
            bus.subscribe(Disconnected, self._on_disconnected),
            bus.subscribe(HubEvent, self._on_event),
            bus.subscribe(CommandAnswered, self._on_answered),
            bus.subscribe(SeatOnline, self._on_presence),
        ]

    # Intents

    def act(self, request_id: int, action: Action) -> None:
        """accept, start_delivery or complete; a cancel needs a reason (`cancel`)."""
        self._send(_STEPS[action](request_id=request_id))

    def cancel(self, request_id: int, reason: str) -> None:
        self._send(StaffCancel(request_id=request_id, reason=reason))

    def set_available(self, item_id: str, available: bool) -> None:
        self._send(SetItem(item_id=item_id, available=available))

    def set_price_and_stock(self, item_id: str, price_fen: int, stock: int | Literal["keep"] | None = "keep") -> None:
        """A manager's: the item's price, and its stock (None: unlimited; "keep": as the hub has it when the
        command arrives, so a sale made meanwhile is never undone)."""
        item = self.menu[item_id]
        if stock == "keep":
            self._send(SetItem(item_id=item_id, available=item.available, price_fen=price_fen))
        else:
            self._send(SetItem(item_id=item_id, available=item.available, price_fen=price_fen, stock=stock))

    def save_staff_user(self, user: str, role: StaffRole | None, password: str | None) -> None:
        """A manager's: add a staff user (role and password), or change one's role or password."""
        self._send(SaveStaffUser(user=user, staff_role=role, password=password))

    def set_staff_user_enabled(self, user: str, enabled: bool) -> None:
        self._send(SetStaffUserEnabled(user=user, enabled=enabled))

    def open_shift(self, float_fen: int) -> None:
        """Open the counter's shift with `float_fen` in the drawer."""
        self._send(OpenShift(float_fen=float_fen))

    def close_shift(self, counted_fen: int, note: str = "") -> None:
        """Close the open shift with the cash counted; the hub records what it expected."""
        self._send(CloseShift(counted_fen=counted_fen, note=note))

    def shift_summary(self) -> ShiftSummary | None:
        """The open shift's figures so far, as the hub will compute them at close (netbar.domain.shifts)."""
        return None if self.shift is None else summarize(self.shift.float_fen, self.shift_entries)

    @property
    def is_manager(self) -> bool:
        return self.me is not None and self.me.role is StaffRole.MANAGER

    def now(self) -> datetime:
        return self._clock()

    def urgency(self, request: ServiceRequest) -> Urgency:
        """How late `request` is, by its kind's limits: waiting since the customer tapped."""
        return self.limits.urgency(request.kind, self.now() - request.waiting_since)

    def waiting(self) -> list[ServiceRequest]:
        """Requests no one has taken yet, oldest first."""
        placed = (request for request in self.requests.values() if request.state is RequestState.PLACED)
        return sorted(placed, key=lambda request: request.waiting_since)

    def overdue(self) -> list[ServiceRequest]:
        """Requests no one has taken past their kind's first limit: the chime repeats while there are any."""
        return [request for request in self.waiting() if self.urgency(request) is not Urgency.FRESH]

    def give_time(self, seat: str, minutes: int) -> None:
        """Time paid for at the counter: the hub starts a session on a seat without time, or extends it."""
        self._send(AddTime(seat=seat, minutes=minutes))

    def undo_credit(self, credit_id: int) -> None:
        self._send(UndoCredit(credit_id=credit_id))

    def recent_credits(self) -> list[TimeCredit]:
        """The time put on seats lately, newest first."""
        return sorted(self.credits.values(), key=lambda credit: credit.id, reverse=True)

    def seconds_left(self, seat: str) -> int:
        """What is left on `seat` by this PC's clock; 0 for a seat without time."""
        status = self.seats.get(seat)
        return 0 if status is None else status.seconds_left(self.now())

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.reports.close()

    def _send(self, command: AnyCommand) -> None:
        self._bus.publish(SendCommand.of(command))

    # From the link

    def _on_connected(self, event: Connected) -> None:
        snapshot = event.snapshot
        self._synced_seq = event.seq
        self.requests = {request.id: request for request in snapshot.requests}
        self.menu = {item.id: item for item in snapshot.menu}
        self.seats = {status.seat: status for status in snapshot.seats or ()}
        self.credits = {credit.id: credit for credit in snapshot.credits or ()}
        self.online = set(snapshot.online or ())
        self.me = snapshot.me
        self.staff_users = {member.name: member for member in snapshot.staff_users or ()}
        self.limits = snapshot.limits or self.limits
        self.shift = snapshot.shift
        self.shift_entries = list(snapshot.shift_entries or ())
        self.closed_shifts = list(snapshot.shifts or ())
        self.connected = True
        arrived_meanwhile = [] if self._seen is None else [r for r in snapshot.requests if r.id not in self._seen]
        self._seen = (self._seen or set()) | set(self.requests)
        self.connectionChanged.emit(True, "")
        self.requestsChanged.emit()
        self.menuChanged.emit()
        self.seatsChanged.emit()
        self.staffUsersChanged.emit()
        self.shiftChanged.emit()
        for request in arrived_meanwhile:
            self.requestArrived.emit(request)

    def _on_answered(self, event: CommandAnswered) -> None:
        if event.error is None:
            self.hubTrouble.emit("")  # it wrote this: whatever was wrong is over
        elif event.error.code is ErrorCode.UNAVAILABLE:
            self.hubTrouble.emit(event.error.message)
        if event.error is not None:
            self.actionFailed.emit(event.error.code.value, event.error.message)

    def _on_disconnected(self, event: Disconnected) -> None:
        self.connected = False
        self.connectionChanged.emit(False, event.reason)

    def _on_event(self, event: HubEvent) -> None:
        if event.seq <= self._synced_seq:
            return  # missed while away, and already in the welcome's snapshot
        match event:
            case RequestPlaced(request=request) | RequestChanged(request=request):
                self._update_request(request)
            case MenuChanged(item=item):
                self.menu[item.id] = item
                self.menuChanged.emit()
            case SeatChanged(seat=status, credit=credit):
                self.seats[status.seat] = status
                if credit is not None:
                    self.credits[credit.id] = credit
                self.seatsChanged.emit()
            case StaffUserChanged(user=member):
                self.staff_users[member.name] = member
                if self.me is not None and member.name == self.me.name:
                    self.me = member
                self.staffUsersChanged.emit()
            case ShiftChanged():
                self._update_shift(event)

    def _update_shift(self, event: ShiftChanged) -> None:
        shift = event.shift
        if event.entry is not None:
            if self.shift is None or self.shift.id != shift.id:
                return  # of a shift this window does not hold: nothing to add it to
            self.shift_entries.append(event.entry)
        elif shift.is_open:
            self.shift, self.shift_entries = shift, []
        else:
            if self.shift is not None and self.shift.id == shift.id:
                self.shift, self.shift_entries = None, []
            self.closed_shifts = [shift, *self.closed_shifts][:CLOSED_SHIFTS_SHOWN]
        self.shiftChanged.emit()

    def _on_presence(self, event: SeatOnline) -> None:
        if event.online:
            self.online.add(event.seat)
        else:
            self.online.discard(event.seat)
        self.presenceChanged.emit(event.seat)

    def _update_request(self, request: ServiceRequest) -> None:
        before = self.requests.get(request.id)
        withdrawn = before is not None and request.state is RequestState.CANCELLED and request.handled_by is None
        if withdrawn:
            # Before it leaves the open requests: the window keeps its card a while, greyed (staff cancelling
            # would have named themselves).
            self.requestWithdrawn.emit(request)
        if request.state.is_open:
            self.requests[request.id] = request
        else:
            self.requests.pop(request.id, None)
        self.requestsChanged.emit()
        if self._seen is not None and request.id not in self._seen:
            self._seen.add(request.id)
            self.requestArrived.emit(request)
        elif before is not None and request.calls > before.calls:
            self.requestRecalled.emit(request)
