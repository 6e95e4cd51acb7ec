"""`python -m bench.load MEASURE [options]`: see bench/README.md."""

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.load import slow_flush
from bench.load.measures import (
    Report,
    Sizes,
    churn,
    door,
    header,
    history,
    latency,
    memory,
    signin,
    storm,
    throughput,
)
from bench.load.processes import BenchError, raise_open_files

Measure = Callable[[Sizes], Report]

# Each measure at issue 8's sizes, and (for `all`) at sizes that finish in a few minutes together.
FULL: dict[str, tuple[Measure, dict[str, Any]]] = {
    "throughput": (throughput, {"kiosks": 200, "duration": 10.0}),
    "latency": (latency, {"kiosks": 500, "duration": 10.0, "drain": 30.0}),
    "storm": (storm, {"kiosks": 5000, "timeout": 120.0}),
    "memory": (memory, {"kiosks": 10_000}),
    "history": (history, {"requests": 1_000_000}),
    "signin": (signin, {"kiosks": 100, "duration": 10.0, "rates": (50.0,), "drain": 10.0}),
    "churn": (churn, {"kiosks": 200, "connections": 20_000}),
    "door": (door, {"kiosks": 50, "duration": 10.0}),
}
ALL: dict[str, dict[str, Any]] = {
    "throughput": {"kiosks": 200, "duration": 5.0},
    "latency": {"kiosks": 500, "duration": 4.0, "drain": 10.0},
    "storm": {"kiosks": 1000, "timeout": 30.0},
    "memory": {"kiosks": 1000},
    "history": {"requests": 100_000},
    "signin": {"kiosks": 50, "duration": 5.0, "rates": (50.0,), "drain": 10.0},
    "churn": {"kiosks": 100, "connections": 2_000, "repeat": 1},
    "door": {"kiosks": 20, "duration": 5.0, "repeat": 1},
}
HELP = {
    "throughput": "acked place_request/s with many kiosks placing and cancelling in turn",
    "latency": "place → a staff link sees it, p50/p99, at offered rates (open loop)",
    "storm": "real HubLink kiosks all started in the same second: time until all are welcomed",
    "memory": "hub RSS per idle kiosk connection",
    "history": "start, staff welcome and kiosk resume over a long past against an empty database",
    "signin": "a kiosk's place → ack during a staff password-guessing attack against the same without one",
    "churn": "kiosks connecting, welcomed and closing again and again: whether the hub's RSS stays where it was",
    "door": "kiosks' connect → welcome while one address holds idle connections at the door, against none",
    "all": "each of the above at sizes that finish in a few minutes together",
}


def _rates(text: str) -> tuple[float, ...]:
    return tuple(float(rate) for rate in text.split(","))


def _milliseconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text}: not a number of milliseconds from 0 to 1000")
    return value


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--repeat", type=int, help="runs of each figure (default 3): median and spread are printed")
    common.add_argument("--workers", type=int, help="load processes (default 4)")
    common.add_argument("--connect-within", type=float, help="seconds allowed for connecting the kiosks (600)")
    common.add_argument("--keep", type=Path, help="keep each run's databases and logs under this folder")
    common.add_argument(
        "--tls",
        action="store_true",
        default=None,
        help="over wss://, as a venue's hub speaks (it listens on 0.0.0.0 for that), the echo server too",
    )
    common.add_argument(
        "--flush-ms",
        type=_milliseconds,
        help="every flush of the disk this much slower, the baseline's and the hub's: a café PC's disk, not this one "
        "(bench/load/slow_flush.py; needs cc)",
    )
    main = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    measures = main.add_subparsers(dest="measure", required=True, metavar="MEASURE")
    for name in (*FULL, "all"):
        command = measures.add_parser(name, parents=[common], help=HELP[name], description=HELP[name])
        if name in ("throughput", "latency", "storm", "memory", "signin", "churn", "door", "all"):
            command.add_argument("--kiosks", type=int, help="kiosks (default: the issue's figure)")
        if name in ("throughput", "latency", "signin", "door"):
            command.add_argument("--duration", type=float, help="seconds of load per run")
        if name in ("latency", "signin"):
            command.add_argument("--rates", type=_rates, help="offered place_request/s, comma-separated (100,1000)")
            command.add_argument("--drain", type=float, help="seconds to wait for late answers after the last send")
        if name == "storm":
            command.add_argument("--timeout", type=float, help="give up after this many seconds (120)")
            command.add_argument("--probe-rate", type=float, help="probe place_request/s the staff link times (10)")
        if name == "churn":
            command.add_argument("--connections", type=int, help="connections after the first (20,000)")
        if name in ("history", "all"):
            command.add_argument("--requests", type=int, help="past requests in the database (1,000,000)")
            command.add_argument("--samples", type=int, help="welcomes of each kind per run (5)")
    return main


def _given(args: argparse.Namespace) -> dict[str, Any]:
    fields = {field.name for field in dataclasses.fields(Sizes)}
    return {name: value for name, value in vars(args).items() if name in fields and value is not None}


def _run(name: str, sizes: Sizes) -> bool:
    measure, _ = FULL[name]
    started = time.monotonic()
    try:
        report = measure(sizes)
    except BenchError as error:
        print(f"{name}: could not finish: {error}\n", flush=True)
        return False
    print(f"{report}\n  · {name} took {time.monotonic() - started:.0f} s\n", flush=True)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.flush_ms:
        try:
            slow_flush.slower_by(args.flush_ms)
        except slow_flush.SlowFlushUnavailable as error:
            print(f"python -m bench.load: {error}", file=sys.stderr)
            return 2
    limit = raise_open_files()
    spoken = "wss:// (TLS), as at a venue" if args.tls else "ws:// (no TLS), as on loopback"
    flushes = f"; every flush of the disk {args.flush_ms:g} ms slower than this machine's" if args.flush_ms else ""
    print(f"{header()}; the hub spoken to over {spoken}; open files allowed: {limit:,}{flushes}\n", flush=True)
    given = _given(args)
    if args.measure == "all":
        ok = [_run(name, Sizes(**(ALL[name] | given))) for name in FULL]
        return 0 if all(ok) else 1
    _, defaults = FULL[args.measure]
    return 0 if _run(args.measure, Sizes(**(defaults | given))) else 1


if __name__ == "__main__":
    sys.exit(main())
