"""The order page: the menu by section, sold-out items at the end, and a dish with options asks how it is wanted."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import OptionPick, OrderLine
from netbar.domain.events import MenuChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.order import OrderPage, category_icon
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.link.events import Connected, PictureArrived
from netbar.wire.frames import Snapshot
from tests.support.options import EXTRAS, SPICE
from tests.support.pictures import picture


def food(item_id: str, section: tuple[str, str], **fields: object) -> MenuItem:
    return MenuItem.model_validate(
        {
            "id": item_id,
            "category": Category.FOOD,
            "name_zh": item_id,
            "name_en": item_id.title(),
            "price_fen": 600,
            "section_zh": section[0],
            "section_en": section[1],
            **fields,
        }
    )


NOODLES, RICE, SNACKS = ("泡面", "Noodles"), ("炒饭", "Rice"), ("小吃", "Snacks")
MENU = (
    food("beef", NOODLES, options=(SPICE, EXTRAS), stock=5),
    food("pickled", NOODLES, available=False),
    food("cabbage", NOODLES),
    food("egg-rice", RICE, price_fen=1500),
    food("chips", SNACKS, name_en="<b>Chips</b>"),
)


@pytest.fixture
def page(qapp: QApplication, qtbot: QtBot) -> Iterator[tuple[EventBus, OrderPage]]:
    translations = Translations(qapp, Language.EN)
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=MENU, requests=())))
    order_page = OrderPage(RequestKind.FOOD, model, translations)
    qtbot.addWidget(order_page)
    order_page.resize(1024, 700)
    order_page.show()
    yield bus, order_page
    model.close()
    translations.deleteLater()


def named(page: OrderPage, name: str) -> QPushButton:
    (found,) = [child for child in page.findChildren(QPushButton) if child.accessibleName() == name]
    return found


def shown(page: OrderPage) -> list[str]:
    return [row.item_id for row in page._rows]


def test_the_menu_is_shown_by_section_with_sold_out_items_last(page: tuple[EventBus, OrderPage]) -> None:
    _bus, order_page = page
    assert [button.text() for button in order_page.section_buttons.values()] == ["Noodles", "Rice", "Snacks"]
    assert shown(order_page) == ["beef", "cabbage", "pickled"]  # the sold-out one at the end
    assert named(order_page, "section Noodles").isChecked()
    named(order_page, "section Snacks").click()
    assert shown(order_page) == ["chips"]
    # The owner's words are shown as they are, never as markup; an item without a picture has its category's.
    assert order_page._rows[0].name.text() == "&lt;b&gt;Chips&lt;/b&gt;"
    assert not order_page._rows[0].picture.pixmap().isNull()


def test_a_sell_out_greys_the_item_in_place_and_it_moves_down_when_the_section_is_shown_again(
    page: tuple[EventBus, OrderPage],
) -> None:
    bus, order_page = page
    first_row = order_page._rows[0]
    bus.publish(MenuChanged(seq=2, item=MENU[0].model_copy(update={"available": False})))
    assert order_page._rows[0] is first_row  # nothing moved under a finger
    assert first_row.price.text() == "Sold out"
    assert not first_row.plus.isEnabled()
    named(order_page, "section Noodles").click()
    assert shown(order_page) == ["cabbage", "beef", "pickled"]


def test_a_dish_with_options_asks_how_and_the_price_adds_up(page: tuple[EventBus, OrderPage]) -> None:
    _bus, order_page = page
    panel = order_page.options
    named(order_page, "more beef").click()
    assert order_page.choosing_options
    assert panel._title.text() == "How would you like Beef?"
    assert not panel.add_button.isEnabled()  # the spice must be chosen
    assert panel.add_button.text() == "Choose the required options"
    named(order_page, "option spice.none").click()
    named(order_page, "option spice.hot").click()  # one spice: the second replaces the first
    named(order_page, "option extras.egg").click()
    named(order_page, "option extras.sausage").click()
    named(order_page, "option extras.sausage").click()  # and off again
    assert panel.picks() == (OptionPick(group="spice", choice="hot"), OptionPick(group="extras", choice="egg"))
    assert panel._price.text() == "¥8.00"
    assert named(order_page, "option extras.egg").text() == "Egg +¥2.00"
    named(order_page, "option spice.hot").click()  # required: tapping it off leaves nothing to add
    assert not panel.add_button.isEnabled()
    named(order_page, "option spice.hot").click()
    panel.add_button.click()

    assert not order_page.choosing_options
    assert order_page.cart.lines() == [OrderLine(item_id="beef", qty=1, options=panel.picks())]
    assert order_page._total.text() == "Total ¥8.00"
    assert order_page._rows[0].quantity.text() == "1"


def test_backing_out_of_the_options_adds_nothing(page: tuple[EventBus, OrderPage]) -> None:
    _bus, order_page = page
    named(order_page, "more beef").click()
    named(order_page, "option spice.none").click()
    order_page.options._cancel.click()
    assert not order_page.choosing_options
    assert not order_page.cart


def test_a_dish_that_sells_out_while_its_options_are_chosen_goes_back_to_the_menu(
    page: tuple[EventBus, OrderPage],
) -> None:
    bus, order_page = page
    named(order_page, "more beef").click()
    bus.publish(MenuChanged(seq=2, item=MENU[0].model_copy(update={"stock": 0})))
    assert not order_page.choosing_options
    assert not order_page.cart


def test_an_item_shows_its_category_icon_until_its_own_picture_arrives(qapp: QApplication, qtbot: QtBot) -> None:
    translations = Translations(qapp, Language.EN)
    bus = EventBus()
    model = KioskViewModel("A01", bus)
    photo = picture(colour=(10, 200, 10))
    with_picture = food("cabbage", NOODLES, picture=photo.sha)
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=(with_picture,), requests=())))
    order_page = OrderPage(RequestKind.FOOD, model, translations)
    qtbot.addWidget(order_page)
    (row,) = order_page._rows
    assert row.picture.pixmap().toImage() == category_icon(Category.FOOD).toImage()
    bus.publish(PictureArrived(photo.sha, photo))
    shown = row.picture.pixmap().toImage()
    assert shown.pixelColor(shown.width() // 2, shown.height() // 2).getRgb()[:3] == (10, 200, 10)
    model.close()
    translations.deleteLater()
