"""Who is on the other end of a connection, once the hello has proven it."""

from dataclasses import dataclass

from netbar.domain.commands import Role
from netbar.domain.staff import StaffRole


@dataclass(frozen=True)
class Principal:
    role: Role
    name: str  # the seat id for a kiosk, the user name for staff
    staff_role: StaffRole | None = None  # for staff: what they may do

    @property
    def is_manager(self) -> bool:
        return self.staff_role is StaffRole.MANAGER

    @property
    def label(self) -> str:
        """How the event log and the hub's log name who did something: `seat:A12`, `staff:li`."""
        return f"{'seat' if self.role is Role.KIOSK else 'staff'}:{self.name}"
