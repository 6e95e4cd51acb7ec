"""The chime on a PC without sound: the system beep rings instead, the log says why once, and nothing raises."""

import logging
import threading
from typing import NoReturn

import miniaudio
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from netbar.staff.alert import Chime


def no_audio_device(**_: object) -> NoReturn:
    raise miniaudio.MiniaudioError("failed to init device", -401)  # as on a container without a sound card


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_without_an_audio_device_the_chime_beeps_and_warns_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(miniaudio, "PlaybackDevice", no_audio_device)
    beeps: list[threading.Thread] = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(threading.current_thread()))
    chime = Chime()

    for rings in (1, 2):
        chime.play()
        qtbot.waitUntil(lambda rings=rings: len(beeps) == rings)

    assert beeps == [threading.main_thread()] * 2  # on Qt's thread, as Qt asks
    warnings = [
        (record.levelno, record.getMessage()) for record in caplog.records if record.name == "netbar.staff.alert"
    ]
    assert warnings == [
        (
            logging.WARNING,
            "The new-request chime cannot play (failed to init device -401); the system beep rings instead",
        )
    ]
