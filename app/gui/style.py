"""The look of both windows, from resources/netbar.qss."""

from importlib import resources

from PySide6.QtWidgets import QApplication


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(resources.files("netbar.resources").joinpath("netbar.qss").read_text(encoding="utf-8"))
