"""The staff window: every open request in lanes by kind, oldest first, each card with its age and its next step.

Nothing is missed: every new request, every repeated call and every customer's cancel is announced (the banner
names each, the lanes and the window title count what waits, the taskbar entry flashes, the chime sounds), and the
chime sounds again every half minute while anything waits untaken past its kind's first limit. The connection bar
says when the hub is lost (the link reconnects by itself) or cannot save; the Menu tab switches items off and on
for every kiosk at once (a manager also sets prices and stock there); the Seats tab shows the room and puts time
paid at the counter on a seat; a manager's Staff tab adds, changes and disables staff users; the Shift tab opens
the cashier's shift with its float, keeps its takings in sight and closes it with the cash counted; a manager's
Reports tab shows a period's figures and charts and saves its workbook.
"""

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netbar.domain.commands import MAX_TEXT
from netbar.domain.requests import Action, RequestKind, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.texts import action_name, kind_name, lines_text, staff_refusal_text, state_name
from netbar.gui.touch import TouchButton, keep_place_when_hidden, label
from netbar.staff.alert import Chime
from netbar.staff.lane import Lane
from netbar.staff.menu_panel import MenuPanel
from netbar.staff.reports_panel import ReportsPanel
from netbar.staff.request_card import next_action
from netbar.staff.seats_panel import SeatsPanel
from netbar.staff.shift_panel import ShiftPanel, local_time
from netbar.staff.staff_panel import StaffPanel
from netbar.staff.viewmodel import StaffViewModel, allowed_actions

BANNER_MS = 15_000
TICK_MS = 1000
CHIME_AGAIN = timedelta(seconds=30)  # while a request waits untaken past its limit
NEWS_KEPT = timedelta(seconds=15)  # news in the banner: what arrived together is announced together
DEFAULT_SIZE = (1000, 700)
STAFF_TAB = 3  # inside a 1024×768 counter screen, with the taskbar
SHIFT_TAB = 4
REPORTS_TAB = 5


class StaffWindow(QMainWindow):
    """Signals:
    closeRequested(): the window was closed.
    signOutRequested(): the staff member signed out: another may sign in.
    """

    closeRequested = Signal()
    signOutRequested = Signal()

    def __init__(self, model: StaffViewModel, translations: Translations, user: str) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self._user = user
        self._selected: int | None = None
        self._news: deque[tuple[datetime, str]] = deque(maxlen=20)
        self._chimed_at: datetime | None = None
        self.chime = Chime(self)

        self.connection = label("connection")
        self._user_label = label("user")
        self.sign_out_button = TouchButton()
        self.sign_out_button.setMaximumWidth(160)
        self.sign_out_button.clicked.connect(self.signOutRequested)
        self.language_button = TouchButton(role="language")
        self.language_button.setMaximumWidth(140)
        self.language_button.clicked.connect(translations.toggle)
        # Always in sight: whether a shift is open; a tap (or Enter) goes to the Shift tab.
        self.shift_button = TouchButton()
        self.shift_button.setMaximumWidth(240)
        self.shift_button.setAccessibleName("shift")
        self.shift_button.clicked.connect(self.show_shift)
        top = QHBoxLayout()
        top.addWidget(self.connection, 1)
        top.addWidget(self.shift_button)
        top.addWidget(self._user_label)
        top.addWidget(self.sign_out_button)
        top.addWidget(self.language_button)
        self.alert = _one_line(label("alert"))
        self.alert.hide()
        self._alert_timer = QTimer(self, singleShot=True, interval=BANNER_MS)
        self._alert_timer.timeout.connect(self.alert.hide)
        self.failure = _one_line(label("failure"))
        self.failure.hide()
        self._failure_timer = QTimer(self, singleShot=True, interval=BANNER_MS)
        self._failure_timer.timeout.connect(self.failure.hide)
        self._down_reason = ""
        self._trouble = ""  # what keeps the hub from saving, as it last said

        self.queues = {kind: Lane(kind, translations) for kind in RequestKind}
        lanes = QHBoxLayout()
        for lane in self.queues.values():
            lane.chosen.connect(self.select)
            lane.stepTaken.connect(self._on_step)
            lanes.addWidget(lane, 1)

        self.action_buttons = {action: TouchButton(role="action") for action in Action}
        for action, button in self.action_buttons.items():
            button.setAccessibleName(action.value)
            button.clicked.connect(lambda _=False, action=action: self._on_action(action))
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_TEXT)
        self._confirm_cancel = TouchButton(role="danger")
        self._confirm_cancel.clicked.connect(self._on_confirm_cancel)
        self.reason.returnPressed.connect(self._on_confirm_cancel)
        self._cancel_row = QWidget()
        cancel_layout = QHBoxLayout(self._cancel_row)
        cancel_layout.setContentsMargins(0, 0, 0, 0)
        cancel_layout.addWidget(self.reason, 1)
        cancel_layout.addWidget(self._confirm_cancel)
        self._cancel_row.hide()
        # What the buttons will act on, beside them: they belong to the chosen card, not to the column above.
        self.chosen = _one_line(label("chosen"))
        actions = QHBoxLayout()
        actions.addWidget(self.chosen, 2)
        for button in self.action_buttons.values():
            actions.addWidget(button, 1)

        self.requests_tab = QWidget()
        requests_layout = QVBoxLayout(self.requests_tab)
        requests_layout.addLayout(lanes, 1)
        requests_layout.addLayout(actions)
        requests_layout.addWidget(self._cancel_row)
        self.menu_panel = MenuPanel(model, translations)
        self.seats_panel = SeatsPanel(model)
        self.staff_panel = StaffPanel(model)
        self.shift_panel = ShiftPanel(model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.requests_tab, "")
        self.tabs.addTab(self.seats_panel, "")
        self.tabs.addTab(self.menu_panel, "")
        self.tabs.addTab(self.staff_panel, "")  # a manager's: shown once the hub says who signed in
        self.tabs.setTabVisible(STAFF_TAB, False)
        self.tabs.addTab(self.shift_panel, "")
        self.reports_panel = ReportsPanel(model.reports)
        self.tabs.addTab(self.reports_panel, "")  # a manager's, as the Staff tab
        self.tabs.setTabVisible(REPORTS_TAB, False)

        central = QWidget()
        layout = QVBoxLayout(central)
        # The two banners share one row that is always there, one line high: a request arriving must not move
        # the lanes under the finger of someone about to tap a card.
        banners = QHBoxLayout()
        for banner, share in ((self.alert, 3), (self.failure, 2)):
            banners.addWidget(banner, share)
        layout.addLayout(top)
        layout.addLayout(banners)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._add_shortcuts()

        model.requestsChanged.connect(self._on_requests_changed)
        model.requestArrived.connect(self._on_arrived)
        model.requestRecalled.connect(self._on_recalled)
        model.requestWithdrawn.connect(self._on_withdrawn)
        model.connectionChanged.connect(self._show_connection)
        model.actionFailed.connect(self._show_failure)
        model.hubTrouble.connect(self._show_trouble)
        model.staffUsersChanged.connect(self._show_role)
        model.shiftChanged.connect(self._show_shift)
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self.resize(*DEFAULT_SIZE)
        self.retranslate()
        self._on_requests_changed()
        self._show_role()

    def selected_request(self) -> ServiceRequest | None:
        return None if self._selected is None else self._model.requests.get(self._selected)

    def select(self, request_id: int) -> None:
        """Make `request_id` the chosen request, as a tap on its card does."""
        if request_id not in self._model.requests:
            return
        if self._selected != request_id:
            self._cancel_row.hide()
        self._selected = request_id
        for lane in self.queues.values():
            lane.set_chosen(request_id)
        self._update_actions()

    def show_shift(self) -> None:
        """Go to the Shift tab, its first field ready for typing."""
        self.tabs.setCurrentIndex(SHIFT_TAB)
        field = self.shift_panel.float_input if self._model.shift is None else self.shift_panel.counted_input
        field.setFocus()

    def tick(self) -> None:
        """Every second: each card's time waited and colour, and the chime again while anything waits too long."""
        now = self._model.now()
        for lane in self.queues.values():
            lane.tick(now, self._model.urgency)
        if self._model.overdue() and (self._chimed_at is None or now - self._chimed_at >= CHIME_AGAIN):
            self._ring(now)

    # Reacting to the model

    def _on_requests_changed(self) -> None:
        for lane in self.queues.values():
            lane.set_requests(self._model.requests)
        if self._selected is not None and self._selected not in self._model.requests:
            self._selected = None
            self._cancel_row.hide()
        for lane in self.queues.values():
            lane.set_chosen(self._selected)
        self.tick()
        self._update_titles()
        self._update_actions()

    def _on_arrived(self, request: ServiceRequest) -> None:
        text = f"{request.seat} · {kind_name(request.kind)}"
        if request.lines:
            text += " · " + lines_text(request.lines, self._translations.name)
        if request.note:
            text += f" · “{request.note}”"
        self._announce(text)

    def _on_recalled(self, request: ServiceRequest) -> None:
        self._announce(self.tr("%1 called again (×%2)").replace("%1", request.seat).replace("%2", str(request.calls)))

    def _on_withdrawn(self, request: ServiceRequest) -> None:
        self.queues[request.kind].withdraw(request, self._model.now())
        what = self.tr("%1 cancelled their %2 request").replace("%1", request.seat)
        self._announce(what.replace("%2", kind_name(request.kind)))
        self._update_titles()

    def _announce(self, text: str) -> None:
        """Into the banner with whatever else came in the last few seconds, then the chime and the taskbar."""
        now = self._model.now()
        self._news.append((now, text))
        recent = [news for when, news in self._news if now - when < NEWS_KEPT]
        if len(recent) == 1:
            shown = self.tr("New: %1").replace("%1", recent[0])
        else:
            shown = self.tr("%1 new: %2").replace("%1", str(len(recent))).replace("%2", " | ".join(reversed(recent)))
        self.alert.setText(shown)
        self.alert.setToolTip(shown)
        self.alert.show()
        self._alert_timer.start()
        self._ring(now)
        QApplication.alert(self)  # the taskbar entry flashes until the window is looked at

    def _ring(self, now: datetime) -> None:
        self._chimed_at = now
        self.chime.play()

    def _show_role(self) -> None:
        """Who signed in, and what their role offers: the Staff and Reports tabs are a manager's."""
        self.tabs.setTabVisible(STAFF_TAB, self._model.is_manager)
        self.tabs.setTabVisible(REPORTS_TAB, self._model.is_manager)
        self.retranslate_user()

    def _show_shift(self) -> None:
        shift = self._model.shift
        if shift is None:
            self.shift_button.setText(self.tr("No shift open"))
        else:
            self.shift_button.setText(self.tr("Shift since %1").replace("%1", local_time(shift.opened_at)))

    def _show_trouble(self, trouble: str) -> None:
        self._trouble = trouble
        self._show_connection(self._model.connected, self._down_reason)

    def _show_connection(self, connected: bool, reason: str) -> None:
        self._down_reason = reason
        # Until the hub writes again, the bar that is always in sight says what is wrong with it.
        troubled = connected and bool(self._trouble)
        self.connection.setProperty("state", "down" if troubled or not connected else "up")
        if not connected:
            text = self.tr("Hub lost — reconnecting… (%1)").replace("%1", reason)
        elif troubled:
            text = self.tr("Hub trouble: %1").replace("%1", self._trouble)
        else:
            text = self.tr("Connected to the hub")
        self.connection.setText(text)
        self.connection.setToolTip(text)
        self.connection.style().polish(self.connection)
        self._update_actions()  # nothing can be done to a request while the hub is away

    def _show_failure(self, code: str, message: str) -> None:
        reason = f"{staff_refusal_text(code)} ({message})"
        text = self.tr("Not done: %1").replace("%1", reason)
        self.failure.setText(text)
        self.failure.setToolTip(text)
        self.failure.show()
        self._failure_timer.start()

    # Choosing and acting

    def _on_step(self, request_id: int, action: Action) -> None:
        self._model.act(request_id, action)

    def _on_action(self, action: Action) -> None:
        request = self.selected_request()
        if request is None:
            return
        if action is Action.CANCEL:
            self._cancel_row.show()
            self.reason.setFocus()
            return
        self._model.act(request.id, action)

    def _on_confirm_cancel(self) -> None:
        request = self.selected_request()
        reason = self.reason.text().strip()
        if request is None or not reason:
            self.reason.setFocus()
            return
        self._model.cancel(request.id, reason)
        self.reason.clear()
        self._cancel_row.hide()

    def _add_shortcuts(self) -> None:
        """Keys for the chosen card, on the Requests tab: Enter its next step, Delete cancel it, the arrows choose
        another, Escape lets go."""
        keys = {
            Qt.Key.Key_Return: self._step_chosen,
            Qt.Key.Key_Enter: self._step_chosen,
            Qt.Key.Key_Space: self._step_chosen,
            Qt.Key.Key_Delete: lambda: self._on_action(Action.CANCEL),
            Qt.Key.Key_Up: lambda: self._move_choice(-1, 0),
            Qt.Key.Key_Down: lambda: self._move_choice(1, 0),
            Qt.Key.Key_Left: lambda: self._move_choice(0, -1),
            Qt.Key.Key_Right: lambda: self._move_choice(0, 1),
            Qt.Key.Key_Escape: self._let_go,
        }
        for key, act in keys.items():
            shortcut = QShortcut(QKeySequence(key), self.requests_tab)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda key=key, act=act: self._on_key(key, act))

    def _on_key(self, key: Qt.Key, act: Callable[[], None]) -> None:
        # Typing a cancel reason: Enter sends it; the other keys are the text field's.
        if not self.reason.hasFocus():
            act()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_confirm_cancel()

    def _step_chosen(self) -> None:
        request = self.selected_request()
        step = None if request is None else next_action(request)
        if request is not None and step is not None and self._model.connected:
            self._model.act(request.id, step)

    def _move_choice(self, down: int, across: int) -> None:
        """Choose the card above or below in the same lane, or the first of the next lane that has any."""
        request = self.selected_request()
        kinds = list(self.queues)
        if request is None or across:
            start = 0 if request is None else kinds.index(request.kind) + across
            step = across or 1
            for offset in range(len(kinds)):
                ids = self.queues[kinds[(start + step * offset) % len(kinds)]].request_ids()
                if ids:
                    self.select(ids[0])
                    return
            return
        ids = self.queues[request.kind].request_ids()
        row = ids.index(request.id) + down
        if 0 <= row < len(ids):
            self.select(ids[row])

    def _let_go(self) -> None:
        self._cancel_row.hide()
        self._selected = None
        for lane in self.queues.values():
            lane.set_chosen(None)
        self._update_actions()

    def _update_actions(self) -> None:
        request = self.selected_request()
        allowed = set() if request is None else allowed_actions(request)
        for action, button in self.action_buttons.items():
            button.setEnabled(action in allowed and self._model.connected)
            button.setText(action_name(action, None if request is None else request.kind))
        for lane in self.queues.values():
            lane.set_enabled_steps(self._model.connected)
        if request is None:
            self.chosen.setText(self.tr("Tap a request to act on it"))
        else:
            where = f"{request.seat} · {kind_name(request.kind)} — {state_name(request.state)}"
            self.chosen.setText(self.tr("Chosen: %1").replace("%1", where))

    def _update_titles(self) -> None:
        waiting = sum(lane.waiting() for lane in self.queues.values())
        title = self.tr("Netbar staff — %n open request(s)", "", len(self._model.requests))
        self.setWindowTitle(f"({waiting}) {title}" if waiting else title)
        count = self.tr("Requests")
        self.tabs.setTabText(0, f"{count} ({waiting})" if waiting else count)

    def retranslate_user(self) -> None:
        me = self._model.me
        if me is None:
            self._user_label.setText(self.tr("Signed in as %1").replace("%1", self._user))
            return
        role = self.tr("manager") if self._model.is_manager else self.tr("cashier")
        self._user_label.setText(self.tr("Signed in as %1 (%2)").replace("%1", me.name).replace("%2", role))

    def retranslate(self) -> None:
        self.retranslate_user()
        self.sign_out_button.setText(self.tr("Sign out"))
        self.language_button.setText("English" if self._translations.language == "zh" else "中文")
        self.reason.setPlaceholderText(self.tr("Reason the customer will see, e.g. sold out"))
        self._confirm_cancel.setText(self.tr("Cancel request"))
        self.tabs.setTabText(1, self.tr("Seats"))
        self.tabs.setTabText(2, self.tr("Menu"))
        self.tabs.setTabText(STAFF_TAB, self.tr("Staff"))
        self.tabs.setTabText(SHIFT_TAB, self.tr("Shift"))
        self.tabs.setTabText(REPORTS_TAB, self.tr("Reports"))
        self.reports_panel.retranslate()
        self.shift_panel.retranslate()
        self._show_shift()
        self.menu_panel.retranslate()
        self.staff_panel.retranslate()
        self.seats_panel.retranslate()
        for lane in self.queues.values():
            lane.retranslate()
        self._show_connection(self._model.connected, self._down_reason)
        self._update_titles()
        self._update_actions()

    # Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.closeRequested.emit()


def _one_line(widget: QLabel) -> QLabel:
    """A label one line high that keeps its room when hidden and whose text never widens the window (what does
    not fit is cut; the tooltip has it all): banners come and go, and nothing around them moves."""
    widget.setWordWrap(False)
    widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    keep_place_when_hidden(widget)
    return widget
