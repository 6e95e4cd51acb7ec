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

from netbar.domain.payment_code import TextCode
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.style import apply_style
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


@pytest.fixture
def cafe(tmp_path: Path, run: Runner, qtbot: QtBot, qapp: QApplication) -> Iterator[Cafe]:
    translations = Translations(qapp, Language.EN)  # the source language, so tests read as they assert
    apply_style(qapp)
    place = Cafe(run(start_hub(tmp_path, payment_code=TextCode(text=PAYMENT_URL))), translations, run, qtbot, tmp_path)
    yield place
    run(place.close())
    translations.deleteLater()
