"""Closing down cleanly: SIGTERM or Ctrl+C ends the demo, a kiosk and a staff window with status 0, and nothing
left pending or unclosed on the way out."""

import signal
from pathlib import Path

import pytest

from tests.support.processes import Process, spawn

UNTIDY = ("Task was destroyed but it is pending", "unclosed", "Traceback", "was never awaited", "QThread: Destroyed")
UNREACHABLE_HUB = "ws://127.0.0.1:9"  # the discard port: nothing listens there


async def stop_cleanly(process: Process, signum: int) -> str:
    status = await process.stop(signum, within=15)
    output = process.log.read_text(errors="replace")
    assert status == 0, output
    assert not [word for word in UNTIDY if word in output], output
    return output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_the_demo_stops_cleanly(tmp_path: Path, signum: int) -> None:
    demo = await spawn(["netbar", "demo", "--fresh"], tmp_path / "demo.log", tmp_path / "home", warnings=True)
    await demo.wait_for_line("demo running")
    output = await stop_cleanly(demo, signum)
    assert "hub stopped" in output


async def test_a_kiosk_with_no_hub_stops_cleanly(tmp_path: Path) -> None:
    # Set up as at a seat: seat, hub and token in kiosk.toml, which only its user may read.
    settings = tmp_path / "home" / "kiosk.toml"
    settings.parent.mkdir()
    settings.write_text(f'[kiosk]\nseat = "A01"\nhub = "{UNREACHABLE_HUB}"\ntoken = "t"\n', encoding="utf-8")
    settings.chmod(0o600)
    kiosk = await spawn(
        ["netbar", "kiosk"],
        tmp_path / "kiosk.log",
        tmp_path / "home",
        warnings=True,
    )
    await kiosk.wait_for_line("unreachable")
    await stop_cleanly(kiosk, signal.SIGTERM)
    assert (tmp_path / "home" / "outbox-A01.db").exists()


async def test_a_staff_window_with_no_hub_stops_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETBAR_STAFF_PASSWORD", "whatever")
    staff = await spawn(
        ["netbar", "staff", "--user", "li", "--hub", UNREACHABLE_HUB],
        tmp_path / "staff.log",
        tmp_path / "home",
        warnings=True,
    )
    await staff.wait_for_line("unreachable")
    await stop_cleanly(staff, signal.SIGINT)
