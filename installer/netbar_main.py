"""The frozen bundle's entry point: the `netbar` command, as `python -m netbar` runs it."""

import multiprocessing

from netbar.cli import main

# The hub's writer is a process of its own (netbar.store.writer_process), started as this executable: here it runs
# what it was started for, and exits.
multiprocessing.freeze_support()
raise SystemExit(main())
