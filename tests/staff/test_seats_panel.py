"""The Seats tab: the seat map opens a seat's dialog, and the credits of late can still be undone from their list."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.domain.commands import UndoCredit
from netbar.domain.requests import RequestKind
from netbar.staff.seats_panel import SeatsPanel
from tests.support.seats import Venue, credit, request, session


@pytest.fixture
def venue(qapp: QApplication) -> Iterator[Venue]:
    place = Venue()
    yield place
    place.model.close()


def shown_panel(qtbot: QtBot, venue: Venue) -> SeatsPanel:
    panel = SeatsPanel(venue.model)
    qtbot.addWidget(panel)
    panel.resize(1000, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_tapping_a_seat_opens_it_and_another_seat_takes_its_place(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session(f"A{number:02d}", 30) for number in range(1, 21)])
    panel = shown_panel(qtbot, venue)
    seat_map = panel.map
    qtbot.mouseClick(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect("A12").center())
    first = panel.dialog
    assert first is not None
    assert first.seat == "A12"
    assert first.isVisible()
    qtbot.mouseClick(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect("A03").center())
    assert panel.dialog is not None
    assert panel.dialog.seat == "A03"
    assert not first.isVisible()  # one seat at a time
    panel.dialog.reject()
    assert panel.dialog is None


def test_the_summary_counts_seats_kiosks_online_and_calls(qtbot: QtBot, venue: Venue) -> None:
    venue.connect(
        [session("A01", 30), session("A02", None), session("A03", None)],
        requests=[request(1, "A02", RequestKind.CALL), request(2, "A03", RequestKind.FOOD)],
        online=["A01"],
    )
    panel = shown_panel(qtbot, venue)
    assert panel.summary.text() == "3 seats · 1 online · 1 calling"
    venue.presence("A02", online=True)
    assert panel.summary.text() == "3 seats · 2 online · 1 calling"


def test_a_credit_is_undone_from_the_list_of_late_credits_once(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session("A01", 120)], credits=[credit(1, "A01", 60), credit(2, "A01", 60, request_id=5)])
    panel = shown_panel(qtbot, venue)
    assert panel.credits.count() == 2
    assert not panel.undo_button.isEnabled()  # which credit?
    renewal = panel.credits.visualItemRect(panel.credits.item(0)).center()  # newest first: the renewal's
    qtbot.mouseClick(panel.credits.viewport(), Qt.MouseButton.LeftButton, pos=renewal)
    assert "(renewal #5)" in panel.credits.item(0).text()
    assert not panel.undo_button.isEnabled()  # paid at the seat: not the counter's to undo
    counter = panel.credits.visualItemRect(panel.credits.item(1)).center()
    qtbot.mouseClick(panel.credits.viewport(), Qt.MouseButton.LeftButton, pos=counter)
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert venue.commands() == [UndoCredit(credit_id=1)]
    venue.seat_changed(session("A01", 60), credit(1, "A01", 60, undone=True))
    assert panel.credits.item(1).text().endswith("— undone by li")
    assert not panel.undo_button.isEnabled()
