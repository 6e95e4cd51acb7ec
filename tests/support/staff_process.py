"""`netbar staff` in a process of its own, on a clock the test can move: `python -m tests.support.staff_process HUB
USER CLOCK_FILE`. The window's clock is this machine's plus the seconds written in CLOCK_FILE (0 when it is
absent), read afresh each time, so a test makes a request old without waiting for it."""

import sys
from datetime import datetime, timedelta
from pathlib import Path

from netbar.gui.language import Language
from netbar.launch_staff import run_staff
from netbar.staff import viewmodel


def main(hub_url: str, user: str, clock_file: str) -> int:
    real_now = viewmodel.utc_now

    def moved_now() -> datetime:
        path = Path(clock_file)
        return real_now() + timedelta(seconds=float(path.read_text()) if path.exists() else 0.0)

    viewmodel.utc_now = moved_now  # before any window's view-model is made
    return run_staff(user, None, hub_url, Language.EN)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
