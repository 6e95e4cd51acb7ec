"""The `netbar` commands run on the hub's PC: `hub`, `seats`, `staff-user`, `menu` and `db`.

Apart from `netbar.cli`, which imports this module only to run one of them: these need the database, Alembic and
Argon2, which a kiosk or a staff window never loads.
"""

import argparse
import asyncio
import getpass
import logging
import ssl
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.exc import SQLAlchemyError

from netbar.cli import USAGE_ERROR, role_loaded, role_settings
from netbar.config import HubSettings, payment_code
from netbar.domain.menu_file import MenuFileError
from netbar.domain.payment_code import PaymentCode
from netbar.domain.staff import StaffRole
from netbar.hub.admin import (
    AdminError,
    add_seats,
    export_menu,
    import_menu,
    list_seats,
    list_staff_users,
    new_seat_token,
    save_staff_user,
    set_staff_user_disabled,
)
from netbar.hub.collector import full_collections
from netbar.hub.hub import Hub
from netbar.hub.open_files import WANTED, allow_open_files
from netbar.hub.reporting import VenueDays
from netbar.logs import setup_logging
from netbar.paths import data_dir
from netbar.shutdown import on_stop_signals
from netbar.store import backup
from netbar.store.copy import CopyError, copy_rows
from netbar.store.database import Database, async_url
from netbar.store.migrate import SchemaError, schema_state, upgrade_database
from netbar.store.writer_process import WriterGone
from netbar.tls import hub_fingerprint, is_loopback, server_context

_LOGGER = logging.getLogger(__name__)


def _run_hub(args: argparse.Namespace) -> int:
    loaded = role_loaded(HubSettings, args, "db", "listen", "insecure")
    settings = loaded.settings
    # Read and checked before anything is touched: a payment code the kiosks could not show is a ConfigError.
    payment = payment_code(loaded)
    setup_logging("hub", verbose=args.verbose)
    allowed = allow_open_files()
    if allowed is not None and allowed < WANTED:
        _LOGGER.warning(
            "this hub may keep only %d files open, one per connection: raise the limit (LimitNOFILE= in "
            "netbar-hub.service, or ulimit -Hn) to serve more kiosks and staff windows at once",
            allowed,
        )
    host, _ = settings.listen
    db_url = settings.db
    # The upgrade runs once, before the hub, on a loop of its own: the hub never serves a half-upgraded schema.
    if not asyncio.run(_upgrade_before_serving(db_url)):
        return 1
    tls = None if settings.insecure or is_loopback(host) else server_context(data_dir())
    if tls is not None:
        _LOGGER.info("TLS on; kiosks and staff windows pin this certificate: %s", hub_fingerprint(data_dir()))
    return asyncio.run(_serve_until_signalled(settings, tls, payment))


async def _upgrade_before_serving(db_url: str) -> bool:
    try:
        await upgrade_database(db_url)
    except SchemaError as error:
        _LOGGER.error("cannot upgrade the database %s: %s", db_url, error)
        return False
    except (SQLAlchemyError, AlembicError) as error:
        _LOGGER.error("cannot open the database %s: %s", db_url, error.__cause__ or error)
        return False
    except OSError as error:
        _LOGGER.error("cannot open the database %s: %s", db_url, error)
        return False
    return True


async def _serve_until_signalled(
    settings: HubSettings, tls: ssl.SSLContext | None, payment: PaymentCode | None = None
) -> int:
    host, port = settings.listen
    db_url = settings.db
    stop = asyncio.Event()
    on_stop_signals(stop.set)
    try:
        hub = await Hub.start(
            db_url,
            host,
            port,
            retention_days=settings.retention_days,
            tls=tls,
            limits=settings.limits.as_limits(),
            payment_code=payment,
            backup_days=settings.backup_days,
            days=VenueDays(settings.day_starts_at, settings.time_zone),
        )
    except OSError as error:
        _LOGGER.error("cannot listen on %s:%d: %s", host, port, error.strerror or error)
        return 1
    except (SQLAlchemyError, AlembicError) as error:
        _LOGGER.error("cannot open the database %s: %s", db_url, error.__cause__ or error)
        return 1
    except SchemaError as error:
        _LOGGER.error("cannot use the database %s: %s", db_url, error)
        return 1
    except WriterGone as error:
        _LOGGER.error("cannot start the hub's writer: %s", error)
        return 1
    if payment is None:
        _LOGGER.info("no payment code set (payment_code or payment_image): kiosks do not offer to pay by QR")
    else:
        _LOGGER.info("kiosks offer to pay by QR, showing %r", payment)
    full_collections.take_over()
    await stop.wait()
    _LOGGER.info("stopping")
    await hub.stop()
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    """`netbar db upgrade`: says what it did, or in one line why it did nothing."""

    def upgrade() -> int:
        print(asyncio.run(upgrade_database(role_settings(HubSettings, args, "db").db)).summary())
        return 0

    return _in_one_line(upgrade, failed="the upgrade failed, nothing was changed")


def _sqlite_database(args: argparse.Namespace) -> Path:
    url = async_url(role_settings(HubSettings, args, "db").db)
    database = backup.sqlite_file(url)
    if database is None:
        raise backup.BackupError(
            f"{url.render_as_string(hide_password=True)} is not an SQLite file: back a PostgreSQL database up "
            "with pg_dump and put it back with pg_restore"
        )
    return database


def _backup(args: argparse.Namespace) -> int:
    """`netbar backup FILE`: a consistent copy while the hub runs."""

    def copy() -> int:
        print(f"backed up to {backup.back_up(_sqlite_database(args), args.file)}")
        return 0

    return _in_one_line(copy, failed="the backup failed")


def _restore(args: argparse.Namespace) -> int:
    """`netbar restore FILE`: refused while the hub runs; the database replaced is kept beside it."""

    def put_back() -> int:
        print(backup.restore(_sqlite_database(args), args.file).summary())
        return 0

    return _in_one_line(put_back, failed="the restore failed")


def _db_copy(args: argparse.Namespace) -> int:
    """`netbar db copy --to URL`: the hub's database (at this netbar's schema) into an empty one, checked."""
    source = role_settings(HubSettings, args, "db").db
    target = role_settings(HubSettings, argparse.Namespace(config=args.config, db=args.to), "db").db

    def copy() -> int:
        async def check_source() -> None:
            db = Database.open(source)
            try:
                (await schema_state(db)).require_head()
            finally:
                await db.close()

        asyncio.run(check_source())
        asyncio.run(upgrade_database(target))
        print(copy_rows(source, target).summary())
        return 0

    return _in_one_line(copy, failed="nothing was copied")


def _admin(task: Callable[[Database, argparse.Namespace], Awaitable[Any]]) -> Callable[[argparse.Namespace], int]:
    """Run an admin task on the database; a refusal is one line on stderr and status 2."""

    def run(args: argparse.Namespace) -> int:
        db_url = role_settings(HubSettings, args, "db").db

        async def go() -> int:
            db = Database.open(db_url)
            try:
                await task(db, args)
            finally:
                await db.close()
            return 0

        return _in_one_line(lambda: asyncio.run(go()), failed="the database failed")

    return run


def _in_one_line(command: Callable[[], int], *, failed: str) -> int:
    """Run `command`; what goes wrong is one line on stderr: status 2 for what was asked, 1 for the database."""
    try:
        return command()
    except (AdminError, MenuFileError, backup.BackupError) as error:
        print(f"netbar: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except (SQLAlchemyError, AlembicError) as error:
        print(f"netbar: error: {failed}: {error.__cause__ or error}", file=sys.stderr)
        return 1
    except (SchemaError, CopyError, OSError) as error:
        print(f"netbar: error: {error}", file=sys.stderr)
        return 1


async def _seats_add(db: Database, args: argparse.Namespace) -> None:
    for seat, token in await add_seats(db, args.seat_ids):
        print(seat, token)
    # On stderr, so the SEAT TOKEN lines stay the only output a script reads.
    print(f"hub certificate (hub_fingerprint, for wss://): {hub_fingerprint(data_dir())}", file=sys.stderr)


async def _seats_token(db: Database, args: argparse.Namespace) -> None:
    print(args.seat_id, await new_seat_token(db, args.seat_id))


async def _seats_list(db: Database, args: argparse.Namespace) -> None:
    for seat in await list_seats(db):
        print(seat)


async def _staff_user_add(db: Database, args: argparse.Namespace) -> None:
    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise AdminError("the passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    await save_staff_user(db, args.name, password, None if args.role is None else StaffRole(args.role))
    print(f"staff user {args.name} saved")


async def _staff_user_disable(db: Database, args: argparse.Namespace) -> None:
    await set_staff_user_disabled(db, args.name, disabled=True)
    print(f"staff user {args.name} disabled; a hub that is running signs them out within seconds")


async def _staff_user_enable(db: Database, args: argparse.Namespace) -> None:
    await set_staff_user_disabled(db, args.name, disabled=False)
    print(f"staff user {args.name} enabled")


async def _staff_user_list(db: Database, args: argparse.Namespace) -> None:
    for member in await list_staff_users(db):
        print(member.name, member.role, "enabled" if member.enabled else "disabled")


async def _menu_import(db: Database, args: argparse.Namespace) -> None:
    print(f"imported {await import_menu(db, args.file)} menu items from {args.file}")


async def _menu_export(db: Database, args: argparse.Namespace) -> None:
    print(f"exported {await export_menu(db, args.file)} menu items to {args.file}")


def _report(args: argparse.Namespace) -> int:
    """`netbar report`: the files written, or one line why nothing was (status 2)."""
    # pandas and XlsxWriter take a second to import, which no other command here needs.
    from netbar.reports.period import Period, ReportError, venue_zone
    from netbar.reports.report import ReportFormat, write_report

    settings = role_settings(HubSettings, args, "db")
    try:
        period = Period(args.first, args.last, settings.day_starts_at, venue_zone(settings.time_zone))
        written = write_report(settings.db, period, args.out, ReportFormat(args.format), settings.limits.as_limits())
    except ReportError as error:
        print(f"netbar report: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(f"report for {period.describe()}: {args.out}" + (f" ({len(written)} files)" if len(written) > 1 else ""))
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("hub", None): _run_hub,
    ("report", None): _report,
    ("seats", "add"): _admin(_seats_add),
    ("seats", "token"): _admin(_seats_token),
    ("seats", "list"): _admin(_seats_list),
    ("staff-user", "add"): _admin(_staff_user_add),
    ("staff-user", "disable"): _admin(_staff_user_disable),
    ("staff-user", "enable"): _admin(_staff_user_enable),
    ("staff-user", "list"): _admin(_staff_user_list),
    ("menu", "import"): _admin(_menu_import),
    ("menu", "export"): _admin(_menu_export),
    ("db", "upgrade"): _db_upgrade,
    ("backup", None): _backup,
    ("restore", None): _restore,
    ("db", "copy"): _db_copy,
}
