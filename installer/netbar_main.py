"""The frozen bundle's entry point: the `netbar` command, as `python -m netbar` runs it."""

from netbar.cli import main

raise SystemExit(main())
