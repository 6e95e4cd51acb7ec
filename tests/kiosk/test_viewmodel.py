"""The kiosk's view of its requests: whatever order the news arrives in, the newest word wins."""

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from app.bus import EventBus
from app.domain.events import RequestChanged
from app.domain.requests import RequestKind, RequestState, ServiceRequest
from app.kiosk.viewmodel import KioskViewModel
from app.link.events import CommandAnswered, CommandQueued, PendingCommand
from app.link.link import HubLink
from app.wire.frames import KioskHello

PLACED_AT = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def call(state: RequestState, updated_at: datetime) -> ServiceRequest:
    return ServiceRequest(
        id=7,
        seat="A01",
        kind=RequestKind.CALL,
        lines=(),
        note="",
        payment=None,
        total_fen=0,
        state=state,
        created_at=PLACED_AT,
        updated_at=updated_at,
    )


def test_a_first_answer_heard_again_does_not_undo_a_later_change(qapp: QApplication) -> None:
    bus = EventBus()
    link = HubLink("ws://127.0.0.1:1", KioskHello(seat="A01", token="t"), bus)  # never started: no network
    model = KioskViewModel("A01", link, bus)
    command = PendingCommand("6f1c2b8e-0000-4000-8000-000000000001", "place_request", {"kind": "call"})
    bus.publish(CommandQueued(command))
    assert [entry.state for entry in model.entries()] == [None]  # waiting to send

    # The hub took it, staff accepted it, and only then (the connection dropped in between) did the kiosk
    # hear the answer to its resent order: the answer it was first given.
    bus.publish(RequestChanged(seq=2, request=call(RequestState.ACCEPTED, PLACED_AT + timedelta(seconds=5))))
    bus.publish(CommandAnswered(command, {"request": call(RequestState.PLACED, PLACED_AT).model_dump(mode="json")}))

    assert [entry.state for entry in model.entries()] == [RequestState.ACCEPTED]
    model.close()
