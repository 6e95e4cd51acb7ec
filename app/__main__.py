"""`python -m app` is the `netbar` command."""

from app.cli import main

raise SystemExit(main())
