"""Schema upgrades that keep every row, and the cheap check that tells the hub whether it may start.

SQLite changes most columns and constraints by rebuilding the table (Alembic's batch mode: create a copy, copy the
rows, DROP the old table, rename the copy). With foreign keys on, that DROP deletes every row that points at the
table (`ON DELETE CASCADE`) or fails outright, so an upgrade runs on an engine of its own with foreign keys off, in
one transaction, and checks the keys itself before it commits (SQLite's own recipe for changing a table). Before
it touches a database that holds anything it copies it aside. The hub and the admin commands never upgrade: they
read `schema_state` and refuse a database that is not at head (`netbar db upgrade` is the one way up).
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from netbar.store.backup import copy_online, stamped_path
from netbar.store.backup import sqlite_file as _sqlite_file
from netbar.store.database import Database, async_url, create_engine

_LOGGER = logging.getLogger(__name__)

UPGRADE_COMMAND = "netbar db upgrade"
_ORPHANS_SHOWN = 5

ScriptLocation = str | Path | None
"""A folder of Alembic scripts (env.py and versions/); None is netbar's own, tests pass folders of probes."""


class SchemaError(Exception):
    """The database's schema is not one this netbar can use as it is."""


class SchemaNotCurrent(SchemaError):
    """The database must be upgraded (or created) before the hub or an admin command may use it."""


class MigrationError(SchemaError):
    """An upgrade refused: it was rolled back, and the database is exactly as it was."""


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # the database's revision; None before the first migration
    head: str  # the newest revision of the scripts
    empty: bool  # no tables but Alembic's own: nothing to lose
    known: bool  # `current` is one of the scripts' revisions (or None)

    @property
    def at_head(self) -> bool:
        return self.current == self.head

    def problem(self) -> str | None:
        """Why the hub may not run on this database as it is, in the owner's words; None if it may."""
        if self.at_head:
            return None
        if not self.known:
            return (
                f"the database is at revision {self.current}, which this netbar does not know: "
                "a newer netbar upgraded it (run that one, or restore a backup)"
            )
        if self.empty:
            return f"the database has no tables yet: run `{UPGRADE_COMMAND}` to create them"
        return f"the database is at revision {self.current} and this netbar needs {self.head}: run `{UPGRADE_COMMAND}`"

    def require_head(self) -> None:
        if problem := self.problem():
            raise SchemaNotCurrent(problem)


@dataclass(frozen=True)
class UpgradeReport:
    database: str  # the SQLite file, or the server's URL without its password
    from_revision: str | None
    to_revision: str
    backup: Path | None  # the copy taken before the upgrade, beside the database file

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision

    def summary(self) -> str:
        if not self.upgraded:
            return f"{self.database} is at {self.to_revision}, nothing to do"
        if self.from_revision is None and self.backup is None:
            return f"created {self.database} at {self.to_revision}"
        backup = str(self.backup) if self.backup else "none made (PostgreSQL: a pg_dump is the owner's job)"
        from_revision = self.from_revision or "no revision"
        return f"upgraded {self.database} from {from_revision} to {self.to_revision}; backup: {backup}"


def alembic_config(script_location: ScriptLocation = None) -> Config:
    config = Config()
    location = str(script_location or resources.files("netbar.migrations"))
    config.set_main_option("script_location", location.replace("%", "%%"))  # the option is %-interpolated
    return config


async def run_alembic(
    engine: AsyncEngine, alembic_command: Callable[..., Any], *args: Any, script_location: ScriptLocation = None
) -> None:
    """Run an `alembic.command` function (check, downgrade, stamp…) on a connection of `engine`, as it is.

    For tests and tools: no backup, and the engine's own foreign-key setting. Upgrades go through `upgrade_database`.
    """

    def run(connection: Connection) -> None:
        config = alembic_config(script_location)
        config.attributes["connection"] = connection
        alembic_command(config, *args)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def schema_state(db: Database, script_location: ScriptLocation = None) -> SchemaState:
    """The database's revision against the scripts' head, read in a read transaction: it never migrates."""
    scripts = ScriptDirectory.from_config(alembic_config(script_location))
    return await db.read_plainly(lambda connection: _read_state(connection, scripts))


async def upgrade_database(url: str | URL, *, script_location: ScriptLocation = None) -> UpgradeReport:
    """Bring the database at `url` to the scripts' head keeping every row, or leave it exactly as it was.

    A database that holds anything is first copied beside its file (SQLite). The whole upgrade is one transaction,
    on SQLite with foreign keys off while tables are rebuilt and checked before the commit: a row left pointing at
    nothing raises MigrationError and rolls everything back.
    """
    parsed = async_url(url)
    sqlite_file = _sqlite_file(parsed)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config(script_location)
    scripts = ScriptDirectory.from_config(config)
    # Only SQLite reads the setting; PostgreSQL keeps its keys on (its DDL is transactional, nothing is rebuilt).
    engine = create_engine(parsed, foreign_keys=False)
    try:
        # On SQLite this BEGIN is IMMEDIATE: nobody writes between the revision read, the backup and the upgrade.
        async with engine.begin() as connection:
            state = await connection.run_sync(_read_state, scripts)
            report = UpgradeReport(_display_name(parsed), state.current, state.head, None)
            if state.at_head:
                return report
            if not state.known:
                raise MigrationError(str(state.problem()))
            report = replace(report, backup=await _back_up(sqlite_file, state))
            await connection.run_sync(_upgrade_checked, config)
    finally:
        await engine.dispose()
    _LOGGER.info("%s", report.summary())
    return report


def check_foreign_keys(connection: Connection) -> None:
    """Raise MigrationError, inside the caller's transaction, if any row points at a row that is not there.

    SQLite checks nothing while foreign keys are off, so an upgrade asks before it commits.
    """
    orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if not orphans:
        return
    shown = ", ".join(f"{table} rowid {rowid} → {parent}" for table, rowid, parent, _ in orphans[:_ORPHANS_SHOWN])
    more = f" and {len(orphans) - _ORPHANS_SHOWN} more" if len(orphans) > _ORPHANS_SHOWN else ""
    raise MigrationError(
        f"the upgrade would leave {len(orphans)} row(s) pointing at rows that are not there ({shown}{more}); "
        "it was rolled back and the database is as it was"
    )


def _read_state(connection: Connection, scripts: ScriptDirectory) -> SchemaState:
    context = MigrationContext.configure(connection)
    current = context.get_current_revision()
    head = scripts.get_current_head()
    if head is None:
        raise MigrationError(f"no migrations in {scripts.dir}")
    known = current is None or current in {script.revision for script in scripts.walk_revisions()}
    empty = not set(inspect(connection).get_table_names()) - {context.version_table}  # after a downgrade to base
    return SchemaState(current=current, head=head, empty=empty, known=known)


def _upgrade_checked(connection: Connection, config: Config) -> None:
    # env.py sees the transaction already open and runs every migration inside it: one commit, or none.
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    if connection.dialect.name == "sqlite":
        check_foreign_keys(connection)


async def _back_up(sqlite_file: Path | None, state: SchemaState) -> Path | None:
    if state.empty:
        return None  # nothing to lose
    if sqlite_file is None:
        _LOGGER.warning("no file backup of a PostgreSQL database: taking a pg_dump before upgrading is the owner's job")
        return None
    target = stamped_path(sqlite_file, state.current or "unversioned", datetime.now(UTC))
    # The backup API copies a live WAL database consistently; it blocks, so it runs off the event loop.
    await asyncio.to_thread(copy_online, sqlite_file, target)
    _LOGGER.info("backed up %s at revision %s to %s", sqlite_file, state.current, target)
    return target


def _display_name(url: URL) -> str:
    sqlite_file = _sqlite_file(url)
    return str(sqlite_file) if sqlite_file is not None else url.render_as_string(hide_password=True)


def schema_state_of(connection: Connection, script_location: ScriptLocation = None) -> SchemaState:
    """As `schema_state`, on a plain connection already open (a report's, read-only)."""
    return _read_state(connection, ScriptDirectory.from_config(alembic_config(script_location)))
