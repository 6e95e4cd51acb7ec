"""A fullscreen kiosk cannot be closed by a customer; staff close it with the exit chord and the seat's PIN."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.bus import EventBus
from netbar.domain.exit_pin import hash_pin, is_pin_hash, pin_matches
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.kiosk.staff_exit import EXIT_CHORD, REST_S, TRIES, ExitGuard
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow

PIN = "2468"
PIN_HASH = hash_pin(PIN)  # made once: each costs tens of milliseconds on purpose


class Windows:
    """Kiosk windows for one test, their view-models closed after it."""

    def __init__(self, qapp: QApplication, qtbot: QtBot) -> None:
        self.translations = Translations(qapp, Language.EN)
        self.qtbot = qtbot
        self.models: list[KioskViewModel] = []

    def __call__(self, *, locked: bool, pin_hash: str | None) -> KioskWindow:
        model = KioskViewModel("A01", EventBus(), config_file="/etc/kiosk.toml")
        self.models.append(model)
        window = KioskWindow(model, self.translations, locked=locked, exit_pin_hash=pin_hash)
        self.qtbot.addWidget(window)
        window.show()
        return window


@pytest.fixture
def make_window(qapp: QApplication, qtbot: QtBot) -> Iterator[Windows]:
    windows = Windows(qapp, qtbot)
    yield windows
    for model in windows.models:
        model.close()
    windows.translations.deleteLater()


@pytest.fixture
def locked(make_window: Windows) -> KioskWindow:
    return make_window(locked=True, pin_hash=PIN_HASH)


def press_chord(window: KioskWindow) -> None:
    """The chord as the keyboard gives it: the window's shortcut for exactly that key sequence."""
    shortcuts = [s for s in window.findChildren(QShortcut) if s.key() == QKeySequence(EXIT_CHORD)]
    assert len(shortcuts) == 1
    shortcuts[0].activated.emit()


def type_pin(window: KioskWindow, pin: str) -> None:
    for digit in pin:
        window.staff_exit.digits[digit].click()
    window.staff_exit.exit_button.click()


def test_a_pin_is_kept_only_as_a_salted_hash_and_only_the_right_one_matches() -> None:
    assert is_pin_hash(PIN_HASH)
    assert PIN not in PIN_HASH
    assert hash_pin(PIN) != PIN_HASH  # salted
    assert pin_matches(PIN, PIN_HASH)
    assert not pin_matches("2469", PIN_HASH)
    assert not pin_matches(PIN, "scrypt$1$1$1$AA==$AA==")
    for not_a_pin in ("123", "1234567890123", "12a4", ""):
        with pytest.raises(ValueError, match="4 to 12 digits"):
            hash_pin(not_a_pin)


def test_the_guard_rests_after_a_few_wrong_pins_and_listens_again_after() -> None:
    now = [100.0]
    guard = ExitGuard(clock=lambda: now[0])
    assert [guard.wrong() for _ in range(TRIES)] == [*range(TRIES - 1, 0, -1), 0]
    assert guard.resting_for() == REST_S
    now[0] += REST_S - 1
    assert guard.resting_for() == 1
    now[0] += 1
    assert guard.resting_for() == 0
    assert guard.wrong() == TRIES - 1  # counted afresh


def test_a_fullscreen_kiosk_ignores_closing_and_escape(locked: KioskWindow, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(locked.closeRequested):
        assert not locked.close()  # Alt+F4 under a window manager is this
        qtbot.keyClick(locked, Qt.Key.Key_Escape)
        qtbot.keyClick(locked, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert locked.isVisible()


def test_without_a_pin_the_chord_says_how_to_set_one_and_the_kiosk_stays(make_window: Windows, qtbot: QtBot) -> None:
    window = make_window(locked=True, pin_hash=None)
    with qtbot.assertNotEmitted(window.closeRequested):
        press_chord(window)
    assert window.pages.currentWidget() is window.home
    assert window.banner.isVisible()
    assert "netbar kiosk-pin" in window.banner.text()
    assert "/etc/kiosk.toml" in window.banner.text()


def test_a_window_that_is_not_fullscreen_closes_on_the_chord_without_a_pin(make_window: Windows, qtbot: QtBot) -> None:
    window = make_window(locked=False, pin_hash=None)
    with qtbot.waitSignal(window.closeRequested, timeout=1000):
        press_chord(window)


@pytest.mark.usefixtures("qloop")
def test_the_right_pin_closes_the_kiosk(locked: KioskWindow, qtbot: QtBot) -> None:
    press_chord(locked)
    assert locked.pages.currentWidget() is locked.staff_exit
    assert all(button.height() >= 48 for button in locked.staff_exit.digits.values())
    with qtbot.waitSignal(locked.closeRequested, timeout=20_000):
        type_pin(locked, PIN)


@pytest.mark.usefixtures("qloop")
def test_wrong_pins_are_told_then_the_keypad_rests(locked: KioskWindow, qtbot: QtBot) -> None:
    press_chord(locked)
    page = locked.staff_exit
    with qtbot.assertNotEmitted(locked.closeRequested):
        type_pin(locked, "1111")
        qtbot.waitUntil(lambda: page.message.text() == f"Wrong PIN. {TRIES - 1} tries left.", timeout=20_000)
        for _ in range(TRIES - 1):
            qtbot.waitUntil(lambda: page.exit_button.isEnabled(), timeout=20_000)
            type_pin(locked, "1111")
        qtbot.waitUntil(lambda: page.message.text().startswith("Too many wrong PINs. Try again in"), timeout=20_000)
        assert not page.exit_button.isEnabled()
        assert not page.digits["1"].isEnabled()
        # Back and in again: the rest goes on; the right PIN is not heard meanwhile.
        page.back.emit()
        assert locked.pages.currentWidget() is locked.home
        press_chord(locked)
        assert page.message.text().startswith("Too many wrong PINs")
        type_pin(locked, PIN)
        qtbot.wait(300)


@pytest.mark.usefixtures("qloop")
def test_the_keyboard_types_the_pin_and_escape_goes_back(locked: KioskWindow, qtbot: QtBot) -> None:
    press_chord(locked)
    page = locked.staff_exit
    qtbot.keyClicks(page, "24")
    assert page.dots.text() == "●●"
    qtbot.keyClick(page, Qt.Key.Key_Backspace)
    assert page.dots.text() == "●"
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert locked.pages.currentWidget() is locked.home
    press_chord(locked)
    assert page.dots.text().strip() == ""  # opened afresh
    qtbot.keyClicks(page, PIN)
    with qtbot.waitSignal(locked.closeRequested, timeout=20_000):
        qtbot.keyClick(page, Qt.Key.Key_Return)


def test_a_pin_set_while_the_kiosk_runs_is_used_at_the_next_chord(make_window: Windows) -> None:
    window = make_window(locked=True, pin_hash=None)
    press_chord(window)
    assert window.pages.currentWidget() is window.home
    window.exit_pin_hash = PIN_HASH  # what the config file's watch does
    press_chord(window)
    assert window.pages.currentWidget() is window.staff_exit
    assert "kiosk-pin" not in window.banner.text()
