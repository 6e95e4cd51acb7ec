"""Switching menu items off and on: a sold-out toggle per item, live on every kiosk."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from netbar.domain.money import format_fen
from netbar.gui.i18n import Translations
from netbar.staff.viewmodel import StaffViewModel

_ITEM_ID = Qt.ItemDataRole.UserRole + 1


class MenuPanel(QWidget):
    def __init__(self, model: StaffViewModel, translations: Translations) -> None:
        super().__init__()
        self._model = model
        self._translations = translations
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        model.menuChanged.connect(self.refresh)
        model.actionFailed.connect(self.refresh)  # a refused toggle goes back to what the hub has
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Price"), self.tr("Stock"), self.tr("On sale")])
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
            toggle = cells[3]
            toggle.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            toggle.setCheckState(Qt.CheckState.Checked if item.available else Qt.CheckState.Unchecked)
            toggle.setData(_ITEM_ID, item.id)
            toggle.setData(Qt.ItemDataRole.AccessibleTextRole, f"on sale {item.id}")
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)

    def row_of(self, item_id: str) -> int | None:
        return next(
            (
                row
                for row in range(self.table.rowCount())
                if (cell := self.table.item(row, 3)) is not None and cell.data(_ITEM_ID) == item_id
            ),
            None,
        )

    def _on_item_changed(self, cell: QTableWidgetItem) -> None:
        item_id = cell.data(_ITEM_ID)
        if item_id is not None:
            self._model.set_available(item_id, cell.checkState() == Qt.CheckState.Checked)
