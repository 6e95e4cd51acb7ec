"""The chime really comes out: played through the staff window's `Chime` into a PulseAudio null sink, recorded from
the sink's monitor with parec and measured with sox.

Needs pulseaudio, pactl, parec and sox (Debian: pulseaudio pulseaudio-utils sox; `.ci/run` installs them). Without
them the tests are skipped, unless NETBAR_REQUIRE_SOUND=1 (as in CI), where they fail instead. Each test starts a
PulseAudio server of its own in a temporary folder and points this process at it, so nothing reaches real speakers.
"""

from pathlib import Path

from pytestqt.qtbot import QtBot

from netbar.staff.alert import Chime
from tests.support.sound import AUDIBLE_PART, CHIME, RAW, Recording, SoundServer, audible, measure, require


def test_the_chime_comes_out_of_the_speakers_whole(sound_server: SoundServer, qtbot: QtBot, tmp_path: Path) -> None:
    chime = Chime()
    with Recording(sound_server, tmp_path / "chime.raw", qtbot) as recording:
        connected = sound_server.clients()
        chime.play()
        # Its stream appears only after play() has returned: the event loop never waits for the device.
        qtbot.waitUntil(lambda: sound_server.streams() != [], timeout=5000)
        qtbot.waitUntil(lambda: sound_server.streams() == [], timeout=5000)
        recording.record_more(0.2)  # what the monitor still had on its way to parec
        # Nothing of the chime stays connected: PulseAudio takes 64 clients, and every request rings.
        assert sound_server.clients() == connected

    played = measure(*RAW, str(recording.path))
    assert audible(played), played
    heard, bundled = (measure(*source, effects=AUDIBLE_PART) for source in ((*RAW, str(recording.path)), (str(CHIME),)))
    # All of it: without the silent tail the device closes 20-40 ms before the end (92-94 %; 97.5 % with it).
    assert heard.seconds >= 0.95 * bundled.seconds, (heard, bundled)


def test_a_recording_with_nothing_played_is_silent(sound_server: SoundServer, qtbot: QtBot, tmp_path: Path) -> None:
    """The measure above can fail: a chime that never reached the speakers records as silence."""
    with Recording(sound_server, tmp_path / "silence.raw", qtbot) as recording:
        recording.record_more(0.5)
    silence = measure(*RAW, str(recording.path))
    assert silence.seconds >= 0.5
    assert not audible(silence), silence


def test_the_bundled_chime_is_short_and_audible() -> None:
    require("sox")
    chime = measure(str(CHIME))
    assert audible(chime)
    assert 0.2 <= chime.seconds <= 1.5  # heard at once, over before the next request
