"""`netbar demo --fresh` in English, with a probe that tells a real-window test where each button is.

`python -m tests.support.demo_probe PROBE_FILE`. Every 200 ms the probe writes PROBE_FILE (JSON, replaced whole):
for each visible window, its title, and each visible button by its accessible name (or its text) with the centre
of it on the screen, whether it is enabled and checked; and the text of every staff card. The test reads it to
know where to click, and clicks with a real pointer (xdotool): the demo itself is run unchanged.
"""

import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from netbar import demo
from netbar.gui.language import Language
from netbar.gui.runtime import QuitRequest, run_qt

PROBE_MS = 200


def describe(window: QWidget) -> dict[str, Any]:
    buttons = []
    for button in window.findChildren(QPushButton):
        if not button.isVisible():
            continue
        centre = button.mapToGlobal(button.rect().center())
        buttons.append(
            {
                "name": button.accessibleName() or button.text(),
                "x": centre.x(),
                "y": centre.y(),
                "enabled": button.isEnabled(),
                "checked": button.isChecked(),
            }
        )
    cards = [text.text() for text in window.findChildren(QLabel, "cardText") if text.isVisible()]
    return {"title": window.windowTitle(), "buttons": buttons, "cards": cards}


def start_probe(app: QApplication, path: Path) -> QTimer:
    def write() -> None:
        windows = [describe(window) for window in app.topLevelWidgets() if window.isVisible() and window.windowTitle()]
        scratch = path.with_suffix(".tmp")
        scratch.write_text(json.dumps(windows, ensure_ascii=False), encoding="utf-8")
        scratch.replace(path)

    timer = QTimer(app, interval=PROBE_MS)
    timer.timeout.connect(write)
    timer.start()
    return timer


def main(probe_file: str) -> int:
    def probed(main: Callable[[QApplication, QuitRequest], Awaitable[int]]) -> int:
        async def with_probe(app: QApplication, quit_request: QuitRequest) -> int:
            start_probe(app, Path(probe_file))
            return await main(app, quit_request)

        return run_qt(with_probe)

    demo.run_qt = probed  # type: ignore[assignment]
    return demo.run_demo(fresh=True, language=Language.EN)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
