"""Seats and their time: what is left on each, time paid for at the counter put on a seat in one tap, and the
time put on seats lately, where a credit made by mistake (a double tap, the wrong seat) is undone."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbar.domain.sessions import TimeCredit
from netbar.gui.texts import minutes_text
from netbar.gui.touch import TouchButton, label
from netbar.staff.viewmodel import StaffViewModel

# The counter sells time in these steps; the time packages at the seats are on the menu.
TIME_STEPS = (60, 180, 300)
TICK_MS = 1000
_CREDIT_ID = Qt.ItemDataRole.UserRole


class SeatsPanel(QWidget):
    def __init__(self, model: StaffViewModel) -> None:
        super().__init__()
        self._model = model
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no focus frame that looks like a chosen seat
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._hint = label("hint", wrap=True)
        self.time_buttons = {minutes: TouchButton(role="action") for minutes in TIME_STEPS}
        buttons = QHBoxLayout()
        buttons.addWidget(self._hint, 1)
        for minutes, button in self.time_buttons.items():
            button.setAccessibleName(f"give {minutes} minutes")
            button.clicked.connect(lambda _=False, minutes=minutes: self._give(minutes))
            buttons.addWidget(button)
        self._credits_title = label("section")
        self.credits = QListWidget()
        self.credits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.credits.itemSelectionChanged.connect(self._update_buttons)
        self.undo_button = TouchButton(role="danger")
        self.undo_button.setAccessibleName("undo credit")
        self.undo_button.clicked.connect(self._undo)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self._credits_title, 1)
        undo_row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addLayout(undo_row)
        layout.addWidget(self.credits, 2)
        model.seatsChanged.connect(self.refresh)
        model.connectionChanged.connect(self._update_buttons)
        self._clock = QTimer(self, interval=TICK_MS)
        self._clock.timeout.connect(self.refresh)
        self._clock.start()
        self.retranslate()

    def selected_seat(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        cell = self.table.item(rows[0].row(), 0) if rows else None
        return None if cell is None else cell.text()

    def select(self, seat: str) -> None:
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.text() == seat:
                self.table.selectRow(row)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Seat"), self.tr("Time left"), self.tr("Until")])
        self._hint.setText(self.tr("Paid at the counter? Choose the seat, then the time."))
        for minutes, button in self.time_buttons.items():
            button.setText(self.tr("+%1 h").replace("%1", str(minutes // 60)))
        self._credits_title.setText(self.tr("Time put on seats lately"))
        self.undo_button.setText(self.tr("Undo this credit"))
        self.refresh()

    def selected_credit(self) -> TimeCredit | None:
        chosen = self.credits.selectedItems()
        return self._model.credits.get(chosen[0].data(_CREDIT_ID)) if chosen else None

    def refresh(self) -> None:
        """Fill the table, in place, so a tick does not lose the seat staff have chosen."""
        chosen = self.selected_seat()
        seats = sorted(self._model.seats)
        self.table.setRowCount(len(seats))
        for row, seat in enumerate(seats):
            for column, text in enumerate(self._cells(seat)):
                cell = self.table.item(row, column)
                if cell is None:
                    cell = QTableWidgetItem()
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.table.setItem(row, column, cell)
                cell.setText(text)
        if chosen is not None and chosen != self.selected_seat():
            self.select(chosen)
        self._refresh_credits()
        self._update_buttons()

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

    def _cells(self, seat: str) -> tuple[str, str, str]:
        left = self._model.seconds_left(seat)
        if not left:
            return seat, minutes_text(-1), ""
        ends_at = self._model.seats[seat].ends_at
        return seat, minutes_text(left), "" if ends_at is None else ends_at.astimezone().strftime("%H:%M")

    def _give(self, minutes: int) -> None:
        seat = self.selected_seat()
        if seat is not None:
            self._model.give_time(seat, minutes)

    def _update_buttons(self) -> None:
        enabled = self.selected_seat() is not None and self._model.connected
        for button in self.time_buttons.values():
            button.setEnabled(enabled)
        credit = self.selected_credit()
        self.undo_button.setEnabled(credit is not None and credit.undoable and self._model.connected)
