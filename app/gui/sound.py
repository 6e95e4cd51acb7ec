"""Plays a bundled WAV file through the speakers without making the event loop wait for the audio device.

miniaudio reaches PulseAudio or PipeWire, else ALSA, on Linux and WASAPI on Windows, from a wheel with nothing else
to install. Each sound opens the device on a thread of its own and closes it once heard, so a sound server that is
slow to answer, or missing, never holds up the Qt and asyncio loop.
"""

import threading
from collections.abc import Generator
from importlib.resources.abc import Traversable

import miniaudio
from PySide6.QtCore import QObject, Signal

# Every backend that reaches a loudspeaker. Left to itself miniaudio falls back on its null backend, which plays
# into nothing: a computer without sound would stay silent and no one would know.
_SPEAKERS = [
    backend for backend in miniaudio.Backend if backend not in (miniaudio.Backend.NULL, miniaudio.Backend.CUSTOM)
]
_PERIOD_MSEC = 50  # small buffers, so the sound starts at once
# Silence played after the sound, long enough to push the sound's end out of the device's and the server's buffers
# before the device closes.
_TAIL_SECONDS = 0.3
# Past the sound and its tail, how long a stalled sound server may keep the device before it is closed anyway.
_GRACE_SECONDS = 2.0


class WavPlayer(QObject):
    """One WAV file, played on demand on a thread of its own.

    Signals:
        failed(str): the sound could not be played (no audio device, no sound server, a broken file), and why.
    """

    failed = Signal(str)

    def __init__(self, wav: Traversable) -> None:
        # No parent: the playing thread keeps the player alive until it is done, even after its window has closed.
        super().__init__()
        self._wav = wav
        self._playing = threading.Lock()

    def play(self) -> None:
        """Start the sound and return at once. While it plays, more calls are ignored: a burst of requests rings
        once."""
        if self._playing.acquire(blocking=False):
            threading.Thread(target=self._play_to_the_end, name="netbar-sound").start()

    def _play_to_the_end(self) -> None:
        trouble = None
        try:
            _play_through(self._wav.read_bytes())
        except (miniaudio.MiniaudioError, OSError) as error:
            trouble = " ".join(str(part) for part in error.args)  # miniaudio's are (what failed, its result code)
        finally:
            # Free before telling: a retry that the failure prompts must not be ignored as "still playing".
            self._playing.release()
        if trouble is not None:
            self.failed.emit(trouble)


def _play_through(wav: bytes) -> None:
    """Play the sound on the first audio device that opens; return once the device has let all of it out."""
    # From bytes: decode_file hands Windows a UTF-8 path that it reads in its ANSI code page, and a café's PC may
    # well have the app under C:\Users\张伟.
    sound = miniaudio.decode(wav)
    frame_bytes = sound.nchannels * sound.sample_width
    samples = sound.samples.tobytes() + bytes(round(_TAIL_SECONDS * sound.sample_rate) * frame_bytes)
    device = miniaudio.PlaybackDevice(
        output_format=sound.sample_format,
        nchannels=sound.nchannels,
        sample_rate=sound.sample_rate,
        buffersize_msec=_PERIOD_MSEC,
        backends=_SPEAKERS,
        app_name="netbar",
    )
    try:
        played = threading.Event()
        chunks = _chunks(samples, frame_bytes, played)
        next(chunks)  # miniaudio sends to a generator that is already waiting at its first yield
        device.start(chunks)
        played.wait(sound.duration + _TAIL_SECONDS + _GRACE_SECONDS)
    finally:
        device.close()
        # pyminiaudio closes the device but not its context, which holds a connection to the sound server open:
        # PulseAudio refuses the 65th, and the chime would fall silent after 64 requests.
        miniaudio.lib.ma_context_uninit(device._context)


def _chunks(samples: bytes, frame_bytes: int, played: threading.Event) -> Generator[bytes, int, None]:
    """What miniaudio's callback asks for: it sends how many frames it wants and gets the next ones."""
    wanted = yield b""
    start = 0
    while start < len(samples):
        end = start + wanted * frame_bytes
        wanted = yield samples[start:end]
        start = end
    played.set()  # asked for more after the last samples: those are in the device's hands
