"""The command frame: the typed command inside, the documented wire shape outside, and nothing else."""

import json

import pytest
from pydantic import ValidationError

from netbar.domain.commands import OrderLine, PlaceRequest, SetItem
from netbar.domain.requests import RequestKind
from netbar.wire.frames import CommandFrame, command_frame, encode, invalid_command

COMMAND_ID = "6f1c2b8e-0000-4000-8000-000000000001"


def test_a_frame_goes_out_as_name_and_body_and_reads_back_as_the_same_command() -> None:
    frame = command_frame(PlaceRequest(kind=RequestKind.FOOD, lines=(OrderLine(item_id="cola", qty=2),)), COMMAND_ID)
    wire = json.loads(encode(frame))
    assert frame.asked_at is not None  # when it was made: the tap
    assert wire == {
        "type": "command",
        "command_id": COMMAND_ID,
        "name": "place_request",
        "body": {"kind": "food", "lines": [{"item_id": "cola", "qty": 2}]},
        "asked_at": frame.asked_at.isoformat().replace("+00:00", "Z"),
    }
    assert CommandFrame.model_validate_json(encode(frame)) == frame
    without = {key: value for key, value in wire.items() if key != "asked_at"}  # a client that does not say
    assert CommandFrame.model_validate(without).asked_at is None


def test_a_field_left_out_stays_left_out() -> None:
    toggle = command_frame(SetItem(item_id="cola", available=False), COMMAND_ID)
    assert json.loads(encode(toggle))["body"] == {"item_id": "cola", "available": False}
    assert not CommandFrame.model_validate_json(encode(toggle)).command.changes_stock  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("frame", "where"),
    [
        ({"name": "order_pizza", "body": {}}, "name:"),
        (
            {"name": "place_request", "body": {"kind": "food", "lines": [{"item_id": "cola", "qty": 0}]}},
            "body.lines.0.qty",
        ),
        ({"name": "accept", "body": {"request_id": 1, "name": "accept"}}, "body.name"),
        ({"name": "accept", "body": [1]}, "body:"),
        ({"command": {"name": "place_request", "kind": "call"}}, "command:"),  # not the documented shape
    ],
)
def test_a_bad_frame_names_where_it_is_wrong_as_the_wire_has_it(frame: dict[str, object], where: str) -> None:
    with pytest.raises(ValidationError) as error:
        CommandFrame.model_validate({"type": "command", "command_id": COMMAND_ID, **frame})
    message = invalid_command(error.value).message
    assert where in message
    assert "command.place_request" not in message
