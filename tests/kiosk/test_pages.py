"""The kiosk's pages say what state the seat is in: the counter away, the hub's news on a request."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import PlaceRequest
from netbar.domain.events import RequestChanged
from netbar.domain.requests import RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import CommandQueued, Connected, Disconnected
from netbar.wire.frames import Snapshot, command_frame

PLACED_AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.fixture
def kiosk(qapp: QApplication, qtbot: QtBot) -> Iterator[tuple[EventBus, KioskViewModel, KioskWindow]]:
    translations = Translations(qapp, Language.EN)
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    window = KioskWindow(model, translations)
    qtbot.addWidget(window)
    window.show()
    yield bus, model, window
    model.close()
    translations.deleteLater()


def test_a_call_with_the_counter_away_says_it_will_be_sent_not_that_staff_are_coming(
    kiosk: tuple[EventBus, KioskViewModel, KioskWindow],
) -> None:
    bus, _model, window = kiosk
    bus.publish(Disconnected("connection refused"))
    window.home.buttons[RequestKind.CALL].click()
    assert window.pages.currentWidget() is window.call
    assert window.call.title.text() == "Your call is kept and will be sent when the counter is back"
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=())))
    assert window.call.title.text() == "Staff are on their way"


def test_a_first_start_with_the_counter_away_says_why_the_menu_is_empty(
    kiosk: tuple[EventBus, KioskViewModel, KioskWindow],
) -> None:
    bus, _model, window = kiosk
    bus.publish(Disconnected("connection refused"))
    window.home.buttons[RequestKind.FOOD].click()
    assert window.food.menu_note.isVisible()
    assert window.food.menu_note.text().startswith("The menu comes from the counter")


def test_an_order_taken_with_the_counter_away_is_shown_as_waiting_to_send(
    kiosk: tuple[EventBus, KioskViewModel, KioskWindow],
) -> None:
    bus, _model, window = kiosk
    bus.publish(Disconnected("connection refused"))
    bus.publish(CommandQueued(command_frame(PlaceRequest(kind=RequestKind.CALL))))
    assert window.home.entry_texts() == ["Call staff — Waiting to send"]
    assert window.banner.text().startswith("Not connected to the counter")


def noodles(state: RequestState, **changes: object) -> ServiceRequest:
    line = RequestLine(item_id="noodles-beef", name_zh="牛肉面", name_en="Beef noodles", qty=2, price_fen=600)
    request = ServiceRequest(
        id=3,
        seat="A01",
        kind=RequestKind.FOOD,
        lines=(line,),
        note="",
        payment=None,
        total_fen=1200,
        state=state,
        created_at=PLACED_AT,
        updated_at=PLACED_AT,
    )
    return request.model_copy(update=changes)


def chips_shown(window: KioskWindow, chips: list[tuple[str, str]]) -> Callable[[], bool]:
    """Whether the request list shows these chips (it is redrawn once per turn of the loop)."""
    return lambda: window.home.chips() == chips


def test_news_of_a_request_is_a_coloured_banner_and_its_state_a_coloured_chip(
    kiosk: tuple[EventBus, KioskViewModel, KioskWindow], qtbot: QtBot
) -> None:
    bus, _model, window = kiosk
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(), requests=(noodles(RequestState.PLACED),))))
    qtbot.waitUntil(chips_shown(window, [("Placed", "placed")]))
    assert not window.banner.isVisible()

    moments = iter(range(1, 10))
    steps: tuple[tuple[RequestState, dict[str, str], str, tuple[str, str]], ...] = (
        (RequestState.ACCEPTED, {}, "✓  Accepted: Beef noodles ×2", ("Accepted", "accepted")),
        (RequestState.DELIVERING, {}, "➜  On the way to your seat: Beef noodles ×2", ("On the way", "delivering")),
        (
            RequestState.CANCELLED,
            {"cancel_reason": "Red Bull is sold out"},
            "✕  Cancelled: Beef noodles ×2. Reason: Red Bull is sold out",
            ("Cancelled: Red Bull is sold out", "cancelled"),
        ),
    )
    for state, changes, said, chip in steps:
        moved = noodles(state, handled_by="li", updated_at=PLACED_AT + timedelta(seconds=next(moments)), **changes)
        bus.publish(RequestChanged(seq=1 + next(moments), request=moved))
        assert window.banner.isVisible()
        assert (window.banner.text(), window.banner.property("tone")) == (said, state.value)
        qtbot.waitUntil(chips_shown(window, [chip]))


def test_an_order_waiting_for_the_counter_has_a_chip_that_says_so(
    kiosk: tuple[EventBus, KioskViewModel, KioskWindow], qtbot: QtBot
) -> None:
    bus, _model, window = kiosk
    bus.publish(Disconnected("connection refused"))
    bus.publish(CommandQueued(command_frame(PlaceRequest(kind=RequestKind.CALL))))
    qtbot.waitUntil(chips_shown(window, [("Waiting to send", "waiting")]))
