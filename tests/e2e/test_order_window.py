"""Noodles with an egg and hot spice, ordered with a real pointer on a real kiosk window under Xvfb: the staff card
shows both options and the total the hub priced, and the hub's database holds the same.

The demo runs as it is, in a process of its own (tests/support/demo_probe.py), with a probe that says where each
button is; the clicks are xdotool's, on the X server. Screenshots go to the test's folder and $NETBAR_SCREENSHOTS.
"""

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from tests.support.xvfb import launch, screenshot, wait_until, window, window_env, xdotool

KIOSK = r"^Netbar kiosk A01$"
STAFF = r"Netbar staff"  # "(1) Netbar staff — …" while requests wait


def probed(probe: Path, title: str) -> dict[str, Any] | None:
    """What the probe last saw of the window whose title matches `title`."""
    try:
        windows = json.loads(probe.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return next((seen for seen in windows if re.search(title, seen["title"])), None)


def button_at(probe: Path, title: str, name: str) -> tuple[int, int] | None:
    seen = probed(probe, title)
    found = [b for b in seen["buttons"] if b["name"] == name and b["enabled"]] if seen else []
    return (found[0]["x"], found[0]["y"]) if found else None


def tap(display: str, probe: Path, title: str, name: str) -> None:
    """A real click at the middle of the button named `name`, once the window shows it enabled and it has stayed
    where it is for two of the probe's looks (the demo places its windows after showing them)."""
    seen: list[tuple[int, int] | None] = [None]

    def still() -> bool:
        now = button_at(probe, title, name)
        settled = now is not None and now == seen[0]
        seen[0] = now
        time.sleep(0.25)
        return settled

    wait_until(still, within=15, what=f"{name!r} on {title}")
    x, y = seen[0] or (0, 0)
    xdotool(display, "mousemove", "--sync", str(x), str(y), "click", "1")
    time.sleep(0.3)  # the probe's next look comes after the click has been handled


def test_noodles_with_an_egg_and_hot_spice_reach_the_staff_card_priced_by_the_hub(display: str, tmp_path: Path) -> None:
    home, probe, log = tmp_path / "home", tmp_path / "probe.json", tmp_path / "demo.log"
    demo = launch(["-m", "tests.support.demo_probe", str(probe)], window_env(display, tmp_path), log)
    try:
        wait_until(
            lambda: demo.poll() is not None or (probed(probe, KIOSK) and probed(probe, STAFF)),
            what="the demo's windows",
        )
        assert demo.poll() is None, log.read_text()

        tap(display, probe, KIOSK, "food")
        tap(display, probe, KIOSK, "section Noodles")
        tap(display, probe, KIOSK, "more noodles-beef")
        tap(display, probe, KIOSK, "option spice.hot")
        tap(display, probe, KIOSK, "option extras.egg")
        wait_until(
            lambda: (
                {b["name"] for b in probed(probe, KIOSK)["buttons"] if b["checked"]}  # type: ignore[index]
                >= {"option spice.hot", "option extras.egg"}
            ),
            what="both options picked",
        )
        kiosk = window(display, KIOSK)
        assert kiosk is not None
        screenshot(display, kiosk, tmp_path / "kiosk-options-egg-hot.png")
        tap(display, probe, KIOSK, "Add to order")
        tap(display, probe, KIOSK, "Review order")
        tap(display, probe, KIOSK, "Send order")

        card = "Braised beef instant noodles (Hot, Egg) ×1"

        def staff_card() -> str | None:
            seen = probed(probe, STAFF)
            return next((text for text in seen["cards"] if card in text), None) if seen else None

        wait_until(staff_card, what="the order's card on the staff window")
        assert "¥8.00" in (staff_card() or "")  # ¥6.00 noodles + ¥2.00 egg, as the hub priced them
        with sqlite3.connect(home / "demo.db") as db:
            (total,) = db.execute("SELECT total_fen FROM requests WHERE kind = 'food'").fetchone()
            (price, options) = db.execute("SELECT price_fen, options FROM request_lines").fetchone()
        assert (total, price) == (800, 800)
        assert [(option["choice"], option["price_fen"]) for option in json.loads(options)] == [("hot", 0), ("egg", 200)]
        staff = window(display, STAFF)
        assert staff is not None
        time.sleep(0.5)  # let the window finish painting the card
        screenshot(display, staff, tmp_path / "staff-card-egg-hot.png")
    finally:
        demo.terminate()
        demo.wait(30)
