"""The staff's way out of a fullscreen kiosk: a key chord a customer will not hit opens this page, and only the
seat's exit PIN closes the kiosk. A few wrong tries and the keypad rests for a while, so a customer who saw the
chord cannot guess the PIN at the seat.
"""

import asyncio
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from netbar.domain.exit_pin import pin_matches
from netbar.gui.touch import TouchButton, label

EXIT_CHORD = "Ctrl+Alt+Shift+Q"  # four keys at once, two hands: no customer presses it by chance
TRIES = 3  # wrong PINs in a row before the keypad rests
REST_S = 60  # how long it rests
MAX_DIGITS = 12
KEY_MAX_PX = 140


class ExitGuard:
    """Counts wrong PINs; after `TRIES` in a row, refuses any for `REST_S` seconds. No Qt: tested on its own."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._wrong = 0
        self._until = 0.0

    def resting_for(self) -> int:
        """Whole seconds before a PIN is heard again; 0 when it is heard now."""
        return max(0, int(self._until - self._clock() + 0.999))

    def wrong(self) -> int:
        """Count one wrong PIN; the tries left before the rest (0: resting now)."""
        self._wrong += 1
        if self._wrong >= TRIES:
            self._wrong = 0
            self._until = self._clock() + REST_S
            return 0
        return TRIES - self._wrong

    def right(self) -> None:
        self._wrong = 0


class ExitPage(QWidget):
    """A keypad for the seat's exit PIN, digits big enough for a finger (a keyboard's digits work too).

    Signals:
    back(): staff changed their mind; the kiosk goes on.
    exitConfirmed(): the PIN was right: close the kiosk.
    """

    back = Signal()
    exitConfirmed = Signal()

    def __init__(self, guard: ExitGuard) -> None:
        super().__init__()
        self.pin_hash: str | None = None
        self._guard = guard
        self._pin = ""
        self._checking: asyncio.Task[bool] | None = None
        self._said: Callable[[], str] = lambda: ""
        self.title = label("pageTitle", wrap=True)
        self.dots = label("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("pinMessage", wrap=True)
        self.digits = {str(digit): TouchButton(str(digit), role="pin") for digit in range(10)}
        self._clear = TouchButton(role="pin")
        self._erase = TouchButton("⌫", role="pin")
        keypad = QGridLayout()
        for digit, button in self.digits.items():
            button.setAccessibleName(f"digit {digit}")
            button.clicked.connect(lambda _=False, digit=digit: self.type(digit))
            number = int(digit) - 1 if digit != "0" else 10
            keypad.addWidget(button, number // 3, number % 3)
        for key in (*self.digits.values(), self._clear, self._erase):
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setMaximumHeight(KEY_MAX_PX)  # taller where there is room (a portrait screen), never a wall
        keypad.addWidget(self._clear, 3, 0)
        keypad.addWidget(self._erase, 3, 2)
        self._clear.clicked.connect(self._clear_pin)
        self._erase.clicked.connect(self._erase_one)
        self._cancel = TouchButton(role="secondary")
        self.exit_button = TouchButton(role="danger")
        self._cancel.clicked.connect(self.back)
        self.exit_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self._cancel)
        buttons.addWidget(self.exit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.dots)
        layout.addWidget(self.message)
        layout.addLayout(keypad, 1)
        layout.addLayout(buttons)
        self._rest_tick = QTimer(self, interval=1000)
        self._rest_tick.timeout.connect(self._show_rest)
        self.retranslate()

    # What staff do

    def open(self) -> None:
        """Fresh for staff: no digits, no old message (a rest still running says so)."""
        self._clear_pin()
        self._say(lambda: "")
        self._show_rest()
        self.setFocus()

    def type(self, digit: str) -> None:
        if len(self._pin) < MAX_DIGITS and self._checking is None:
            self._pin += digit
            self._show_dots()

    def submit(self) -> None:
        """Check the PIN typed, off the event loop's thread (a check costs tens of ms on purpose)."""
        if self._checking is not None or not self._pin or self._guard.resting_for():
            return
        pin_hash = self.pin_hash
        if pin_hash is None:
            return
        pin, self._pin = self._pin, ""
        self._set_enabled(False)
        self._checking = asyncio.ensure_future(asyncio.to_thread(pin_matches, pin, pin_hash))
        self._checking.add_done_callback(self._checked)

    # Inside

    def _checked(self, task: "asyncio.Task[bool]") -> None:
        self._checking = None
        self._set_enabled(True)
        self._show_dots()
        if not task.cancelled() and task.exception() is None and task.result():
            self._guard.right()
            self._say(lambda: "")
            self.exitConfirmed.emit()
            return
        left = self._guard.wrong()
        if left:
            self._say(lambda: self.tr("Wrong PIN. %1 tries left.").replace("%1", str(left)))
        else:
            self._show_rest()

    def _show_rest(self) -> None:
        seconds = self._guard.resting_for()
        resting = seconds > 0
        if resting:
            self._say(lambda: self.tr("Too many wrong PINs. Try again in %1 s.").replace("%1", str(seconds)))
            self._rest_tick.start()
        elif self._rest_tick.isActive():
            self._rest_tick.stop()
            self._say(lambda: "")
        self._set_enabled(not resting)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (*self.digits.values(), self._clear, self._erase, self.exit_button):
            button.setEnabled(enabled)

    def _clear_pin(self) -> None:
        self._pin = ""
        self._show_dots()

    def _erase_one(self) -> None:
        self._pin = self._pin[:-1]
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self._pin) or " ")

    def _say(self, message: Callable[[], str]) -> None:
        self._said = message
        self.message.setText(message())

    def retranslate(self) -> None:
        self.title.setText(self.tr("For staff: type this seat's exit PIN to close the kiosk."))
        self._clear.setText(self.tr("Clear"))
        self._cancel.setText(self.tr("Back"))
        self.exit_button.setText(self.tr("Close the kiosk"))
        self._show_dots()
        self.message.setText(self._said())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text.isascii():
            self.type(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self._erase_one()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)
