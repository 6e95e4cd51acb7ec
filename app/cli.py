"""The `netbar` command: parses arguments, builds the objects, wires them, starts the loop."""

import argparse
import asyncio
import gc
import getpass
import logging
import ssl
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from alembic.util.exc import CommandError as AlembicError
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from netbar.config import ROLES, ConfigError, HubSettings, KioskSettings, S, StaffSettings, load, render
from netbar.domain.errors import invalid
from netbar.domain.menu_file import MenuFileError
from netbar.domain.staff import StaffRole
from netbar.gui.language import Language
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
from netbar.hub.hub import Hub
from netbar.logs import setup_logging
from netbar.paths import data_dir, outbox_path
from netbar.shutdown import on_stop_signals
from netbar.store.database import Database
from netbar.store.migrate import SchemaError, upgrade_database
from netbar.tls import hub_fingerprint, is_loopback, server_context
from netbar.wire.frames import KioskHello, StaffHello

_LOGGER = logging.getLogger("netbar.cli")

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """A bad command line gets one line that says what is wrong, and status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="netbar", description="Seat service for internet cafés.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def with_config(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--config", type=Path, metavar="FILE", help="a settings file to read instead of the user's (TOML)"
        )
        return command

    def with_db(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--db",
            metavar="URL",
            help="SQLAlchemy URL, e.g. sqlite:///path/netbar.db (default: hub.toml's, else hub.db in the data folder)",
        )
        return with_config(command)

    hub = with_db(commands.add_parser("hub", help="run the hub service on the counter PC"))
    hub.add_argument(
        "--listen",
        metavar="HOST:PORT",
        help="where kiosks and staff windows connect (default 127.0.0.1:8765; 0.0.0.0:8765 for the LAN)",
    )
    hub.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="plain ws:// beyond loopback (default there: wss:// with the hub's own certificate)",
    )
    hub.add_argument("-v", "--verbose", action="store_true", help="log debug detail")

    seats = commands.add_parser("seats", help="enrol seats and issue their tokens").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    add = with_db(seats.add_parser("add", help="enrol seats; prints SEAT TOKEN, one per line"))
    add.add_argument("seat_ids", nargs="+", metavar="SEAT")
    token = with_db(seats.add_parser("token", help="issue a new token for a seat (the old one stops working)"))
    token.add_argument("seat_id", metavar="SEAT")
    with_db(seats.add_parser("list", help="list the enrolled seats"))

    staff_user = commands.add_parser("staff-user", help="manage staff accounts").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    user_add = with_db(staff_user.add_parser("add", help="add a staff user, or set their password (read from stdin)"))
    user_add.add_argument("name", metavar="NAME")
    user_add.add_argument(
        "--role",
        choices=[role.value for role in StaffRole],
        help="cashier: requests, time on seats, sold out; manager: also prices, stock, staff users, reports "
        "(needed for a new user; left out, an existing user keeps theirs)",
    )
    for action, what in (("disable", "stop a staff user signing in, and sign them out"), ("enable", "let them again")):
        with_db(staff_user.add_parser(action, help=what)).add_argument("name", metavar="NAME")
    with_db(staff_user.add_parser("list", help="list the staff users, and which are disabled"))

    menu = commands.add_parser("menu", help="import or export the menu (.csv or .json)").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    menu_import = with_db(menu.add_parser("import", help="replace the menu with a file's"))
    menu_import.add_argument("file", type=Path, metavar="FILE")
    menu_export = with_db(menu.add_parser("export", help="write the menu to a file"))
    menu_export.add_argument("file", type=Path, metavar="FILE")

    db = commands.add_parser("db", help="the database's schema").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    with_db(db.add_parser("upgrade", help="bring the schema up to this netbar's, after backing the database up"))

    def with_language(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--lang", choices=list(Language), help="the language it starts in (zh or en; switchable at a tap)"
        )
        return command

    kiosk = with_config(with_language(commands.add_parser("kiosk", help="the touchscreen at a seat")))
    kiosk.add_argument("--seat", help="this seat's id, e.g. A12 (or kiosk.toml, NETBAR_SEAT)")
    # Accepted only to say where a token belongs: on a command line any user of the PC can read it.
    kiosk.add_argument("--token", help=argparse.SUPPRESS)
    kiosk.add_argument("--hub", metavar="wss://HOST:PORT", help="the hub's address (or kiosk.toml, NETBAR_HUB)")
    kiosk.add_argument("--hub-fingerprint", metavar="sha256:…", help="the hub's certificate, as `seats add` printed")
    kiosk.add_argument(
        "--fullscreen", action="store_true", default=None, help="fill the screen and ignore attempts to close"
    )
    kiosk.add_argument("--outbox", help="its outbox file (default: in the user data folder)")

    staff = with_config(with_language(commands.add_parser("staff", help="the staff window at the counter")))
    staff.add_argument("--hub", metavar="wss://HOST:PORT", help="the hub's address (or staff.toml, NETBAR_HUB)")
    staff.add_argument("--hub-fingerprint", metavar="sha256:…", help="the hub's certificate, as `seats add` printed")
    staff.add_argument(
        "--user", help="the staff user (else asked; password from staff.toml, NETBAR_STAFF_PASSWORD, or asked)"
    )

    demo = with_language(commands.add_parser("demo", help="hub, staff window and three kiosks in one process"))
    demo.add_argument("--fresh", action="store_true", help="start from an empty demo database")

    config = commands.add_parser("config", help="the settings in effect").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    show = with_config(config.add_parser("show", help="print each role's settings and where each came from"))
    show.add_argument("role", nargs="?", choices=list(ROLES), help="hub, kiosk or staff (default: all three)")
    return parser


def _settings(settings_type: type[S], args: argparse.Namespace, *names: str) -> S:
    """The role's settings, with the options among `names` that were given on the command line on top."""
    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    return load(settings_type, given, config_file=args.config).settings


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS[(args.command, getattr(args, "action", None))]
    try:
        return handler(args)
    except ConfigError as error:
        print(f"netbar {args.command}: error: {error}", file=sys.stderr)
        return USAGE_ERROR


def _run_hub(args: argparse.Namespace) -> int:
    settings = _settings(HubSettings, args, "db", "listen", "insecure")
    setup_logging("hub", verbose=args.verbose)
    host, _ = settings.listen
    db_url = settings.db
    # The upgrade runs once, before the hub, on a loop of its own: the hub never serves a half-upgraded schema.
    if not asyncio.run(_upgrade_before_serving(db_url)):
        return 1
    tls = None if settings.insecure or is_loopback(host) else server_context(data_dir())
    if tls is not None:
        _LOGGER.info("TLS on; kiosks and staff windows pin this certificate: %s", hub_fingerprint(data_dir()))
    return asyncio.run(_serve_until_signalled(settings, tls))


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


async def _serve_until_signalled(settings: HubSettings, tls: ssl.SSLContext | None) -> int:
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
    # What start-up made (modules, the tables, the message schemas) lives as long as the hub: out of the
    # collector's way, a full collection with thousands of seats connected costs a fraction as long.
    gc.freeze()
    await stop.wait()
    _LOGGER.info("stopping")
    await hub.stop()
    return 0


def _pin_problem(settings: KioskSettings | StaffSettings) -> str | None:
    if settings.hub.startswith("wss://") and settings.hub_fingerprint is None:
        return "a wss:// hub needs hub_fingerprint (the line `netbar seats add` printed on the hub's PC)"
    return None


def _hello_problem(hello: type[KioskHello | StaffHello], **fields: str) -> str | None:
    """What is wrong with the credentials given, checked here so a window never opens only to be refused."""
    try:
        hello(**fields)
    except ValidationError as error:
        return invalid(error).message
    return None


def _run_kiosk(args: argparse.Namespace) -> int:
    settings = _settings(KioskSettings, args, "seat", "hub", "hub_fingerprint", "token", "fullscreen", "outbox", "lang")
    token = settings.token.get_secret_value()
    if problem := _hello_problem(KioskHello, seat=settings.seat, token=token) or _pin_problem(settings):
        print(f"netbar kiosk: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    setup_logging(f"kiosk-{settings.seat}")
    from netbar.launch import run_kiosk  # Qt is loaded only by the commands that show windows

    outbox = settings.outbox or outbox_path(settings.seat)
    return run_kiosk(
        settings.seat,
        token,
        settings.hub,
        outbox,
        settings.lang,
        fullscreen=settings.fullscreen,
        hub_fingerprint=settings.hub_fingerprint,
        config_file=args.config,  # watched for a new token: the one given, else the user's kiosk.toml
    )


def _run_staff(args: argparse.Namespace) -> int:
    settings = _settings(StaffSettings, args, "hub", "hub_fingerprint", "user", "lang")
    if problem := _pin_problem(settings):
        print(f"netbar staff: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    # No password given: the sign-in dialog asks for it (and for the user), before any window opens.
    password = None if settings.password is None else settings.password.get_secret_value()
    if password is not None and (problem := _hello_problem(StaffHello, user=settings.user or "", password=password)):
        print(f"netbar staff: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    setup_logging("staff")
    from netbar.launch import run_staff

    return run_staff(
        settings.user or "", password, settings.hub, settings.lang, hub_fingerprint=settings.hub_fingerprint
    )


def _config_show(args: argparse.Namespace) -> int:
    roles = [args.role] if args.role else list(ROLES)
    print("\n".join(render(ROLES[role], config_file=args.config) for role in roles), end="")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    setup_logging("demo")
    from netbar.demo import run_demo

    return run_demo(fresh=args.fresh, language=Language(args.lang or Language.ZH))


def _db_upgrade(args: argparse.Namespace) -> int:
    """`netbar db upgrade`: says what it did, or in one line why it did nothing."""

    def upgrade() -> int:
        print(asyncio.run(upgrade_database(_settings(HubSettings, args, "db").db)).summary())
        return 0

    return _in_one_line(upgrade, failed="the upgrade failed, nothing was changed")


def _admin(task: Callable[[Database, argparse.Namespace], Awaitable[Any]]) -> Callable[[argparse.Namespace], int]:
    """Run an admin task on the database; a refusal is one line on stderr and status 2."""

    def run(args: argparse.Namespace) -> int:
        db_url = _settings(HubSettings, args, "db").db

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
    except (AdminError, MenuFileError) as error:
        print(f"netbar: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except (SQLAlchemyError, AlembicError) as error:
        print(f"netbar: error: {failed}: {error.__cause__ or error}", file=sys.stderr)
        return 1
    except (SchemaError, OSError) as error:
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


_HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("hub", None): _run_hub,
    ("kiosk", None): _run_kiosk,
    ("staff", None): _run_staff,
    ("demo", None): _run_demo,
    ("config", "show"): _config_show,
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
}
