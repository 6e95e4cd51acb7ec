"""A real X server (Xvfb) for the tests where a person's view is the point, driven with xdotool and photographed
with ImageMagick's `import`. Without them those tests are skipped, unless NETBAR_REQUIRE_XVFB=1 (as in CI), where
they fail instead. Screenshots are copied to $NETBAR_SCREENSHOTS when that is set."""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.processes import ROOT

TOOLS = ("Xvfb", "xdotool", "import")


def wait_until(condition: Callable[[], object], within: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what or condition}")
        time.sleep(0.1)


@contextmanager
def x_server(screen: str = "1920x1080") -> Iterator[str]:
    """A bare X server, no window manager, with one screen of `screen` pixels; yields its DISPLAY."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("NETBAR_REQUIRE_XVFB") == "1":
            pytest.fail(f"the real-window test needs {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)} (Debian: xvfb xdotool imagemagick)")
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()  # Xvfb writes the display it chose once it is ready
    try:
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(10)


@pytest.fixture
def display() -> Iterator[str]:
    with x_server() as number:
        yield number


def window_env(display: str, folder: Path) -> dict[str, str]:
    """The environment a netbar process with a real window runs in: this display through X11, its own home
    (`folder/home`) and runtime folder, and output unbuffered so a test reads its log as it goes."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "NETBAR_HOME": str(folder / "home"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONUNBUFFERED": "1",
    }


def launch(args: Sequence[str], env: dict[str, str], log: Path) -> "subprocess.Popen[bytes]":
    """`python ARGS` from the project's folder in a process of its own, everything it prints into `log`."""
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=20
    )
    return result.stdout.strip()


def window(display: str, title_pattern: str) -> str | None:
    found = xdotool(display, "search", "--onlyvisible", "--name", title_pattern).split()
    return found[0] if found else None


def screenshot(display: str, window_id: str, path: Path) -> None:
    subprocess.run(
        ["import", "-window", window_id, str(path)], env={**os.environ, "DISPLAY": display}, check=True, timeout=30
    )
    shots = os.environ.get("NETBAR_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(shots) / path.name)


def pixels_of(path: Path, colour: str) -> int:
    """How many pixels of a screenshot are exactly `colour` (#rrggbb)."""
    counted = subprocess.run(
        ["convert", str(path), "-fill", "black", "+opaque", colour, "-fill", "white", "-opaque", colour,
         "-format", "%[fx:mean*w*h]", "info:"],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return round(float(counted.stdout))
