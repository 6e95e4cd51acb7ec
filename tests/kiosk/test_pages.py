"""The kiosk's pages say what state the seat is in: the counter away, the hub's news on a request."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import PlaceRequest
from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import CommandQueued, Connected, Disconnected
from netbar.wire.frames import Snapshot, command_frame


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
