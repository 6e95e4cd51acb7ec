"""Words both windows use for the domain's names, through Qt's translator (context "Texts")."""

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from netbar.domain.errors import ErrorCode
from netbar.domain.requests import Action, Payment, RequestKind, RequestLine, RequestState
from netbar.gui.i18n import Named


def kind_name(kind: RequestKind) -> str:
    return {
        RequestKind.RENEWAL: QCoreApplication.translate("Texts", "Renew time"),
        RequestKind.FOOD: QCoreApplication.translate("Texts", "Food"),
        RequestKind.DRINK: QCoreApplication.translate("Texts", "Drinks"),
        RequestKind.CALL: QCoreApplication.translate("Texts", "Call staff"),
    }[kind]


def state_name(state: RequestState | None, *, connected: bool = True, held: bool = False) -> str:
    """A request's state as the seat and the counter see it; None is an order the hub has not yet taken (`held`:
    the hub could not take it for now, and it is kept until it can)."""
    if state is None:
        if held:
            return QCoreApplication.translate("Texts", "Waiting for the counter")
        return (
            QCoreApplication.translate("Texts", "Sending…")
            if connected
            else QCoreApplication.translate("Texts", "Waiting to send")
        )
    return {
        RequestState.PLACED: QCoreApplication.translate("Texts", "Placed"),
        RequestState.ACCEPTED: QCoreApplication.translate("Texts", "Accepted"),
        RequestState.DELIVERING: QCoreApplication.translate("Texts", "On the way"),
        RequestState.DONE: QCoreApplication.translate("Texts", "Done"),
        RequestState.CANCELLED: QCoreApplication.translate("Texts", "Cancelled"),
    }[state]


def action_name(action: Action, kind: RequestKind | None = None) -> str:
    """A staff action's button; completing a renewal is taking the payment, and says so."""
    if action is Action.COMPLETE and kind is RequestKind.RENEWAL:
        return QCoreApplication.translate("Texts", "Paid: add the time")
    return {
        Action.ACCEPT: QCoreApplication.translate("Texts", "Accept"),
        Action.START_DELIVERY: QCoreApplication.translate("Texts", "Start delivery"),
        Action.COMPLETE: QCoreApplication.translate("Texts", "Complete"),
        Action.CANCEL: QCoreApplication.translate("Texts", "Cancel…"),
    }[action]


def payment_name(payment: Payment | None) -> str:
    return {
        Payment.CASH: QCoreApplication.translate("Texts", "Cash"),
        Payment.QR: QCoreApplication.translate("Texts", "QR code"),
        None: QCoreApplication.translate("Texts", "Pay on delivery"),
    }[payment]


def refusal_text(code: str, *, cancelling: bool = False) -> str:
    """Why the hub turned a seat's order (or its cancel) down, in the customer's words (an ErrorCode's value)."""
    if cancelling:
        if code == ErrorCode.CONFLICT:
            return QCoreApplication.translate("Texts", "Too late to cancel: staff are already on it.")
        return QCoreApplication.translate("Texts", "That did not go through. Please ask at the counter.")
    known: dict[str, str] = {
        ErrorCode.SOLD_OUT: QCoreApplication.translate(
            "Texts", "Sorry, part of your order has just sold out. Please order again."
        ),
        ErrorCode.NOT_FOUND: QCoreApplication.translate(
            "Texts", "Part of your order is no longer on the menu. Please order again."
        ),
        ErrorCode.TOO_MANY: QCoreApplication.translate(
            "Texts", "This seat has many requests open already. Please wait for staff to bring them."
        ),
        ErrorCode.FORBIDDEN: QCoreApplication.translate(
            "Texts", "This seat cannot order right now. Please ask at the counter."
        ),
    }
    if code in known:
        return known[code]
    return QCoreApplication.translate("Texts", "That did not go through. Please ask at the counter.")


def staff_refusal_text(code: str) -> str:
    """Why the hub did not do what staff asked (an ErrorCode's value), in their language: the hub's own words
    are English, for its log."""
    known: dict[str, str] = {
        ErrorCode.FORBIDDEN: QCoreApplication.translate("Texts", "only a manager may do that"),
        ErrorCode.CONFLICT: QCoreApplication.translate("Texts", "it has changed meanwhile, or cannot be done now"),
        ErrorCode.NOT_FOUND: QCoreApplication.translate("Texts", "it no longer exists"),
        ErrorCode.SOLD_OUT: QCoreApplication.translate("Texts", "not enough left in stock"),
        ErrorCode.INVALID: QCoreApplication.translate("Texts", "the hub cannot accept that as it is"),
        ErrorCode.TOO_MANY: QCoreApplication.translate("Texts", "too many at once; try again shortly"),
    }
    return known.get(code) or QCoreApplication.translate("Texts", "the hub cannot do it right now; try again")


def lines_text(lines: tuple[RequestLine, ...], name_of: Callable[[Named], str]) -> str:
    """`红烧牛肉面 (特辣, 加蛋) ×2, 可乐 ×1`"""
    return ", ".join(f"{line_name(line, name_of)} ×{line.qty}" for line in lines)


def line_name(line: RequestLine, name_of: Callable[[Named], str]) -> str:
    """The item with the options it was ordered with: `红烧牛肉面 (特辣, 加蛋)`."""
    if not line.options:
        return name_of(line)
    return f"{name_of(line)} ({', '.join(name_of(option) for option in line.options)})"


def minutes_text(seconds: int) -> str:
    """Remaining time as `2:05:09`, or `—` where the seat has no session."""
    if seconds < 0:
        return "—"
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
