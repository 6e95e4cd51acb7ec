"""Seats and their time: the seat map (tap a seat to see its requests and put paid time on it, confirmed, with an
undo), and the time put on seats lately, where a credit made by mistake (the wrong seat, a late regret) is undone."""

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from netbar.domain.requests import RequestKind
from netbar.domain.sessions import TimeCredit
from netbar.gui.touch import TouchButton, label
from netbar.staff.seat_dialog import SeatDialog
from netbar.staff.seat_map import SeatMap
from netbar.staff.viewmodel import StaffViewModel

_CREDIT_ID = Qt.ItemDataRole.UserRole
CREDIT_ROWS = 3  # the list shows this many credits at once and scrolls: the map keeps the room


class SeatsPanel(QWidget):
    def __init__(self, model: StaffViewModel) -> None:
        super().__init__()
        self._model = model
        self.dialog: SeatDialog | None = None  # the seat open now
        self.map = SeatMap(model)
        self.map.seatChosen.connect(self.open_seat)
        self._hint = label("hint", wrap=True)
        self.summary = label("chosen")
        head = QHBoxLayout()
        head.addWidget(self._hint, 1)
        head.addWidget(self.summary)
        self._credits_title = label("section")
        self.credits = QListWidget()
        self.credits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.credits.itemSelectionChanged.connect(self._update_buttons)
        self.undo_button = TouchButton(role="danger")
        self.undo_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.undo_button.setAccessibleName("undo credit")
        self.undo_button.clicked.connect(self._undo)
        credits_row = QHBoxLayout()
        credits_row.addWidget(self.credits, 1)
        credits_row.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.map, 1)
        layout.addWidget(self._credits_title)
        layout.addLayout(credits_row)
        model.seatsChanged.connect(self.refresh)
        model.presenceChanged.connect(self._on_presence_changed)
        model.requestsChanged.connect(self._refresh_summary)
        model.connectionChanged.connect(self._on_connection_changed)
        self._fit_credits()
        self.retranslate()

    def open_seat(self, seat: str) -> SeatDialog:
        """Open `seat` in its dialog, over this window (one seat at a time: another one open is closed)."""
        if self.dialog is not None and self.dialog.seat == seat:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        if self.dialog is not None:
            self.dialog.reject()
        dialog = SeatDialog(self._model, seat, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Not a lambda holding the dialog: freed while Qt deletes the dialog, it would delete it a second time.
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.show()
        return dialog

    def retranslate(self) -> None:
        self._hint.setText(self.tr("Tap a seat to see its requests and put paid time on it."))
        self._credits_title.setText(self.tr("Time put on seats lately"))
        self.undo_button.setText(self.tr("Undo this credit"))
        self.refresh()

    def selected_credit(self) -> TimeCredit | None:
        chosen = self.credits.selectedItems()
        return self._model.credits.get(chosen[0].data(_CREDIT_ID)) if chosen else None

    @Slot()
    def refresh(self) -> None:
        self._refresh_credits()
        self._refresh_summary()
        self._update_buttons()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    @Slot(str)
    def _on_presence_changed(self, _seat: str) -> None:
        self._refresh_summary()

    @Slot(bool, str)
    def _on_connection_changed(self, _connected: bool, _reason: str) -> None:
        self._update_buttons()

    def _refresh_summary(self) -> None:
        """How the venue is: seats, kiosks online, seats calling staff."""
        model = self._model
        calling = {request.seat for request in model.requests.values() if request.kind is RequestKind.CALL}
        text = self.tr("%1 seats · %2 online · %3 calling").replace("%1", str(len(model.seats)))
        self.summary.setText(text.replace("%2", str(len(model.online))).replace("%3", str(len(calling))))

    def _refresh_credits(self) -> None:
        """One row per credit, newest first; the chosen one stays chosen."""
        chosen = self.selected_credit()
        credits = self._model.recent_credits()
        if [item.text() for item in self._credit_items()] == [self._credit_text(c) for c in credits]:
            return
        self.credits.clear()
        for credit in credits:
            item = QListWidgetItem(self._credit_text(credit))
            item.setData(_CREDIT_ID, credit.id)
            self.credits.addItem(item)
            if chosen is not None and credit.id == chosen.id:
                item.setSelected(True)
                self.credits.setCurrentItem(item)
        self._fit_credits()

    def _fit_credits(self) -> None:
        row = self.credits.sizeHintForRow(0) if self.credits.count() else self.fontMetrics().height() + 18
        frame = 2 * self.credits.frameWidth()
        self.credits.setFixedHeight(frame + max(1, row) * CREDIT_ROWS)

    def _credit_items(self) -> list[QListWidgetItem]:
        return [self.credits.item(row) for row in range(self.credits.count())]

    def _credit_text(self, credit: TimeCredit) -> str:
        when = credit.created_at.astimezone().strftime("%H:%M")
        who = credit.actor.partition(":")[2] or credit.actor
        text = self.tr("%1  %2  +%3 min  by %4").replace("%1", when).replace("%2", credit.seat)
        text = text.replace("%3", str(credit.minutes)).replace("%4", who)
        if credit.request_id is not None:
            text += "  " + self.tr("(renewal #%1)").replace("%1", str(credit.request_id))
        if credit.undone_at is not None:
            undone_by = (credit.undone_by or "").partition(":")[2]
            text += "  " + self.tr("— undone by %1").replace("%1", undone_by)
        return text

    def _undo(self) -> None:
        credit = self.selected_credit()
        if credit is not None and credit.undoable:
            self._model.undo_credit(credit.id)

    def _update_buttons(self) -> None:
        credit = self.selected_credit()
        self.undo_button.setEnabled(credit is not None and credit.undoable and self._model.connected)
