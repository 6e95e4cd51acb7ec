"""The staff window at the counter screens it must fit, in both languages: 1024×768 and 1920×1080, with a busy
evening's requests. Each size is checked for what would cut a word or push a button off the screen, and
photographed (into $NETBAR_SCREENSHOTS when that is set, else the test's folder)."""

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from netbar.gui.language import Language
from tests.support.cafe import Cafe
from tests.support.wire import RawClient

ORDERS = (
    ("A01", {"kind": "food", "lines": [{"item_id": "noodles-beef", "qty": 2}], "note": "不要辣 no chilli"}),
    ("A02", {"kind": "drink", "lines": [{"item_id": "cola", "qty": 1}, {"item_id": "iced-tea", "qty": 2}]}),
    ("A03", {"kind": "call", "note": "键盘坏了"}),
    ("A01", {"kind": "renewal", "lines": [{"item_id": "time-3h", "qty": 1}], "payment": "qr"}),
    ("A02", {"kind": "food", "lines": [{"item_id": "fried-rice-egg", "qty": 1}]}),
    ("A03", {"kind": "call"}),  # pressed again: ×2
)


def busy_evening(cafe: Cafe) -> None:
    kiosks: dict[str, RawClient] = {}
    for seat, body in ORDERS:
        kiosk = kiosks.get(seat) or kiosks.setdefault(seat, cafe.run(cafe.hub.raw_kiosk(seat)))
        answer: dict[str, Any] = cafe.run(kiosk.command("place_request", body))
        assert answer["type"] == "ack", answer


@pytest.mark.parametrize("language", [Language.ZH, Language.EN])
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_the_staff_window_fits_the_counter_screen(
    cafe: Cafe, language: Language, size: tuple[int, int], tmp_path: Path
) -> None:
    desk = cafe.staff()
    busy_evening(cafe)
    cafe.qtbot.waitUntil(lambda: len(desk.model.requests) == 5)
    cafe.translations.set_language(language)
    width, height = size
    desk.window.resize(width, height - 28)  # the taskbar's share of the screen
    cafe.qtbot.wait(100)
    hint = desk.window.minimumSizeHint()
    assert (min(hint.width(), width), min(hint.height(), height - 28)) == (hint.width(), hint.height()), hint
    for button in desk.window.findChildren(QPushButton):
        if button.isVisible() and button.text():
            room = button.contentsRect().width()
            assert button.fontMetrics().horizontalAdvance(button.text()) <= room + 16, button.text()
    folder = Path(os.environ.get("NETBAR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for tab, name in ((0, "requests"), (1, "seats")):
        desk.window.tabs.setCurrentIndex(tab)
        cafe.qtbot.wait(50)
        shot = folder / f"staff-{name}-{language.value}-{width}x{height}.png"
        assert desk.window.grab().save(str(shot))
        assert shot.stat().st_size > 10_000
    cafe.translations.set_language(Language.EN)
