"""Commands: one typed union, tagged by name, and the limits of DESIGN §5."""

from typing import Any

import pytest
from pydantic import ValidationError

from netbar.domain.commands import (
    COMMAND,
    Accept,
    AddTime,
    Complete,
    PlaceRequest,
    RequestResult,
    Role,
    SeatResult,
    SetItem,
    StaffCancel,
    UndoCredit,
)
from netbar.domain.errors import invalid


def lines(count: int, qty: int = 1) -> list[dict[str, Any]]:
    return [{"item_id": f"item-{number}", "qty": qty} for number in range(count)]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "food", "lines": lines(1, qty=1)},
        {"kind": "food", "lines": lines(1, qty=20)},
        {"kind": "drink", "lines": lines(30), "note": "少" * 200},
        {"kind": "renewal", "lines": lines(1), "payment": "qr"},
        {"kind": "call"},
        {"kind": "call", "note": "电脑蓝屏了"},
    ],
)
def test_within_the_limits(body: dict[str, Any]) -> None:
    PlaceRequest.model_validate(body)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"kind": "food", "lines": lines(1, qty=0)}, "lines.0.qty"),
        ({"kind": "food", "lines": lines(1, qty=21)}, "lines.0.qty"),
        ({"kind": "food", "lines": lines(31)}, "lines"),
        ({"kind": "food", "lines": lines(1), "note": "x" * 201}, "note"),
        ({"kind": "food", "lines": []}, "at least one line"),
        (
            {"kind": "food", "lines": [{"item_id": "cola", "qty": 1}, {"item_id": "cola", "qty": 2}]},
            "once with the same options",
        ),
        ({"kind": "food", "lines": [{"item_id": "cola", "qty": 1, "price_fen": 1}]}, "price_fen"),
        ({"kind": "food", "lines": [{"item_id": "cola", "qty": 1.5}]}, "qty"),
        ({"kind": "food", "lines": [{"item_id": "cola", "qty": True}]}, "qty"),
        ({"kind": "renewal", "lines": lines(1)}, "payment"),
        ({"kind": "call", "lines": lines(1)}, "no lines"),
        ({"kind": "call", "payment": "cash"}, "no payment"),
        ({"kind": "lunch"}, "kind"),
        ({"kind": "food", "lines": [{"item_id": "Bad Id!", "qty": 1}]}, "item_id"),
    ],
)
def test_outside_the_limits_is_a_clear_error(body: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as error:
        PlaceRequest.model_validate(body)
    rejected = invalid(error.value, "place_request")
    assert rejected.code == "invalid"
    assert where in rejected.message
    assert "\n" not in rejected.message


def test_staff_cancel_needs_a_reason() -> None:
    assert StaffCancel.model_validate({"request_id": 3, "reason": "  卖完了 "}).reason == "卖完了"
    for reason in ("", "   ", "x" * 201):
        with pytest.raises(ValidationError):
            StaffCancel.model_validate({"request_id": 3, "reason": reason})


def test_set_item_and_minutes_are_strict() -> None:
    SetItem.model_validate({"item_id": "cola", "available": False, "stock": None})
    with pytest.raises(ValidationError):
        SetItem.model_validate({"item_id": "cola", "available": "false", "stock": None})
    with pytest.raises(ValidationError):
        SetItem.model_validate({"item_id": "cola", "available": True, "stock": -1})
    with pytest.raises(ValidationError):
        AddTime.model_validate({"seat": "A01", "minutes": 24 * 60 + 1})


def test_the_name_picks_the_command_and_says_who_may_send_it() -> None:
    accept = COMMAND.validate_python({"name": "accept", "request_id": 4})
    assert accept == Accept(request_id=4)
    assert (accept.role, accept.result_type, accept.body()) == (Role.STAFF, RequestResult, {"request_id": 4})
    assert COMMAND.validate_python({"name": "complete", "request_id": 4}) == Complete(request_id=4)
    assert COMMAND.validate_python({"name": "place_request", "kind": "call"}).role is Role.KIOSK
    assert UndoCredit(credit_id=1).result_type is SeatResult
    for wrong in ({"name": "open_session", "seat": "A01", "minutes": 60}, {"request_id": 4}):
        with pytest.raises(ValidationError):
            COMMAND.validate_python(wrong)
