"""Typed commands the tests send through links, and the typed results they read back."""

from netbar.domain.commands import OrderLine, PlaceRequest, RequestResult, Result, SeatResult
from netbar.domain.requests import Payment, RequestKind, ServiceRequest


def order(kind: RequestKind, *lines: tuple[str, int], note: str = "", payment: Payment | None = None) -> PlaceRequest:
    """`order(RequestKind.FOOD, ("noodles-beef", 2), note="不要辣")`: lines as (item id, quantity)."""
    return PlaceRequest(
        kind=kind, lines=tuple(OrderLine(item_id=item, qty=qty) for item, qty in lines), note=note, payment=payment
    )


def staff_call(note: str = "") -> PlaceRequest:
    """The seat's "call staff" button."""
    return PlaceRequest(kind=RequestKind.CALL, note=note)


DRINK = order(RequestKind.DRINK, ("iced-tea", 2), note="少冰")


def request_of(result: Result) -> ServiceRequest:
    """The request an ack for a request command carries."""
    assert isinstance(result, RequestResult), result
    return result.request


def seat_result(result: Result) -> SeatResult:
    """What an ack for add_time or undo_credit carries."""
    assert isinstance(result, SeatResult), result
    return result
