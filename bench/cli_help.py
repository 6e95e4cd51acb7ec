"""How long `netbar --help`, `netbar kiosk --help` and `netbar --version` take, beside `python -c pass`.

`python -m bench.cli_help [--repeat N] [--bundle PATH]` — each command in a process of its own, wall time from start
to exit, the median of N runs (and the slowest); the bare interpreter is measured the same way in the same run.
With `--bundle`, the frozen executable (`dist/netbar/netbar`, or `/usr/bin/netbar` once the package is installed)
is measured too. Figures are printed, never asserted. To see what a command imports:
`python -X importtime -m netbar --help 2>&1 >/dev/null | sort -t'|' -k2 -n | tail`.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("--help",), ("kiosk", "--help"), ("--version",))


def wall_times(argv: list[str], repeat: int) -> list[float]:
    subprocess.run(argv, check=True, capture_output=True)  # not counted: writes the bytecode, warms the disk cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--bundle", type=Path, help="a frozen netbar executable to measure as well")
    options = parser.parse_args()
    runs: list[tuple[str, list[str]]] = [("python -c pass (baseline)", [sys.executable, "-c", "pass"])]
    runs += [(f"python -m netbar {' '.join(args)}", [sys.executable, "-m", "netbar", *args]) for args in COMMANDS]
    if options.bundle:
        runs += [(f"{options.bundle} {' '.join(args)}", [str(options.bundle), *args]) for args in COMMANDS]
    print(f"{'command':<60} {'median':>8} {'slowest':>8}   ({options.repeat} runs each)")
    for label, argv in runs:
        times = wall_times(argv, options.repeat)
        print(f"{label:<60} {statistics.median(times) * 1000:>6.0f}ms {max(times) * 1000:>6.0f}ms")


if __name__ == "__main__":
    main()
