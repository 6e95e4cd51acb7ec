"""What the staff window offers on a chosen request, the commands its taps publish, and how it applies news."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.domain.commands import AddTime, UndoCredit
from netbar.domain.events import RequestChanged, RequestPlaced, SeatChanged
from netbar.domain.requests import Action, RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.link.events import Connected, SendCommand
from netbar.staff.viewmodel import StaffViewModel, allowed_actions
from netbar.wire.frames import Snapshot

NOW = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
ACCEPT, DELIVER, COMPLETE, CANCEL = Action.ACCEPT, Action.START_DELIVERY, Action.COMPLETE, Action.CANCEL


def request(kind: RequestKind, state: RequestState) -> ServiceRequest:
    return ServiceRequest(
        id=1, seat="A01", kind=kind, lines=(), note="", payment=None, total_fen=0, state=state,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "state", "offered"),
    [
        (RequestKind.FOOD, RequestState.PLACED, {ACCEPT, CANCEL}),
        (RequestKind.FOOD, RequestState.ACCEPTED, {DELIVER, CANCEL}),
        (RequestKind.DRINK, RequestState.DELIVERING, {COMPLETE, CANCEL}),
        (RequestKind.FOOD, RequestState.DONE, set()),
        (RequestKind.RENEWAL, RequestState.PLACED, {COMPLETE, CANCEL}),  # payment taken: the time is credited
        (RequestKind.CALL, RequestState.PLACED, {ACCEPT, CANCEL}),
        (RequestKind.CALL, RequestState.ACCEPTED, {COMPLETE, CANCEL}),  # nobody delivers a call
        (RequestKind.CALL, RequestState.CANCELLED, set()),
    ],
)
def test_staff_are_offered_only_what_the_lifecycle_allows(
    kind: RequestKind, state: RequestState, offered: set[Action]
) -> None:
    assert allowed_actions(request(kind, state)) == offered


def seat(name: str, minutes_left: int) -> SeatStatus:
    return SeatStatus(seat=name, started_at=NOW, ends_at=NOW + timedelta(minutes=minutes_left))


def credit(credit_id: int, minutes: int, *, undone: bool = False) -> TimeCredit:
    return TimeCredit(
        id=credit_id, seat="A01", minutes=minutes, actor="staff:li", created_at=NOW,
        undone_at=NOW if undone else None, undone_by="staff:li" if undone else None,
    )  # fmt: skip


def test_time_for_any_seat_is_one_add_time_the_hub_decides_on(qapp: QApplication) -> None:
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = StaffViewModel(bus)
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(), seats=(seat("A01", 0),))))
    model.give_time("A01", 60)
    model.give_time("A01", 60)  # a double tap: two credits, each undoable, never a refusal
    model.undo_credit(4)
    assert [intent.frame.command for intent in sent] == [
        AddTime(seat="A01", minutes=60),
        AddTime(seat="A01", minutes=60),
        UndoCredit(credit_id=4),
    ]
    assert len({intent.frame.command_id for intent in sent}) == 3
    model.close()


def test_credits_come_with_the_welcome_and_with_each_seat_change(qapp: QApplication) -> None:
    bus = EventBus()
    model = StaffViewModel(bus)
    bus.publish(Connected(seq=5, snapshot=Snapshot(menu=(), requests=(), seats=(), credits=(credit(1, 60),))))
    bus.publish(SeatChanged(seq=6, seat=seat("A01", 120), credit=credit(2, 60)))
    bus.publish(SeatChanged(seq=7, seat=seat("A01", 60), credit=credit(2, 60, undone=True)))
    assert [(c.id, c.undoable) for c in model.recent_credits()] == [(2, False), (1, True)]
    model.close()


def test_news_from_before_the_welcome_never_overrides_its_snapshot(qapp: QApplication) -> None:
    bus = EventBus()
    model = StaffViewModel(bus)
    accepted = request(RequestKind.FOOD, RequestState.ACCEPTED)
    bus.publish(Connected(seq=9, snapshot=Snapshot(menu=(), requests=(accepted,), seats=(seat("A01", 30),))))
    bus.publish(RequestPlaced(seq=3, request=request(RequestKind.FOOD, RequestState.PLACED)))
    bus.publish(SeatChanged(seq=4, seat=seat("A01", 90)))
    assert model.requests[1].state is RequestState.ACCEPTED
    assert model.seats["A01"].ends_at == NOW + timedelta(minutes=30)
    bus.publish(RequestChanged(seq=10, request=request(RequestKind.FOOD, RequestState.DELIVERING)))
    assert model.requests[1].state is RequestState.DELIVERING
    model.close()
