"""The Shift tab: open the counter's shift with the cash float, watch what it takes as it goes, and close it with
the cash counted, the difference shown before it is confirmed; below, the last shifts closed.

Keys: Enter in the float opens the shift; Enter in the counted cash asks to close (the difference and a
confirmation appear), Enter again closes; Escape goes back. Money is typed as `12`, `12.5` or `¥12.50`
(`money.parse_yuan`); anything else is said here and nothing is sent.
"""

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QVBoxLayout, QWidget

from netbar.domain.commands import MAX_TEXT
from netbar.domain.money import format_fen, parse_yuan
from netbar.domain.shifts import PaymentWay, Shift, ShiftEntry, ShiftSummary, Taking, actor_name
from netbar.gui.texts import staff_refusal_text
from netbar.gui.touch import MIN_TARGET, TouchButton, label
from netbar.staff.viewmodel import StaffViewModel

MONEY_CHARACTERS = 14  # "¥100000.00", with room to spare
CLOSED_ROWS_SHOWN = 3  # the last shifts' list scrolls: the open shift's figures keep the room


def local_time(at: datetime, with_day: bool = False) -> str:
    """`14:02`, or `11-27 14:02`, in this PC's time zone: the venue's."""
    return at.astimezone().strftime("%m-%d %H:%M" if with_day else "%H:%M")


class ShiftPanel(QWidget):
    """The counter's shift, through the view-model: `open_shift`, `close_shift`, and its running summary."""

    def __init__(self, model: StaffViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._sent = False  # this panel asked the hub for something it has not yet seen done

        self.title = label("pageTitle", wrap=True)
        self.float_input = self._money_input("cash float")
        self.float_input.returnPressed.connect(self.open_shift)
        self.open_button = TouchButton(role="primary")
        self.open_button.setAccessibleName("open shift")
        self.open_button.clicked.connect(self.open_shift)
        self.open_row = _row((self.float_input, 2), (self.open_button, 1))

        # What was taken on the left; what went back or never happened (refunds, cancellations) on the right.
        self.figures, self.returns, self.closed = _read_only_list(), _read_only_list(), _read_only_list()
        self.expected = label("summary", wrap=True)

        self.counted_input = self._money_input("counted cash")
        self.counted_input.textChanged.connect(self._on_counted_changed)
        self.counted_input.returnPressed.connect(self._on_counted_entered)
        self.note_input = QLineEdit()
        self.note_input.setMaxLength(MAX_TEXT)
        self.note_input.setMinimumHeight(MIN_TARGET)
        self.note_input.setAccessibleName("note")
        self.note_input.returnPressed.connect(self._on_counted_entered)
        self.close_button = TouchButton(role="danger")
        self.close_button.setAccessibleName("close shift")
        self.close_button.clicked.connect(self.ask_to_close)
        self.difference = label("chosen", wrap=True)
        self.confirm_button = TouchButton(role="danger")
        self.confirm_button.setAccessibleName("confirm close")
        self.confirm_button.clicked.connect(self.confirm_close)
        self.back_button = TouchButton()
        self.back_button.setAccessibleName("back")
        self.back_button.clicked.connect(self.back)
        self.close_row = _row((self.counted_input, 2), (self.note_input, 2), (self.close_button, 1))
        self.confirm_row = _row((self.confirm_button, 1), (self.back_button, 1))
        self.confirm_row.hide()

        self.failure = label("failure", wrap=True)
        self.failure.hide()
        self._closed_title = label("sectionTitle")
        self.closed.setMaximumHeight(CLOSED_ROWS_SHOWN * 30)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.open_row)
        figures = QHBoxLayout()
        figures.addWidget(self.figures, 1)
        figures.addWidget(self.returns, 1)
        layout.addLayout(figures, 1)
        layout.addWidget(self.expected)
        layout.addWidget(self.close_row)
        layout.addWidget(self.difference)
        layout.addWidget(self.confirm_row)
        layout.addWidget(self.failure)
        layout.addWidget(self._closed_title)
        layout.addWidget(self.closed)

        model.shiftChanged.connect(self._on_shift_changed)
        model.connectionChanged.connect(self._on_connection)
        model.actionFailed.connect(self._on_refused)
        self.retranslate()

    # Intents

    @Slot()
    def open_shift(self) -> None:
        float_fen = self._amount(self.float_input)
        if float_fen is None or self._model.shift is not None or not self._model.connected:
            return
        self._sent = True
        self._model.open_shift(float_fen)

    @Slot()
    def ask_to_close(self) -> None:
        """Show what closing now would record, and ask."""
        counted = self._amount(self.counted_input)
        if counted is None or self._model.shift is None or not self._model.connected:
            return
        self.confirm_row.show()
        self._show_difference()
        self.confirm_button.setFocus()

    @Slot()
    def confirm_close(self) -> None:
        counted = self._amount(self.counted_input)
        if counted is None or self._model.shift is None or not self._model.connected:
            return
        self._sent = True
        self._model.close_shift(counted, self.note_input.text().strip())
        self.confirm_row.hide()

    @Slot()
    def back(self) -> None:
        self.confirm_row.hide()
        self.failure.hide()

    # What is shown

    def summary_lines(self) -> list[str]:
        """The running summary as shown: the takings, then the refunds and cancellations."""
        return [each.item(row).text() for each in (self.figures, self.returns) for row in range(each.count())]

    def closed_lines(self) -> list[str]:
        return [self.closed.item(row).text() for row in range(self.closed.count())]

    @Slot()
    def refresh(self) -> None:
        shift, summary = self._model.shift, self._model.shift_summary()
        connected = self._model.connected
        self.open_row.setVisible(shift is None)
        self.close_row.setVisible(shift is not None)
        self.open_button.setEnabled(connected)
        self.close_button.setEnabled(connected)
        self.confirm_button.setEnabled(connected)
        self.figures.clear()
        self.returns.clear()
        if shift is None or summary is None:
            self.title.setText(self.tr("No shift open: count the float into the drawer and open one."))
            self.expected.clear()
            self.difference.clear()
            self.confirm_row.hide()
        else:
            opened = self.tr("Shift open since %1 (%2), float %3")
            self.title.setText(
                opened.replace("%1", local_time(shift.opened_at))
                .replace("%2", shift.opened_by)
                .replace("%3", format_fen(shift.float_fen))
            )
            self.figures.addItems(self._figures(summary))
            self.returns.addItems(self._returns(summary))
            expected = self.tr("Expected cash in the drawer: %1 (float %2 + cash %3 + on delivery %4)")
            self.expected.setText(
                expected.replace("%1", format_fen(summary.expected_cash_fen))
                .replace("%2", format_fen(summary.float_fen))
                .replace("%3", format_fen(summary.by_way[PaymentWay.CASH]))
                .replace("%4", format_fen(summary.by_way[PaymentWay.ON_DELIVERY]))
            )
            self._show_difference()
        self.closed.clear()
        self.closed.addItems([self._closed_text(closed) for closed in self._model.closed_shifts])
        self._closed_title.setVisible(bool(self._model.closed_shifts))  # a first shift: no empty box in the way
        self.closed.setVisible(bool(self._model.closed_shifts))

    def retranslate(self) -> None:
        self.float_input.setPlaceholderText(self.tr("Cash float in the drawer, e.g. 200 or ¥200.50"))
        self.open_button.setText(self.tr("Open shift"))
        self.counted_input.setPlaceholderText(self.tr("Cash counted in the drawer"))
        self.note_input.setPlaceholderText(self.tr("Note (optional)"))
        self.close_button.setText(self.tr("Close shift…"))
        self.confirm_button.setText(self.tr("Close shift"))
        self.back_button.setText(self.tr("Back"))
        self._closed_title.setText(self.tr("Last shifts"))
        self.refresh()

    def taking_name(self, taking: Taking) -> str:
        names = {
            Taking.FOOD: self.tr("Food"),
            Taking.DRINK: self.tr("Drinks"),
            Taking.RENEWAL: self.tr("Renewals at seats"),
            Taking.COUNTER_TIME: self.tr("Time at the counter"),
        }
        return names[taking]

    def way_name(self, way: PaymentWay) -> str:
        names = {
            PaymentWay.CASH: self.tr("Cash"),
            PaymentWay.QR: self.tr("QR code"),
            PaymentWay.ON_DELIVERY: self.tr("On delivery (cash)"),
        }
        return names[way]

    def difference_text(self, difference_fen: int) -> str:
        if difference_fen > 0:
            return self.tr("over by %1").replace("%1", format_fen(difference_fen))
        if difference_fen < 0:
            return self.tr("short by %1").replace("%1", format_fen(-difference_fen))
        return self.tr("exact")

    def _figures(self, summary: ShiftSummary) -> list[str]:
        taken = self.tr("Taken: %1 in %n sale(s)", "", summary.sales).replace("%1", format_fen(summary.taken_fen))
        lines = [taken]
        lines += [f"    {self.taking_name(taking)}  {format_fen(fen)}" for taking, fen in summary.by_kind.items()]
        lines.append(self.tr("Paid by"))
        lines += [f"    {self.way_name(way)}  {format_fen(fen)}" for way, fen in summary.by_way.items()]
        sold = self.tr("Time sold: %1, %2").replace("%1", self._hours(summary.time_minutes))
        sold = sold.replace("%2", format_fen(summary.time_fen))
        if summary.unpriced_minutes:
            unpriced = self.tr("(%1 not priced on the menu)").replace("%1", self._hours(summary.unpriced_minutes))
            sold += " " + unpriced
        lines.append(sold)
        return lines

    def _returns(self, summary: ShiftSummary) -> list[str]:
        lines = [self.tr("Refunds: %1").replace("%1", format_fen(summary.refunded_fen))]
        lines += [f"    {self._entry_text(entry)}" for entry in summary.refunds]
        lines.append(self.tr("Cancelled: %n", "", len(summary.cancellations)))
        lines += [f"    {self._entry_text(entry)}" for entry in summary.cancellations]
        return lines

    def _entry_text(self, entry: ShiftEntry) -> str:
        """`A01 · Food · ¥12.00 · Cash · “cold noodles” · li`."""
        parts = [entry.seat, self.taking_name(entry.taking), format_fen(entry.fen), self.way_name(entry.way)]
        if entry.taking is Taking.COUNTER_TIME:
            parts.append(self.tr("%1 undone").replace("%1", self._hours(entry.minutes)))
        elif entry.reason:
            parts.append(f"“{entry.reason}”")
        else:
            parts.append(self.tr("withdrawn by the customer"))
        if entry.by.startswith("staff:"):
            parts.append(actor_name(entry.by))
        return " · ".join(parts)

    def _closed_text(self, shift: Shift) -> str:
        """`11-27 14:02–22:05 · wang · expected ¥223.00 · counted ¥221.50 · short by ¥1.50 · “note”`."""
        assert shift.closed_at is not None
        assert shift.counted_fen is not None
        assert shift.expected_fen is not None
        text = self.tr("%1–%2 · %3 · expected %4 · counted %5 · %6")
        text = (
            text.replace("%1", local_time(shift.opened_at, with_day=True))
            .replace("%2", local_time(shift.closed_at))
            .replace("%3", shift.closed_by or shift.opened_by)
            .replace("%4", format_fen(shift.expected_fen))
            .replace("%5", format_fen(shift.counted_fen))
            .replace("%6", self.difference_text(shift.counted_fen - shift.expected_fen))
        )
        return f"{text} · “{shift.note}”" if shift.note else text

    def _hours(self, minutes: int) -> str:
        hours, rest = divmod(abs(minutes), 60)
        text = self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(rest))
        return f"-{text}" if minutes < 0 else text

    def _show_difference(self) -> None:
        """As the count is typed: what was expected, what is counted, and how far apart."""
        summary = self._model.shift_summary()
        text = self.counted_input.text().strip()
        if summary is None or not text:
            self.difference.clear()
            return
        try:
            counted = parse_yuan(text)
        except ValueError:
            self.difference.setText(self.tr("Write the cash counted as 12, 12.5 or ¥12.50"))
            return
        expected = summary.expected_cash_fen
        shown = self.tr("Expected %1 · counted %2 · %3")
        shown = shown.replace("%1", format_fen(expected)).replace("%2", format_fen(counted))
        shown = shown.replace("%3", self.difference_text(counted - expected))
        if not self.confirm_row.isHidden():
            shown = self.tr("Close the shift? %1").replace("%1", shown)
        self.difference.setText(shown)

    def _amount(self, field: QLineEdit) -> int | None:
        """The money typed in `field`, in fen; None (and why, in sight) if it is not money."""
        try:
            fen = parse_yuan(field.text())
        except ValueError:
            self.failure.setText(self.tr("Write an amount as 12, 12.5 or ¥12.50 (up to ¥100000.00)"))
            self.failure.show()
            field.setFocus()
            field.selectAll()
            return None
        self.failure.hide()
        return fen

    def _money_input(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setMaxLength(MONEY_CHARACTERS)
        field.setMinimumHeight(MIN_TARGET)
        field.setAccessibleName(name)
        field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        return field

    # Reacting to the model

    @Slot()
    def _on_shift_changed(self) -> None:
        if self._sent:
            self._sent = False
            self.failure.hide()
            if self._model.shift is None:
                self.counted_input.clear()
                self.note_input.clear()
                self.float_input.setFocus()
            else:
                self.float_input.clear()
                self.counted_input.setFocus()
        self.refresh()

    @Slot(str)
    def _on_counted_changed(self, _text: str) -> None:
        self.confirm_row.hide()  # a new count: asked again before it is recorded
        self._show_difference()

    @Slot()
    def _on_counted_entered(self) -> None:
        if not self.confirm_row.isHidden():
            self.confirm_close()
        else:
            self.ask_to_close()

    @Slot(bool, str)
    def _on_connection(self, _connected: bool, _reason: str) -> None:
        self.refresh()

    @Slot(str, str)
    def _on_refused(self, code: str, message: str) -> None:
        if not self._sent:
            return  # another tab's
        self._sent = False
        self.failure.setText(self.tr("Not done: %1").replace("%1", f"{staff_refusal_text(code)} ({message})"))
        self.failure.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape from any field or button here (they pass it on): back from the confirmation.
        if event.key() == Qt.Key.Key_Escape:
            self.back()
            return
        super().keyPressEvent(event)


def _read_only_list() -> QListWidget:
    shown = QListWidget()
    shown.setObjectName("figures")
    shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    shown.setSelectionMode(QListWidget.SelectionMode.NoSelection)
    shown.setWordWrap(True)  # a long reason wraps rather than hides
    return shown


def _row(*widgets: tuple[QWidget, int]) -> QWidget:
    """Widgets side by side, each with its share of the width."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget, share in widgets:
        layout.addWidget(widget, share)
    return row
