"""Every frame on the wire as a pydantic model; an unknown field or type is a validation error."""

import base64
import binascii
import json
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AwareDatetime,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    TypeAdapter,
    ValidationError,
    model_serializer,
    model_validator,
)

from netbar.domain.ageing import AgeLimits
from netbar.domain.commands import MAX_ROW_ID, SEAT_PATTERN, AnyCommand, BaseCommand, Command, Result
from netbar.domain.errors import CommandRejected, ErrorCode, Location, invalid
from netbar.domain.events import EVENT_TYPES, HubEvent
from netbar.domain.menu import MenuItem
from netbar.domain.model import Message
from netbar.domain.payment_code import PaymentCode
from netbar.domain.pictures import MAX_PICTURE_BYTES, SHA_PATTERN, MediaType, NotAPicture, Picture
from netbar.domain.report_charts import ReportCharts
from netbar.domain.requests import ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.shifts import Shift, ShiftEntry
from netbar.domain.staff import StaffMember

MAX_FRAME_BYTES = 64 * 1024
# What the hub reads at all: a frame past MAX_FRAME_BYTES but under this is answered `too_large`; past it the
# connection is closed.
READ_LIMIT = 1024 * 1024
# What a client reads from its hub, which it trusts: a staff welcome carries every open request (at most
# MAX_OPEN_PER_SEAT per seat, about 1 KiB each); its seats come in pages of SEATS_PER_PAGE.
CLIENT_READ_LIMIT = 32 * 1024 * 1024
# Seats in a staff welcome and in each `seats` frame after it, about 70 bytes each: a venue of 10,000 seats is
# welcomed in frames of some 35 KB rather than one of 0.7 MB (DESIGN §6).
SEATS_PER_PAGE = 500
SinceSeq = Annotated[StrictInt, Field(ge=0, le=MAX_ROW_ID)] | None


class KioskHello(Message):
    type: Literal["hello"] = "hello"
    role: Literal["kiosk"] = "kiosk"
    seat: Annotated[str, Field(pattern=SEAT_PATTERN)]
    token: Annotated[str, Field(min_length=1, max_length=200)]
    since_seq: SinceSeq = None


class StaffHello(Message):
    type: Literal["hello"] = "hello"
    role: Literal["staff"] = "staff"
    user: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    since_seq: SinceSeq = None


Hello = Annotated[KioskHello | StaffHello, Field(discriminator="role")]
HELLO = TypeAdapter[KioskHello | StaffHello](Hello)


CommandId = Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]


class CommandFrame(Message):
    """`{"type":"command","command_id":…,"name":…,"body":{…}}` on the wire; in Python the typed `command`, whose
    `name` tags the union. The one validation of a command, on either end."""

    type: Literal["command"] = "command"
    command_id: CommandId
    command: Command
    # When the person tapped, by their own clock: kept in the outbox with the command, so an order sent late
    # (the hub away) is still aged from the tap. The hub keeps it beside its own time, when it is believable.
    asked_at: AwareDatetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_wire(cls, data: Any) -> Any:
        if not isinstance(data, dict) or isinstance(data.get("command"), BaseCommand):
            return data  # built in Python, with a typed command
        if "command" in data:
            raise ValueError("command: extra inputs are not permitted (a command frame has name and body)")
        data = dict(data)
        name, body = data.pop("name", None), data.pop("body", None)
        if not isinstance(body, dict):
            raise ValueError("body: a command's body is a JSON object")
        if "name" in body:
            raise ValueError("body.name: extra inputs are not permitted")
        data["command"] = {**body, "name": name}
        return data

    @model_serializer(mode="wrap")
    def _to_wire(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        del data["command"]
        return {**data, "name": self.command.name, "body": self.command.body()}

    @property
    def name(self) -> str:
        return self.command.name


def wire_location(location: Location) -> Location:
    """Where a problem in a command frame is, as the wire has it: `name`, or `body.lines.0.qty` rather than the
    typed union's `command.place_request.lines.0.qty`."""
    if location[:1] == ("command",):
        return ("body", *location[2:]) if len(location) > 1 else ("name",)
    return location


def invalid_command(error: ValidationError) -> CommandRejected:
    return invalid(error, "command frame", wire_location)


def command_frame(command: AnyCommand, command_id: str | None = None) -> CommandFrame:
    """`command` with its idempotency key: a fresh one, unless it is being sent again."""
    return CommandFrame(command_id=command_id or str(uuid.uuid4()), command=command, asked_at=datetime.now(UTC))


class Snapshot(Message):
    """What a client needs to draw its screen: the menu, the open requests it may see, and seats."""

    menu: tuple[MenuItem, ...]
    requests: tuple[ServiceRequest, ...]
    seat: SeatStatus | None = None
    seats: tuple[SeatStatus, ...] | None = None
    # Staff only: the time put on seats lately, newest first, so a double tap can be seen and undone.
    credits: tuple[TimeCredit, ...] | None = None
    # Staff only: who signed in (what their window offers follows their role), the staff users, when a waiting
    # request turns amber and red, and the seats whose kiosks are connected now (`presence` frames follow).
    me: StaffMember | None = None
    staff_users: tuple[StaffMember, ...] | None = None
    limits: AgeLimits | None = None
    online: tuple[str, ...] | None = None
    # Staff only: the counter's open shift (None: none is open) and what has happened to its money so far, from
    # which the window keeps the running summary as `shift_changed` events add to it; and the last closed shifts.
    shift: Shift | None = None
    shift_entries: tuple[ShiftEntry, ...] | None = None
    shifts: tuple[Shift, ...] | None = None
    # Kiosks only: the venue's payment code, shown to a customer paying by QR (none set: QR is not offered).
    payment_code: PaymentCode | None = None


class Welcome(Message):
    type: Literal["welcome"] = "welcome"
    seq: int
    snapshot: Snapshot
    # How many `seats` frames follow at once, each the next part of `snapshot.seats` (staff only).
    seat_pages: Annotated[StrictInt, Field(ge=0)] = 0


class Presence(Message):
    """Staff only, not logged: a seat's kiosk connected (`online`) or its last connection went away."""

    type: Literal["presence"] = "presence"
    seat: str
    online: bool


class SeatsPage(Message):
    """The next part of a staff welcome's seats, as of the welcome's `seq`."""

    type: Literal["seats"] = "seats"
    seats: tuple[SeatStatus, ...]


class Ack(Message):
    type: Literal["ack"] = "ack"
    command_id: str
    result: Result


class ErrorFrame(Message):
    type: Literal["error"] = "error"
    command_id: str | None = None
    code: ErrorCode
    message: str
    # With `busy`: when to send it again (the hello or the command), in milliseconds.
    retry_after_ms: Annotated[StrictInt, Field(ge=0, le=600_000)] | None = None

    @classmethod
    def of(cls, rejected: CommandRejected, command_id: str | None = None) -> "ErrorFrame":
        return cls(
            command_id=command_id, code=rejected.code, message=rejected.message, retry_after_ms=rejected.retry_after_ms
        )


class EventFrame(Message):
    type: Literal["event"] = "event"
    seq: int
    name: Literal[
        "request_placed", "request_changed", "menu_changed", "seat_changed", "staff_user_changed", "shift_changed"
    ]
    body: dict[str, Any]

    @classmethod
    def of(cls, event: HubEvent) -> "EventFrame":
        return cls(seq=event.seq, name=event.name, body=event.model_dump(mode="json", exclude={"seq"}))

    def to_event(self) -> HubEvent:
        return EVENT_TYPES[self.name].model_validate({"seq": self.seq, **self.body})


# A client asks for at most this many pictures before one arrives; the hub refuses more (`too_many`), so a flood
# of asks never queues megabytes for a client that may not be reading.
PICTURES_AT_ONCE = 4
PictureSha = Annotated[str, Field(pattern=SHA_PATTERN)]


class PictureGet(Message):
    """From a welcomed client: send me the menu picture with this SHA-256 (`MenuItem.picture`)."""

    type: Literal["picture_get"] = "picture_get"
    sha: PictureSha


class PictureFrame(Message):
    """The answer to `picture_get`: the picture, base64 in `data`, or `missing` when the hub keeps none by that
    hash (a menu import has replaced it)."""

    type: Literal["picture"] = "picture"
    sha: PictureSha
    media_type: MediaType | None = None
    data: Annotated[str, Field(max_length=4 * (MAX_PICTURE_BYTES // 3 + 1))] | None = None
    missing: bool = False

    @model_validator(mode="after")
    def _picture_or_missing(self) -> Self:
        if self.missing == (self.data is not None or self.media_type is not None):
            raise ValueError("a picture frame has media_type and data, or missing")
        return self

    @classmethod
    def of(cls, sha: str, picture: Picture | None) -> "PictureFrame":
        if picture is None:
            return cls(sha=sha, missing=True)
        return cls(sha=sha, media_type=picture.media_type, data=base64.b64encode(picture.data).decode("ascii"))

    def picture(self) -> Picture | None:
        """The picture, None when missing; `ValueError` when what came is not the picture asked for."""
        if self.data is None:
            return None
        try:
            picture = Picture.of(base64.b64decode(self.data, validate=True))
        except (binascii.Error, NotAPicture) as error:
            raise ValueError(f"picture {self.sha}: {error}") from None
        if picture.sha != self.sha or picture.media_type != self.media_type:
            raise ValueError(f"picture {self.sha}: the bytes that came are another picture")
        return picture


# A report covers at most this many business days: a year's workbook is still one the staff window can hold, and
# longer is `netbar report`'s (with --format csv past a workbook's rows).
REPORT_DAYS_AT_MOST = 366
# The workbook's bytes go in pages of this many (some 256 KiB of base64 text a frame), each queued once the one
# before it is written: a frame never waits behind megabytes (DESIGN §6, reports).
REPORT_PAGE_BYTES = 192 * 1024


class ReportGet(Message):
    """From a manager's window: the report for the business days `first` to `last` (both included)."""

    type: Literal["report_get"] = "report_get"
    first: date
    last: date


class ReportRefusal(Message):
    code: ErrorCode
    message: str


class ReportFrame(Message):
    """The answer to `report_get`: the charts' tables and the size of the workbook, whose bytes follow at once in
    `workbook_pages` `report_page` frames; or `refused`, and nothing follows."""

    type: Literal["report"] = "report"
    first: date
    last: date
    charts: ReportCharts | None = None
    workbook_bytes: Annotated[StrictInt, Field(ge=0)] = 0
    workbook_pages: Annotated[StrictInt, Field(ge=0)] = 0
    refused: ReportRefusal | None = None

    @model_validator(mode="after")
    def _charts_or_refused(self) -> Self:
        if (self.charts is None) == (self.refused is None):
            raise ValueError("a report frame has charts, or refused")
        return self

    @classmethod
    def of_refusal(cls, asked: ReportGet, rejected: CommandRejected) -> "ReportFrame":
        return cls(
            first=asked.first, last=asked.last, refused=ReportRefusal(code=rejected.code, message=rejected.message)
        )


class ReportPage(Message):
    """The next part of the workbook of the `report` frame before it: base64 of at most REPORT_PAGE_BYTES."""

    type: Literal["report_page"] = "report_page"
    index: Annotated[StrictInt, Field(ge=0)]
    data: Annotated[str, Field(max_length=4 * (REPORT_PAGE_BYTES // 3 + 1))]


def report_pages(workbook: bytes) -> list[ReportPage]:
    """The workbook's bytes as the pages that follow its `report` frame."""
    return [
        ReportPage(index=n, data=base64.b64encode(workbook[start : start + REPORT_PAGE_BYTES]).decode("ascii"))
        for n, start in enumerate(range(0, len(workbook), REPORT_PAGE_BYTES))
    ]


AnyServerFrame = (
    Welcome | SeatsPage | Presence | Ack | ErrorFrame | EventFrame | PictureFrame | ReportFrame | ReportPage
)
ServerFrame = Annotated[AnyServerFrame, Field(discriminator="type")]
SERVER_FRAME = TypeAdapter[AnyServerFrame](ServerFrame)


def encode(frame: Message) -> str:
    return frame.model_dump_json()


def ack_text(command_id: str, result_json: str) -> str:
    """`encode(Ack(command_id=command_id, result=result))`, made from the result's JSON as the writer kept it
    under the command's id, rather than parsed in the hub (on the thread reading the writer's answers) only to be
    encoded again on its loop, for every command (bench/README, issue 8 after 0ac620d)."""
    return f'{{"type":"ack","command_id":{json.dumps(command_id)},"result":{result_json}}}'


def event_text(seq: int, name: str, body: str) -> str:
    """`encode(EventFrame.of(event))`, made from `body`, the event's JSON without `seq` as the log keeps it: the
    writer has made it already, and encoding every event again took some 6 % of the hub's loop at a full house."""
    return f'{{"type":"event","seq":{seq},"name":{json.dumps(name)},"body":{body}}}'
