"""A private PulseAudio server with a null sink, recorded with parec and measured with sox: how the tests hear
that a sound really came out. Without pulseaudio, pactl, parec and sox the tests that need them are skipped, unless
NETBAR_REQUIRE_SOUND=1 (as in CI), where they fail instead."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

TOOLS = ("pulseaudio", "pactl", "parec", "sox")
SINK = "netbar_test"
RATE, CHANNELS, SAMPLE_BYTES = 44100, 2, 2
RAW = ("-t", "raw", "-r", str(RATE), "-e", "signed", "-b", str(8 * SAMPLE_BYTES), "-c", str(CHANNELS))
# sox effects that cut the silence before and after a sound: what is left is what a person hears.
AUDIBLE_PART = ("silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse")
CHIME = Path(str(resources.files("netbar.resources").joinpath("new_request.wav")))


def require(*tools: str) -> None:
    """Skip the test without `tools`; fail it where they must be there."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("NETBAR_REQUIRE_SOUND") == "1":
            pytest.fail(f"the sound tests need {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)} (Debian: pulseaudio pulseaudio-utils sox)")


@dataclass(frozen=True)
class SoundServer:
    """A private PulseAudio server with one null sink, which plays into nothing and can be recorded."""

    socket: Path

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pactl", f"--server=unix:{self.socket}", *args], capture_output=True, text=True, timeout=10
        )

    def answers(self) -> bool:
        return self.pactl("info").returncode == 0

    def listed(self, what: str) -> list[str]:
        asked = self.pactl("list", "short", what)
        asked.check_returncode()
        return asked.stdout.splitlines()

    def streams(self) -> list[str]:
        """What is playing into the sink."""
        return self.listed("sink-inputs")

    def clients(self) -> list[str]:
        """Who is connected, but for the pactl that asks."""
        return [line for line in self.listed("clients") if not line.endswith("\tpactl")]


@pytest.fixture
def sound_server(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[SoundServer]:
    require(*TOOLS)
    # A short folder: a unix socket's path may not be longer than 107 bytes.
    with tempfile.TemporaryDirectory(prefix="netbar-pulse-") as folder:
        socket, log = Path(folder) / "native", Path(folder) / "pulseaudio.log"
        # Its own home and runtime folders: no cookie, pid file or socket of a real session is touched.
        home = {name: folder for name in ("HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "PULSE_RUNTIME_PATH")}
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
                    "-n",  # no default.pa: only these two modules
                    f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
                    f"--load=module-null-sink sink_name={SINK}",
                ],
                env={**os.environ, **home},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        running = SoundServer(socket)
        try:
            qtbot.waitUntil(lambda: server.poll() is not None or running.answers(), timeout=10_000)
            # A module that fails to load leaves pulseaudio running without it.
            up = server.poll() is None and any(line.split("\t")[1] == SINK for line in running.listed("sinks"))
            assert up, f"pulseaudio did not start its null sink:\n{log.read_text()}"
            monkeypatch.setenv("PULSE_SERVER", f"unix:{socket}")  # for miniaudio's libpulse in this process too
            yield running
        finally:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Recording:
    """The null sink's monitor, recorded by parec as raw samples into `path` while the `with` block runs."""

    def __init__(self, server: SoundServer, path: Path, qtbot: QtBot) -> None:
        self._server, self.path, self._qtbot = server, path, qtbot

    def __enter__(self) -> "Recording":
        self._parec = subprocess.Popen(
            [
                "parec", f"--server=unix:{self._server.socket}", f"--device={SINK}.monitor",
                "--latency-msec=20",  # else the monitor hands over its samples in chunks of up to two seconds
                "--raw", "--format=s16le", f"--rate={RATE}", f"--channels={CHANNELS}", str(self.path),
            ],
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        # Recording, not just started.
        self._qtbot.waitUntil(lambda: self._parec.poll() is not None or self.seconds() > 0, timeout=10_000)
        assert self._parec.poll() is None, f"parec exited {self._parec.returncode}"
        return self

    def seconds(self) -> float:
        """How much has been recorded so far."""
        return self.path.stat().st_size / (RATE * CHANNELS * SAMPLE_BYTES) if self.path.exists() else 0.0

    def record_more(self, seconds: float) -> None:
        """Wait until `seconds` more have been recorded."""
        until = self.seconds() + seconds
        self._qtbot.waitUntil(lambda: self.seconds() >= until, timeout=10_000)

    def __exit__(self, *_: object) -> None:
        self._parec.send_signal(signal.SIGINT)
        try:
            self._parec.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._parec.kill()
            self._parec.wait()


@dataclass(frozen=True)
class Loudness:
    seconds: float
    rms: float  # of full scale
    peak: float


def measure(*source: str, effects: tuple[str, ...] = ()) -> Loudness:
    """sox's `stat` of a sound file, after `effects`."""
    run = subprocess.run(["sox", *source, "-n", *effects, "stat"], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    figures = {re.sub(r"\s+", " ", name): value for name, value in re.findall(r"^(.+?):\s+(\S+)$", run.stderr, re.M)}
    return Loudness(
        float(figures["Length (seconds)"]), float(figures["RMS amplitude"]), float(figures["Maximum amplitude"])
    )


def audible(sound: Loudness) -> bool:
    """Plainly not silence: peaks above -20 dBFS and an RMS above -40 dBFS (the chime peaks at -10 dBFS)."""
    return sound.peak > 0.1 and sound.rms > 0.01
