"""`--flush-ms MS`: every measure as on a disk that takes MS longer to flush than this machine's.

This machine's virtual disk takes 0.2–0.4 ms to flush, so its single-row commit rate (the baseline of `throughput`,
~3,400/s) is as much the CPU's as the disk's; a hard disk takes several milliseconds. `slow_flush.c`,
built with the C compiler and preloaded into this process (run again, with `LD_PRELOAD`) and so into every process
it starts, the hub and the baseline's SQLite among them, waits MS after each fsync and fdatasync.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).with_name("slow_flush.c")
MICROSECONDS = "BENCH_FLUSH_US"  # read by slow_flush.c


class SlowFlushUnavailable(Exception):
    """The library could not be built, or was built and is still not preloaded."""


def slower_by(milliseconds: float) -> None:
    """Make every flush of this process and those it starts `milliseconds` slower: return if it already is, else
    run this command again, in this process, with the library preloaded (SlowFlushUnavailable if it cannot be)."""
    wanted = str(round(milliseconds * 1000))
    preloaded = SOURCE.stem in os.environ.get("LD_PRELOAD", "")
    if preloaded and os.environ.get(MICROSECONDS) == wanted:
        return
    if MICROSECONDS in os.environ:  # run again already, and still not preloaded: do not loop
        raise SlowFlushUnavailable(
            f"bench/load/slow_flush.c was built but not preloaded (LD_PRELOAD={os.environ.get('LD_PRELOAD')!r})"
        )
    environment = os.environ | {
        "LD_PRELOAD": " ".join(filter(None, [str(_built()), os.environ.get("LD_PRELOAD", "")])),
        MICROSECONDS: wanted,
    }
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "bench.load", *sys.argv[1:]], environment)


def _built() -> Path:
    source = SOURCE.read_bytes()
    library = Path(tempfile.gettempdir()) / f"{SOURCE.stem}-{hashlib.sha256(source).hexdigest()[:12]}.so"
    if library.exists():
        return library
    building = library.with_suffix(f".{os.getpid()}.so")
    try:
        subprocess.run(
            ["cc", "-O2", "-shared", "-fPIC", "-o", str(building), str(SOURCE), "-ldl"],
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as missing:
        raise SlowFlushUnavailable("--flush-ms needs a C compiler (cc) to build bench/load/slow_flush.c") from missing
    except subprocess.CalledProcessError as failed:
        raise SlowFlushUnavailable(f"cc could not build bench/load/slow_flush.c: {failed.stderr.strip()}") from failed
    building.replace(library)
    return library
