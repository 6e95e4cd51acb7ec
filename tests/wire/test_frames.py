"""The command frame: the typed command inside, the documented wire shape outside, and nothing else."""

import base64
import json

import pytest
from pydantic import ValidationError

from netbar.domain.commands import ItemResult, OrderLine, PlaceRequest, RequestResult, Result, SetItem
from netbar.domain.events import HubEvent, MenuChanged, RequestChanged, RequestPlaced
from netbar.domain.menu_file import default_menu
from netbar.domain.payment_code import MAX_TEXT_CHARS, ImageCode
from netbar.domain.pictures import Picture
from netbar.domain.requests import RequestKind, RequestState
from netbar.store.repository import event_body
from netbar.wire.frames import (
    REPORT_PAGE_BYTES,
    SERVER_FRAME,
    Ack,
    CommandFrame,
    EventFrame,
    PictureFrame,
    ReportFrame,
    ReportPage,
    Snapshot,
    Welcome,
    ack_text,
    command_frame,
    encode,
    event_text,
    invalid_command,
    report_pages,
)
from tests.kiosk.test_pages import noodles
from tests.support.pictures import png

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


def test_a_payment_code_image_travels_as_base64_and_is_checked_on_arrival() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 10
    snapshot = Snapshot(menu=(), requests=(), payment_code=ImageCode(image=png))
    wire = json.loads(encode(Welcome(seq=1, snapshot=snapshot)))
    assert wire["snapshot"]["payment_code"] == {"kind": "image", "image": base64.b64encode(png).decode()}
    assert SERVER_FRAME.validate_json(json.dumps(wire)) == Welcome(seq=1, snapshot=snapshot)

    wire["snapshot"]["payment_code"]["image"] = base64.b64encode(b"GIF89a").decode()
    with pytest.raises(ValidationError, match="not a PNG or JPEG image"):
        SERVER_FRAME.validate_json(json.dumps(wire))
    wire["snapshot"]["payment_code"] = {"kind": "text", "text": "x" * (MAX_TEXT_CHARS + 1)}
    with pytest.raises(ValidationError, match="at most 200 characters"):
        SERVER_FRAME.validate_json(json.dumps(wire))


def test_a_picture_frame_carries_the_bytes_in_base64_and_is_checked_by_hash() -> None:
    picture = Picture.of(png())
    frame = PictureFrame.of(picture.sha, picture)
    wire = json.loads(encode(frame))
    assert wire["data"] == base64.b64encode(png()).decode()
    assert SERVER_FRAME.validate_json(encode(frame)).picture() == picture  # type: ignore[union-attr]
    assert PictureFrame.of(picture.sha, None).picture() is None

    other = Picture.of(png(colour=(1, 2, 3)))
    swapped = PictureFrame.model_validate({**wire, "data": base64.b64encode(other.data).decode()})
    with pytest.raises(ValueError, match="another picture"):
        swapped.picture()
    with pytest.raises(ValueError, match="not a PNG, JPEG or WebP"):
        PictureFrame.model_validate({**wire, "data": base64.b64encode(b"GIF89a").decode()}).picture()
    with pytest.raises(ValueError, match=picture.sha):
        PictureFrame.model_validate({**wire, "data": "not base64!"}).picture()
    with pytest.raises(ValidationError, match="media_type and data, or missing"):
        PictureFrame.model_validate({**wire, "missing": True})
    with pytest.raises(ValidationError, match="media_type and data, or missing"):
        PictureFrame.model_validate({"type": "picture", "sha": picture.sha})


def test_a_workbook_goes_in_pages_that_put_together_make_it_again() -> None:
    workbook = bytes(range(256)) * (REPORT_PAGE_BYTES // 100)  # two and a half pages
    pages = [SERVER_FRAME.validate_json(encode(page)) for page in report_pages(workbook)]
    assert [page.index for page in pages if isinstance(page, ReportPage)] == [0, 1, 2]
    assert b"".join(base64.b64decode(page.data) for page in pages if isinstance(page, ReportPage)) == workbook
    with pytest.raises(ValidationError):  # a page holds at most REPORT_PAGE_BYTES
        ReportPage(index=0, data=base64.b64encode(bytes(2 * REPORT_PAGE_BYTES)).decode())


def test_a_report_frame_has_charts_or_a_refusal() -> None:
    refused = {"type": "report", "first": "2026-11-20", "last": "2026-11-21"}
    with pytest.raises(ValidationError, match="a report frame has charts, or refused"):
        SERVER_FRAME.validate_python(refused)
    frame = SERVER_FRAME.validate_python({**refused, "refused": {"code": "busy", "message": "another report"}})
    assert isinstance(frame, ReportFrame)
    assert frame.refused is not None
    assert frame.refused.code == "busy"


@pytest.mark.parametrize(
    "event",
    [
        RequestPlaced(seq=1, request=noodles(RequestState.PLACED)),  # Chinese names, options, a note
        RequestChanged(seq=2**40, request=noodles(RequestState.CANCELLED)),
        *(MenuChanged(seq=3 + n, item=item) for n, item in enumerate(default_menu())),
    ],
)
def test_an_event_made_from_its_logged_body_is_the_frame_it_would_be_encoded_as(event: HubEvent) -> None:
    assert event_text(event.seq, event.name, event_body(event)) == encode(EventFrame.of(event))


@pytest.mark.parametrize(
    "result", [RequestResult(request=noodles(RequestState.PLACED)), ItemResult(item=default_menu()[0])]
)
def test_an_ack_made_from_the_results_json_is_the_frame_it_would_be_encoded_as(result: Result) -> None:
    assert ack_text(COMMAND_ID, result.model_dump_json()) == encode(Ack(command_id=COMMAND_ID, result=result))
