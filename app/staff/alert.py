"""The sound of a new request: the bundled chime, or the system's beep where no sound can be played."""

import logging
from importlib import resources

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication

from netbar.gui.sound import WavPlayer

_LOGGER = logging.getLogger(__name__)


class Chime(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = WavPlayer(resources.files("netbar.resources").joinpath("new_request.wav"))
        self._player.failed.connect(self._beep_instead)
        self._warned = False

    def play(self) -> None:
        self._player.play()

    @Slot(str)
    def _beep_instead(self, trouble: str) -> None:
        if not self._warned:  # once: a counter PC without speakers would otherwise fill its log, one line a request
            _LOGGER.warning("The new-request chime cannot play (%s); the system beep rings instead", trouble)
            self._warned = True
        QApplication.beep()
