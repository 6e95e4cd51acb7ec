"""The frozen bundle's entry point: the `netbar` command, as `python -m netbar` runs it; and the processes that
the hub's writer (netbar.store.writer_process) is started with, which a frozen bundle starts as this executable."""

import sys

if sys.argv[-2:-1] == ["-c"] and sys.argv[-1].startswith(
    ("from multiprocessing.forkserver import main", "from multiprocessing.resource_tracker import main")
):
    # Linux: multiprocessing's fork server (and its resource tracker), started as `EXECUTABLE [flags] -c CODE`.
    # PyInstaller's multiprocessing hook would do this, but it imports multiprocessing before every command, a
    # kiosk's start too; the spec leaves it out.
    exec(sys.argv[-1])
    raise SystemExit
if "--multiprocessing-fork" in sys.argv:  # Windows: a child spawned as `EXECUTABLE --multiprocessing-fork …`
    import multiprocessing

    multiprocessing.freeze_support()  # runs the child, and exits

from netbar.cli import main

raise SystemExit(main())
