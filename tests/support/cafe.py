"""A café in one test: a real hub, and real kiosk and staff windows (offscreen) on the one qasync loop."""

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from netbar.domain.menu import Category
from netbar.domain.payment_code import TextCode
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.style import apply_style
from netbar.kiosk.order import ItemRow, OrderPage
from netbar.launch import Kiosk
from netbar.launch_staff import StaffDesk
from tests.support.hub import STAFF_PASSWORD, STAFF_USER, RunningHub, start_hub
from tests.support.qt import Runner

T = TypeVar("T")
PAYMENT_URL = "wxp://f2f0-cafe-under-test"  # the venue's payment code: its kiosks offer to pay by QR


@dataclass
class Cafe:
    hub: RunningHub
    translations: Translations
    run: Runner
    qtbot: QtBot
    folder: Path
    kiosks: list[Kiosk] = field(default_factory=list)
    desks: list[StaffDesk] = field(default_factory=list)

    def kiosk(self, seat: str = "A01") -> Kiosk:
        kiosk = self.run(
            Kiosk.start(seat, self.hub.tokens[seat], self.hub.url, self.translations, self.folder / f"outbox-{seat}.db")
        )
        self.kiosks.append(kiosk)
        self.qtbot.waitUntil(lambda: kiosk.model.connected)
        return kiosk

    def staff(self) -> StaffDesk:
        desk = self.run(StaffDesk.start(STAFF_USER, STAFF_PASSWORD, self.hub.url, self.translations))
        self.desks.append(desk)
        self.qtbot.waitUntil(lambda: desk.model.connected)
        return desk

    def loop_task(self, coroutine: Coroutine[Any, Any, T]) -> "asyncio.Task[T]":
        """Run `coroutine` on the window's loop in the background (a whole `staff_counter`, say)."""
        return self.run.loop.create_task(coroutine)

    def click(self, widget: QWidget) -> None:
        assert widget.isEnabled(), f"{widget!r} is greyed out"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    async def close(self) -> None:
        for kiosk in self.kiosks:
            await kiosk.close()
        for desk in self.desks:
            await desk.close()
        await self.hub.close()


def button(window: QWidget, name: str) -> QPushButton:
    """The button a test taps, by its accessible name (e.g. "more cola")."""
    found = [child for child in window.findChildren(QPushButton) if child.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} buttons named {name!r}"
    return found[0]


def show_section_of(cafe: Cafe, kiosk: Kiosk, item_id: str) -> OrderPage:
    """Tap the section `item_id` is in, on its page; that page."""
    item = kiosk.model.menu[item_id]
    page = kiosk.window.food if item.category is Category.FOOD else kiosk.window.drinks
    if page.section_buttons:
        cafe.click(button(kiosk.window, f"section {item.section_en or 'more'}"))
    return page


def row_of(page: OrderPage, item_id: str) -> ItemRow:
    """The row `item_id` shows in, as the page has it now (rows are made again when the items shown change)."""
    return next(row for row in page._rows if row.item_id == item_id)


def pick(cafe: Cafe, kiosk: Kiosk, item_id: str, *choices: str) -> None:
    """Tap + on `item_id` in its section of its page; where the dish asks how it is wanted, tap each of `choices`
    (`"spice.hot"`), and only those, and add it."""
    page = show_section_of(cafe, kiosk, item_id)
    item = kiosk.model.menu[item_id]
    cafe.click(button(kiosk.window, f"more {item_id}"))
    if item.options:
        assert page.choosing_options
        # The panel opens with the picks the dish was last added with: tap each choice that is not as wanted.
        for option in page.options.findChildren(QPushButton):
            name = option.accessibleName().removeprefix("option ")
            if option.accessibleName().startswith("option ") and option.isChecked() != (name in choices):
                cafe.click(option)
        cafe.click(page.options.add_button)
    else:
        assert not choices, f"{item_id} has no options"
    assert not page.choosing_options


@pytest.fixture
def cafe(tmp_path: Path, run: Runner, qtbot: QtBot, qapp: QApplication) -> Iterator[Cafe]:
    translations = Translations(qapp, Language.EN)  # the source language, so tests read as they assert
    apply_style(qapp)
    place = Cafe(run(start_hub(tmp_path, payment_code=TextCode(text=PAYMENT_URL))), translations, run, qtbot, tmp_path)
    yield place
    run(place.close())
    translations.deleteLater()
