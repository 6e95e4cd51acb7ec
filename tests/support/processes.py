"""Run `netbar hub` and a kiosk link as real processes, to kill them as a power cut would."""

import asyncio
import os
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_LISTENING = re.compile(r"hub listening on (ws://127\.0\.0\.1:(\d+))")


@dataclass
class Process:
    process: asyncio.subprocess.Process
    log: Path

    async def wait_for_line(self, pattern: str | re.Pattern[str], within: float = 30.0) -> re.Match[str]:
        """Wait until the process's output has a line matching `pattern`."""
        async with asyncio.timeout(within):
            while True:
                match = re.search(pattern, self.log.read_text(encoding="utf-8", errors="replace"))
                if match:
                    return match
                if self.process.returncode is not None:
                    raise AssertionError(f"exited {self.process.returncode}:\n{self.log.read_text()}")
                await asyncio.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self, signum: int = signal.SIGTERM, within: float = 10.0) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signum)
        async with asyncio.timeout(within):
            return await self.process.wait()


async def spawn(args: list[str], log: Path, home: Path, *, warnings: bool = False) -> Process:
    """`python -m <args>` with its output in `log`, from the project's root; with `warnings`, every
    ResourceWarning (which Python otherwise keeps quiet) is printed too."""
    env = {**os.environ, "NETBAR_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    flags = ["-W", "default::ResourceWarning"] if warnings else []
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, *flags, "-m", *args, stdout=out, stderr=asyncio.subprocess.STDOUT, cwd=ROOT, env=env
        )
    return Process(process, log)


async def spawn_hub(db_url: str, tmp_path: Path, port: int = 0, name: str = "hub") -> tuple[Process, str]:
    """A `netbar hub` process; returns it with the URL it listens on."""
    hub = await spawn(
        ["netbar", "hub", "--db", db_url, "--listen", f"127.0.0.1:{port}"], tmp_path / f"{name}.log", tmp_path / "home"
    )
    match = await hub.wait_for_line(_LISTENING)
    return hub, match.group(1)
