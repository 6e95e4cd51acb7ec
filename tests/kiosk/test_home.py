"""The home page's request list: one request's news rewords that request's row alone, in place, and the rows stay
in the order the view-model gives."""

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.events import RequestChanged, RequestPlaced
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.touch import TouchButton
from netbar.kiosk.home import HomePage
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import Connected
from netbar.wire.frames import Snapshot

PLACED_AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def call(request_id: int, state: RequestState = RequestState.PLACED, minutes_later: int = 0) -> ServiceRequest:
    return ServiceRequest(
        id=request_id,
        seat="A01",
        kind=RequestKind.CALL,
        lines=(),
        note=f"note {request_id}",
        payment=None,
        total_fen=0,
        state=state,
        created_at=PLACED_AT,
        updated_at=PLACED_AT + timedelta(minutes=minutes_later),
    )


def note_of(text: str) -> str:
    """`Call staff · note 2 — Accepted` → `note 2`."""
    return text.split(" · ")[1].split(" — ")[0]


def rows_by_note(home: HomePage) -> dict[str, QWidget]:
    rows = {}
    for row in home.findChildren(QWidget, "requestRow"):
        text = row.findChild(QLabel, "requestText")
        assert text is not None
        rows[note_of(text.text())] = row
    return rows


def texts_top_down(home: HomePage) -> list[str]:
    """The rows as the customer reads them (what was asked — its state chip), top down."""
    texts = []
    for row in sorted(home.findChildren(QWidget, "requestRow"), key=lambda row: row.y()):
        what, chip = row.findChild(QLabel, "requestText"), row.findChild(QLabel, "stateChip")
        assert what is not None
        assert chip is not None
        texts.append(f"{what.text()} — {chip.text()}")
    return texts


def shown_rows(home: HomePage, qtbot: QtBot) -> dict[str, QWidget]:
    """The rows by note, once the list shows what the view-model has (it is redrawn once per turn of the loop)."""
    qtbot.waitUntil(lambda: texts_top_down(home) == home.entry_texts())
    return rows_by_note(home)


def test_one_requests_news_rewords_its_row_alone(qapp: QApplication, qtbot: QtBot) -> None:
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    home = HomePage(model, Translations(qapp, Language.EN))
    qtbot.addWidget(home)
    home.show()
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(call(1), call(2), call(3)))))
    before = shown_rows(home, qtbot)
    assert sorted(before) == ["note 1", "note 2", "note 3"]

    texts = {row: row.findChild(QLabel, "requestText").text() for row in before.values()}  # type: ignore[union-attr]
    cancel = before["note 2"].findChild(TouchButton)
    assert cancel is not None
    assert not cancel.isHidden()  # a placed request can still be cancelled

    bus.publish(RequestChanged(seq=2, request=call(2, RequestState.ACCEPTED, minutes_later=1)))
    after = shown_rows(home, qtbot)
    assert after == before  # the same widgets: none made, none deleted
    assert all(row.findChild(QLabel, "requestText").text() == texts[row] for row in after.values())  # type: ignore[union-attr]
    assert home.entry_texts()[1].endswith("— Accepted")
    assert cancel.isHidden()  # an accepted one cannot

    # A new request goes on top and a finished one to the bottom; the rows that did not change are moved, not made.
    bus.publish(RequestPlaced(seq=3, request=call(4)))
    bus.publish(RequestChanged(seq=4, request=call(3, RequestState.DONE, minutes_later=2)))
    moved = shown_rows(home, qtbot)
    assert moved["note 1"] is before["note 1"]
    assert moved["note 2"] is after["note 2"]
    assert [note_of(text) for text in home.entry_texts()] == ["note 4", "note 2", "note 1", "note 3"]
    assert home.entry_texts()[-1].endswith("— Done")
    model.close()
