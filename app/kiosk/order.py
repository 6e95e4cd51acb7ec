"""Picking dishes or drinks: the menu of one category by section, with − and + per item, a note, and the total.

An item with options asks how it is wanted (`OptionsPanel`) before it goes in the cart. Sold-out items stay in
view, greyed, at the end of their section: the customer sees they exist, and they never sit above what can be had.
An item selling out while the page is in view greys where it is; it moves down the next time its section is shown,
never under a finger about to tap the row below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netbar.domain.commands import MAX_TEXT
from netbar.domain.menu import Category, MenuItem
from netbar.domain.money import format_fen
from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.texts import kind_name
from netbar.gui.touch import TouchButton, discard, finger_scroll, label
from netbar.kiosk.cart import Cart
from netbar.kiosk.options import OptionsPanel
from netbar.kiosk.viewmodel import KioskViewModel

ICON_SIZE = 56


@dataclass(frozen=True)
class Section:
    """Where items are shown together; an item the menu puts in no section is in the unnamed one."""

    name_zh: str
    name_en: str


def sections_of(items: list[MenuItem]) -> dict[Section, list[MenuItem]]:
    """The items by section, sections in the order the menu first names them, each with what can be had first
    and the sold-out after (otherwise in menu order)."""
    grouped: dict[Section, list[MenuItem]] = {}
    for item in items:
        grouped.setdefault(Section(item.section_zh, item.section_en), []).append(item)
    return {section: sorted(members, key=lambda item: item.sold_out) for section, members in grouped.items()}


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
        self._section: Section | None = None  # the one shown; None: the first
        self._sort_again = True  # the rows are put in order when a section is shown, not while it is in view
        self._title = label("pageTitle")
        self.menu_note = label("menuNote", wrap=True)  # why the menu may be old, or why there is none
        self._tab_bar = QWidget()  # hidden while a dish's options are chosen: that choice is about one dish
        self._tabs = QHBoxLayout(self._tab_bar)
        self._tabs.setContentsMargins(0, 0, 0, 0)
        self._tab_group = QButtonGroup(self)
        self.section_buttons: dict[Section, TouchButton] = {}
        self._items = QWidget()
        self._grid = QGridLayout(self._items)
        self._rows: list[ItemRow] = []
        self._columns = 1  # items side by side: more on a wide screen (KioskWindow sets it)
        self.options = OptionsPanel(translations, self.cart.can_add)
        self.options.added.connect(self._add_with_options)
        self.options.cancelled.connect(self._show_menu)
        self._stack = QStackedWidget()
        self._stack.addWidget(finger_scroll(self._items))
        self._stack.addWidget(self.options)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_TEXT)
        self.note.setMinimumHeight(56)
        self._total = label("total")
        self._back = TouchButton(role="secondary")
        self.review_button = TouchButton(role="primary")
        self._back.clicked.connect(self.back)
        self.review_button.clicked.connect(self.review)

        self._bottom = QWidget()
        bottom = QVBoxLayout(self._bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self._back)
        buttons.addWidget(self._total, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.review_button)
        bottom.addWidget(self.note)
        bottom.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.menu_note)
        layout.addWidget(self._tab_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._bottom)

        model.menuChanged.connect(self._on_menu_changed)
        model.connectionChanged.connect(self.refresh)
        model.pictureReady.connect(lambda _sha: self.refresh())
        self.retranslate()
        self.refresh()

    @property
    def choosing_options(self) -> bool:
        return self._stack.currentWidget() is self.options

    def retranslate(self) -> None:
        self._title.setText(kind_name(self.kind))
        self.note.setPlaceholderText(
            self.tr("Note, e.g. no chilli") if self.kind is RequestKind.FOOD else self.tr("Note, e.g. less ice")
        )
        self._back.setText(self.tr("Back"))
        self.review_button.setText(self.tr("Review order"))
        for section, button in self.section_buttons.items():
            button.setText(self._section_name(section))
        self.options.retranslate()
        self.refresh()

    def reset(self) -> None:
        self.cart.clear()
        self.note.clear()
        self._section = None
        self._sort_again = True
        self._show_menu()

    def show_section(self, section: Section) -> None:
        self._section = section
        self._sort_again = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self._sort_again = True
        self.refresh()
        super().showEvent(event)

    def _on_menu_changed(self) -> None:
        trimmed = self.cart.drop_unavailable(self._model.menu)
        item = self.options.item
        if self.choosing_options and item is not None:
            now = self._model.menu.get(item.id)
            if now is None or now.sold_out:
                self._show_menu()  # the dish went while it was being chosen; the banner says so if it was in the cart
            elif now != item:
                self.options.open(now, self.options.picks())
        self.refresh()
        if trimmed:
            menu = self._model.menu
            self.cartTrimmed.emit(", ".join(self._translations.name(menu[i]) if i in menu else i for i in trimmed))

    def refresh(self) -> None:
        """Show the menu and the cart as they are now; rows are made again only when the items shown change."""
        sections = sections_of(self._model.menu_of(self.kind))
        self._show_tabs(list(sections))
        section = self._current_section(sections)
        shown = {item.id: item for item in sections[section]} if section is not None else {}
        in_view = [row.item_id for row in self._rows]
        if (self._sort_again and in_view != list(shown)) or set(in_view) != shown.keys():
            self._build_rows(list(shown))
        self._sort_again = False
        sold_out = self.tr("Sold out")
        for row in self._rows:
            item = shown[row.item_id]
            row.show_item(item, self.cart.quantity(item.id), self._can_add(item), self._translations, sold_out)
            row.picture.setPixmap(self._picture_of(item))
        self._total.setText(self.tr("Total %1").replace("%1", format_fen(self.cart.total_fen(self._model.menu))))
        self.review_button.setEnabled(bool(self.cart))
        self._say_about_the_menu(bool(sections))

    def _current_section(self, sections: dict[Section, list[MenuItem]]) -> Section | None:
        if self._section not in sections:
            self._section = next(iter(sections), None)
        return self._section

    def _show_tabs(self, sections: list[Section]) -> None:
        """A button per section, when there is more than one; the one shown is checked."""
        if list(self.section_buttons) != sections:
            for button in self.section_buttons.values():
                self._tab_group.removeButton(button)
                discard(button)
            self.section_buttons = {}
            if len(sections) > 1:
                for section in sections:
                    button = TouchButton(self._section_name(section), role="section")
                    button.setCheckable(True)
                    button.setAccessibleName(f"section {section.name_en or 'more'}")
                    button.clicked.connect(lambda _=False, section=section: self.show_section(section))
                    self._tab_group.addButton(button)
                    self._tabs.addWidget(button)
                    self.section_buttons[section] = button
        chosen = self.section_buttons.get(self._section) if self._section else None
        if chosen is not None:
            chosen.setChecked(True)

    def _section_name(self, section: Section) -> str:
        return self._translations.name(section) if section.name_zh else self.tr("More")

    def _picture_of(self, item: MenuItem) -> QPixmap:
        """The item's own picture once the kiosk has it, else its category's icon."""
        data = self._model.picture(item.picture) if item.picture else None
        return item_picture(item.picture, data) if item.picture and data else category_icon(item.category)

    def _can_add(self, item: MenuItem) -> bool:
        """For a dish with options, whether one more of it can be had at all (the panel checks the rest)."""
        return self.cart.can_add(item) if not item.options else item.can_supply(self.cart.quantity(item.id) + 1)

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
        self._rows = [ItemRow(item_id, self._change) for item_id in item_ids]
        self._place_rows()

    def _place_rows(self) -> None:
        for number, row in enumerate(self._rows):
            row.place(self._grid, number // self._columns, number % self._columns * ItemRow.WIDTH)
        lines = -(-len(self._rows) // self._columns)
        for line in range(self._grid.rowCount()):  # a short section sits at the top: the room left is below it
            self._grid.setRowStretch(line, 1 if line == lines else 0)
        for column in range(self._grid.columnCount()):  # the names take what room there is, in every column
            name = column % ItemRow.WIDTH == ItemRow.NAME and column < self._columns * ItemRow.WIDTH
            self._grid.setColumnStretch(column, 1 if name else 0)

    def _change(self, item_id: str, step: int) -> None:
        item = self._model.menu.get(item_id)
        if item is None:
            return
        if step < 0:
            self.cart.remove(item_id)
        elif item.options:
            self.options.open(item, self.cart.last_picks(item_id))
            self._stack.setCurrentWidget(self.options)
            self._bottom.hide()
            self._tab_bar.hide()
            return
        else:
            self.cart.add(item)
        self.refresh()

    def _add_with_options(self) -> None:
        item = self.options.item
        if item is not None:
            self.cart.add(self._model.menu.get(item.id, item), self.options.picks())
        self._show_menu()

    def _show_menu(self) -> None:
        self._stack.setCurrentIndex(0)
        self._bottom.show()
        self._tab_bar.show()
        self.refresh()


@cache
def category_icon(category: Category) -> QPixmap:
    """The picture an item without its own is shown with: one per category."""
    data = resources.files("netbar.resources").joinpath(f"icon-{category}.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return pixmap.scaled(ICON_SIZE, ICON_SIZE, mode=Qt.TransformationMode.SmoothTransformation)


@cache
def item_picture(sha: str, data: bytes) -> QPixmap:
    """An item's picture (`sha` names `data`) fitted to the row, decoded once; one Qt cannot decode shows as
    nothing."""
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap.scaled(
        ICON_SIZE, ICON_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class ItemRow:
    """One menu item in the grid: its picture, name (and what can be chosen), price or "sold out" greyed, −,
    quantity, +."""

    WIDTH = 6  # grid columns an item takes: picture, name, price, −, quantity, +
    NAME = 1  # the one of them that stretches

    def __init__(self, item_id: str, change: Callable[[str, int], None]) -> None:
        self.item_id = item_id
        self.picture = label("itemPicture")
        self.picture.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = label("itemName", wrap=True)
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.price = label("price")
        self.minus, self.plus = TouchButton("−", role="step"), TouchButton("+", role="step")
        self.quantity = label("quantity")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.minus.setAccessibleName(f"less {item_id}")
        self.plus.setAccessibleName(f"more {item_id}")
        self.minus.clicked.connect(lambda: change(item_id, -1))
        self.plus.clicked.connect(lambda: change(item_id, +1))
        self._widgets = (self.picture, self.name, self.price, self.minus, self.quantity, self.plus)

    def place(self, grid: QGridLayout, row: int, first_column: int) -> None:
        for column, widget in enumerate(self._widgets, start=first_column):
            grid.removeWidget(widget)
            grid.addWidget(widget, row, column)

    def show_item(
        self, item: MenuItem, quantity: int, can_add: bool, translations: Translations, sold_out_text: str
    ) -> None:
        name = escape(translations.name(item))  # the owner's words, shown as rich text: never markup
        if item.options:  # what can be chosen, so "+" opening a choice is no surprise
            choices = escape(" · ".join(translations.name(group) for group in item.options))
            name = f"{name}<br><span style='font-size:16px;color:#5b6b8c'>{choices}</span>"
        self.name.setText(name)
        self.price.setText(sold_out_text if item.sold_out else format_fen(item.price_fen))
        for widget in (self.picture, self.name, self.price):
            widget.setEnabled(not item.sold_out)  # greyed by the stylesheet
        self.quantity.setText(str(quantity))
        self.minus.setEnabled(quantity > 0)
        self.plus.setEnabled(can_add)

    def remove(self) -> None:
        for widget in self._widgets:
            discard(widget)
