"""The kiosk on the screens cafés have: 1024×768, 1366×768, 1920×1080 and a 1080×1920 portrait touchscreen. On
each, every page's buttons are inside the window, none on top of another and each big enough for a finger; type
grows on the big screens, and the menus use the room (columns side by side where the screen is wide)."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.commands import OrderLine
from netbar.domain.exit_pin import hash_pin
from netbar.domain.menu_file import default_menu
from netbar.domain.requests import RequestKind
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.confirm import Order
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import Connected
from netbar.wire.frames import Snapshot

SCREENS = [(1024, 768), (1366, 768), (1920, 1080), (1080, 1920)]
PAGES = ("home", "food", "drinks", "renew", "confirm", "call", "staff_exit", "enrolment", "time_up", "payment")
FINGER = 48  # px: the smallest target a finger hits reliably (DESIGN §8)
# One long list a page (no sections): what has to fit when a café's menu has many items of a kind.
MENU = tuple(item.model_copy(update={"section_zh": "", "section_en": ""}) for item in default_menu())
PIN_HASH = hash_pin("2468")


# Every screen in English (the longer words); the narrowest two in Chinese too.
CASES = [(size, Language.EN) for size in SCREENS] + [(size, Language.ZH) for size in ((1024, 768), (1080, 1920))]


@pytest.fixture
def language() -> Language:
    return Language.EN


@pytest.fixture
def kiosk(language: Language, qapp: QApplication, qtbot: QtBot) -> Iterator[KioskWindow]:
    translations = Translations(qapp, language)
    bus = EventBus()
    model = KioskViewModel("A01", bus, config_file="/home/netbar/.config/netbar/kiosk.toml")
    # own_language=False: a window Qt has not yet deleted must not put Chinese back when it goes idle in a later test
    window = KioskWindow(model, translations, exit_pin_hash=PIN_HASH, own_language=False)
    qtbot.addWidget(window)
    bus.publish(Connected(seq=1, snapshot=Snapshot(menu=MENU, requests=())))
    yield window
    model.close()
    translations.set_language(Language.EN)
    translations.deleteLater()


def shown_at(window: KioskWindow, size: tuple[int, int], page: QWidget) -> None:
    window.resize(*size)
    window.show()
    window.pages.setCurrentWidget(page)
    QApplication.processEvents()  # the layouts settle
    assert (window.width(), window.height()) == size


def in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def open_page(window: KioskWindow, name: str) -> QWidget:
    if name == "confirm":
        food = [item.id for item in MENU if item.category.value == "food"][:3]
        lines = tuple(OrderLine(item_id=item, qty=2) for item in food)
        window.confirm.show_order(Order(RequestKind.FOOD, lines, "no chilli"))
    if name == "staff_exit":
        window.staff_exit.open()
    page: QWidget = getattr(window, name)
    return page


@pytest.mark.parametrize(("size", "language"), CASES, ids=[f"{w}x{h}-{lang}" for (w, h), lang in CASES])
@pytest.mark.parametrize("name", PAGES)
def test_every_button_is_inside_the_window_apart_from_the_others_and_big_enough(
    kiosk: KioskWindow, size: tuple[int, int], name: str
) -> None:
    page = open_page(kiosk, name)
    shown_at(kiosk, size, page)
    frame = kiosk.rect()
    buttons = [b for b in kiosk.findChildren(QPushButton) if b.isVisible() and b.window() is kiosk]
    assert buttons, "a page with nothing to tap"
    placed = []
    for button in buttons:
        rect = in_window(button, kiosk)
        what = f"{button.text() or button.accessibleName()!r} at {rect.getRect()} on {name}"
        assert min(rect.height(), rect.width()) >= FINGER, f"too small: {what}"
        area = scroll_area_of(button)
        if area is None:
            assert frame.contains(rect), f"clipped by the window: {what}"
        else:  # the list scrolls up and down, never sideways; what is out of sight is under nothing
            viewport = in_window(area.viewport(), kiosk)
            assert viewport.left() <= rect.left() <= rect.right() <= viewport.right(), f"cut off at the side: {what}"
            rect = rect.intersected(viewport)
            if rect.isEmpty():
                continue
        placed.append((rect, what))
    for number, (rect, what) in enumerate(placed):
        for other, other_what in placed[number + 1 :]:
            assert not rect.intersects(other), f"{what} overlaps {other_what}"


def test_type_grows_with_the_screen(kiosk: KioskWindow) -> None:
    button = kiosk.home.buttons[RequestKind.FOOD]
    sizes = {}
    for size in SCREENS:
        shown_at(kiosk, size, kiosk.home)
        sizes[size] = button.fontInfo().pixelSize()
    assert sizes[(1024, 768)] == sizes[(1366, 768)]
    assert sizes[(1920, 1080)] >= sizes[(1024, 768)] * 1.3
    assert sizes[(1080, 1920)] >= sizes[(1024, 768)]


def food_rows(window: KioskWindow) -> list[int]:
    """The top of each line of the food menu, as laid out."""
    pluses = [b for b in window.food.findChildren(QPushButton) if b.accessibleName().startswith("more ")]
    return sorted({in_window(plus, window).top() for plus in pluses})


def items_in_sight(window: KioskWindow) -> int:
    area = window.food.findChild(QScrollArea)
    viewport = in_window(area.viewport(), window)
    pluses = [b for b in window.food.findChildren(QPushButton) if b.accessibleName().startswith("more ")]
    return sum(viewport.contains(in_window(plus, window)) for plus in pluses)


def test_the_menu_takes_more_columns_on_a_wide_screen_and_shows_more_in_portrait(kiosk: KioskWindow) -> None:
    foods = sum(item.category.value == "food" for item in MENU)
    shown_at(kiosk, (1024, 768), kiosk.food)
    assert len(food_rows(kiosk)) == foods  # one a line
    small = items_in_sight(kiosk)
    shown_at(kiosk, (1920, 1080), kiosk.food)
    assert len(food_rows(kiosk)) <= (foods + 1) // 2  # two or more side by side
    assert items_in_sight(kiosk) > small
    shown_at(kiosk, (1080, 1920), kiosk.food)
    assert items_in_sight(kiosk) > small  # a tall screen shows more lines at once
    shown_at(kiosk, (1024, 768), kiosk.food)
    assert len(food_rows(kiosk)) == foods  # and back


@pytest.mark.qt_log_ignore("does not support raise")  # Qt's offscreen platform; a real screen: tests/e2e
def test_fullscreen_covers_the_primary_screen_and_follows_its_size(kiosk: KioskWindow, qtbot: QtBot) -> None:
    screen = QGuiApplication.primaryScreen()
    kiosk.fill_screen()
    qtbot.waitUntil(lambda: kiosk.geometry() == screen.geometry(), timeout=2000)
    screen.geometryChanged.emit(QRect(0, 0, 1080, 1920))  # turned to portrait, or another screen plugged in
    qtbot.waitUntil(lambda: kiosk.geometry() == QRect(0, 0, 1080, 1920), timeout=2000)
