"""Picking dishes or drinks: the menu of one category with − and + per item, a note, and the running total."""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from netbar.domain.commands import MAX_TEXT
from netbar.domain.menu import MenuItem
from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.texts import kind_name
from netbar.gui.touch import TouchButton, discard, finger_scroll, label
from netbar.kiosk.cart import Cart
from netbar.kiosk.viewmodel import KioskViewModel


class OrderPage(QWidget):
    """Signals:
    back(): leave without ordering (the picks are kept until the kiosk goes idle).
    review(): the customer wants to check and send what is in the cart.
    cartTrimmed(str): items just sold out were taken out of the cart (or cut to what is left): their names.
    """

    back = Signal()
    review = Signal()
    cartTrimmed = Signal(str)

    def __init__(self, kind: RequestKind, model: KioskViewModel, translations: Translations) -> None:
        super().__init__()
        self.kind = kind
        self.cart = Cart()
        self._model = model
        self._translations = translations
        self._title = label("pageTitle")
        self.menu_note = label("menuNote", wrap=True)  # why the menu may be old, or why there is none
        self._items = QWidget()
        self._grid = QGridLayout(self._items)
        self._rows: list[_ItemRow] = []
        self._columns = 1  # items side by side: more on a wide screen (KioskWindow sets it)
        scroll = finger_scroll(self._items)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_TEXT)
        self.note.setMinimumHeight(56)
        self._total = label("total")
        self._back = TouchButton(role="secondary")
        self.review_button = TouchButton(role="primary")
        self._back.clicked.connect(self.back)
        self.review_button.clicked.connect(self.review)

        buttons = QHBoxLayout()
        buttons.addWidget(self._back)
        buttons.addWidget(self._total, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.menu_note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

        model.menuChanged.connect(self._on_menu_changed)
        model.connectionChanged.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self._title.setText(kind_name(self.kind))
        self.note.setPlaceholderText(
            self.tr("Note, e.g. no chilli") if self.kind is RequestKind.FOOD else self.tr("Note, e.g. less ice")
        )
        self._back.setText(self.tr("Back"))
        self.review_button.setText(self.tr("Review order"))
        self.refresh()

    def reset(self) -> None:
        self.cart.clear()
        self.note.clear()
        self.refresh()

    def _on_menu_changed(self) -> None:
        trimmed = self.cart.drop_unavailable(self._model.menu)
        self.refresh()
        if trimmed:
            menu = self._model.menu
            self.cartTrimmed.emit(", ".join(self._translations.name(menu[i]) if i in menu else i for i in trimmed))

    def refresh(self) -> None:
        """Show the menu and the cart as they are now; rows are made again only when the items change."""
        items = self._model.menu_of(self.kind)
        if [row.item_id for row in self._rows] != [item.id for item in items]:
            self._build_rows([item.id for item in items])
        for row, item in zip(self._rows, items, strict=True):
            name = self._translations.name(item)
            row.show_item(item, self.cart.quantity(item.id), self.cart.can_add(item), name, self.tr("Sold out"))
        self._total.setText(self.tr("Total %1").replace("%1", format_fen(self.cart.total_fen(self._model.menu))))
        self.review_button.setEnabled(bool(self.cart))
        self._say_about_the_menu(bool(items))

    def _say_about_the_menu(self, any_items: bool) -> None:
        """While the counter is away the menu is the one kept from the last time it answered, or none yet."""
        if self._model.connected:
            note = ""
        elif self._model.menu_stale:
            note = self.tr("Menu may be out of date: the counter is not reachable. The counter's prices apply.")
        elif not any_items:
            note = self.tr("The menu comes from the counter: it will show here as soon as the counter is reachable.")
        else:
            note = ""
        self.menu_note.setText(note)
        self.menu_note.setVisible(bool(note))

    def set_columns(self, columns: int) -> None:
        """Lay the items out `columns` side by side, filling each line before the next."""
        if columns != self._columns:
            self._columns = columns
            self._place_rows()

    def _build_rows(self, item_ids: list[str]) -> None:
        for row in self._rows:
            row.remove()
        self._rows = [_ItemRow(item_id, self._change) for item_id in item_ids]
        self._place_rows()

    def _place_rows(self) -> None:
        for number, row in enumerate(self._rows):
            row.place(self._grid, number // self._columns, number % self._columns * _ItemRow.WIDTH)
        for column in range(self._grid.columnCount()):  # the names take what room there is, in every column
            name = column % _ItemRow.WIDTH == 0 and column < self._columns * _ItemRow.WIDTH
            self._grid.setColumnStretch(column, 1 if name else 0)

    def _change(self, item_id: str, step: int) -> None:
        item = self._model.menu.get(item_id)
        if item is None:
            return
        if step > 0:
            self.cart.add(item)
        else:
            self.cart.remove(item_id)
        self.refresh()


class _ItemRow:
    """One menu item in the grid: name, price (or "sold out", greyed), −, quantity, +."""

    WIDTH = 5  # grid columns an item takes

    def __init__(self, item_id: str, change: Callable[[str, int], None]) -> None:
        self.item_id = item_id
        self.name = label("itemName")
        self.price = label("price")
        self.minus, self.plus = TouchButton("−", role="step"), TouchButton("+", role="step")
        self.quantity = label("quantity")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.minus.setAccessibleName(f"less {item_id}")
        self.plus.setAccessibleName(f"more {item_id}")
        self.minus.clicked.connect(lambda: change(item_id, -1))
        self.plus.clicked.connect(lambda: change(item_id, +1))
        self._widgets = (self.name, self.price, self.minus, self.quantity, self.plus)

    def place(self, grid: QGridLayout, row: int, first_column: int) -> None:
        for column, widget in enumerate(self._widgets, start=first_column):
            grid.removeWidget(widget)
            grid.addWidget(widget, row, column)

    def show_item(self, item: MenuItem, quantity: int, can_add: bool, name: str, sold_out_text: str) -> None:
        self.name.setText(name)
        self.price.setText(sold_out_text if item.sold_out else format_fen(item.price_fen))
        self.name.setEnabled(not item.sold_out)  # greyed by the stylesheet
        self.price.setEnabled(not item.sold_out)
        self.quantity.setText(str(quantity))
        self.minus.setEnabled(quantity > 0)
        self.plus.setEnabled(can_add)

    def remove(self) -> None:
        for widget in self._widgets:
            discard(widget)
