"""The kiosk window: the seat and its time on top, a banner when something needs saying, and the pages.

Touch-first: big targets, no hover, a language switch one tap away; after a spell without a touch the kiosk goes
back to its start and forgets half-made orders, so the next customer never finds someone else's cart.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from netbar.domain.commands import OrderLine
from netbar.domain.requests import Payment, RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.texts import kind_name, lines_text, minutes_text, refusal_text
from netbar.gui.touch import TouchButton, keep_place_when_hidden, label, restyle
from netbar.kiosk.call import CallPage
from netbar.kiosk.confirm import ConfirmPage, Order
from netbar.kiosk.enrolment import EnrolmentPage
from netbar.kiosk.home import HomePage
from netbar.kiosk.order import OrderPage
from netbar.kiosk.payment import PaymentPage
from netbar.kiosk.renew import RenewPage
from netbar.kiosk.renew_prompt import RenewPrompt
from netbar.kiosk.time_up import TimeUpPage
from netbar.kiosk.viewmodel import KioskViewModel, PlacedRenewal

IDLE_MS = 90_000
BANNER_MS = 20_000
PROGRESS_MS = 8_000  # a request's news: long enough to notice, short enough not to hide the next
# A symbol per state the banner announces, beside its colour: seen from across the desk, read without words.
PROGRESS_SYMBOLS = {
    RequestState.ACCEPTED: "✓",
    RequestState.DELIVERING: "➜",
    RequestState.DONE: "★",
    RequestState.CANCELLED: "✕",
}
_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class KioskWindow(QMainWindow):
    """Signals:
    closeRequested(): someone closed the window (in the demo; a fullscreen kiosk ignores it).
    """

    closeRequested = Signal()

    def __init__(
        self, model: KioskViewModel, translations: Translations, *, locked: bool = False, own_language: bool = True
    ) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self._locked = locked
        self._own_language = own_language
        self.home = HomePage(model, translations)
        self.food = OrderPage(RequestKind.FOOD, model, translations)
        self.drinks = OrderPage(RequestKind.DRINK, model, translations)
        self.renew = RenewPage(model, translations)
        self.confirm = ConfirmPage(model, translations)
        self.call = CallPage(model)
        self.payment = PaymentPage(model)
        self.enrolment = EnrolmentPage(model)
        self.time_up = TimeUpPage(model, translations)
        self.pages = QStackedWidget()
        for page in (self.home, self.food, self.drinks, self.renew, self.confirm, self.call, self.enrolment):
            self.pages.addWidget(page)
        self.pages.addWidget(self.time_up)
        self.pages.addWidget(self.payment)
        self.renew_prompt = RenewPrompt(model, translations)

        self._seat = label("seat")
        self._remaining = label("remaining")
        self.language_button = TouchButton(role="language")
        self.language_button.setMaximumWidth(160)
        self.language_button.clicked.connect(translations.toggle)
        self.banner = label("banner", wrap=True)
        keep_place_when_hidden(self.banner)  # a message coming or going must not move the buttons under a finger
        self.banner.hide()
        self._message: Callable[[], str] | None = None  # what the banner says, in whichever language is on
        self.banner_ms = BANNER_MS  # how long a message stays
        self._banner_timer = QTimer(self, singleShot=True)
        self._banner_timer.timeout.connect(self._clear_banner)
        top = QHBoxLayout()
        top.addWidget(self._seat)
        top.addWidget(self._remaining, 1)
        top.addWidget(self.language_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.renew_prompt)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.home.chosen.connect(self._on_chosen)
        self.home.cancelRequested.connect(model.cancel_request)
        for page in (self.food, self.drinks):
            page.back.connect(self.go_home)
            page.review.connect(lambda page=page: self._review(page))
            page.cartTrimmed.connect(self._say_trimmed)
        self.renew.back.connect(self.go_home)
        self.renew.review.connect(self._review_renewal)
        self.confirm.back.connect(self._back_from_confirm)
        self.confirm.confirmed.connect(self._send)
        self.call.reason.connect(model.call_staff)
        self.call.done.connect(self.go_home)
        self.payment.done.connect(self.go_home)
        model.connectionChanged.connect(self._on_connection_changed)
        model.remainingChanged.connect(lambda seconds: self._remaining.setText(self._remaining_text(seconds)))
        model.renewSoon.connect(self._prompt_renewal)
        model.timeUp.connect(self._on_time_up)
        model.remainingChanged.connect(self._leave_time_up)
        self.renew_prompt.renewed.connect(self._renewed_in_one_tap)
        self.renew_prompt.otherPackages.connect(lambda: self._open_renew(time_up=False))
        self.time_up.renewed.connect(self._renewed_in_one_tap)
        self.time_up.otherPackages.connect(lambda: self._open_renew(time_up=True))
        self.time_up.callStaff.connect(lambda: self._on_chosen(RequestKind.CALL.value))
        model.requestProgressed.connect(self._say_progress)
        model.orderRefused.connect(
            lambda code, cancelling: self._say(lambda: refusal_text(code, cancelling=cancelling))
        )

        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self._on_idle)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self._idle.start()
        self.retranslate()
        self._clear_banner()

    # Navigation

    def go_home(self) -> None:
        """The start page; while the hub turns this kiosk away, the page that says so (and orders nothing); while
        the seat's time is up, the page that says so (until time is added)."""
        if self._model.turned_away:
            self.pages.setCurrentWidget(self.enrolment)
        else:
            self.pages.setCurrentWidget(self.time_up if self._model.time_up else self.home)

    def _on_connection_changed(self) -> None:
        if self._model.turned_away or self.pages.currentWidget() is self.enrolment:
            self.go_home()  # half-made orders stay in their pages, for when the kiosk is let in
        # Clearing the banner with the counter away says so, until it is back.
        self._clear_banner()

    def _on_chosen(self, kind_value: str) -> None:
        kind = RequestKind(kind_value)
        if kind is RequestKind.CALL:
            self._model.call_staff()
            self.pages.setCurrentWidget(self.call)
        elif kind is RequestKind.RENEWAL:
            self._open_renew(time_up=False)
        else:
            self.pages.setCurrentWidget(self.food if kind is RequestKind.FOOD else self.drinks)

    def _open_renew(self, *, time_up: bool) -> None:
        if self._model.turned_away:
            return  # nothing can be ordered; the page says why
        self.renew.time_up = time_up
        self.renew.refresh()
        self.pages.setCurrentWidget(self.renew)
        self.renew_prompt.hide()

    def _review(self, page: OrderPage) -> None:
        self.confirm.show_order(Order(page.kind, tuple(page.cart.lines()), page.note.text().strip()))
        self.pages.setCurrentWidget(self.confirm)

    def _review_renewal(self) -> None:
        item_id = self.renew.chosen_item
        if item_id is not None:
            order = Order(RequestKind.RENEWAL, (OrderLine(item_id=item_id, qty=1),), payment=self.renew.chosen_payment)
            self.confirm.show_order(order)
            self.pages.setCurrentWidget(self.confirm)

    def _back_from_confirm(self) -> None:
        order = self.confirm.order
        pages = {RequestKind.FOOD: self.food, RequestKind.DRINK: self.drinks}
        self.pages.setCurrentWidget(pages.get(order.kind, self.renew) if order else self.home)

    def _send(self) -> None:
        order = self.confirm.order
        if order is None:
            return
        command_id = self._model.place_order(order.kind, order.lines, order.note, order.payment)
        {RequestKind.FOOD: self.food, RequestKind.DRINK: self.drinks}.get(order.kind, self.renew).reset()
        self.confirm.order = None
        if order.kind is RequestKind.RENEWAL:
            self.renew_prompt.hide()  # the "minutes left" prompt is answered
        if order.payment is Payment.QR and command_id is not None:
            self._show_payment(command_id, sum(line.total_fen for line in self._model.priced(order.lines)))
        else:
            self.go_home()

    def _on_idle(self) -> None:
        """Ready for the next customer: nothing half-ordered, no old message, the kiosk's own language. With the
        seat's time up, "home" is the time-up page: it stays until time is added."""
        for page in (self.food, self.drinks, self.renew):
            page.reset()
        self.go_home()
        self._clear_banner()
        if self._own_language:  # in the demo every window shares it: one going idle must not switch the rest
            self._translations.reset()

    def _on_time_up(self) -> None:
        self.renew_prompt.hide()
        if self._model.turned_away:
            return  # the page for staff stays
        current, order = self.pages.currentWidget(), self.confirm.order
        if current is self.renew or (current is self.confirm and order and order.kind is RequestKind.RENEWAL):
            self.renew.time_up = True  # already renewing: not taken away from it; its title says the time is up
            self.renew.refresh()
        else:
            self.pages.setCurrentWidget(self.time_up)

    def _leave_time_up(self) -> None:
        """Time was added (a renewal paid, or staff at the counter), or the seat's session closed: back to the start
        page by itself."""
        if not self._model.time_up and self.pages.currentWidget() is self.time_up:
            self.go_home()

    # What the top of the screen says

    def _remaining_text(self, seconds: int) -> str:
        if seconds < 0:
            return self.tr("No time on this seat: ask at the counter")
        return self.tr("Time left %1").replace("%1", minutes_text(seconds))

    def _offline_text(self) -> str:
        return self.tr("Not connected to the counter. Your requests are kept and sent when it is back.")

    def _prompt_renewal(self, minutes: int) -> None:
        if self._model.turned_away:
            return  # no renewing here meanwhile: the page says why
        self.renew_prompt.show_for(minutes)

    def _renewed_in_one_tap(self, placed: PlacedRenewal) -> None:
        self._say(lambda: self.tr("Renewal sent. The time is added as soon as it is paid."))
        if placed.offer.payment is Payment.QR:
            self._show_payment(placed.command_id, placed.offer.item.price_fen)

    def _show_payment(self, command_id: str, estimate_fen: int) -> None:
        """The venue's code, the amount and the number for the payment note (the hub's total once it answers)."""
        self.payment.show_payment(command_id, estimate_fen)
        self.pages.setCurrentWidget(self.payment)

    def _say_trimmed(self, names: str) -> None:
        self._say(lambda: self.tr("Just sold out, so taken out of your order: %1").replace("%1", names))

    def _say_progress(self, request: ServiceRequest) -> None:
        """One of the seat's requests moved on: in the banner's colour for its new state, with its symbol."""
        if request.state not in PROGRESS_SYMBOLS:
            return

        def message() -> str:
            what = lines_text(request.lines, self._translations.name) if request.lines else kind_name(request.kind)
            reason = request.cancel_reason or ""
            said = {
                RequestState.ACCEPTED: self.tr("Accepted: %1"),
                RequestState.DELIVERING: self.tr("On the way to your seat: %1"),
                RequestState.DONE: self.tr("Done: %1"),
                RequestState.CANCELLED: self.tr("Cancelled: %1. Reason: %2") if reason else self.tr("Cancelled: %1"),
            }[request.state]
            # %1 first: a reason typed at the counter is the customer's to read, never a placeholder.
            return f"{PROGRESS_SYMBOLS[request.state]}  {said.replace('%1', what).replace('%2', reason)}"

        self._say(message, for_ms=PROGRESS_MS, tone=request.state.value)

    def _say(
        self, message: Callable[[], str], *, for_ms: int | None = None, lasting: bool = False, tone: str = ""
    ) -> None:
        """Show `message` (made again on a language switch) for a while, or until cleared when `lasting`; `tone`
        colours it (a request state's value; none for the plain banner)."""
        self._message = message
        self._set_tone(tone)
        self.banner.setText(message())
        self.banner.show()
        if lasting:
            self._banner_timer.stop()
        else:
            self._banner_timer.start(self.banner_ms if for_ms is None else for_ms)

    def _clear_banner(self) -> None:
        """The message has had its time; while the counter is away, that is what the banner goes back to."""
        self._banner_timer.stop()
        if self._model.connected or self._model.turned_away:  # turned away: the page says all there is to say
            self._message = None
            self.banner.hide()
        else:
            self._say(self._offline_text, lasting=True)

    def _set_tone(self, tone: str) -> None:
        restyle(self.banner, "tone", tone)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Netbar kiosk %1").replace("%1", self._model.seat))
        self._seat.setText(self.tr("Seat %1").replace("%1", self._model.seat))
        self.language_button.setText("English" if self._translations.language == "zh" else "中文")
        if self._message is not None:
            self.banner.setText(self._message())
        self._remaining.setText(self._remaining_text(self._model.remaining_seconds()))
        for page in (self.home, self.food, self.drinks, self.renew, self.confirm, self.call, self.enrolment):
            page.retranslate()
        self.time_up.retranslate()
        self.renew_prompt.retranslate()
        self.payment.retranslate()

    # Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The filter sees the whole application's input (the demo has three kiosks): only this window's counts.
        if event.type() in _INPUT_EVENTS and isinstance(watched, QWidget) and watched.window() is self:
            self._idle.start()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        if not self._locked:
            self.closeRequested.emit()
