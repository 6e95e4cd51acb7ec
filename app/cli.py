"""The `netbar` command: parses arguments, builds the objects, wires them, starts the loop."""

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from netbar.config import ROLES, ConfigError, KioskSettings, Loaded, S, StaffSettings, load, render
from netbar.domain.errors import invalid
from netbar.domain.staff import StaffRole
from netbar.gui.language import Language
from netbar.logs import setup_logging
from netbar.paths import outbox_path
from netbar.wire.frames import KioskHello, StaffHello

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
    copy = with_db(db.add_parser("copy", help="copy every row into another, empty database (SQLite to PostgreSQL)"))
    copy.add_argument(
        "--to",
        required=True,
        metavar="postgresql://USER@HOST/NAME",
        help="the database to copy into, without a password (PGPASSFILE holds it); then name it as db in hub.toml",
    )

    def with_language(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--lang", choices=list(Language), help="the language it starts in (zh or en; switchable at a tap)"
        )
        return command

    kiosk = with_config(with_language(commands.add_parser("kiosk", help="the touchscreen at a seat")))
    kiosk.add_argument("--seat", help="this seat's id, e.g. A12 (or kiosk.toml, NETBAR_SEAT)")
    # Accepted only to say where a token belongs: on a command line any user of the PC can read it.
    kiosk.add_argument("--token", help=argparse.SUPPRESS)
    kiosk.add_argument(
        "--hub",
        metavar="wss://HOST:PORT",
        action="append",
        help="the hub's address; again for another hub on the same database (or kiosk.toml, NETBAR_HUB)",
    )
    kiosk.add_argument("--hub-fingerprint", metavar="sha256:…", help="the hub's certificate, as `seats add` printed")
    kiosk.add_argument(
        "--fullscreen", action="store_true", default=None, help="fill the screen and ignore attempts to close"
    )
    kiosk.add_argument("--outbox", help="its outbox file (default: in the user data folder)")

    staff = with_config(with_language(commands.add_parser("staff", help="the staff window at the counter")))
    staff.add_argument(
        "--hub",
        metavar="wss://HOST:PORT",
        action="append",
        help="the hub's address; again for another hub on the same database (or staff.toml, NETBAR_HUB)",
    )
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


def role_settings(settings_type: type[S], args: argparse.Namespace, *names: str) -> S:
    """The role's settings, with the options among `names` that were given on the command line on top."""
    return role_loaded(settings_type, args, *names).settings


def role_loaded(settings_type: type[S], args: argparse.Namespace, *names: str) -> Loaded[S]:
    """As `role_settings`, with where each setting came from (for an error about a file a setting names)."""
    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    return load(settings_type, given, config_file=args.config)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS.get((args.command, getattr(args, "action", None)), _on_the_hub_pc)
    try:
        return handler(args)
    except ConfigError as error:
        print(f"netbar {args.command}: error: {error}", file=sys.stderr)
        return USAGE_ERROR


def _pin_problem(settings: KioskSettings | StaffSettings) -> str | None:
    if "wss://" in settings.hub and settings.hub_fingerprint is None:
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
    settings = role_settings(
        KioskSettings, args, "seat", "hub", "hub_fingerprint", "token", "fullscreen", "outbox", "lang"
    )
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
    settings = role_settings(StaffSettings, args, "hub", "hub_fingerprint", "user", "lang")
    if problem := _pin_problem(settings):
        print(f"netbar staff: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    # No password given: the sign-in dialog asks for it (and for the user), before any window opens.
    password = None if settings.password is None else settings.password.get_secret_value()
    if password is not None and (problem := _hello_problem(StaffHello, user=settings.user or "", password=password)):
        print(f"netbar staff: error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    setup_logging("staff")
    from netbar.launch_staff import run_staff

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


def _on_the_hub_pc(args: argparse.Namespace) -> int:
    # Imported only here: the database, Alembic, Argon2 and the hub cost a second to import, which `netbar kiosk`
    # and `netbar staff` do not need (issue 11: a kiosk paints its first frame within 0.8 s).
    from netbar.hub_commands import HANDLERS

    return HANDLERS[(args.command, getattr(args, "action", None))](args)


# The commands that run a window, or need nothing of the database; every other is `_on_the_hub_pc`'s.
_HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("kiosk", None): _run_kiosk,
    ("staff", None): _run_staff,
    ("demo", None): _run_demo,
    ("config", "show"): _config_show,
}
