"""`python -m app` is the `netbar` command."""

from netbar.cli import main

raise SystemExit(main())
