"""Every frame on the wire as a pydantic model; an unknown field or type is a validation error."""

from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, TypeAdapter

from netbar.domain.commands import MAX_ROW_ID, SEAT_PATTERN, CommandName
from netbar.domain.errors import ErrorCode
from netbar.domain.events import EVENT_TYPES, HubEvent
from netbar.domain.menu import MenuItem
from netbar.domain.model import Message
from netbar.domain.requests import ServiceRequest
from netbar.domain.sessions import SeatStatus

MAX_FRAME_BYTES = 64 * 1024
# What the hub reads at all: a frame past MAX_FRAME_BYTES but under this is answered `too_large`; past it the
# connection is closed.
READ_LIMIT = 1024 * 1024
# What a client reads from its hub, which it trusts: a staff welcome carries every open request (at most
# MAX_OPEN_PER_SEAT per seat, about 1 KiB each) and every seat.
CLIENT_READ_LIMIT = 32 * 1024 * 1024
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


class CommandFrame(Message):
    type: Literal["command"] = "command"
    command_id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    name: CommandName
    body: dict[str, Any]


class Snapshot(Message):
    """What a client needs to draw its screen: the menu, the open requests it may see, and seats."""

    menu: tuple[MenuItem, ...]
    requests: tuple[ServiceRequest, ...]
    seat: SeatStatus | None = None
    seats: tuple[SeatStatus, ...] | None = None


class Welcome(Message):
    type: Literal["welcome"] = "welcome"
    seq: int
    snapshot: Snapshot


class Ack(Message):
    type: Literal["ack"] = "ack"
    command_id: str
    result: dict[str, Any]


class ErrorFrame(Message):
    type: Literal["error"] = "error"
    command_id: str | None = None
    code: ErrorCode
    message: str


class EventFrame(Message):
    type: Literal["event"] = "event"
    seq: int
    name: Literal["request_placed", "request_changed", "menu_changed", "seat_changed"]
    body: dict[str, Any]

    @classmethod
    def of(cls, event: HubEvent) -> "EventFrame":
        return cls(seq=event.seq, name=event.name, body=event.model_dump(mode="json", exclude={"seq"}))

    def to_event(self) -> HubEvent:
        return EVENT_TYPES[self.name].model_validate({"seq": self.seq, **self.body})


ServerFrame = Annotated[Welcome | Ack | ErrorFrame | EventFrame, Field(discriminator="type")]
SERVER_FRAME = TypeAdapter[Welcome | Ack | ErrorFrame | EventFrame](ServerFrame)


def encode(frame: Message) -> str:
    return frame.model_dump_json()
