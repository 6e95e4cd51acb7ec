"""The Menu tab: a sold-out toggle per item, live on every kiosk; and, for a manager, each item's price and stock."""

import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbar.domain.menu import MAX_STOCK
from netbar.domain.money import MAX_PRICE_FEN, format_fen, parse_yuan
from netbar.gui.i18n import Translations
from netbar.gui.touch import MIN_TARGET, TouchButton, label
from netbar.staff.viewmodel import StaffViewModel

PRICE, STOCK, ON_SALE = 1, 2, 3  # the table's columns after the item's name
_ITEM_ID = Qt.ItemDataRole.UserRole + 1


def parse_stock(text: str) -> int:
    """A stock count as staff type it: a whole number from 0 to MAX_STOCK; anything else is a ValueError."""
    if not re.fullmatch(r"[0-9]{1,7}", text.strip()) or int(text) > MAX_STOCK:
        raise ValueError(f"not a stock count: {text!r} (a whole number from 0 to {MAX_STOCK})")
    return int(text)


class MenuPanel(QWidget):
    """Every menu item with its price and stock, and whether it is on sale. Anyone at the counter ticks an item
    off when it runs out and back on (`set_available`); a manager also taps a price or a stock to change them
    (`set_price_and_stock`: a price in yuan, a stock count or unlimited), checked here before anything is sent.
    A cashier sees prices and stock read-only, as the hub would refuse them anyway."""

    def __init__(self, model: StaffViewModel, translations: Translations) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self._editing: str | None = None  # the item whose price and stock the editor holds
        # Whether the manager has changed the price or the stock in the editor: until then each follows the news
        # (a sale while the price is being changed must not be undone by sending the stock as it was).
        self._price_touched = self._stock_touched = False
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.cellClicked.connect(self._on_cell_tapped)
        self.hint = label("hint", wrap=True)

        self.editor = QWidget()
        self.editing_title = label("sectionTitle", wrap=True)
        self._price_label = label("hint")
        self.price_edit = QLineEdit()
        self.price_edit.setAccessibleName("price")
        self._stock_label = label("hint")
        self.stock_edit = QLineEdit()
        self.stock_edit.setAccessibleName("stock")
        self.unlimited_button = TouchButton()
        self.unlimited_button.setCheckable(True)
        self.unlimited_button.setAccessibleName("unlimited")
        self.unlimited_button.toggled.connect(self._on_unlimited)
        for edit in (self.price_edit, self.stock_edit):
            edit.setMinimumHeight(MIN_TARGET)
            edit.returnPressed.connect(self._on_save)
        self.price_edit.textEdited.connect(self._on_price_touched)
        self.stock_edit.textEdited.connect(self._on_stock_touched)
        self.unlimited_button.clicked.connect(self._on_stock_touched)
        self.save_button = TouchButton(role="primary")
        self.save_button.setAccessibleName("save price and stock")
        self.save_button.clicked.connect(self._on_save)
        self.cancel_button = TouchButton()
        self.cancel_button.setAccessibleName("cancel editing")
        self.cancel_button.clicked.connect(self.close_editor)
        self.edit_error = label("failure", wrap=True)
        self.edit_error.hide()
        fields = QHBoxLayout()
        fields.addWidget(self._price_label)
        fields.addWidget(self.price_edit, 2)
        fields.addWidget(self._stock_label)
        fields.addWidget(self.stock_edit, 2)
        fields.addWidget(self.unlimited_button, 2)
        fields.addWidget(self.save_button, 2)
        fields.addWidget(self.cancel_button, 2)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.editing_title)
        editor_layout.addLayout(fields)
        editor_layout.addWidget(self.edit_error)
        self.editor.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        model.menuChanged.connect(self.refresh)
        model.actionFailed.connect(self.refresh)  # a refused toggle goes back to what the hub has
        model.staffUsersChanged.connect(self._on_role_known)  # a manager's or a cashier's table
        model.connectionChanged.connect(self._update_editor)
        self.retranslate()

    @property
    def editable(self) -> bool:
        """Whether prices and stock may be changed here: by a manager only."""
        return self._model.is_manager

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Price"), self.tr("Stock"), self.tr("On sale")])
        self._price_label.setText(self.tr("Price ¥"))
        self._stock_label.setText(self.tr("Stock"))
        self.price_edit.setPlaceholderText(self.tr("e.g. 12.50"))
        self.stock_edit.setPlaceholderText(self.tr("e.g. 40"))
        self.unlimited_button.setText(self.tr("Unlimited"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.refresh()

    def refresh(self) -> None:
        self.table.blockSignals(True)  # filling the table is not a member of staff ticking boxes
        items = list(self._model.menu.values())
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [
                QTableWidgetItem(self._translations.name(item)),
                QTableWidgetItem(format_fen(item.price_fen)),
                QTableWidgetItem(self.tr("unlimited") if item.stock is None else str(item.stock)),
                QTableWidgetItem(),
            ]
            for cell in cells:
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for cell in cells[PRICE:ON_SALE]:
                cell.setData(_ITEM_ID, item.id)
                if self.editable:
                    font = cell.font()
                    font.setUnderline(True)  # a manager taps these to change them
                    cell.setFont(font)
            toggle = cells[ON_SALE]
            toggle.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            toggle.setCheckState(Qt.CheckState.Checked if item.available else Qt.CheckState.Unchecked)
            toggle.setData(_ITEM_ID, item.id)
            toggle.setData(Qt.ItemDataRole.AccessibleTextRole, f"on sale {item.id}")
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        if self._editing is not None and self._editing not in self._model.menu:
            self.close_editor()
        self._fill_editor()
        self._update_hint()

    def row_of(self, item_id: str) -> int | None:
        return next(
            (
                row
                for row in range(self.table.rowCount())
                if (cell := self.table.item(row, ON_SALE)) is not None and cell.data(_ITEM_ID) == item_id
            ),
            None,
        )

    # A manager's price and stock

    def edit(self, item_id: str, column: int = PRICE) -> None:
        """Open the price and stock of `item_id` for a manager, as a tap on its price (or stock) does."""
        item = self._model.menu.get(item_id)
        if item is None or not self.editable:
            return
        self._editing = item_id
        self._price_touched = self._stock_touched = False
        self.edit_error.hide()
        self._fill_editor()
        self._update_editor()
        self.editor.show()
        focused = self.stock_edit if column == STOCK and item.stock is not None else self.price_edit
        focused.setFocus()
        focused.selectAll()

    @Slot()
    def close_editor(self) -> None:
        self._editing = None
        self.edit_error.hide()
        self.editor.hide()

    def _fill_editor(self) -> None:
        """The edited item's title, and its price and stock as they are now where the manager has not changed them."""
        item = None if self._editing is None else self._model.menu.get(self._editing)
        if item is None:
            return
        self.editing_title.setText(self.tr("Price and stock of %1").replace("%1", self._translations.name(item)))
        if not self._price_touched:
            self.price_edit.setText(format_fen(item.price_fen).removeprefix("¥"))
        if not self._stock_touched:
            self.unlimited_button.setChecked(item.stock is None)
            self.stock_edit.setText("" if item.stock is None else str(item.stock))

    @Slot()
    def _on_price_touched(self) -> None:
        self._price_touched = True

    @Slot()
    def _on_stock_touched(self) -> None:
        self._stock_touched = True

    @Slot(int, int)
    def _on_cell_tapped(self, row: int, column: int) -> None:
        cell = self.table.item(row, column)
        if column in (PRICE, STOCK) and cell is not None and self.editable:
            self.edit(cell.data(_ITEM_ID), column)

    @Slot(bool)
    def _on_unlimited(self, unlimited: bool) -> None:
        self.stock_edit.setEnabled(not unlimited)

    @Slot()
    def _on_save(self) -> None:
        item = None if self._editing is None else self._model.menu.get(self._editing)
        if item is None or not self.editable or not self._model.connected:
            return
        problems: list[str] = []
        price_fen: int | None = None
        stock: int | None = None
        try:
            price_fen = parse_yuan(self.price_edit.text())
        except ValueError:
            text = self.tr("A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to %1.")
            problems.append(text.replace("%1", format_fen(MAX_PRICE_FEN)))
        if not self.unlimited_button.isChecked():
            try:
                stock = parse_stock(self.stock_edit.text())
            except ValueError:
                text = self.tr("Stock is a whole number from 0 to %1, or tap Unlimited.")
                problems.append(text.replace("%1", str(MAX_STOCK)))
        if problems or price_fen is None:
            self.edit_error.setText("\n".join(problems))
            self.edit_error.show()
            return
        self.close_editor()
        if not self._stock_touched:
            # The stock as the hub has it when the price arrives: whatever sold meanwhile stays sold.
            if price_fen != item.price_fen:
                self._model.set_price_and_stock(item.id, price_fen)
        elif (price_fen, stock) != (item.price_fen, item.stock):
            self._model.set_price_and_stock(item.id, price_fen, stock)

    # Following the view-model

    @Slot()
    def _on_role_known(self) -> None:
        if not self.editable:
            self.close_editor()
        self.refresh()

    @Slot()
    def _update_editor(self) -> None:
        self.save_button.setEnabled(self._model.connected)
        self.stock_edit.setEnabled(not self.unlimited_button.isChecked())
        self._update_hint()

    def _update_hint(self) -> None:
        if self.editable:
            text = self.tr("Tap a price or a stock to change it. Untick “On sale” when an item runs out.")
        else:
            text = self.tr("Untick “On sale” when an item runs out. Prices and stock are set by a manager.")
        self.hint.setText(text)

    def _on_item_changed(self, cell: QTableWidgetItem) -> None:
        item_id = cell.data(_ITEM_ID)
        if item_id is not None and cell.column() == ON_SALE:
            self._model.set_available(item_id, cell.checkState() == Qt.CheckState.Checked)
