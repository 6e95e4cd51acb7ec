"""What the staff window offers on a chosen request, the commands its taps publish, and how it applies news."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from netbar.bus import EventBus
from netbar.domain.ageing import AgeLimits, Urgency
from netbar.domain.commands import AddTime, UndoCredit
from netbar.domain.events import RequestChanged, RequestPlaced, SeatChanged, ShiftChanged, StaffUserChanged
from netbar.domain.requests import Action, RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus, TimeCredit
from netbar.domain.shifts import CLOSED_SHIFTS_SHOWN, EntryType, PaymentWay, Shift, ShiftEntry, Taking
from netbar.domain.staff import StaffMember, StaffRole
from netbar.link.events import Connected, SeatOnline, SendCommand
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


def test_who_signed_in_the_staff_the_limits_and_presence_come_with_the_welcome_then_as_news(
    qapp: QApplication,
) -> None:
    bus = EventBus()
    model = StaffViewModel(bus)
    changed: list[str] = []
    model.presenceChanged.connect(changed.append)
    cashier = StaffMember(name="wang", role=StaffRole.CASHIER)
    snapshot = Snapshot(
        menu=(), requests=(), seats=(), me=cashier, staff_users=(cashier,), limits=AgeLimits(food=(1, 2)),
        online=("A01",),
    )  # fmt: skip
    bus.publish(Connected(seq=1, snapshot=snapshot))
    assert (model.me, model.is_manager, model.limits.food, model.online) == (cashier, False, (1, 2), {"A01"})
    bus.publish(SeatOnline("A02", online=True))
    bus.publish(SeatOnline("A01", online=False))
    assert (model.online, changed) == ({"A02"}, ["A02", "A01"])
    promoted = cashier.model_copy(update={"role": StaffRole.MANAGER})
    bus.publish(StaffUserChanged(seq=2, user=promoted))
    assert (model.is_manager, model.staff_users) == (True, {"wang": promoted})
    model.close()


def test_a_request_ages_fresh_amber_red_by_its_kinds_limits_and_only_untaken_ones_are_overdue(
    qapp: QApplication,
) -> None:
    bus = EventBus()
    clock = [NOW]
    model = StaffViewModel(bus, clock=lambda: clock[0])
    call = request(RequestKind.CALL, RequestState.PLACED)
    taken = request(RequestKind.FOOD, RequestState.ACCEPTED).model_copy(update={"id": 2})
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(call, taken), seats=())))
    assert (model.urgency(call), model.overdue()) == (Urgency.FRESH, [])
    clock[0] = NOW + timedelta(minutes=2)  # a call's limits: amber at 2 minutes, red at 5
    assert (model.urgency(call), model.overdue()) == (Urgency.AMBER, [call])
    clock[0] = NOW + timedelta(minutes=30)
    assert (model.urgency(call), model.urgency(taken)) == (Urgency.RED, Urgency.RED)
    assert model.overdue() == [call]  # the meal is late too, but someone has it
    model.close()


def test_a_repeated_call_and_a_customers_own_cancel_are_news_of_their_own(qapp: QApplication) -> None:
    bus = EventBus()
    model = StaffViewModel(bus)
    recalled: list[ServiceRequest] = []
    withdrawn: list[ServiceRequest] = []
    model.requestRecalled.connect(recalled.append)
    model.requestWithdrawn.connect(withdrawn.append)
    call = request(RequestKind.CALL, RequestState.PLACED)
    food = request(RequestKind.FOOD, RequestState.PLACED).model_copy(update={"id": 2})
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(call, food), seats=())))
    again = call.model_copy(update={"calls": 2})
    bus.publish(RequestChanged(seq=2, request=again))
    bus.publish(RequestChanged(seq=3, request=food.model_copy(update={"state": RequestState.CANCELLED})))
    staff_cancelled = call.model_copy(update={"state": RequestState.CANCELLED, "handled_by": "li", "calls": 2})
    bus.publish(RequestChanged(seq=4, request=staff_cancelled))
    assert [r.calls for r in recalled] == [2]
    assert [r.id for r in withdrawn] == [2]  # staff's own cancel is not news to staff
    model.close()


def test_the_shift_follows_the_hub_opened_added_to_and_closed(qapp: QApplication) -> None:
    bus = EventBus()
    model = StaffViewModel(bus)
    heard: list[None] = []
    model.shiftChanged.connect(lambda: heard.append(None))
    old = [
        Shift(id=n, opened_by="li", opened_at=NOW, float_fen=0, closed_by="li", closed_at=NOW, counted_fen=0,
              expected_fen=0)
        for n in range(CLOSED_SHIFTS_SHOWN, 0, -1)
    ]  # fmt: skip
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(), shift=None, shift_entries=(), shifts=old)))
    assert (model.shift, model.shift_summary(), len(heard)) == (None, None, 1)

    opened = Shift(id=20, opened_by="wang", opened_at=NOW, float_fen=10_000)
    bus.publish(ShiftChanged(seq=2, shift=opened))
    sale = ShiftEntry(
        type=EntryType.SALE, taking=Taking.DRINK, way=PaymentWay.CASH, fen=350, seat="A01", by="staff:wang", at=NOW
    )
    bus.publish(ShiftChanged(seq=3, shift=opened, entry=sale))
    bus.publish(ShiftChanged(seq=4, shift=opened.model_copy(update={"id": 19}), entry=sale))  # not this shift's
    summary = model.shift_summary()
    assert summary is not None
    assert (summary.taken_fen, summary.expected_cash_fen) == (350, 10_350)

    closed = opened.model_copy(update={"closed_by": "wang", "closed_at": NOW, "counted_fen": 10_350})
    bus.publish(ShiftChanged(seq=5, shift=closed))
    assert model.shift is None
    assert model.shift_entries == []
    assert [shift.id for shift in model.closed_shifts] == [20, *range(CLOSED_SHIFTS_SHOWN, 1, -1)]  # the oldest goes
    assert len(heard) == 4  # the welcome, the open, the sale and the close: not another shift's news
    model.close()
