"""`netbar kiosk --fullscreen` on a bare X server (no window manager, as on many café PCs): it covers the screen
exactly, landscape or portrait, stays on top, and a customer cannot close it; staff close it with the exit chord
and the seat's PIN, which `netbar kiosk-pin` sets while it runs. Started with no arguments: seat, hub and token
come from kiosk.toml.

Needs Xvfb, xdotool and ImageMagick (see tests/support/xvfb.py).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.processes import ROOT
from tests.support.xvfb import launch, screenshot, wait_until, window, window_env, x_server, xdotool

PIN = "13579"
CHORD = "ctrl+alt+shift+q"  # EXIT_CHORD as xdotool says it


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def geometry(display: str, window_id: str) -> tuple[int, int, int, int]:
    found = dict(re.findall(r"(\w+)=(\d+)", xdotool(display, "getwindowgeometry", "--shell", window_id)))
    return int(found["X"]), int(found["Y"]), int(found["WIDTH"]), int(found["HEIGHT"])


def window_state(display: str, window_id: str) -> str:
    return subprocess.run(
        ["xprop", "-id", window_id, "_NET_WM_STATE"], env={**os.environ, "DISPLAY": display},
        capture_output=True, text=True, timeout=20,
    ).stdout  # fmt: skip


@pytest.mark.parametrize("screen", ["1024x768", "1080x1920"])
def test_fullscreen_covers_a_bare_x_screen_and_only_the_pin_closes_it(screen: str, tmp_path: Path) -> None:
    width, height = (int(side) for side in screen.split("x"))
    home = tmp_path / "home"
    home.mkdir()
    config = home / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nseat = "A01"\nhub = "ws://127.0.0.1:{closed_port()}"\ntoken = "seat-token-0123456789"\n'
        'fullscreen = true\nlang = "en"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    with x_server(screen) as display:
        env, log = window_env(display, tmp_path), tmp_path / "kiosk.log"
        kiosk = launch(["-m", "netbar", "kiosk"], env, log)
        try:
            wait_until(lambda: window(display, "A01$") or kiosk.poll() is not None, what="the kiosk's window")
            assert kiosk.poll() is None, log.read_text()
            found = window(display, "A01$")
            assert found is not None
            wait_until(lambda: geometry(display, found) == (0, 0, width, height), within=10, what="the whole screen")
            assert "_NET_WM_STATE_ABOVE" in window_state(display, found)
            time.sleep(0.5)
            screenshot(display, found, tmp_path / f"kiosk-fullscreen-{screen}.png")

            # A customer: Alt+F4, Escape, and the chord with no PIN set. The kiosk stays, as large as before.
            for keys in ("alt+F4", "Escape", CHORD):
                xdotool(display, "key", "--window", found, keys)
            time.sleep(1.0)
            assert kiosk.poll() is None
            assert window(display, "A01$") == found
            assert geometry(display, found) == (0, 0, width, height)

            # Staff set a PIN on this PC while the kiosk runs; it takes it from its config file.
            subprocess.run(
                [sys.executable, "-m", "netbar", "kiosk-pin"], input=f"{PIN}\n", env=env, cwd=ROOT, check=True,
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert PIN not in config.read_text()
            wait_until(lambda: "holds a new exit PIN" in log.read_text(), within=20, what="the new PIN taken")

            xdotool(display, "key", "--window", found, CHORD)
            time.sleep(0.5)
            xdotool(display, "type", "--window", found, "--delay", "30", "0000")
            xdotool(display, "key", "--window", found, "Return")
            time.sleep(2.0)  # the check takes tens of milliseconds on purpose; longer on a busy machine
            assert kiosk.poll() is None, "a wrong PIN closed the kiosk"
            screenshot(display, found, tmp_path / f"kiosk-exit-pin-{screen}.png")

            xdotool(display, "type", "--window", found, "--delay", "30", PIN)
            xdotool(display, "key", "--window", found, "Return")
            assert kiosk.wait(20) == 0, log.read_text()
        finally:
            if kiosk.poll() is None:
                kiosk.send_signal(signal.SIGTERM)
                kiosk.wait(15)
