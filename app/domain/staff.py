"""Staff users and what each role may do (DESIGN §3a): a cashier runs the counter, a manager also runs the shop."""

from enum import StrEnum

from netbar.domain.model import Message

MIN_PASSWORD = 6
MAX_PASSWORD = 200
USER_PATTERN = r"^[\w.-]{1,64}$"


class StaffRole(StrEnum):
    CASHIER = "cashier"  # handles requests, puts paid time on seats, marks items sold out
    MANAGER = "manager"  # also prices, stock, the menu, staff users, reports, cancelling a completed request


class StaffMember(Message):
    """A staff user as others see them: never their password."""

    name: str
    role: StaffRole
    enabled: bool = True
