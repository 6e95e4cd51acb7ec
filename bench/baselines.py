"""What the machine itself can do, measured in the same run as the hub's figures they are printed beside."""

import sqlite3
import time
from pathlib import Path

BASELINE_COMMITS = 1000


def sqlite_commits_per_second(folder: Path, count: int = BASELINE_COMMITS) -> float:
    """Baseline: single-row transactions through the stdlib, WAL, synchronous=FULL."""
    return _rows_per_second(folder / "baseline.db", rows_per_commit=1, commits=count)


def sqlite_rows_per_second_batched(folder: Path, rows_per_commit: int = 100, commits: int = 200) -> float:
    """Baseline: the same table and pragmas, `rows_per_commit` rows in each transaction (what group commit can
    reach at most)."""
    return _rows_per_second(folder / "baseline-batched.db", rows_per_commit=rows_per_commit, commits=commits)


def _rows_per_second(database: Path, *, rows_per_commit: int, commits: int) -> float:
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    started = time.perf_counter()
    for commit in range(commits):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO t (body) VALUES (?)", ((f"row {commit}.{row}",) for row in range(rows_per_commit))
        )
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return commits * rows_per_commit / elapsed
