"""Paying by QR at the seat: the venue's code, the amount, and the number to write in the payment note, which
comes when the hub has taken the order."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import segno
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import RequestResult
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import RequestChanged
from netbar.domain.payment_code import ImageCode, PaymentCode, TextCode
from netbar.domain.requests import Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.payment import CODE_SIZE, QUIET_ZONE, qr_png
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import (
    CommandAnswered,
    CommandQueued,
    Connected,
    Disconnected,
    PaymentCodeRemembered,
    SendCommand,
)
from netbar.wire.frames import CommandFrame, Snapshot
from tests.support.seats import THREE_HOURS

PAY_URL = "wxp://f2f0Yk3-example-venue-code"
PLACED_AT = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


class Kiosk:
    """A kiosk window on a bus with no link: what it asks is recorded, and the test answers for the hub."""

    def __init__(self, bus: EventBus, model: KioskViewModel, window: KioskWindow) -> None:
        self.bus, self.model, self.window = bus, model, window
        self.sent: list[CommandFrame] = []
        bus.subscribe(SendCommand, lambda intent: self.sent.append(intent.frame))

    def welcome(self, payment_code: PaymentCode | None) -> None:
        snapshot = Snapshot(menu=(THREE_HOURS,), requests=(), payment_code=payment_code)
        self.bus.publish(Connected(seq=1, snapshot=snapshot))

    def button(self, name: str) -> QPushButton:
        (button,) = [b for b in self.window.findChildren(QPushButton) if b.accessibleName() == name]
        return button

    def renew(self, payment: Payment) -> CommandFrame:
        """Buy three hours, paying `payment`: the order as the link would have it, kept and on its way."""
        self.window.home.buttons[RequestKind.RENEWAL].click()
        self.button("package time-3h").click()
        self.button(f"pay {payment}").click()
        self.window.renew.review_button.click()
        self.window.confirm.confirm_button.click()
        frame = self.sent[-1]
        self.bus.publish(CommandQueued(frame))
        return frame

    def answer(self, frame: CommandFrame, request_id: int, state: RequestState = RequestState.PLACED) -> None:
        self.bus.publish(CommandAnswered(frame, RequestResult(request=renewal(request_id, state))))


def renewal(request_id: int, state: RequestState, seconds: int = 0) -> ServiceRequest:
    line = RequestLine(item_id="time-3h", name_zh="3小时", name_en="3 hours", qty=1, price_fen=1300, minutes=180)
    at = PLACED_AT.replace(second=seconds)
    return ServiceRequest(
        id=request_id,
        seat="A01",
        kind=RequestKind.RENEWAL,
        lines=(line,),
        note="",
        payment=Payment.QR,
        total_fen=1300,
        state=state,
        created_at=at,
        updated_at=at,
    )


@pytest.fixture
def kiosk(qapp: QApplication, qtbot: QtBot) -> Iterator[Kiosk]:
    translations = Translations(qapp, Language.EN)
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    window = KioskWindow(model, translations)
    qtbot.addWidget(window)
    window.show()
    yield Kiosk(bus, model, window)
    model.close()
    translations.deleteLater()


def test_the_qr_code_drawn_is_segnos_symbol_for_the_payment_url() -> None:
    image = QImage.fromData(qr_png(PAY_URL))
    matrix = segno.make(PAY_URL, error="m", micro=False).matrix
    modules = len(matrix) + 2 * QUIET_ZONE
    assert image.width() == image.height()
    assert image.width() % modules == 0  # whole pixels per module: a camera sees sharp edges
    scale = image.width() // modules
    assert image.width() >= 280  # big enough to scan from a phone at arm's length

    def dark(row: int, column: int) -> bool:
        centre = (QUIET_ZONE * scale) + scale // 2
        return image.pixelColor(centre + column * scale, centre + row * scale).lightness() < 128

    drawn = [[dark(row, column) for column in range(len(matrix))] for row in range(len(matrix))]
    assert drawn == [[bool(module) for module in row] for row in matrix]
    assert not dark(-QUIET_ZONE, -QUIET_ZONE)  # the quiet zone is white


def test_a_renewal_paid_by_qr_shows_the_code_the_amount_and_then_the_number(kiosk: Kiosk) -> None:
    kiosk.welcome(TextCode(text=PAY_URL))
    frame = kiosk.renew(Payment.QR)
    page = kiosk.window.payment

    assert kiosk.window.pages.currentWidget() is page
    assert page.title.text() == "Pay by scanning the code"
    assert page.code.isVisible()
    assert page.code.pixmap().width() >= 280
    assert page.amount.text() == "Amount ¥13.00"
    assert page.number.text() == "Sending your request… The number to write in the payment note shows here."
    assert page.status.text() == "Staff will confirm your request once they see your payment."
    assert page.done_button.height() >= 64

    kiosk.answer(frame, 12)
    assert page.number.text() == "Write #12 in the payment note"
    assert page.code.isVisible()

    kiosk.bus.publish(RequestChanged(seq=5, request=renewal(12, RequestState.DONE, seconds=30)))
    assert page.number.text() == "Payment confirmed. Thank you!"
    assert not page.code.isVisible()

    page.done_button.click()
    assert kiosk.window.pages.currentWidget() is kiosk.window.home


def test_with_the_counter_away_the_remembered_image_is_shown_and_the_number_comes_later(kiosk: Kiosk) -> None:
    image = ImageCode(image=qr_png("https://pay.example/venue", size=900))  # larger than the page draws it
    kiosk.bus.publish(Disconnected("connection refused"))
    kiosk.bus.publish(PaymentCodeRemembered(image))
    kiosk.bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(THREE_HOURS,), requests=(), payment_code=image)))
    kiosk.bus.publish(Disconnected("connection refused"))
    frame = kiosk.renew(Payment.QR)
    page = kiosk.window.payment

    assert page.code.isVisible()
    assert max(page.code.pixmap().width(), page.code.pixmap().height()) <= CODE_SIZE
    assert page.number.text().startswith("Not connected to the counter: your request is kept and sent when it is")
    assert page.amount.text() == "Amount ¥13.00"

    kiosk.answer(frame, 7)
    assert page.number.text() == "Write #7 in the payment note"


def test_a_kiosk_started_with_the_hub_away_offers_qr_from_the_remembered_code(kiosk: Kiosk) -> None:
    kiosk.bus.publish(Disconnected("connection refused"))
    assert kiosk.window.renew.isHidden()  # the renew page, made when first wanted
    assert kiosk.button("pay qr").isHidden()
    kiosk.bus.publish(PaymentCodeRemembered(TextCode(text=PAY_URL)))
    assert kiosk.model.payment_code == TextCode(text=PAY_URL)
    assert not kiosk.button("pay qr").isHidden()


def test_without_a_payment_code_qr_is_not_offered_and_cash_goes_home(kiosk: Kiosk) -> None:
    kiosk.welcome(None)
    kiosk.window.home.buttons[RequestKind.RENEWAL].click()
    assert kiosk.button("pay qr").isHidden()
    assert kiosk.button("pay cash").isVisible()

    frame = kiosk.renew(Payment.CASH)
    assert frame.command.payment is Payment.CASH  # type: ignore[union-attr]
    assert kiosk.window.pages.currentWidget() is kiosk.window.home


def test_a_code_taken_away_at_the_hub_is_no_longer_offered(kiosk: Kiosk) -> None:
    kiosk.welcome(TextCode(text=PAY_URL))
    kiosk.window.home.buttons[RequestKind.RENEWAL].click()
    kiosk.button("pay qr").click()
    kiosk.welcome(None)
    assert kiosk.button("pay qr").isHidden()
    assert kiosk.button("pay cash").isChecked()


def test_a_refused_order_has_nothing_to_pay(kiosk: Kiosk) -> None:
    kiosk.welcome(TextCode(text=PAY_URL))
    frame = kiosk.renew(Payment.QR)
    kiosk.bus.publish(CommandAnswered(frame, error=CommandRejected(ErrorCode.SOLD_OUT, "time-3h is sold out")))
    page = kiosk.window.payment
    assert not page.code.isVisible()
    assert page.number.text() == "The counter did not take this request, so there is nothing to pay."
    assert page.status.text() == ""


def test_a_cancelled_request_says_not_to_pay(kiosk: Kiosk) -> None:
    kiosk.welcome(TextCode(text=PAY_URL))
    frame = kiosk.renew(Payment.QR)
    kiosk.answer(frame, 9)
    cancelled = renewal(9, RequestState.CANCELLED, seconds=20).model_copy(update={"handled_by": "li"})
    kiosk.bus.publish(RequestChanged(seq=3, request=cancelled))
    page = kiosk.window.payment
    assert not page.code.isVisible()
    assert page.number.text() == "This request was cancelled. If you have paid already, ask at the counter."


def test_going_idle_on_the_payment_page_returns_home(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.welcome(TextCode(text=PAY_URL))
    kiosk.renew(Payment.QR)
    assert kiosk.window.pages.currentWidget() is kiosk.window.payment
    kiosk.window._idle.start(10)
    qtbot.waitUntil(lambda: kiosk.window.pages.currentWidget() is kiosk.window.home)


def test_an_image_that_cannot_be_drawn_here_sends_the_customer_to_the_counter(kiosk: Kiosk) -> None:
    kiosk.welcome(ImageCode(image=b"\x89PNG\r\n\x1a\n" + b"not really a png"))
    frame = kiosk.renew(Payment.QR)
    kiosk.answer(frame, 4)
    page = kiosk.window.payment
    assert not page.code.isVisible()
    assert page.number.text() == "Please pay at the counter."
    assert page.amount.text() == "Amount ¥13.00"
