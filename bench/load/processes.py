"""The processes of a run: the hub (and a bare echo server) as real subprocesses, the load as spawned processes,
and the pipe each load process talks to this one through. Every wait here has a limit."""

import asyncio
import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"  # where the bench reaches its servers, whichever address they listen on
# The scheme and the port: a server listening on every address over TLS is reached on loopback all the same.
HUB_LISTENING = re.compile(r"hub listening on (wss?)://(?:127\.0\.0\.1|0\.0\.0\.0):(\d+)")
ECHO_LISTENING = re.compile(r"echo listening on (wss?)://127\.0\.0\.1:(\d+)")
_CONTEXT = multiprocessing.get_context("spawn")
T = TypeVar("T")
Message = tuple[str, Any]


class BenchError(Exception):
    """A run could not go on: a process failed, died or did not answer in time."""


def raise_open_files() -> int:
    """Lift this process's open-file limit to its hard limit (its children inherit it); returns the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1 << 20 if hard == resource.RLIM_INFINITY else hard
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def _uvloop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        module = importlib.import_module("uvloop")
    except ImportError:
        return None
    return cast(Callable[[], asyncio.AbstractEventLoop], module.new_event_loop)


def loop_name() -> str:
    return "uvloop" if _uvloop() is not None else "asyncio (uvloop not importable)"


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on uvloop where it is importable, else on asyncio's own loop."""
    with asyncio.Runner(loop_factory=_uvloop()) as runner:
        return runner.run(main)


def rss_kb(pid: int) -> int:
    """Resident memory of a process, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU a process has used so far, from /proc/PID/stat (0 for one already gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (the hub's writer is its fork server's child)."""
    try:
        children = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []
    return [grandchild for child in children for grandchild in [child, *descendants(child)]]


class CpuMeter:
    """How busy the hub (with the processes it started: its writer), or another server called `name`, and the load
    processes kept the machine's cores between its start and `note()`."""

    def __init__(self, hub: int, load: Sequence[int | None], name: str = "hub") -> None:
        self._hub, self._helpers, self._load = hub, descendants(hub), list(load)
        self._name = name
        self._started = time.monotonic()
        self._from = self._read()

    def _read(self) -> tuple[float, float, float]:
        return (
            cpu_seconds(self._hub),
            sum(cpu_seconds(pid) for pid in self._helpers),
            sum(cpu_seconds(pid) for pid in self._load),
        )

    def note(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self._started)
        hub, helpers, load = ((now - then) / elapsed for now, then in zip(self._read(), self._from, strict=True))
        started = f" ({helpers:.0%} in the processes it started: its writer)" if self._helpers else ""
        return (
            f"CPU over those {elapsed:.0f} s: {self._name} {hub + helpers:.0%} of a core{started}, load processes "
            f"{load:.0%} of a core together ({os.cpu_count()} cores)"
        )


@dataclass
class Server:
    """A server subprocess (the hub, or the echo server): where it said it listens, reached on loopback, and the
    home folder it was started with (a TLS server's certificate is made there)."""

    process: subprocess.Popen[bytes]
    log: Path
    scheme: str  # ws or wss
    port: int
    home: Path
    started_in: float  # seconds from spawning it to its "listening" line

    @property
    def url(self) -> str:
        return f"{self.scheme}://{LOOPBACK}:{self.port}"

    @classmethod
    def start(cls, args: list[str], log: Path, listening: re.Pattern[str], home: Path, within: float) -> "Server":
        env = {key: value for key, value in os.environ.items() if not key.startswith("NETBAR_")}
        env |= {"NETBAR_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        started = time.perf_counter()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", *args], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env
            )
        deadline = started + within
        with log.open("rb") as reader:
            text = ""
            while True:
                text += reader.read().decode("utf-8", "replace")
                if match := listening.search(text):
                    return cls(process, log, match[1], int(match[2]), home, time.perf_counter() - started)
                if process.poll() is not None or time.perf_counter() > deadline:
                    if process.poll() is None:
                        process.kill()
                        process.wait()
                    raise BenchError(f"{' '.join(args[:2])} did not start (exit {process.returncode}):\n{text[-3000:]}")
                time.sleep(0.005)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_kb(self) -> int:
        return rss_kb(self.pid)

    def stop(self, within: float = 15.0) -> int:
        """SIGTERM, then SIGKILL after `within` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(within)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def errors(self) -> list[str]:
        """The lines of its output at ERROR or above (and tracebacks)."""
        text = self.log.read_text("utf-8", "replace")
        return [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line or "Traceback" in line]


def start_hub(db: Path, folder: Path, name: str = "hub", within: float = 300.0, *, tls: bool = False) -> Server:
    """`python -m netbar hub --db sqlite:///DB --listen 127.0.0.1:0`, its output in FOLDER/NAME.log; with `tls`,
    `--listen 0.0.0.0:0`, where the hub speaks `wss://` as it does at a venue (on loopback it never does), with
    its certificate made in FOLDER/home."""
    args = ["netbar", "hub", "--db", f"sqlite:///{db}", "--listen", f"{'0.0.0.0' if tls else '127.0.0.1'}:0"]
    return Server.start(args, folder / f"{name}.log", HUB_LISTENING, folder / "home", within)


def start_echo(folder: Path, within: float = 60.0, *, tls: bool = False) -> Server:
    """`python -m bench.load.echo`, over `wss://` with `tls` (its certificate made in FOLDER/home)."""
    args = ["bench.load.echo", *(["--tls", str(folder / "home")] if tls else [])]
    return Server.start(args, folder / "echo.log", ECHO_LISTENING, folder / "home", within)


# Load processes and their pipes.


class Channel:
    """A load process's end of its pipe."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def say(self, tag: str, payload: object = None) -> None:
        self._connection.send((tag, payload))

    async def hear(self, within: float) -> Message:
        """The next message from the parent; TimeoutError after `within` seconds, EOFError if it is gone."""
        return await asyncio.to_thread(self._receive, within)

    def _receive(self, within: float) -> Message:
        if not self._connection.poll(within):
            raise TimeoutError(f"no word from the parent in {within:.0f} s")
        return cast(Message, self._connection.recv())


class Job(Protocol):
    """What a load process does; `log` is where its warnings go."""

    @property
    def log(self) -> str: ...

    async def run(self, channel: Channel) -> None: ...


def _load_process(connection: Connection, job: Job) -> None:
    raise_open_files()
    logging.basicConfig(
        level=logging.WARNING,
        handlers=[logging.FileHandler(job.log, encoding="utf-8")],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    channel = Channel(connection)
    try:
        run_async(job.run(channel))
    except BaseException:
        # The parent hears why; a parent already gone cannot.
        with contextlib.suppress(OSError):
            channel.say("failed", traceback.format_exc())
    finally:
        connection.close()


@dataclass(eq=False)
class Member:
    name: str
    process: BaseProcess
    connection: Connection


@dataclass
class Pool:
    """Load processes started with `spawn` (nothing of this process's state goes with them)."""

    members: list[Member] = field(default_factory=list)

    def spawn(self, name: str, job: Job) -> Member:
        ours, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_load_process, args=(theirs, job), name=name, daemon=True)
        process.start()
        theirs.close()
        member = Member(name, process, ours)
        self.members.append(member)
        return member

    def tell(self, members: Sequence[Member], tag: str, payload: object = None) -> None:
        for member in members:
            member.connection.send((tag, payload))

    def expect(self, members: Sequence[Member], tag: str, within: float) -> list[Any]:
        """What each of `members` says next, which must be `tag`, within `within` seconds in all."""
        waiting = {member.connection: member for member in members}
        said: dict[Member, Any] = {}
        deadline = time.monotonic() + within
        while waiting:
            left = deadline - time.monotonic()
            if left <= 0:
                names = ", ".join(member.name for member in waiting.values())
                raise BenchError(f"{names}: no {tag!r} within {within:.0f} s")
            for ready in multiprocessing.connection.wait(list(waiting), timeout=left):
                member = waiting.pop(cast(Connection, ready))
                try:
                    got, payload = member.connection.recv()
                except EOFError:
                    member.process.join(1)
                    raise BenchError(f"{member.name} died (exit {member.process.exitcode})") from None
                if got == "failed":
                    raise BenchError(f"{member.name} failed:\n{payload}")
                if got != tag:
                    raise BenchError(f"{member.name} said {got!r}, not {tag!r}")
                said[member] = payload
        return [said[member] for member in members]

    def close(self, within: float = 30.0) -> None:
        """Tell every process to stop, wait up to `within` seconds, then end the rest (by their own handles)."""
        for member in self.members:
            with contextlib.suppress(OSError):
                member.connection.send(("stop", None))
        deadline = time.monotonic() + within
        for member in self.members:
            member.process.join(max(0.0, deadline - time.monotonic()))
        for member in self.members:
            if member.process.is_alive():
                member.process.terminate()
                member.process.join(5)
            if member.process.is_alive():
                member.process.kill()
                member.process.join(5)
            member.connection.close()
        self.members.clear()


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """`items` in `parts` nearly equal slices (none empty)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    slices, start = [], 0
    for part in range(parts):
        end = start + size + (1 if part < extra else 0)
        slices.append(items[start:end])
        start = end
    return slices
