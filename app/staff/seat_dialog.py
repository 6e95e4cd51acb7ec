"""One seat, opened from the seat map: its open requests, the time left, and time paid at the counter put on it.

Paid time is two taps: the amount, then a confirmation that says what will be charged, so a double tap cannot
credit two hours. Once the hub has made the credit, an undo is offered for half a minute (the hub undoes it as a
command of its own and the seat's kiosk follows); after that, the Seats tab's list of credits still has it.
"""

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QMetaObject, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from netbar.domain.ageing import Urgency
from netbar.domain.menu import time_package
from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind, ServiceRequest
from netbar.domain.sessions import TimeCredit
from netbar.gui.texts import kind_name, minutes_text, staff_refusal_text, state_name
from netbar.gui.touch import TouchButton, keep_place_when_hidden, label
from netbar.staff.viewmodel import StaffViewModel

# The counter sells time in these steps; the time packages at the seats are on the menu.
TIME_STEPS = (60, 180, 300)
UNDO_SECONDS = 30
TICK_MS = 1000
LOW_TIME_SECONDS = 10 * 60
URGENCY_TEXT = {Urgency.FRESH: None, Urgency.AMBER: QColor("#8a5a00"), Urgency.RED: QColor("#b3261e")}


def hours_text(minutes: int) -> str:
    """`+3 h`, or `+90 min` for time that is not whole hours (context "SeatDialog")."""
    if minutes % 60 == 0:
        return QCoreApplication.translate("SeatDialog", "+%1 h").replace("%1", str(minutes // 60))
    return QCoreApplication.translate("SeatDialog", "+%1 min").replace("%1", str(minutes))


def age_text(since: datetime, now: datetime) -> str:
    """How long a request has waited, `mm:ss` (`75:02` past the hour)."""
    seconds = max(0, int((now - since).total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class SeatDialog(QDialog):
    """One seat's requests and time; +1/+3/+5 h with a confirmation, and an undo for 30 s after the credit.

    It follows the view-model live (requests, time, presence, the connection) and offers nothing that would change
    the seat while the hub is away.
    """

    def __init__(self, model: StaffViewModel, seat: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seat = seat
        self._model = model
        self._asking: int | None = None  # the minutes staff tapped, until they confirm or go back
        self._sent = 0  # credits confirmed here that the hub has not made yet
        self._newest_seen = self._newest_credit_id()  # credits up to this one are not this dialog's
        self._offered: TimeCredit | None = None  # the credit the undo button takes back
        self._offered_until: datetime | None = None
        self._undo_sent = False
        self._outcome = ""  # what became of the last thing done here, for the status line

        self._title = label("pageTitle")
        self._presence = label("presence")
        self._time = label("seatTime")
        self._requests_title = label("sectionTitle")
        self.requests = QListWidget()
        self.requests.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.requests.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.requests.setMinimumHeight(120)
        self._give_title = label("sectionTitle")
        self.time_buttons = {minutes: TouchButton(role="action") for minutes in TIME_STEPS}
        for minutes, button in self.time_buttons.items():
            button.setAccessibleName(f"give {minutes} minutes")
            # A method, not a lambda holding the dialog: the dialog is deleted when it closes, and a lambda freed
            # during that would take the dialog's last reference with it.
            button.clicked.connect(self._on_time_button)
        self.question = label("summary", wrap=True)
        self.back_button = TouchButton()
        self.back_button.setAccessibleName("back")
        self.back_button.clicked.connect(self._go_back)
        self.confirm_button = TouchButton(role="primary")
        self.confirm_button.setAccessibleName("confirm")
        self.confirm_button.clicked.connect(self._confirm)
        self.status = label("chosen", wrap=True)
        self.undo_button = TouchButton(role="danger")
        self.undo_button.setAccessibleName("undo")
        self.undo_button.clicked.connect(self._undo)
        self.close_button = TouchButton()
        self.close_button.setAccessibleName("close")
        self.close_button.clicked.connect(self.reject)

        head = QHBoxLayout()
        head.addWidget(self._title, 1)
        head.addWidget(self._presence)
        steps = QHBoxLayout()
        for button in self.time_buttons.values():
            steps.addWidget(button)
        # The confirmation sits under the time buttons, never where one of them was: the second tap of a double
        # tap lands on a button that is greyed out, not on Confirm.
        self._confirm_row = QWidget()
        confirm = QHBoxLayout(self._confirm_row)
        confirm.setContentsMargins(0, 0, 0, 0)
        confirm.addWidget(self.question, 1)
        confirm.addWidget(self.back_button)
        confirm.addWidget(self.confirm_button)
        keep_place_when_hidden(self._confirm_row)
        outcome = QHBoxLayout()
        outcome.addWidget(self.status, 1)
        outcome.addWidget(self.undo_button)
        keep_place_when_hidden(self.undo_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self._time)
        layout.addWidget(self._requests_title)
        layout.addWidget(self.requests, 1)
        layout.addWidget(self._give_title)
        layout.addLayout(steps)
        layout.addWidget(self._confirm_row)
        layout.addLayout(outcome)
        layout.addLayout(bottom)
        self.setMinimumWidth(620)
        self.resize(700, 600)
        self._confirm_row.hide()
        self.undo_button.hide()
        for button in self.findChildren(TouchButton):
            # Return never presses a button by itself here: sending time takes a tap (or Space) on Confirm.
            button.setAutoDefault(False)

        self._connections: list[QMetaObject.Connection] = [
            model.seatsChanged.connect(self._on_seats_changed),
            model.requestsChanged.connect(self.refresh),
            model.presenceChanged.connect(self._on_presence_changed),
            model.connectionChanged.connect(self._on_connection_changed),
            model.actionFailed.connect(self._on_failed),
        ]
        self._clock = QTimer(self, interval=TICK_MS)
        self._clock.timeout.connect(self.refresh)
        self._clock.start()
        self.retranslate()

    # What it offers

    def request_texts(self) -> list[str]:
        """The seat's open requests as listed, oldest first."""
        return [item.text() for item in self._request_items()]

    def offered_undo(self) -> TimeCredit | None:
        """The credit the Undo button would take back now (None: no undo on offer)."""
        return self._offered if self.undo_button.isVisibleTo(self) else None

    def ask(self, minutes: int) -> None:
        """Tapped +N h: ask to confirm, saying what will be charged; nothing is sent yet."""
        if not self._model.connected:
            return
        self._asking = minutes
        self.refresh()

    # Reacting to the view-model

    @Slot()
    def refresh(self) -> None:
        model = self._model
        left = model.seconds_left(self.seat)
        if left > 0:
            self._time.setText(self.tr("Time left: %1").replace("%1", minutes_text(left)))
        else:
            self._time.setText(self.tr("No time on this seat"))
        self._time.setProperty("state", "low" if 0 < left < LOW_TIME_SECONDS else "")
        online = self.seat in model.online
        self._presence.setText(self.tr("Kiosk online") if online else self.tr("Kiosk offline"))
        self._presence.setProperty("state", "up" if online else "down")
        for widget in (self._time, self._presence):
            widget.style().polish(widget)
        self._refresh_requests()
        self._refresh_offer()
        connected = model.connected
        for button in self.time_buttons.values():
            button.setEnabled(connected and self._asking is None)
        if self._asking is not None:
            self.question.setText(self._question(self._asking))
        self._confirm_row.setVisible(self._asking is not None)
        self.confirm_button.setEnabled(connected)
        self.undo_button.setEnabled(connected)
        away = self.tr("The hub is away: nothing can be changed until it is back.")
        self.status.setText(self._outcome if connected else away)

    @Slot()
    def _on_seats_changed(self) -> None:
        """A credit the hub made for what was confirmed here is offered for undoing; one undone is said so."""
        if self._sent:
            made = self._own_new_credits()
            if made:
                self._sent = max(0, self._sent - len(made))
                credit = made[0]
                self._offered = credit
                self._offered_until = self._model.now() + timedelta(seconds=UNDO_SECONDS)
                self._undo_sent = False
                self._say(self._about(self.tr("Added %1 to %2."), credit.minutes))
        self._newest_seen = max(self._newest_seen, self._newest_credit_id())
        if self._offered is not None:
            credit = self._model.credits.get(self._offered.id, self._offered)
            if credit.undone_at is not None:
                self._say(self._about(self.tr("Undone: %1 taken off %2."), credit.minutes))
                self._offered = None
        self.refresh()

    @Slot(bool, str)
    def _on_connection_changed(self, _connected: bool, _reason: str) -> None:
        self.refresh()

    @Slot(str)
    def _on_presence_changed(self, seat: str) -> None:
        if seat == self.seat:
            self.refresh()

    @Slot(str, str)
    def _on_failed(self, code: str, _message: str) -> None:
        if self._sent or self._undo_sent:
            self._sent = 0
            self._undo_sent = False
            self._say(self.tr("Not done: %1").replace("%1", staff_refusal_text(code)))
            self.refresh()

    # Taps

    @Slot()
    def _on_time_button(self) -> None:
        minutes = next((minutes for minutes, button in self.time_buttons.items() if button is self.sender()), None)
        if minutes is not None:
            self.ask(minutes)

    def _go_back(self) -> None:
        self._asking = None
        self.refresh()

    def _confirm(self) -> None:
        minutes, self._asking = self._asking, None
        if minutes is None or not self._model.connected:
            return
        self._sent += 1
        self._model.give_time(self.seat, minutes)
        self._say(self._about(self.tr("Adding %1 to %2…"), minutes))
        self.refresh()

    def _undo(self) -> None:
        credit = self.offered_undo()
        if credit is None or not self._model.connected:
            return
        self._model.undo_credit(credit.id)
        self._undo_sent = True
        self._offered_until = None  # one tap: the button goes
        self._say(self._about(self.tr("Taking %1 off %2…"), credit.minutes))
        self.refresh()

    # Details

    def _question(self, minutes: int) -> str:
        """`A07: +3 h, ¥13.00 — confirm?`, priced by the menu's time package of that length."""
        item = time_package(self._model.menu.values(), minutes)  # what the hub will charge
        if item is None:
            text = self.tr("%1: %2 (%3 minutes, not priced on the menu) — confirm?").replace("%3", str(minutes))
        else:
            text = self.tr("%1: %2, %3 — confirm?").replace("%3", format_fen(item.price_fen))
        return text.replace("%1", self.seat).replace("%2", hours_text(minutes))

    def _refresh_offer(self) -> None:
        credit = self._offered
        now = self._model.now()
        until = self._offered_until
        if credit is not None:
            credit = self._model.credits.get(credit.id, credit)
        offered = credit is not None and credit.undoable and until is not None and now < until
        if offered and credit is not None and until is not None:
            seconds = max(1, int((until - now).total_seconds() + 0.999))
            text = self.tr("Undo %1 (%2 s)").replace("%1", hours_text(credit.minutes)).replace("%2", str(seconds))
            self.undo_button.setText(text)
        self.undo_button.setVisible(offered)

    def _refresh_requests(self) -> None:
        mine = sorted(
            (request for request in self._model.requests.values() if request.seat == self.seat),
            key=lambda request: (request.waiting_since, request.id),
        )
        now = self._model.now()
        rows = [(self._request_text(request, now), self._model.urgency(request)) for request in mine]
        if not rows:
            rows = [(self.tr("No open requests"), Urgency.FRESH)]
        items = self._request_items()
        if len(items) != len(rows):
            self.requests.clear()
            items = []
            for _ in rows:
                item = QListWidgetItem()
                self.requests.addItem(item)
                items.append(item)
        for item, (text, urgency) in zip(items, rows, strict=True):
            if item.text() != text:
                item.setText(text)
            colour = URGENCY_TEXT[urgency]
            item.setData(Qt.ItemDataRole.ForegroundRole, None if colour is None else QBrush(colour))

    def _request_text(self, request: ServiceRequest, now: datetime) -> str:
        kind = kind_name(request.kind)
        if request.kind is RequestKind.CALL and request.calls > 1:
            kind += f" ×{request.calls}"
        return f"{kind} · {age_text(request.waiting_since, now)} · {state_name(request.state)}"

    def _about(self, text: str, minutes: int) -> str:
        """`text` with the time (%1) and this seat (%2) in it."""
        return text.replace("%1", hours_text(minutes)).replace("%2", self.seat)

    def _say(self, outcome: str) -> None:
        self._outcome = outcome
        self.status.setText(outcome)

    def _request_items(self) -> list[QListWidgetItem]:
        return [self.requests.item(row) for row in range(self.requests.count())]

    def _newest_credit_id(self) -> int:
        return max(self._model.credits, default=0)

    def _own_new_credits(self) -> list[TimeCredit]:
        """Counter credits on this seat newer than any seen here, by whoever signed in here, newest first."""
        me = self._model.me
        return [
            credit
            for credit in self._model.recent_credits()
            if credit.id > self._newest_seen
            and credit.seat == self.seat
            and credit.request_id is None
            and (me is None or credit.actor.partition(":")[2] == me.name)
        ]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Seat %1").replace("%1", self.seat))
        self._title.setText(self.tr("Seat %1").replace("%1", self.seat))
        self._requests_title.setText(self.tr("Open requests"))
        self._give_title.setText(self.tr("Paid at the counter: put time on this seat"))
        for minutes, button in self.time_buttons.items():
            button.setText(hours_text(minutes))
        self.back_button.setText(self.tr("Back"))
        self.confirm_button.setText(self.tr("Confirm"))
        self.close_button.setText(self.tr("Close"))
        self.refresh()

    # Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def done(self, result: int) -> None:
        """Closed: it stops following the view-model (the window may open another seat at once)."""
        self._clock.stop()
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        super().done(result)
