"""`netbar demo` in a real window under Xvfb: a tap on a kiosk with xdotool reaches the staff window.

Needs Xvfb, xdotool and ImageMagick's `import` (Debian: xvfb xdotool imagemagick; `.ci/run` installs them). Without
them the test is skipped, unless NETBAR_REQUIRE_XVFB=1 (as in CI), where it fails instead. Screenshots of both
windows are saved in the test's temporary folder, and copied to $NETBAR_SCREENSHOTS when that is set.
"""

import re
import signal
import sqlite3
import time
from pathlib import Path

from tests.support.xvfb import launch, screenshot, wait_until, window, window_env, xdotool


def requests_in(db: Path) -> list[tuple[str, str]]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT seat_id, kind FROM requests").fetchall()


def test_a_tap_on_a_kiosk_in_a_real_window_reaches_the_staff_window(display: str, tmp_path: Path) -> None:
    home, log = tmp_path / "home", tmp_path / "demo.log"
    demo = launch(["-m", "netbar", "demo", "--fresh"], window_env(display, tmp_path), log)
    try:
        wait_until(
            lambda: "demo running" in log.read_text(errors="replace") or demo.poll() is not None,
            what="the demo to start",
        )
        assert demo.poll() is None, log.read_text()
        kiosk = window(display, "A01$")
        staff = window(display, "网吧前台|Netbar staff")
        assert kiosk, xdotool(display, "search", "--name", ".")
        assert staff, xdotool(display, "search", "--name", ".")
        assert xdotool(display, "getwindowname", staff).endswith("0 个待处理请求")

        # The kiosk's home page is four big buttons, two by two, under the banner's row; "call staff" is the
        # bottom right one. A real pointer click, at the middle of it.
        xdotool(display, "windowraise", kiosk)
        geometry = dict(re.findall(r"(\w+)=(\d+)", xdotool(display, "getwindowgeometry", "--shell", kiosk)))
        width, height = int(geometry["WIDTH"]), int(geometry["HEIGHT"])
        xdotool(
            display,
            "mousemove",
            "--sync",
            "--window",
            kiosk,
            str(width * 74 // 100),
            str(height * 54 // 100),
            "click",
            "1",
        )

        wait_until(
            lambda: xdotool(display, "getwindowname", staff).endswith("1 个待处理请求"),
            what="the call on the staff window",
        )
        assert requests_in(home / "demo.db") == [("A01", "call")]
        time.sleep(0.5)  # let both windows finish painting what just changed
        screenshot(display, kiosk, tmp_path / "kiosk.png")
        screenshot(display, staff, tmp_path / "staff.png")
        for shot in ("kiosk.png", "staff.png"):
            assert (tmp_path / shot).stat().st_size > 10_000  # a real picture, not an empty window
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGTERM)
        status = demo.wait(15)
    assert status == 0, log.read_text()
    assert "hub stopped" in log.read_text()
