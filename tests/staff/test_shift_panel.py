"""The Shift tab: a float typed the ways staff type money opens the shift, the running summary follows the hub's
news, and closing shows the difference before it is confirmed; bad input is said and sends nothing."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.domain.commands import CloseShift, OpenShift
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import ShiftChanged
from netbar.domain.shifts import EntryType, PaymentWay, Shift, ShiftEntry, Taking, summarize
from netbar.link.events import CommandAnswered, Connected
from netbar.staff.shift_panel import ShiftPanel, local_time
from netbar.wire.frames import Snapshot
from tests.support.seats import ME, NOW, THREE_HOURS, Venue

OPEN = Shift(id=3, opened_by="wang", opened_at=NOW - timedelta(hours=2), float_fen=20_000)


def entry(kind: EntryType, taking: Taking, way: PaymentWay, fen: int, **fields: object) -> ShiftEntry:
    values: dict[str, object] = {"seat": "A01", "by": "staff:wang", "at": NOW} | fields
    return ShiftEntry.model_validate({"type": kind, "taking": taking, "way": way, "fen": fen, **values})


ENTRIES = (
    entry(EntryType.SALE, Taking.FOOD, PaymentWay.CASH, 1200, request_id=1),
    entry(EntryType.SALE, Taking.DRINK, PaymentWay.QR, 350, request_id=2),
    entry(EntryType.SALE, Taking.FOOD, PaymentWay.ON_DELIVERY, 1800, request_id=3),
    entry(EntryType.CANCELLATION, Taking.DRINK, PaymentWay.CASH, 700, request_id=4, reason="fridge empty"),
    entry(EntryType.SALE, Taking.RENEWAL, PaymentWay.QR, 1300, minutes=180, request_id=5, seat="A02"),
    entry(EntryType.SALE, Taking.COUNTER_TIME, PaymentWay.CASH, 500, minutes=60, credit_id=1, seat="A03"),
    entry(EntryType.REFUND, Taking.FOOD, PaymentWay.CASH, 1200, request_id=1, reason="cold", by="staff:li"),
)


@pytest.fixture
def venue(qapp: QApplication) -> Iterator[Venue]:
    place = Venue()
    yield place
    place.model.close()


def connect(venue: Venue, shift: Shift | None = None, entries: tuple[ShiftEntry, ...] = ()) -> None:
    snapshot = Snapshot(
        menu=(THREE_HOURS,), requests=(), seats=(), credits=(), me=ME, online=(), shift=shift,
        shift_entries=entries, shifts=(),
    )  # fmt: skip
    venue.bus.publish(Connected(seq=1, snapshot=snapshot))


def shown_panel(qtbot: QtBot, venue: Venue) -> ShiftPanel:
    panel = ShiftPanel(venue.model)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_float_is_typed_as_staff_type_money_and_bad_input_sends_nothing(qtbot: QtBot, venue: Venue) -> None:
    connect(venue)
    panel = shown_panel(qtbot, venue)
    assert panel.title.text() == "No shift open: count the float into the drawer and open one."
    assert panel.open_row.isVisible()
    assert not panel.close_row.isVisible()
    for bad in ("", "abc", "-5", "12.345", "200000"):
        panel.float_input.setText(bad)
        qtbot.keyClick(panel.float_input, Qt.Key.Key_Return)
        assert panel.failure.isVisible(), bad
        assert panel.failure.text() == "Write an amount as 12, 12.5 or ¥12.50 (up to ¥100000.00)"
    assert venue.commands() == []
    panel.float_input.setText("¥200.5")
    qtbot.keyClick(panel.float_input, Qt.Key.Key_Return)
    assert not panel.failure.isVisible()
    assert venue.commands() == [OpenShift(float_fen=20_050)]


def test_the_running_summary_shows_every_figure_and_follows_the_hubs_news(qtbot: QtBot, venue: Venue) -> None:
    connect(venue, OPEN, ENTRIES[:-1])
    panel = shown_panel(qtbot, venue)
    assert panel.title.text() == f"Shift open since {local_time(OPEN.opened_at)} (wang), float ¥200.00"
    assert panel.summary_lines() == [
        "Taken: ¥51.50 in 5 sale(s)",
        "    Food  ¥30.00",
        "    Drinks  ¥3.50",
        "    Renewals at seats  ¥13.00",
        "    Time at the counter  ¥5.00",
        "Paid by",
        "    Cash  ¥17.00",
        "    QR code  ¥16.50",
        "    On delivery (cash)  ¥18.00",
        "Time sold: 4 h 0 min, ¥18.00",
        "Refunds: ¥0.00",
        "Cancelled: 1",
        "    A01 · Drinks · ¥7.00 · Cash · “fridge empty” · wang",
    ]
    assert panel.expected.text() == (
        "Expected cash in the drawer: ¥235.00 (float ¥200.00 + cash ¥17.00 + on delivery ¥18.00)"
    )
    # A manager refunds the noodles: the hub's news, folded in as it comes.
    venue.bus.publish(ShiftChanged(seq=5, shift=OPEN, entry=ENTRIES[-1]))
    lines = panel.summary_lines()
    assert lines[0] == "Taken: ¥39.50 in 5 sale(s)"
    assert lines[lines.index("Refunds: ¥12.00") + 1] == "    A01 · Food · ¥12.00 · Cash · “cold” · li"
    assert panel.expected.text().startswith("Expected cash in the drawer: ¥223.00")
    assert venue.model.shift_summary() == summarize(OPEN.float_fen, ENTRIES)


def test_closing_shows_the_difference_first_and_enter_twice_closes(qtbot: QtBot, venue: Venue) -> None:
    connect(venue, OPEN, ENTRIES)
    panel = shown_panel(qtbot, venue)
    qtbot.keyClicks(panel.counted_input, "221.5")
    assert panel.difference.text() == "Expected ¥223.00 · counted ¥221.50 · short by ¥1.50"
    panel.note_input.setText("a coin rolled away")
    qtbot.keyClick(panel.counted_input, Qt.Key.Key_Return)
    assert panel.confirm_row.isVisible()
    assert panel.difference.text() == "Close the shift? Expected ¥223.00 · counted ¥221.50 · short by ¥1.50"
    assert venue.commands() == []  # asked, not yet sent
    qtbot.keyClick(panel.counted_input, Qt.Key.Key_Escape)
    assert not panel.confirm_row.isVisible()
    panel.counted_input.setText("224")
    assert panel.difference.text() == "Expected ¥223.00 · counted ¥224.00 · over by ¥1.00"
    qtbot.keyClick(panel.counted_input, Qt.Key.Key_Return)
    qtbot.keyClick(panel.counted_input, Qt.Key.Key_Return)
    assert venue.commands() == [CloseShift(counted_fen=22_400, note="a coin rolled away")]
    assert not panel.confirm_row.isVisible()

    summary = summarize(OPEN.float_fen, ENTRIES)
    closed = OPEN.model_copy(
        update={
            "closed_by": "wang", "closed_at": NOW, "counted_fen": 22_400, "expected_fen": 22_300,
            "note": "a coin rolled away", "summary": summary,
        }
    )  # fmt: skip
    venue.bus.publish(ShiftChanged(seq=6, shift=closed))
    assert venue.model.shift is None
    assert panel.open_row.isVisible()
    assert panel.counted_input.text() == ""
    assert panel.closed_lines() == [
        f"{local_time(OPEN.opened_at, with_day=True)}–{local_time(NOW)} · wang · expected ¥223.00 · counted ¥224.00"
        " · over by ¥1.00 · “a coin rolled away”"
    ]


def test_the_hubs_refusal_is_said_on_the_tab(qtbot: QtBot, venue: Venue) -> None:
    connect(venue)
    panel = shown_panel(qtbot, venue)
    panel.float_input.setText("100")
    panel.open_button.click()
    [sent] = venue.sent
    refusal = CommandRejected(ErrorCode.CONFLICT, "a shift is open already (opened by li); close it first")
    venue.bus.publish(CommandAnswered(sent.frame, error=refusal))
    assert panel.failure.isVisible()
    assert "a shift is open already (opened by li)" in panel.failure.text()
