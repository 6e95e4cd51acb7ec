"""The hub takes the open files it may: one per connection, so a thousand kiosks (or a laptop knocking in a loop)
do not use up Linux's default 1,024, past which every new connection fails as it is accepted."""

import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from netbar.hub.open_files import WANTED
from tests.support.hub import enrol
from tests.support.processes import spawn_hub

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no limit on open files to raise")

SHOW_THE_LIMIT = (
    "import resource; from netbar.hub.open_files import allow_open_files;"
    "print(allow_open_files(), *resource.getrlimit(resource.RLIMIT_NOFILE))"
)


def limits_after(soft: int, hard: int) -> tuple[int, int, int]:
    """What `allow_open_files` returns, and the soft and hard limits after it, in a process started with these."""
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_THE_LIMIT],
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)),
        capture_output=True,
        text=True,
        check=True,
    )
    returned, soft_after, hard_after = shown.stdout.split()
    return int(returned), int(soft_after), int(hard_after)


def test_the_soft_limit_is_raised_to_the_hard_one() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    hard = min(hard, 4096)  # what this test's process may set for its child
    assert limits_after(256, hard) == (hard, hard, hard)


def test_a_hard_limit_is_left_as_it_is() -> None:
    assert limits_after(256, 256) == (256, 256, 256)


def open_files_of(pid: int) -> tuple[int, int]:
    """A process's soft and hard limits on open files, as Linux shows them."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    soft, hard = re.search(r"Max open files\s+(\d+)\s+(\d+)", limits).groups()  # type: ignore[union-attr]
    return int(soft), int(hard)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the hub's limits in /proc")
async def test_netbar_hub_takes_the_open_files_it_may_and_says_when_they_are_few(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    await enrol(db_url)
    ours = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(ours[0], 512), ours[1]))  # the hub starts with what we have
    try:
        hub, _ = await spawn_hub(db_url, tmp_path)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, ours)
    try:
        soft, hard = open_files_of(hub.process.pid)
        assert soft == hard
        warned = "this hub may keep only" in hub.log.read_text()
        assert warned == (hard < WANTED)
    finally:
        assert await hub.stop(signal.SIGTERM) == 0
