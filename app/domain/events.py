"""Events the hub commits and fans out; `seq` is the event-log id, increasing and gap-free (DESIGN §6)."""

from typing import ClassVar

from netbar.domain.menu import MenuItem
from netbar.domain.model import Message
from netbar.domain.requests import ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.shifts import Shift, ShiftEntry
from netbar.domain.staff import StaffMember


class HubEvent(Message):
    name: ClassVar[str]
    staff_only: ClassVar[bool] = False  # heard by staff windows alone, whatever `for_seat` says
    seq: int

    @property
    def for_seat(self) -> str | None:
        """The one seat this event concerns, or None where every seat hears it."""
        return None


class RequestPlaced(HubEvent):
    name = "request_placed"
    request: ServiceRequest

    @property
    def for_seat(self) -> str:
        return self.request.seat


class RequestChanged(HubEvent):
    name = "request_changed"
    request: ServiceRequest

    @property
    def for_seat(self) -> str:
        return self.request.seat


class MenuChanged(HubEvent):
    name = "menu_changed"
    item: MenuItem


class SeatChanged(HubEvent):
    """A seat's time changed; `credit` is the credit (or the undoing of one) that changed it, if any."""

    name = "seat_changed"
    seat: SeatStatus
    credit: TimeCredit | None = None

    @property
    def for_seat(self) -> str:
        return self.seat.seat


class StaffUserChanged(HubEvent):
    """A staff user was added, or their role changed, or they were disabled or enabled."""

    name = "staff_user_changed"
    staff_only = True
    user: StaffMember


class ShiftChanged(HubEvent):
    """The counter's shift opened or closed (`shift` as it is now), or, with `entry`, something happened to the
    open shift's money: a sale, a cancellation, a refund. Staff fold the entries into the running summary."""

    name = "shift_changed"
    staff_only = True
    shift: Shift
    entry: ShiftEntry | None = None


EVENT_TYPES: dict[str, type[HubEvent]] = {
    cls.name: cls for cls in (RequestPlaced, RequestChanged, MenuChanged, SeatChanged, StaffUserChanged, ShiftChanged)
}
