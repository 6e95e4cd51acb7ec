"""The look of both windows, from resources/netbar.qss; for a kiosk on a big screen, the same look larger."""

import re
from functools import cache
from importlib import resources

from PySide6.QtWidgets import QApplication

BASE_SIZE = (1024, 768)  # the screen the stylesheet's sizes are made for
MAX_SCALE = 1.6
# The sizes that grow with the screen: type, and the widths and heights given to targets.
_SIZES = re.compile(r"\b(font-size|min-height|min-width|max-width|max-height)(\s*:\s*)(\d+)px")


@cache
def stylesheet() -> str:
    return resources.files("netbar.resources").joinpath("netbar.qss").read_text(encoding="utf-8")


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(stylesheet())


def screen_scale(width: int, height: int) -> float:
    """How much larger than at 1024×768 type and targets should be on a window this size, in steps of 0.1 (so a
    few pixels more or less restyle nothing): 1.0 up to 1366×768, 1.4 at 1920×1080, 1.1 on a 1080×1920 portrait
    screen, whose width is what a line of text must fit."""
    fit = min(width / BASE_SIZE[0], height / BASE_SIZE[1])
    return min(MAX_SCALE, max(1.0, round(fit * 10) / 10))


@cache
def scaled_style(scale: float) -> str:
    """The stylesheet with its sizes times `scale`; nothing at 1.0 (the application's own applies)."""
    if scale == 1.0:
        return ""
    return _SIZES.sub(lambda size: f"{size[1]}{size[2]}{round(int(size[3]) * scale)}px", stylesheet())
