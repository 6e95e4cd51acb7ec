"""How long `netbar kiosk` takes from process start to its window's first paint, beside a bare PySide6 window.

`python -m bench.first_paint [--repeat N]` — offscreen (QT_QPA_PLATFORM=offscreen unless set); figures are printed,
never asserted.

Each run starts, in turn, a separate process for: the interpreter alone (`python -c pass`, to its exit), a bare
PySide6 window (a QApplication and an 800×640 QWidget) and `netbar kiosk` (seat A01, its settings in a kiosk.toml
given with `--config`, a fresh NETBAR_HOME, and a hub that is down: nothing listens on the port). The window
processes run a probe first (`PROBE`, through `python -c`, so the product has no hook for it): it replaces
`QApplication` with a subclass whose event filter notes the first paint event of a window and prints the
`time.monotonic()` of that moment; the bench subtracts the moment just before it started the process (one clock
for every process on Linux), and the CPU time the process has used by then (`time.process_time()`, all its
threads): on a busy machine the wall figure is mostly waiting for a core, the CPU figure is what the program
itself costs. The kiosk is then killed: only its start counts.

Python runs byte-compiled, as an installed netbar does (pip compiles what it installs): the processes write and
read their bytecode in a scratch folder of the bench (PYTHONPYCACHEPREFIX, even where PYTHONDONTWRITEBYTECODE is
set), and a first round, not counted, writes it.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load.report import Figure, table

FIRST_PAINT = "first paint at "
WAIT = 30.0  # seconds for a window to paint before the run is given up

# Runs in the measured process before anything else. It waits for the program to import PySide6.QtWidgets (importing
# Qt itself would put Qt's import hook in front of every import the program makes, and slow them), then replaces
# QApplication with a subclass whose event filter prints the moment of the first paint of a visible window, and
# leaves.
PROBE = f"""
import importlib.util, sys, time

def _probe(QtWidgets):
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            window = watched.window() if isinstance(watched, QtWidgets.QWidget) else None
            if event.type() == QEvent.Type.Paint and window is not None and window.isVisible():
                print("{FIRST_PAINT}%.6f %.6f" % (time.monotonic(), time.process_time()), flush=True)
                QtWidgets.QApplication.instance().removeEventFilter(self)
            return False

    class ProbedApplication(QtWidgets.QApplication):
        def __init__(self, *args):
            super().__init__(*args)
            self._first_paint = FirstPaint()
            self.installEventFilter(self._first_paint)

    QtWidgets.QApplication = ProbedApplication

class _WhenQtWidgetsLoads:
    def find_spec(self, name, path, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            _probe(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _WhenQtWidgetsLoads())
"""

BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(800, 640)
window.show()
app.exec()
"""

KIOSK = """
import runpy, sys
sys.argv = ["netbar", *sys.argv[1:]]
runpy.run_module("netbar", run_name="__main__")
"""


def first_paint(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from just before `python -c code args` starts to its first paint, and the CPU seconds the process
    used by then; the process is then killed."""
    with tempfile.TemporaryFile("w+") as errors:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-c", PROBE + code, *args], stdout=subprocess.PIPE, stderr=errors, text=True, env=env
        )
        try:
            assert process.stdout is not None
            while time.monotonic() < started + WAIT:
                line = process.stdout.readline()
                if line.startswith(FIRST_PAINT):
                    painted, cpu = line.removeprefix(FIRST_PAINT).split()
                    return float(painted) - started, float(cpu)
                if not line:
                    errors.seek(0)
                    raise RuntimeError(f"exited with {process.wait()} before painting: {errors.read()[-2000:]}")
            raise RuntimeError(f"no paint within {WAIT} s")
        finally:
            process.kill()
            process.wait()


def interpreter_start(env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    return time.monotonic() - started


def closed_port() -> int:
    """A loopback port nothing listens on: the kiosk's hub is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def kiosk_first_paint(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    home = folder / "home"
    home.mkdir()
    config = folder / "kiosk.toml"
    settings = f'[kiosk]\nseat = "A01"\nhub = "ws://127.0.0.1:{closed_port()}"\ntoken = "bench-token"\n'
    config.write_text(settings, encoding="utf-8")
    config.chmod(0o600)  # it holds the token: the kiosk reads it only if no one else can
    return first_paint(KIOSK, "kiosk", "--config", str(config), env={**env, "NETBAR_HOME": str(home)})


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_paint", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs (default 7)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare = Figure("bare PySide6 window: start → first paint", "ms", baseline_name="python -c pass")
    kiosk = Figure("netbar kiosk, hub down: start → first paint", "ms", baseline_name="bare PySide6 window")
    kiosk_cpu = Figure("netbar kiosk: CPU used by its first paint", "ms", baseline_name="bare window's CPU")
    with tempfile.TemporaryDirectory(prefix="netbar-first-paint-bytecode-") as bytecode:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": bytecode}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for run in range(-1, args.repeat):
            print("writing the bytecode" if run < 0 else f"run {run + 1} of {args.repeat}", file=sys.stderr)
            with tempfile.TemporaryDirectory(prefix="netbar-first-paint-") as scratch:
                interpreter = interpreter_start(env) * 1000
                bare_s, bare_cpu = first_paint(BARE_WINDOW, env=env)
                kiosk_s, cpu = kiosk_first_paint(Path(scratch), env)
            if run >= 0:
                bare.add(bare_s * 1000, interpreter)
                kiosk.add(kiosk_s * 1000, bare_s * 1000)
                kiosk_cpu.add(cpu * 1000, bare_cpu * 1000)
    print(f"Qt platform: {os.environ['QT_QPA_PLATFORM']}; {args.repeat} runs, each process started afresh\n")
    print(table(f"first paint ({args.repeat} runs)", [bare, kiosk, kiosk_cpu]))


if __name__ == "__main__":
    main()
