"""The seat dialog: a seat's requests and time, paid time put on it only once confirmed, and an undo for 30 s."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from netbar.domain.commands import AddTime, UndoCredit
from netbar.domain.requests import RequestKind, RequestState
from netbar.staff import seat_dialog
from netbar.staff.seat_dialog import SeatDialog
from tests.support.seats import Venue, credit, request, session


@pytest.fixture
def venue(qapp: QApplication) -> Iterator[Venue]:
    place = Venue()
    place.connect(
        [session("A07", 42.5), session("A08", None)],
        requests=[
            request(1, "A07", RequestKind.FOOD, waited_minutes=12.25),
            request(2, "A07", RequestKind.CALL, waited_minutes=1, calls=2),
            request(3, "A08", RequestKind.DRINK),
        ],
        online=["A07"],
    )
    yield place
    place.model.close()


def opened(qtbot: QtBot, venue: Venue, seat: str = "A07") -> SeatDialog:
    dialog = SeatDialog(venue.model, seat)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def tap(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible(), f"{button.text()!r} is not there"
    assert button.isEnabled(), f"{button.text()!r} is greyed out"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_it_shows_the_seats_requests_and_time_and_follows_them(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    assert dialog.windowTitle() == "Seat A07"
    assert dialog._time.text() == "Time left: 0:42:30"
    assert dialog._presence.text() == "Kiosk online"
    assert dialog.request_texts() == ["Food · 12:15 · Placed", "Call staff ×2 · 01:00 · Placed"]  # oldest first

    venue.later(seconds=5)
    qtbot.waitUntil(lambda: dialog._time.text() == "Time left: 0:42:25", timeout=3000)  # it ticks by itself
    assert dialog.request_texts()[0] == "Food · 12:20 · Placed"
    venue.change(request(1, "A07", RequestKind.FOOD, 12.25, state=RequestState.ACCEPTED))
    venue.change(request(2, "A07", RequestKind.CALL, 1, calls=2, state=RequestState.DONE))
    assert dialog.request_texts() == ["Food · 12:20 · Accepted"]
    venue.presence("A07", online=False)
    assert dialog._presence.text() == "Kiosk offline"
    venue.seat_changed(session("A07", None))
    assert dialog._time.text() == "No time on this seat"
    venue.change(request(1, "A07", RequestKind.FOOD, 12.25, state=RequestState.DONE))
    assert dialog.request_texts() == ["No open requests"]


def test_time_is_sent_only_once_confirmed_and_the_question_says_what_is_charged(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    tap(qtbot, dialog.time_buttons[180])
    assert dialog.question.text() == "A07: +3 h, ¥13.00 — confirm?"  # the menu's 3-hour package
    assert venue.commands() == []
    assert not dialog.time_buttons[180].isEnabled()  # the second tap of a double tap lands on nothing
    tap(qtbot, dialog.back_button)
    assert not dialog.confirm_button.isVisible()
    assert venue.commands() == []

    tap(qtbot, dialog.time_buttons[60])
    assert dialog.question.text() == "A07: +1 h (60 minutes, not priced on the menu) — confirm?"
    tap(qtbot, dialog.back_button)
    tap(qtbot, dialog.time_buttons[180])
    tap(qtbot, dialog.confirm_button)
    assert venue.commands() == [AddTime(seat="A07", minutes=180)]
    assert not dialog.confirm_button.isVisible()  # a second tap on Confirm sends nothing
    assert dialog.status.text() == "Adding +3 h to A07…"


def test_the_credit_can_be_undone_for_30_seconds_with_the_time_left_shown(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    tap(qtbot, dialog.time_buttons[180])
    tap(qtbot, dialog.confirm_button)
    assert not dialog.undo_button.isVisible()  # nothing to undo until the hub has made the credit
    venue.seat_changed(session("A08", 60), credit(8, "A08", 60))  # someone else's, elsewhere
    venue.seat_changed(session("A07", 222.5), credit(9, "A07", 180))
    assert dialog.undo_button.isVisible()
    assert dialog.undo_button.text() == "Undo +3 h (30 s)"
    assert dialog.status.text() == "Added +3 h to A07."
    assert dialog._time.text() == "Time left: 3:42:30"

    venue.later(seconds=12)
    qtbot.waitUntil(lambda: dialog.undo_button.text() == "Undo +3 h (18 s)", timeout=3000)
    tap(qtbot, dialog.undo_button)
    assert venue.commands() == [AddTime(seat="A07", minutes=180), UndoCredit(credit_id=9)]
    assert not dialog.undo_button.isVisible()  # one tap
    assert dialog.status.text() == "Taking +3 h off A07…"
    venue.seat_changed(session("A07", 42.5), credit(9, "A07", 180, undone=True))
    assert dialog.status.text() == "Undone: +3 h taken off A07."
    assert dialog._time.text() == "Time left: 0:42:18"


def test_after_30_seconds_the_undo_is_gone(qtbot: QtBot, venue: Venue, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seat_dialog, "UNDO_SECONDS", 2)
    dialog = opened(qtbot, venue)
    tap(qtbot, dialog.time_buttons[300])
    tap(qtbot, dialog.confirm_button)
    venue.seat_changed(session("A07", 342.5), credit(9, "A07", 300))
    assert dialog.offered_undo() == credit(9, "A07", 300)
    assert dialog.undo_button.text() == "Undo +5 h (2 s)"
    venue.later(seconds=2)
    qtbot.waitUntil(lambda: not dialog.undo_button.isVisible(), timeout=3000)
    assert dialog.offered_undo() is None
    assert venue.commands() == [AddTime(seat="A07", minutes=300)]


def test_what_others_put_on_the_seat_is_not_offered_for_undoing(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    venue.seat_changed(session("A07", 102.5), credit(9, "A07", 60, by="wang"))  # another staff member's
    venue.seat_changed(session("A07", 162.5), credit(10, "A07", 60, request_id=4))  # a renewal paid at the seat
    assert dialog.offered_undo() is None
    tap(qtbot, dialog.time_buttons[60])
    tap(qtbot, dialog.confirm_button)
    venue.seat_changed(session("A07", 222.5), credit(11, "A07", 60, by="wang"))  # theirs again, meanwhile
    assert dialog.offered_undo() is None
    venue.seat_changed(session("A07", 282.5), credit(12, "A07", 60))  # this window's
    assert dialog.offered_undo() == credit(12, "A07", 60)


def test_nothing_can_be_changed_while_the_hub_is_away(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    tap(qtbot, dialog.time_buttons[60])
    venue.lose_hub()
    assert not dialog.confirm_button.isEnabled()
    assert not any(button.isEnabled() for button in dialog.time_buttons.values())
    assert dialog.status.text() == "The hub is away: nothing can be changed until it is back."
    venue.connect([session("A07", 42.5)], online=["A07"])
    assert dialog.confirm_button.isEnabled()
    assert dialog.status.text() == ""
    tap(qtbot, dialog.confirm_button)
    assert venue.commands() == [AddTime(seat="A07", minutes=60)]


def test_a_refused_credit_is_said_in_the_dialog(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    tap(qtbot, dialog.time_buttons[60])
    tap(qtbot, dialog.confirm_button)
    venue.model.actionFailed.emit("forbidden", "only a manager may …")
    assert dialog.status.text() == "Not done: only a manager may do that"


def test_closed_it_no_longer_follows_the_seat(qtbot: QtBot, venue: Venue) -> None:
    dialog = opened(qtbot, venue)
    dialog.reject()
    venue.seat_changed(session("A07", 100))
    assert dialog._time.text() == "Time left: 0:42:30"
    assert not dialog._clock.isActive()
