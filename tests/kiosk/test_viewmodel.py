"""The kiosk's view of its requests: whatever order the news arrives in, the newest word wins; a tap is a typed
command on the kiosk's bus; what was replayed from before the welcome never overrides its snapshot."""

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.domain.commands import OrderLine, PlaceRequest, RequestResult
from netbar.domain.events import MenuChanged, RequestChanged, SeatChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.requests import Payment, RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import (
    CommandAnswered,
    CommandDeferred,
    CommandQueued,
    Connected,
    MenuRemembered,
    SendCommand,
)
from netbar.wire.frames import Snapshot, command_frame

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
    model = KioskViewModel("A01", bus)
    frame = command_frame(PlaceRequest(kind=RequestKind.CALL))
    bus.publish(CommandQueued(frame))
    assert [entry.state for entry in model.entries()] == [None]  # waiting to send

    # The hub took it, staff accepted it, and only then (the connection dropped in between) did the kiosk
    # hear the answer to its resent order: the answer it was first given.
    bus.publish(RequestChanged(seq=2, request=call(RequestState.ACCEPTED, PLACED_AT + timedelta(seconds=5))))
    bus.publish(CommandAnswered(frame, RequestResult(request=call(RequestState.PLACED, PLACED_AT))))

    assert [entry.state for entry in model.entries()] == [RequestState.ACCEPTED]
    model.close()


def test_a_seat_change_from_before_the_welcome_does_not_set_the_clock_back(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
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


def test_a_tap_publishes_one_typed_command_on_the_bus(qapp: QApplication) -> None:
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = KioskViewModel("A01", bus)
    model.place_order(RequestKind.RENEWAL, [OrderLine(item_id="time-1h", qty=2)], note=" 快点 ", payment=Payment.QR)
    (intent,) = sent
    assert intent.frame.command == PlaceRequest(
        kind=RequestKind.RENEWAL, lines=(OrderLine(item_id="time-1h", qty=2),), note="快点", payment=Payment.QR
    )
    model.close()


def test_an_order_is_followed_by_its_command_id_to_the_request_it_became(qapp: QApplication) -> None:
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = KioskViewModel("A01", bus)
    command_id = model.place_order(RequestKind.CALL, [])
    (intent,) = sent
    assert command_id == intent.frame.command_id
    assert command_id is not None
    assert (model.order_request(command_id), model.order_refused(command_id)) == (None, False)

    bus.publish(CommandAnswered(intent.frame, RequestResult(request=call(RequestState.PLACED, PLACED_AT))))
    assert model.order_request(command_id) == call(RequestState.PLACED, PLACED_AT)
    later = call(RequestState.ACCEPTED, PLACED_AT + timedelta(seconds=5))
    bus.publish(RequestChanged(seq=2, request=later))
    assert model.order_request(command_id) == later  # the newest word on it
    model.close()


def test_a_command_the_screens_should_have_stopped_is_refused_and_not_sent(qapp: QApplication) -> None:
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = KioskViewModel("A01", bus)
    refusals: list[tuple[str, bool]] = []
    model.orderRefused.connect(lambda code, cancelling: refusals.append((code, cancelling)))
    model.place_order(RequestKind.FOOD, [])  # food, but nothing picked
    assert (sent, refusals) == ([], [("invalid", False)])
    model.close()


def cola(*, available: bool) -> MenuItem:
    return MenuItem(
        id="cola", category=Category.DRINK, name_zh="可乐", name_en="Cola", price_fen=500, available=available
    )


def test_menu_changes_from_before_the_welcome_do_not_override_its_snapshot(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    bus.publish(Connected(seq=9, snapshot=Snapshot(menu=(cola(available=True),), requests=())))
    # Replayed after the welcome: cola was sold out at seq 4 (and back at 8, which the snapshot shows), and an
    # item since taken off the menu changed at seq 5.
    bus.publish(MenuChanged(seq=4, item=cola(available=False)))
    gone = MenuItem(id="tea", category=Category.DRINK, name_zh="茶", name_en="Tea", price_fen=300)
    bus.publish(MenuChanged(seq=5, item=gone))
    assert model.menu == {"cola": cola(available=True)}
    bus.publish(MenuChanged(seq=10, item=cola(available=False)))  # live: believed
    assert not model.menu["cola"].available
    model.close()


def test_replayed_request_news_shows_what_ended_but_never_reopens(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    accepted = call(RequestState.ACCEPTED, PLACED_AT + timedelta(seconds=5))
    bus.publish(Connected(seq=9, snapshot=Snapshot(menu=(), requests=(accepted,))))
    bus.publish(RequestChanged(seq=3, request=call(RequestState.PLACED, PLACED_AT + timedelta(seconds=9))))
    assert [entry.state for entry in model.entries()] == [RequestState.ACCEPTED]
    ended = call(RequestState.DONE, PLACED_AT).model_copy(update={"id": 6})  # finished while the kiosk was away
    bus.publish(RequestChanged(seq=4, request=ended))
    assert [entry.state for entry in model.entries()] == [RequestState.ACCEPTED, RequestState.DONE]
    model.close()


def test_an_order_the_hub_cannot_take_yet_waits_for_the_counter_not_refused(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    refusals: list[str] = []
    model.orderRefused.connect(lambda code, _cancel: refusals.append(code))
    frame = command_frame(PlaceRequest(kind=RequestKind.CALL))
    bus.publish(CommandQueued(frame))
    bus.publish(CommandDeferred(frame, 2.0))  # the hub's database is locked: kept, and sent again
    assert [(entry.state, entry.held) for entry in model.entries()] == [(None, True)]
    assert refusals == []

    bus.publish(CommandAnswered(frame, RequestResult(request=call(RequestState.PLACED, PLACED_AT))))
    assert [(entry.state, entry.held) for entry in model.entries()] == [(RequestState.PLACED, False)]
    model.close()


def test_the_menu_kept_from_the_last_run_stands_in_until_the_hub_sends_its_own(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    bus.publish(MenuRemembered((cola(available=True),)))
    assert (list(model.menu), model.menu_stale) == (["cola"], True)
    bus.publish(Connected(seq=9, snapshot=Snapshot(menu=(), requests=())))  # cola is off the menu now
    assert (model.menu, model.menu_stale) == ({}, False)
    bus.publish(MenuRemembered((cola(available=True),)))  # too late: the hub's word stands
    assert model.menu == {}
    model.close()


def test_staff_moving_a_request_on_is_news_the_customers_own_cancel_is_not(qapp: QApplication) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    news: list[tuple[int, RequestState]] = []
    model.requestProgressed.connect(lambda request: news.append((request.id, request.state)))
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(call(RequestState.PLACED, PLACED_AT),))))
    accepted = call(RequestState.ACCEPTED, PLACED_AT + timedelta(seconds=5)).model_copy(update={"handled_by": "li"})
    bus.publish(RequestChanged(seq=2, request=accepted))
    bus.publish(RequestChanged(seq=3, request=accepted.model_copy(update={"calls": 2})))  # pressed again: no news
    sold_out = accepted.model_copy(
        update={"state": RequestState.CANCELLED, "cancel_reason": "Red Bull is sold out", "updated_at": PLACED_AT}
    )
    bus.publish(RequestChanged(seq=4, request=sold_out))  # older than what is known: not believed, no news
    later = sold_out.model_copy(update={"updated_at": PLACED_AT + timedelta(seconds=9)})
    bus.publish(RequestChanged(seq=5, request=later))
    own = call(RequestState.CANCELLED, PLACED_AT + timedelta(seconds=9)).model_copy(update={"id": 8})
    bus.publish(RequestChanged(seq=6, request=own))  # the customer cancelled it at the seat
    assert news == [(7, RequestState.ACCEPTED), (7, RequestState.CANCELLED)]
    model.close()
