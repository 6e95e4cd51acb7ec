"""A regression test for PySide6 6.12.0 on Python 3.11, which aborts the interpreter after ~1000 signal emits.

It runs in a process of its own: on a bad PySide6 the abort kills that process (status -6), not the test run."""

import subprocess
import sys

from tests.gui.signal_storm import EMITS
from tests.support.processes import ROOT


def test_many_thousands_of_signals_with_database_work_between() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.gui.signal_storm"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"status {result.returncode}: {result.stderr[-2000:]}"
    assert result.stdout.strip() == f"survived {EMITS + EMITS // 20}"
