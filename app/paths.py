"""Where Netbar keeps its files: the user data and log folders (platformdirs), or NETBAR_HOME when set."""

import os
from pathlib import Path

import platformdirs

APP_NAME = "netbar"


def data_dir() -> Path:
    home = os.environ.get("NETBAR_HOME")
    return Path(home) if home else platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    home = os.environ.get("NETBAR_HOME")
    return Path(home) / "logs" if home else platformdirs.user_log_path(APP_NAME, appauthor=False)


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'hub.db'}"


def outbox_path(seat: str) -> Path:
    return data_dir() / f"outbox-{seat}.db"
