"""Who is on the other end of a connection, once the hello has proven it."""

from dataclasses import dataclass

from netbar.domain.commands import Role


@dataclass(frozen=True)
class Principal:
    role: Role
    name: str  # the seat id for a kiosk, the user name for staff

    @property
    def label(self) -> str:
        """How the event log and the hub's log name who did something: `seat:A12`, `staff:li`."""
        return f"{'seat' if self.role is Role.KIOSK else 'staff'}:{self.name}"
