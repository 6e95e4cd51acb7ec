"""The counter as a person meets it, in real windows under Xvfb: `netbar staff` asks who is signing in, asks again
after a wrong password, opens the window after the right one; a call from a seat waits there, turns amber when it
has waited past its limit (on a clock the test moves), and the chime comes out of the speakers again.

Needs Xvfb, xdotool and ImageMagick (see tests/support/xvfb.py) and PulseAudio and sox (tests/support/sound.py).
"""

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot
from websockets.sync.client import connect

from tests.support.processes import ROOT
from tests.support.sound import RAW, Recording, SoundServer, audible, measure
from tests.support.xvfb import pixels_of, screenshot, wait_until, window, window_env, xdotool

PASSWORD = "counter-pass"
AMBER_EDGE = "#e08600"  # a card's left edge once it has waited past its kind's first limit (resources/netbar.qss)
FAILURE_BACKGROUND = "#ffd5d2"  # the sign-in dialog's "wrong password" line


def netbar(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "netbar", *args], input=stdin, env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_wrong_then_right_password_then_a_call_goes_amber_and_the_chime_sounds_again(
    display: str, sound_server: SoundServer, qtbot: QtBot, tmp_path: Path
) -> None:
    env = window_env(display, tmp_path)  # with PULSE_SERVER: the test's own sound server
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    token = netbar(env, "seats", "add", "A01", "--db", db).split()[1]
    netbar(env, "staff-user", "add", "li", "--role", "manager", "--db", db, stdin=f"{PASSWORD}\n")
    port = free_port()
    hub_log, staff_log, clock = tmp_path / "hub.log", tmp_path / "staff.log", tmp_path / "clock"
    with hub_log.open("wb") as out:
        hub = subprocess.Popen(
            [sys.executable, "-m", "netbar", "hub", "--db", db, "--listen", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    staff = None
    try:
        wait_until(lambda: "hub listening" in hub_log.read_text(), what="the hub")
        with staff_log.open("wb") as out:
            staff = subprocess.Popen(
                [sys.executable, "-m", "tests.support.staff_process", f"ws://127.0.0.1:{port}", "li", str(clock)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(lambda: window(display, "sign in$"), what="the sign-in dialog")
        dialog = window(display, "sign in$")
        assert dialog is not None
        xdotool(display, "windowfocus", "--sync", dialog)  # no window manager here to activate it
        xdotool(display, "type", "--delay", "20", "wrong-pass")  # the user is filled in; the password has focus
        xdotool(display, "key", "Return")
        wait_until(lambda: "forbidden: unknown user or wrong password" in hub_log.read_text(), what="the hub saying no")
        time.sleep(1.0)
        wrong = tmp_path / "counter-signin-wrong-password.png"
        screenshot(display, dialog, wrong)
        assert pixels_of(wrong, FAILURE_BACKGROUND) > 2000  # the line saying the password was wrong
        assert window(display, "^Netbar staff — [0-9]") is None  # and no window behind it

        xdotool(display, "type", "--delay", "20", PASSWORD)
        xdotool(display, "key", "Return")
        wait_until(lambda: window(display, "^Netbar staff — 0 open"), what="the staff window")
        main = window(display, "^Netbar staff — 0 open")
        assert main is not None

        with Recording(sound_server, tmp_path / "arrival.raw", qtbot) as arrival:
            with connect(f"ws://127.0.0.1:{port}") as kiosk:
                kiosk.send(json.dumps({"type": "hello", "role": "kiosk", "seat": "A01", "token": token}))
                assert json.loads(kiosk.recv())["type"] == "welcome"
                call = {"type": "command", "command_id": "5" * 32, "name": "place_request", "body": {"kind": "call"}}
                kiosk.send(json.dumps(call))
                while (answer := json.loads(kiosk.recv()))["type"] == "event":  # its own request_placed comes first
                    pass
                assert answer["type"] == "ack", answer
            wait_until(lambda: xdotool(display, "getwindowname", main).startswith("(1) "), what="the call, waiting")
            wait_until(lambda: audible(measure(*RAW, str(arrival.path))), what="the arrival's chime")
            # Over, not just heard: a chime asked for while one still plays is not played again.
            wait_until(lambda: sound_server.streams() == [], what="the arrival's chime to end")
        fresh = tmp_path / "counter-call-fresh.png"
        screenshot(display, main, fresh)
        assert pixels_of(fresh, AMBER_EDGE) == 0

        with Recording(sound_server, tmp_path / "again.raw", qtbot) as again:
            moved = clock.with_suffix(".new")
            moved.write_text("150")  # two and a half minutes on: past a call's 2, short of its 5
            moved.replace(clock)  # whole: the window never reads a file half written
            # The window's next tick (within 1 s) rings; on a busy machine the sound takes a while to come round.
            wait_until(lambda: audible(measure(*RAW, str(again.path))), within=15, what="the chime, again")
        amber = tmp_path / "counter-call-amber.png"
        screenshot(display, main, amber)
        assert pixels_of(amber, AMBER_EDGE) > 500
    finally:
        for process in (staff, hub):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(15)
