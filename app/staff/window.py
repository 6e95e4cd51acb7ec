"""The staff window: every open request, grouped by kind, with the actions the lifecycle allows on the chosen one.

A new request rings and shows in a banner; the connection indicator says when the hub is lost (the link
reconnects by itself); the Menu tab switches items off and on for every kiosk at once; the Seats tab shows the
time left on each seat and puts time paid at the counter on it.
"""

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMainWindow,
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
from netbar.staff.card_delegate import CardDelegate
from netbar.staff.menu_panel import MenuPanel
from netbar.staff.queue_model import RequestQueueModel
from netbar.staff.seats_panel import SeatsPanel
from netbar.staff.viewmodel import StaffViewModel, allowed_actions

BANNER_MS = 15_000
AGE_REFRESH_MS = 30_000


class StaffWindow(QMainWindow):
    """Signals:
    closeRequested(): the window was closed.
    """

    closeRequested = Signal()

    def __init__(self, model: StaffViewModel, translations: Translations, user: str) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self._user = user
        self._selected: int | None = None
        self.chime = Chime(self)

        self.connection = label("connection")
        self._user_label = label("user")
        self.language_button = TouchButton(role="language")
        self.language_button.setMaximumWidth(140)
        self.language_button.clicked.connect(translations.toggle)
        top = QHBoxLayout()
        top.addWidget(self.connection, 1)
        top.addWidget(self._user_label)
        top.addWidget(self.language_button)
        self.alert = label("alert", wrap=True)
        self.alert.hide()
        self._alert_timer = QTimer(self, singleShot=True, interval=BANNER_MS)
        self._alert_timer.timeout.connect(self.alert.hide)
        self.failure = label("failure", wrap=True)
        self.failure.hide()
        self._failure_timer = QTimer(self, singleShot=True, interval=BANNER_MS)
        self._failure_timer.timeout.connect(self.failure.hide)
        self._down_reason = ""
        self._trouble = ""  # what keeps the hub from saving, as it last said

        self.queues = {kind: RequestQueueModel(kind, translations, self) for kind in RequestKind}
        self.views: dict[RequestKind, QListView] = {}
        self._titles = {kind: label("queueTitle") for kind in RequestKind}
        columns = QHBoxLayout()
        for kind, queue in self.queues.items():
            view = QListView()
            view.setModel(queue)
            view.setWordWrap(True)
            view.setSpacing(4)
            view.setItemDelegate(CardDelegate(view))
            view.setResizeMode(QListView.ResizeMode.Adjust)  # a narrower column wraps into taller cards
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setAccessibleName(f"queue {kind.value}")
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, kind=kind: self._on_current(kind, current)
            )
            self.views[kind] = view
            column = QVBoxLayout()
            column.addWidget(self._titles[kind])
            column.addWidget(view, 1)
            columns.addLayout(column)

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
        cancel_layout.addWidget(self.reason, 1)
        cancel_layout.addWidget(self._confirm_cancel)
        self._cancel_row.hide()
        # What the buttons will act on, beside them: they belong to the chosen card, not to the column above.
        self.chosen = label("chosen", wrap=True)
        actions = QHBoxLayout()
        actions.addWidget(self.chosen, 1)
        for button in self.action_buttons.values():
            actions.addWidget(button, 1)

        requests_tab = QWidget()
        requests_layout = QVBoxLayout(requests_tab)
        requests_layout.addLayout(columns, 1)
        requests_layout.addLayout(actions)
        requests_layout.addWidget(self._cancel_row)
        self.menu_panel = MenuPanel(model, translations)
        self.seats_panel = SeatsPanel(model)
        self.tabs = QTabWidget()
        self.tabs.addTab(requests_tab, "")
        self.tabs.addTab(self.menu_panel, "")
        self.tabs.addTab(self.seats_panel, "")

        central = QWidget()
        layout = QVBoxLayout(central)
        # The two banners share one row that is always there: a request arriving must not move the queue
        # under the cursor of someone about to click a card.
        banners = QHBoxLayout()
        for banner, share in ((self.alert, 3), (self.failure, 2)):
            keep_place_when_hidden(banner)
            banners.addWidget(banner, share)
        layout.addLayout(top)
        layout.addLayout(banners)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        model.requestsChanged.connect(self._on_requests_changed)
        model.requestArrived.connect(self._on_arrived)
        model.connectionChanged.connect(self._show_connection)
        model.actionFailed.connect(self._show_failure)
        model.hubTrouble.connect(self._show_trouble)
        self._ages = QTimer(self, interval=AGE_REFRESH_MS)
        self._ages.timeout.connect(self._refresh_queues)
        self._ages.start()
        self.retranslate()
        self._on_requests_changed()

    def selected_request(self) -> ServiceRequest | None:
        return None if self._selected is None else self._model.requests.get(self._selected)

    def select(self, request_id: int) -> None:
        """Make `request_id` the chosen request, as a click on its card does."""
        request = self._model.requests.get(request_id)
        if request is None:
            return
        queue = self.queues[request.kind]
        row = queue.row_of(request_id)
        if row is not None:
            self.views[request.kind].selectionModel().setCurrentIndex(
                queue.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    # Reacting to the model

    def _on_requests_changed(self) -> None:
        for queue in self.queues.values():
            queue.set_requests(self._model.requests)
        if self._selected is not None and self._selected in self._model.requests:
            self.select(self._selected)
        elif self._selected is not None:
            self._selected = None
            self._cancel_row.hide()
        self._update_titles()
        self._update_actions()

    def _on_arrived(self, request: ServiceRequest) -> None:
        text = f"{request.seat} · {kind_name(request.kind)}"
        if request.lines:
            text += " · " + lines_text(request.lines, self._translations.name)
        if request.note:
            text += f" · “{request.note}”"
        self.alert.setText(self.tr("New request: %1").replace("%1", text))
        self.alert.show()
        self._alert_timer.start()
        self.chime.play()
        QApplication.alert(self)

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
        self.connection.style().polish(self.connection)
        self._update_actions()  # nothing can be done to a request while the hub is away

    def _show_failure(self, code: str, message: str) -> None:
        reason = f"{staff_refusal_text(code)} ({message})"
        self.failure.setText(self.tr("Not done: %1").replace("%1", reason))
        self.failure.show()
        self._failure_timer.start()

    # Choosing and acting

    def _on_current(self, kind: RequestKind, current: QModelIndex) -> None:
        request = self.queues[kind].request_at(current.row()) if current.isValid() else None
        if request is None:
            return
        if self._selected != request.id:
            self._cancel_row.hide()
        self._selected = request.id
        for other, view in self.views.items():
            if other is not kind:
                view.selectionModel().clear()
        self._update_actions()

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

    def _update_actions(self) -> None:
        request = self.selected_request()
        allowed = set() if request is None else allowed_actions(request)
        for action, button in self.action_buttons.items():
            button.setEnabled(action in allowed and self._model.connected)
            button.setText(action_name(action, None if request is None else request.kind))
        if request is None:
            self.chosen.setText(self.tr("Click a request to act on it"))
        else:
            where = f"{request.seat} · {kind_name(request.kind)} — {state_name(request.state)}"
            self.chosen.setText(self.tr("Chosen: %1").replace("%1", where))

    def _update_titles(self) -> None:
        for kind, title in self._titles.items():
            title.setText(f"{kind_name(kind)} ({self.queues[kind].rowCount()})")
        count = len(self._model.requests)
        self.setWindowTitle(self.tr("Netbar staff — %n open request(s)", "", count))

    def _refresh_queues(self) -> None:
        for queue in self.queues.values():
            queue.refresh()

    def retranslate(self) -> None:
        self._user_label.setText(self.tr("Signed in as %1").replace("%1", self._user))
        self.language_button.setText("English" if self._translations.language == "zh" else "中文")
        self.reason.setPlaceholderText(self.tr("Reason the customer will see, e.g. sold out"))
        self._confirm_cancel.setText(self.tr("Cancel request"))
        self.tabs.setTabText(0, self.tr("Requests"))
        self.tabs.setTabText(1, self.tr("Menu"))
        self.tabs.setTabText(2, self.tr("Seats"))
        self.menu_panel.retranslate()
        self.seats_panel.retranslate()
        self._show_connection(self._model.connected, self._down_reason)
        self._update_titles()
        self._refresh_queues()

    # Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.closeRequested.emit()
