"""The open files the hub may hold: one for each connection, kiosk or staff, and a few of its own.

Linux starts a process with a soft limit of 1,024 (systemd's services too), which a hub of a thousand kiosks, or
a laptop knocking in a loop, uses up: every connection after that fails as it is accepted, until one closes. The
hard limit (systemd's default: 524,288) is the process's own to take, as systemd asks of a program that needs
many; the hub takes it as it starts.
"""

import sys

# What the hub's figures are measured with (10,000 idle kiosks at once): below it, `netbar hub` says so.
WANTED = 20_000


def allow_open_files() -> int | None:
    """Raise this process's limit on open files as far as it may go; the limit now, or None where there is no
    such limit (Windows)."""
    if sys.platform == "win32":
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(soft, 1 << 20) if hard == resource.RLIM_INFINITY else hard
    if soft >= wanted:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ValueError, OSError):  # macOS caps it below the hard limit it reports
        return soft
    return wanted
