"""The kiosk's view of its requests: whatever order the news arrives in, the newest word wins."""

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.domain.events import RequestChanged, SeatChanged
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import CommandAnswered, CommandQueued, Connected, PendingCommand
from netbar.link.link import HubLink
from netbar.wire.frames import KioskHello, Snapshot

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


def test_a_seat_change_from_before_the_welcome_does_not_set_the_clock_back(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", HubLink("ws://127.0.0.1:1", KioskHello(seat="A01", token="t"), bus), bus)
    now = datetime.now(UTC)
    fifteen_minutes_left = SeatStatus(
        seat="A01", started_at=now, ends_at=now + timedelta(minutes=15), remaining_seconds=900
    )
    snapshot = Snapshot(menu=(), requests=(), seat=fifteen_minutes_left)
    bus.publish(Connected(seq=5, snapshot=snapshot))
    # Replayed after the welcome: the session as it was opened, an hour ago.
    an_hour = SeatStatus(seat="A01", started_at=now, ends_at=now + timedelta(minutes=60), remaining_seconds=3600)
    bus.publish(SeatChanged(seq=3, seat=an_hour))
    assert 14 * 60 < model.remaining_seconds() <= 15 * 60
    bus.publish(SeatChanged(seq=6, seat=an_hour))  # and a live one is believed
    assert model.remaining_seconds() > 59 * 60
    model.close()
