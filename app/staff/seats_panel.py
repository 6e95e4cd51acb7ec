"""Seats and their time: what is left on each, and time paid for at the counter put on a seat in one tap."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbar.gui.texts import minutes_text
from netbar.gui.touch import TouchButton, label
from netbar.staff.viewmodel import StaffViewModel

# The counter sells time in these steps; the time packages at the seats are on the menu.
TIME_STEPS = (60, 180, 300)
TICK_MS = 1000


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
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
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
        self.refresh()

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
        self._update_buttons()

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
