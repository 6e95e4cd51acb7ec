"""The sound of a new request: the bundled chime through QtMultimedia where it is installed (the `sound` extra),
the system's beep where it is not."""

from importlib import resources

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication


class Chime(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect = None
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return
        self._effect = QSoundEffect(self)
        self._effect.setSource(QUrl.fromLocalFile(str(resources.files("netbar.resources").joinpath("new_request.wav"))))

    def play(self) -> None:
        if self._effect is not None and self._effect.isLoaded():
            self._effect.play()
        else:
            QApplication.beep()
