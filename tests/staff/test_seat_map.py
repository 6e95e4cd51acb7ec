"""The seat map: what each tile shows as the hub's news comes in, how the tiles stand, and tapping one."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.domain.ageing import Urgency
from netbar.domain.requests import RequestKind, RequestState
from netbar.gui.touch import MIN_TARGET
from netbar.staff.seat_map import SeatMap, TileView, seat_rows
from tests.support.seats import Venue, request, session

FRESH, AMBER, RED = Urgency.FRESH, Urgency.AMBER, Urgency.RED
ROW_A = [f"A{number:02d}" for number in range(1, 21)]


@pytest.fixture
def venue(qapp: QApplication) -> Iterator[Venue]:
    place = Venue()
    yield place
    place.model.close()


def shown_map(qtbot: QtBot, venue: Venue, width: int = 1024, height: int = 768) -> SeatMap:
    seat_map = SeatMap(venue.model)
    qtbot.addWidget(seat_map)
    seat_map.resize(width, height)
    seat_map.show()
    qtbot.waitExposed(seat_map)
    return seat_map


def painted(seat_map: SeatMap, seat: str) -> TileView:
    """What the tile was last painted with (waitUntil tries again while it has not been)."""
    view = seat_map.painted(seat)
    assert view is not None
    return view


def test_seats_stand_in_rows_by_letter_and_odd_ids_come_last() -> None:
    seats = ["B02", "A10", "12", "A2", "B01", "A01", "7", "vip-1", "C3"]
    assert seat_rows(seats) == [
        ("A", ["A01", "A2", "A10"]),  # by number, not by text
        ("B", ["B01", "B02"]),
        ("C", ["C3"]),
        ("", ["7", "12", "vip-1"]),
    ]


@pytest.mark.parametrize(("width", "lines_for_row_a"), [(1024, 2), (1920, 1)])
def test_a_row_of_twenty_wraps_to_the_width_with_finger_sized_tiles_and_no_sideways_scrolling(
    qtbot: QtBot, venue: Venue, width: int, lines_for_row_a: int
) -> None:
    seats = [*ROW_A, "B01", "B02", "17"]
    venue.connect([session(seat, None) for seat in seats])
    # The map inside the window: what the window's margins and the vertical scroll bar leave of the width.
    seat_map = shown_map(qtbot, venue, width - 60, 500)
    assert seat_map.rows() == [("A", ROW_A), ("B", ["B01", "B02"]), ("", ["17"])]
    rects = {seat: seat_map.tile_rect(seat) for seat in seats}
    assert all(rect.width() >= MIN_TARGET and rect.height() >= MIN_TARGET for rect in rects.values())
    assert max(rect.right() for rect in rects.values()) < seat_map.viewport().width()
    assert seat_map.horizontalScrollBar().maximum() == 0
    assert len({rects[seat].top() for seat in ROW_A}) == lines_for_row_a
    # Each row starts a line of its own, under the one before, and the seats stand in columns.
    assert rects["A01"].bottom() < rects["B01"].top()
    assert rects["B01"].left() == rects["A01"].left()
    assert rects["B02"].bottom() < rects["17"].top()
    if lines_for_row_a == 2:
        assert (rects["A11"].left(), rects["A11"].top()) == (rects["A01"].left(), rects["A10"].bottom() + 7)


def test_five_hundred_seats_scroll_up_and_down(qtbot: QtBot, venue: Venue) -> None:
    rows = "ABCDEFGHIJKLMNOPQRSTUVWXY"
    venue.connect([session(f"{row}{number:02d}", 60) for row in rows for number in range(1, 21)])
    seat_map = shown_map(qtbot, venue, 964, 400)
    assert len([seat for _row, seats in seat_map.rows() for seat in seats]) == 500
    assert seat_map.verticalScrollBar().maximum() > 0
    assert seat_map.seat_at(seat_map.tile_rect("A01").center()) == "A01"
    seat_map.verticalScrollBar().setValue(seat_map.verticalScrollBar().maximum())
    last = seat_map.tile_rect("Y20")
    assert seat_map.viewport().rect().contains(last)
    assert seat_map.seat_at(last.center()) == "Y20"


def test_a_tile_shows_the_kiosk_online_and_the_time_left_amber_under_ten_minutes(qtbot: QtBot, venue: Venue) -> None:
    venue.connect(
        [session("A01", 9), session("A02", 75.5), session("A03", None), session("A04", 10)], online=["A01", "A03"]
    )
    seat_map = shown_map(qtbot, venue)
    assert seat_map.tile("A01") == TileView("A01", True, "0:09:00", True, (), 0, None)
    assert seat_map.tile("A02") == TileView("A02", False, "1:15:30", False, (), 0, None)
    assert seat_map.tile("A03") == TileView("A03", True, "—", False, (), 0, None)  # no session
    assert not seat_map.tile("A04").low_time  # ten minutes is not under ten
    venue.later(seconds=1)
    assert (seat_map.tile("A04").time_left, seat_map.tile("A04").low_time) == ("0:09:59", True)
    venue.later(minutes=20)
    assert seat_map.tile("A01").time_left == "—"  # ran out: no time running

    # What is painted follows the news: the kiosk going and coming, the time put on.
    qtbot.waitUntil(lambda: seat_map.painted("A02") is not None)
    venue.presence("A02", online=True)
    qtbot.waitUntil(lambda: painted(seat_map, "A02").online)
    venue.presence("A01", online=False)
    qtbot.waitUntil(lambda: not painted(seat_map, "A01").online)
    venue.seat_changed(session("A03", 180))
    qtbot.waitUntil(lambda: painted(seat_map, "A03").time_left == "2:39:59")


def test_the_countdown_ticks_on_the_tiles_once_a_second(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session("A01", 11)])
    seat_map = shown_map(qtbot, venue)
    qtbot.waitUntil(lambda: seat_map.painted("A01") is not None)
    assert (painted(seat_map, "A01").time_left, painted(seat_map, "A01").low_time) == ("0:11:00", False)
    venue.later(minutes=1, seconds=1)
    qtbot.waitUntil(lambda: painted(seat_map, "A01").time_left == "0:09:59", timeout=3000)
    assert painted(seat_map, "A01").low_time


def test_each_open_request_is_a_mark_in_the_colour_of_its_age(qtbot: QtBot, venue: Venue) -> None:
    # Food turns amber at 10 minutes and red at 20; a renewal at 3 and 6; drinks at 5 and 10.
    venue.connect(
        [session("A01", 60), session("A02", 60)],
        requests=[
            request(1, "A01", RequestKind.FOOD, waited_minutes=12),
            request(2, "A01", RequestKind.RENEWAL, waited_minutes=7),
            request(3, "A01", RequestKind.DRINK, waited_minutes=1, state=RequestState.ACCEPTED),
        ],
    )
    seat_map = shown_map(qtbot, venue)
    assert seat_map.tile("A01").requests == (AMBER, RED, FRESH)  # oldest first
    assert seat_map.tile("A02").requests == ()
    venue.later(minutes=9)
    assert seat_map.tile("A01").requests == (RED, RED, RED)
    venue.change(request(2, "A01", RequestKind.RENEWAL, 7, state=RequestState.DONE))
    venue.place(request(4, "A02", RequestKind.DRINK, waited_minutes=-9))  # placed just now
    assert seat_map.tile("A01").requests == (RED, RED)
    qtbot.waitUntil(lambda: painted(seat_map, "A02").requests == (FRESH,))


def test_a_call_raises_a_flag_that_counts_repeated_presses(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session("A01", 60)], online=["A01"])
    seat_map = shown_map(qtbot, venue)
    assert (seat_map.tile("A01").calls, seat_map.tile("A01").call_text) == (0, "")
    venue.place(request(7, "A01", RequestKind.CALL))
    assert (seat_map.tile("A01").calls, seat_map.tile("A01").call_text, seat_map.tile("A01").call_urgency) == (
        1,
        "",
        FRESH,
    )
    venue.later(minutes=3)  # a call is amber at 2 minutes
    venue.change(request(7, "A01", RequestKind.CALL, calls=3))
    tile = seat_map.tile("A01")
    assert (tile.calls, tile.call_text, tile.call_urgency) == (3, "×3", AMBER)
    qtbot.waitUntil(lambda: painted(seat_map, "A01").call_text == "×3")
    venue.change(request(7, "A01", RequestKind.CALL, calls=3, state=RequestState.DONE))
    assert (seat_map.tile("A01").calls, seat_map.tile("A01").requests) == (0, ())


def test_a_tap_on_a_tile_chooses_its_seat_and_a_drag_does_not(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session(seat, None) for seat in ROW_A])
    seat_map = shown_map(qtbot, venue)
    with qtbot.waitSignal(seat_map.seatChosen) as chosen:
        qtbot.mouseClick(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect("A05").center())
    assert chosen.args == ["A05"]
    assert seat_map.current_seat() == "A05"
    with qtbot.assertNotEmitted(seat_map.seatChosen):
        qtbot.mousePress(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect("A06").center())
        qtbot.mouseRelease(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=seat_map.tile_rect("A08").center())
        between = seat_map.tile_rect("A01").bottomRight() + QPoint(3, 3)  # the gap between tiles
        qtbot.mouseClick(seat_map.viewport(), Qt.MouseButton.LeftButton, pos=between)


def test_the_arrows_move_along_the_tiles_and_enter_opens_one(qtbot: QtBot, venue: Venue) -> None:
    venue.connect([session(seat, None) for seat in [*ROW_A, "B01", "B02"]])
    seat_map = shown_map(qtbot, venue, 964, 200)  # ten tiles a line, and room for two lines only
    seat_map.setFocus()
    qtbot.waitUntil(seat_map.hasFocus)
    assert seat_map.current_seat() == "A01"
    for key, seat in (
        (Qt.Key.Key_Up, "A01"),  # the first line: nowhere above
        (Qt.Key.Key_Right, "A02"),
        (Qt.Key.Key_Down, "A12"),
        (Qt.Key.Key_Down, "B02"),  # the next row, same column, or its last tile
        (Qt.Key.Key_Left, "B01"),
        (Qt.Key.Key_Left, "A20"),
        (Qt.Key.Key_Down, "B02"),
        (Qt.Key.Key_Left, "B01"),
    ):
        qtbot.keyClick(seat_map, key)
        assert seat_map.current_seat() == seat
    assert seat_map.viewport().rect().contains(seat_map.tile_rect("B01"))  # scrolled into sight
    with qtbot.waitSignal(seat_map.seatChosen) as chosen:
        qtbot.keyClick(seat_map, Qt.Key.Key_Return)
    assert chosen.args == ["B01"]
