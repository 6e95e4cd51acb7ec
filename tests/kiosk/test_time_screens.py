"""What the customer sees as the seat's time runs out, on a clock the test moves: the prompt at 10 minutes with
the package bought last, one tap that renews once, and the time-up page that stays until time is added."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import OrderLine, PlaceRequest
from netbar.domain.requests import Payment, RequestKind, RequestState
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import SendCommand
from tests.kiosk.seat_time import PACKAGES, Clock, renewal, renewals_sent, run_down, time_added, welcome

TWO_HOURS = PACKAGES[1]


@dataclass
class Kiosk:
    bus: EventBus
    model: KioskViewModel
    window: KioskWindow
    clock: Clock
    qtbot: QtBot
    sent: list[SendCommand]

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget!r} is not in sight"
        assert widget.isEnabled(), f"{widget!r} is greyed out"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def kiosk(qapp: QApplication, qtbot: QtBot) -> Iterator[Kiosk]:
    translations = Translations(qapp, Language.EN)
    bus, clock = EventBus(), Clock()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = KioskViewModel("A01", bus, clock=clock)
    window = KioskWindow(model, translations)
    window.renew_prompt.again.armed_after_ms = 0
    window.time_up.again.armed_after_ms = 0
    qtbot.addWidget(window)
    window.show()
    yield Kiosk(bus, model, window, clock, qtbot, sent)
    model.close()
    translations.deleteLater()


def bought_two_hours_by_qr(kiosk: Kiosk, remaining_seconds: int) -> None:
    welcome(kiosk.bus, remaining_seconds, requests=(renewal(3, TWO_HOURS, RequestState.DONE, Payment.QR),))


TWO_HOURS_AGAIN = PlaceRequest(
    kind=RequestKind.RENEWAL, lines=(OrderLine(item_id="time-2h", qty=1),), payment=Payment.QR
)


def test_at_ten_minutes_the_prompt_offers_the_same_package_at_its_price(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 2 * 60 * 60)
    prompt = kiosk.window.renew_prompt
    run_down(kiosk.model, kiosk.clock, 2 * 60 * 60 - 10 * 60 - 1)
    assert not prompt.isVisible()
    run_down(kiosk.model, kiosk.clock, 1)
    assert prompt.isVisible()
    assert prompt.text.text() == "Only 10 minutes left."
    assert prompt.again.isVisible()
    assert prompt.again.text() == "Same package again: 2 hours ¥10.00"
    assert kiosk.window.pages.currentWidget() is kiosk.window.home  # the customer's page stays under it


def test_one_tap_places_exactly_one_renewal_of_that_package(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 10 * 60 + 1)
    run_down(kiosk.model, kiosk.clock, 1)
    prompt = kiosk.window.renew_prompt
    kiosk.tap(prompt.again)
    prompt.again.click()  # a second tap, as fast as a finger bounces: the prompt is already going
    assert renewals_sent(kiosk.sent) == [TWO_HOURS_AGAIN]
    assert not prompt.isVisible()
    assert kiosk.window.banner.text() == "Renewal sent. The time is added as soon as it is paid."

    run_down(kiosk.model, kiosk.clock, 5 * 60)  # at five minutes: it is waiting, so no second offer
    assert prompt.isVisible()
    assert prompt.text.text() == "Only 5 minutes left. Your renewal is waiting for the counter."
    assert not prompt.again.isVisible()
    assert len(renewals_sent(kiosk.sent)) == 1


def test_a_tap_already_on_its_way_when_the_prompt_appears_buys_nothing(kiosk: Kiosk) -> None:
    kiosk.window.renew_prompt.again.armed_after_ms = 60_000
    bought_two_hours_by_qr(kiosk, 10 * 60 + 1)
    run_down(kiosk.model, kiosk.clock, 1)
    kiosk.tap(kiosk.window.renew_prompt.again)
    assert renewals_sent(kiosk.sent) == []


def test_other_packages_opens_the_renew_page_and_time_added_answers_the_prompt(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 10 * 60 + 1)
    run_down(kiosk.model, kiosk.clock, 1)
    prompt = kiosk.window.renew_prompt
    kiosk.tap(prompt.other)
    assert kiosk.window.pages.currentWidget() is kiosk.window.renew
    assert not prompt.isVisible()

    run_down(kiosk.model, kiosk.clock, 5 * 60)
    assert prompt.isVisible()
    time_added(kiosk.bus, 65 * 60)  # paid at the counter
    assert not prompt.isVisible()


def test_at_zero_the_time_up_page_stays_through_the_idle_timeout_and_goes_when_time_is_added(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 61)
    window = kiosk.window
    kiosk.tap(window.home.buttons[RequestKind.FOOD])  # the customer was ordering when the time ran out
    run_down(kiosk.model, kiosk.clock, 60)
    assert window.pages.currentWidget() is window.food
    run_down(kiosk.model, kiosk.clock, 1)
    assert window.pages.currentWidget() is window.time_up
    assert window.time_up.title.text() == "Your time is up"
    assert window.time_up.again.text() == "Same package again: 2 hours ¥10.00"
    assert not window.renew_prompt.isVisible()

    window._idle.timeout.emit()  # no one touched it for a while
    assert window.pages.currentWidget() is window.time_up

    time_added(kiosk.bus, 60 * 60)
    assert window.pages.currentWidget() is window.home


def test_the_time_up_page_renews_in_one_tap_shows_the_code_and_then_says_it_is_waiting(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 1)
    run_down(kiosk.model, kiosk.clock, 1)
    page, window = kiosk.window.time_up, kiosk.window
    kiosk.tap(page.again)
    assert renewals_sent(kiosk.sent) == [TWO_HOURS_AGAIN]
    # Paid the way it was last time, by QR: the venue's code and the amount, before anything else.
    assert window.pages.currentWidget() is window.payment
    assert window.payment.amount.text() == "Amount ¥10.00"
    kiosk.tap(window.payment.done_button)
    assert window.pages.currentWidget() is page
    assert not page.again.isVisible()
    assert page.hint.text() == "Your renewal is waiting for the counter: the time is added as soon as it is paid."


def test_from_the_time_up_page_other_packages_and_call_staff_come_back_to_it(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 1)
    run_down(kiosk.model, kiosk.clock, 1)
    window = kiosk.window
    kiosk.tap(window.time_up.other)
    assert window.pages.currentWidget() is window.renew
    assert window.renew.time_up
    window.renew.back.emit()
    assert window.pages.currentWidget() is window.time_up

    kiosk.tap(window.time_up.call)
    assert window.pages.currentWidget() is window.call
    assert [intent.frame.command.kind for intent in kiosk.sent] == [RequestKind.CALL]  # type: ignore[union-attr]
    window.call.done.emit()
    assert window.pages.currentWidget() is window.time_up


def test_a_customer_already_choosing_a_package_at_zero_is_left_to_finish(kiosk: Kiosk) -> None:
    bought_two_hours_by_qr(kiosk, 1)
    window = kiosk.window
    kiosk.tap(window.home.buttons[RequestKind.RENEWAL])
    run_down(kiosk.model, kiosk.clock, 1)
    assert window.pages.currentWidget() is window.renew
    assert window.renew.time_up  # its title says so
    window.renew.back.emit()
    assert window.pages.currentWidget() is window.time_up
