"""The Menu tab: anyone at the counter marks an item sold out; a manager also sets its price and stock, checked
before anything is sent; a cashier sees prices and stock read-only."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.events import MenuChanged, StaffUserChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.staff import StaffMember, StaffRole
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.link.events import Connected, Disconnected, SendCommand
from netbar.staff.menu_panel import PRICE, STOCK, MenuPanel, parse_stock
from netbar.staff.viewmodel import StaffViewModel
from netbar.wire.frames import Snapshot

MANAGER = StaffMember(name="li", role=StaffRole.MANAGER)
CASHIER = StaffMember(name="wang", role=StaffRole.CASHIER)
COLA = MenuItem(id="cola", category=Category.DRINK, name_zh="可乐", name_en="Cola", price_fen=350, stock=48)
RICE = MenuItem(id="fried-rice", category=Category.FOOD, name_zh="炒饭", name_en="Fried rice", price_fen=1500)


@dataclass
class Counter:
    bus: EventBus
    model: StaffViewModel
    panel: MenuPanel
    sent: list[SendCommand]
    qtbot: QtBot
    seq: int = 1

    def welcome(self, me: StaffMember) -> None:
        snapshot = Snapshot(menu=(COLA, RICE), requests=(), seats=(), me=me, staff_users=(me,))
        self.bus.publish(Connected(seq=self.seq, snapshot=snapshot))

    def news(self, event: Any) -> None:
        self.seq += 1
        self.bus.publish(event.model_copy(update={"seq": self.seq}))

    def bodies(self) -> list[tuple[str, dict[str, Any]]]:
        return [(intent.frame.command.name, intent.frame.command.body()) for intent in self.sent]

    def tap(self, item_id: str, column: int) -> None:
        row = self.panel.row_of(item_id)
        assert row is not None
        cell = self.panel.table.item(row, column)
        assert cell is not None
        where = self.panel.table.visualItemRect(cell).center()
        self.qtbot.mouseClick(self.panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)

    def type_into(self, widget: QWidget, text: str) -> None:
        widget.selectAll()  # type: ignore[attr-defined]
        self.qtbot.keyClicks(widget, text)

    def click(self, widget: QWidget) -> None:
        assert widget.isEnabled(), f"{widget.accessibleName()!r} is greyed out"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def cell(self, item_id: str, column: int) -> str:
        row = self.panel.row_of(item_id)
        assert row is not None
        return self.panel.table.item(row, column).text()  # type: ignore[union-attr]


@pytest.fixture
def counter(qapp: QApplication, qtbot: QtBot) -> Iterator[Counter]:
    translations = Translations(qapp, Language.EN)
    bus = EventBus()
    sent: list[SendCommand] = []
    bus.subscribe(SendCommand, sent.append)
    model = StaffViewModel(bus)
    panel = MenuPanel(model, translations)
    qtbot.addWidget(panel)
    panel.resize(1024, 700)
    panel.show()
    yield Counter(bus, model, panel, sent, qtbot)
    model.close()
    translations.deleteLater()


def test_a_manager_taps_a_price_and_sends_the_new_one(counter: Counter) -> None:
    counter.welcome(MANAGER)
    counter.tap("cola", PRICE)
    panel = counter.panel
    assert panel.editor.isVisible()
    assert panel.editing_title.text() == "Price and stock of Cola"
    assert (panel.price_edit.text(), panel.stock_edit.text()) == ("3.50", "48")
    counter.type_into(panel.price_edit, "¥4")
    counter.qtbot.keyClick(panel.price_edit, Qt.Key.Key_Return)
    # No stock: the hub keeps its own, so a sale made while this was on its way is not undone.
    assert counter.bodies() == [("set_item", {"item_id": "cola", "available": True, "price_fen": 400})]
    assert not panel.editor.isVisible()
    counter.news(MenuChanged(seq=0, item=COLA.model_copy(update={"price_fen": 400})))
    assert counter.cell("cola", PRICE) == "¥4.00"


def test_a_manager_sets_a_stock_or_makes_it_unlimited(counter: Counter) -> None:
    counter.welcome(MANAGER)
    panel = counter.panel
    counter.tap("cola", STOCK)
    assert panel.stock_edit.hasFocus()
    counter.type_into(panel.stock_edit, "60")
    counter.click(panel.save_button)
    counter.tap("fried-rice", STOCK)
    assert panel.unlimited_button.isChecked()
    assert not panel.stock_edit.isEnabled()
    counter.click(panel.unlimited_button)  # a count after all
    counter.type_into(panel.stock_edit, "12")
    counter.click(panel.save_button)
    counter.tap("cola", STOCK)
    counter.click(panel.unlimited_button)
    counter.click(panel.save_button)
    assert counter.bodies() == [
        ("set_item", {"item_id": "cola", "available": True, "stock": 60, "price_fen": 350}),
        ("set_item", {"item_id": "fried-rice", "available": True, "stock": 12, "price_fen": 1500}),
        ("set_item", {"item_id": "cola", "available": True, "stock": None, "price_fen": 350}),
    ]


@pytest.mark.parametrize(
    ("price", "stock", "said"),
    [
        ("3,50", "48", "A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to ¥100000.00."),
        ("-1", "48", "A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to ¥100000.00."),
        ("3.505", "48", "A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to ¥100000.00."),
        ("100001", "48", "A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to ¥100000.00."),
        ("3.50", "", "Stock is a whole number from 0 to 1000000, or tap Unlimited."),
        ("3.50", "4.5", "Stock is a whole number from 0 to 1000000, or tap Unlimited."),
        ("3.50", "-2", "Stock is a whole number from 0 to 1000000, or tap Unlimited."),
        ("3.50", "lots", "Stock is a whole number from 0 to 1000000, or tap Unlimited."),
        ("free", "lots", "A price is in yuan with at most two decimals, e.g. 12, 12.5 or ¥12.50, up to ¥100000.00.\n"
                         "Stock is a whole number from 0 to 1000000, or tap Unlimited."),
    ],
)  # fmt: skip
def test_a_bad_price_or_stock_sends_nothing_and_says_why(counter: Counter, price: str, stock: str, said: str) -> None:
    counter.welcome(MANAGER)
    panel = counter.panel
    counter.tap("cola", PRICE)
    counter.type_into(panel.price_edit, price)
    panel.stock_edit.clear()
    counter.type_into(panel.stock_edit, stock)
    counter.click(panel.save_button)
    assert counter.sent == []
    assert panel.edit_error.isVisible()
    assert panel.edit_error.text() == said
    assert panel.editor.isVisible()  # to put it right


def test_a_price_change_does_not_undo_a_sale_made_meanwhile(counter: Counter) -> None:
    counter.welcome(MANAGER)
    panel = counter.panel
    counter.tap("cola", PRICE)
    counter.type_into(panel.price_edit, "4")
    counter.news(MenuChanged(seq=0, item=COLA.model_copy(update={"stock": 46})))  # staff accepted two colas
    assert panel.stock_edit.text() == "46"  # untouched: it follows the news
    counter.click(panel.save_button)
    assert counter.bodies() == [("set_item", {"item_id": "cola", "available": True, "price_fen": 400})]


def test_saving_what_is_already_there_sends_nothing(counter: Counter) -> None:
    counter.welcome(MANAGER)
    counter.tap("cola", PRICE)
    counter.click(counter.panel.save_button)
    assert counter.sent == []
    assert not counter.panel.editor.isVisible()


def test_a_cashier_sees_price_and_stock_read_only_and_only_the_toggle_works(counter: Counter) -> None:
    counter.welcome(CASHIER)
    panel = counter.panel
    counter.tap("cola", PRICE)
    counter.tap("cola", STOCK)
    panel.edit("cola")  # not even when asked directly
    assert not panel.editor.isVisible()
    assert panel.hint.text() == "Untick “On sale” when an item runs out. Prices and stock are set by a manager."
    row = panel.row_of("cola")
    assert row is not None
    for column in (PRICE, STOCK):
        assert not panel.table.item(row, column).flags() & Qt.ItemFlag.ItemIsEditable  # type: ignore[union-attr]
    panel.table.item(row, 3).setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    assert counter.bodies() == [("set_item", {"item_id": "cola", "available": False})]  # stock left as it is


def test_the_role_known_after_the_welcome_decides_and_a_demotion_closes_the_editor(counter: Counter) -> None:
    panel = counter.panel
    assert not panel.editable  # nobody has signed in yet
    counter.welcome(MANAGER)
    assert panel.hint.text().startswith("Tap a price or a stock to change it.")
    counter.tap("cola", PRICE)
    assert panel.editor.isVisible()
    counter.news(StaffUserChanged(seq=0, user=MANAGER.model_copy(update={"role": StaffRole.CASHIER})))
    assert not panel.editor.isVisible()
    assert not panel.editable


def test_nothing_is_saved_while_the_hub_is_away(counter: Counter) -> None:
    counter.welcome(MANAGER)
    counter.tap("cola", PRICE)
    counter.bus.publish(Disconnected("connection lost"))
    assert not counter.panel.save_button.isEnabled()
    counter.qtbot.keyClick(counter.panel.price_edit, Qt.Key.Key_Return)
    assert counter.sent == []
    counter.welcome(MANAGER)
    assert counter.panel.save_button.isEnabled()


@pytest.mark.parametrize(("text", "stock"), [("0", 0), ("48", 48), (" 12 ", 12), ("1000000", 1_000_000)])
def test_a_stock_as_staff_type_it(text: str, stock: int) -> None:
    assert parse_stock(text) == stock


@pytest.mark.parametrize("text", ["", "-1", "4.5", "1e3", "1000001", "１２", "lots"])
def test_anything_else_is_not_a_stock(text: str) -> None:
    with pytest.raises(ValueError, match="not a stock count"):
        parse_stock(text)
