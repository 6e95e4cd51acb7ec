"""The kiosk window: the seat and its time on top, a banner when something needs saying, and the pages.

Touch-first: big targets, no hover, a language switch one tap away; after a spell without a touch the kiosk goes
back to its start and forgets half-made orders, so the next customer never finds someone else's cart.

Fullscreen (`fill_screen`), it covers the screen exactly, with or without a window manager, stays on top and
cannot be closed from the screen; staff close it with the exit chord and the seat's PIN (`staff_exit.ExitPage`).
Type and targets grow with the screen (`netbar.gui.style.scaled_style`), and the menus take more columns where
the screen is wide. Only the start page is made before the first frame; each other page the first time it is
wanted.
"""

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QScreen, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from netbar.domain.commands import OrderLine
from netbar.domain.requests import Payment, RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.style import scaled_style, screen_scale
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
from netbar.kiosk.staff_exit import EXIT_CHORD, ExitGuard, ExitPage
from netbar.kiosk.time_up import TimeUpPage
from netbar.kiosk.viewmodel import KioskViewModel, PlacedRenewal

Page = HomePage | OrderPage | RenewPage | ConfirmPage | CallPage | EnrolmentPage | ExitPage | TimeUpPage | PaymentPage
P = TypeVar("P", bound=Page)

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
MENU_COLUMN_PX = 620  # the width one column of a menu needs at the base scale: name, price, −, quantity, +


class KioskWindow(QMainWindow):
    """`locked`: a fullscreen kiosk, which ignores attempts to close it; `exit_pin_hash`: the seat's exit PIN (set
    again while it runs when the config file changes), without which the exit chord only says how to set one.

    Signals:
    closeRequested(): the kiosk is to close: someone closed the window (not `locked`), or staff gave the exit PIN.
    """

    closeRequested = Signal()

    def __init__(
        self,
        model: KioskViewModel,
        translations: Translations,
        *,
        locked: bool = False,
        own_language: bool = True,
        exit_pin_hash: str | None = None,
    ) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self._locked = locked
        self._own_language = own_language
        self.exit_pin_hash = exit_pin_hash
        self._exit_guard = ExitGuard()  # kept with the window: leaving the page does not forget wrong tries
        self._columns = 1
        self._scale = 1.0
        # Pages are made on first use (`_page`): only the start page is made before the first frame.
        self._built: dict[str, Page] = {}
        self.pages = QStackedWidget()
        self.home = HomePage(model, translations)
        self._built["home"] = self.home
        self.pages.addWidget(self.home)
        self._screen: QScreen | None = None
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
        model.connectionChanged.connect(self._on_connection_changed)
        model.remainingChanged.connect(lambda seconds: self._remaining.setText(self._remaining_text(seconds)))
        model.renewSoon.connect(self._prompt_renewal)
        model.timeUp.connect(self._on_time_up)
        model.remainingChanged.connect(self._leave_time_up)
        self.renew_prompt.renewed.connect(self._renewed_in_one_tap)
        self.renew_prompt.otherPackages.connect(lambda: self._open_renew(time_up=False))
        model.requestProgressed.connect(self._say_progress)
        model.orderRefused.connect(
            lambda code, cancelling: self._say(lambda: refusal_text(code, cancelling=cancelling))
        )

        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self._on_idle)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self._idle.start()
        QShortcut(QKeySequence(EXIT_CHORD), self, self._on_exit_chord)
        self.retranslate()
        self._clear_banner()

    # The pages, each made the first time it is wanted

    @property
    def food(self) -> OrderPage:
        return self._page("food", lambda: self._order_page(RequestKind.FOOD))

    @property
    def drinks(self) -> OrderPage:
        return self._page("drinks", lambda: self._order_page(RequestKind.DRINK))

    @property
    def renew(self) -> RenewPage:
        return self._page("renew", self._renew_page)

    @property
    def confirm(self) -> ConfirmPage:
        return self._page("confirm", self._confirm_page)

    @property
    def call(self) -> CallPage:
        return self._page("call", self._call_page)

    @property
    def enrolment(self) -> EnrolmentPage:
        return self._page("enrolment", lambda: EnrolmentPage(self._model))

    @property
    def staff_exit(self) -> ExitPage:
        return self._page("staff_exit", self._exit_page)

    def _page(self, name: str, make: Callable[[], P]) -> P:
        page = self._built.get(name)
        if page is None:
            page = make()
            self._built[name] = page
            self.pages.addWidget(page)
        return cast(P, page)

    def _built_page(self, name: str) -> Page | None:
        """The page by that name if it has been made, without making it."""
        return self._built.get(name)

    def _order_page(self, kind: RequestKind) -> OrderPage:
        page = OrderPage(kind, self._model, self._translations)
        page.set_columns(self._columns)
        page.back.connect(self.go_home)
        page.review.connect(lambda: self._review(page))
        page.cartTrimmed.connect(self._say_trimmed)
        return page

    def _renew_page(self) -> RenewPage:
        page = RenewPage(self._model, self._translations)
        page.back.connect(self.go_home)
        page.review.connect(self._review_renewal)
        return page

    def _confirm_page(self) -> ConfirmPage:
        page = ConfirmPage(self._model, self._translations)
        page.back.connect(self._back_from_confirm)
        page.confirmed.connect(self._send)
        return page

    def _call_page(self) -> CallPage:
        page = CallPage(self._model)
        page.reason.connect(self._model.call_staff)
        page.done.connect(self.go_home)
        return page

    def _exit_page(self) -> ExitPage:
        page = ExitPage(self._exit_guard)
        page.back.connect(self.go_home)
        page.exitConfirmed.connect(self.closeRequested)
        return page

    @property
    def time_up(self) -> TimeUpPage:
        return self._page("time_up", self._time_up_page)

    @property
    def payment(self) -> PaymentPage:
        return self._page("payment", self._payment_page)

    def _time_up_page(self) -> TimeUpPage:
        page = TimeUpPage(self._model, self._translations)
        page.renewed.connect(self._renewed_in_one_tap)
        page.otherPackages.connect(lambda: self._open_renew(time_up=True))
        page.callStaff.connect(lambda: self._on_chosen(RequestKind.CALL.value))
        return page

    def _payment_page(self) -> PaymentPage:
        page = PaymentPage(self._model)
        page.done.connect(self.go_home)
        return page

    def _picked(self, kind: RequestKind) -> OrderPage | RenewPage:
        """The page where an order of `kind` is put together."""
        return {RequestKind.FOOD: lambda: self.food, RequestKind.DRINK: lambda: self.drinks}.get(
            kind, lambda: self.renew
        )()

    # Navigation

    def go_home(self) -> None:
        """The start page; while the hub turns this kiosk away, the page that says so (and orders nothing); while
        the seat's time is up, the page that says so (until time is added)."""
        if self._model.turned_away:
            self.pages.setCurrentWidget(self.enrolment)
        else:
            self.pages.setCurrentWidget(self.time_up if self._model.time_up else self.home)

    def _on_connection_changed(self) -> None:
        if self._model.turned_away or self.pages.currentWidget() is self._built_page("enrolment"):
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
        self.pages.setCurrentWidget(self._picked(order.kind) if order else self.home)

    def _send(self) -> None:
        order = self.confirm.order
        if order is None:
            return
        command_id = self._model.place_order(order.kind, order.lines, order.note, order.payment)
        self._picked(order.kind).reset()
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
        for page in self._built.values():
            if isinstance(page, OrderPage | RenewPage):
                page.reset()
        self.go_home()
        self._clear_banner()
        if self._own_language:  # in the demo every window shares it: one going idle must not switch the rest
            self._translations.reset()

    def _on_time_up(self) -> None:
        self.renew_prompt.hide()
        if self._model.turned_away:
            return  # the page for staff stays
        current, confirm = self.pages.currentWidget(), self._built_page("confirm")
        order = confirm.order if isinstance(confirm, ConfirmPage) else None
        renewing = current is confirm and order is not None and order.kind is RequestKind.RENEWAL
        if current is self._built_page("renew") or renewing:
            self.renew.time_up = True  # already renewing: not taken away from it; its title says the time is up
            self.renew.refresh()
        else:
            self.pages.setCurrentWidget(self.time_up)

    def _leave_time_up(self) -> None:
        """Time was added (a renewal paid, or staff at the counter), or the seat's session closed: back to the start
        page by itself."""
        if not self._model.time_up and self.pages.currentWidget() is self._built_page("time_up"):
            self.go_home()

    # The staff's way out

    def _on_exit_chord(self) -> None:
        if self.exit_pin_hash is not None:
            page = self.staff_exit
            page.pin_hash = self.exit_pin_hash
            page.open()
            self._clear_banner()  # a message from before (how to set a PIN) has been heeded
            self.pages.setCurrentWidget(page)
        elif not self._locked:
            self.closeRequested.emit()  # a window anyone may close anyway
        else:
            self._say(self._no_pin_text)

    def _no_pin_text(self) -> str:
        file = self._model.config_file or "kiosk.toml"
        return self.tr(
            "No exit PIN is set for this kiosk, so it stays open. To set one, run on this PC: netbar kiosk-pin "
            "(it is kept in %1)."
        ).replace("%1", file)

    # The screen

    def fill_screen(self) -> None:
        """Cover the primary screen, frameless and on top, and keep covering it when its size changes or another
        screen becomes the primary. Without a window manager `showFullScreen` alone leaves the window at its own
        size, so the geometry is set here too."""
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.primaryScreenChanged.connect(self._follow)
        self._follow(QGuiApplication.primaryScreen())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def _follow(self, screen: QScreen | None) -> None:
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self._cover)
        self._screen = screen
        if screen is not None:
            screen.geometryChanged.connect(self._cover)
            self._cover(screen.geometry())

    def _cover(self, geometry: QRect) -> None:
        self.setGeometry(geometry)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Type, targets and menu columns to the window's size."""
        super().resizeEvent(event)
        size = event.size()
        scale = screen_scale(size.width(), size.height())
        if scale != self._scale:
            self._scale = scale
            self.setStyleSheet(scaled_style(scale))  # over the application's: the same rules, larger
        columns = max(1, size.width() // round(MENU_COLUMN_PX * scale))
        if columns != self._columns:
            self._columns = columns
            for name in ("food", "drinks"):
                page = self._built_page(name)
                if isinstance(page, OrderPage):
                    page.set_columns(columns)

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
        self.renew_prompt.retranslate()
        for page in self._built.values():
            page.retranslate()  # a page made later is made in the language of the moment

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
