"""The `netbar` command: parses arguments, builds the objects, wires them, starts the loop.

`netbar`, `netbar --help`, `netbar COMMAND --help` and `netbar --version` load nothing but argparse: the settings
(pydantic), the wire and everything else are imported by the handler that runs a command, so asking how to use
netbar takes a fraction of the time starting any part of it does.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from netbar import __version__
from netbar.gui.language import Language

if TYPE_CHECKING:
    from netbar.config import KioskSettings, Loaded, S, StaffSettings
    from netbar.wire.frames import KioskHello, StaffHello

USAGE_ERROR = 2
ROLE_NAMES = ("hub", "kiosk", "staff")  # netbar.config.ROLES's keys, named here so --help needs no pydantic
STAFF_ROLES = ("cashier", "manager")  # netbar.domain.staff.StaffRole's values, likewise

_EXAMPLES = """\
examples:
  netbar demo                          try it: a hub, a staff window and three kiosks in one window each
  netbar seats add A01 A02             on the counter PC: enrol seats; prints each seat's token
  netbar hub --listen 0.0.0.0:8765     serve the seats on the LAN (settings: /etc/netbar/hub.toml)
  netbar kiosk                         at a seat: seat, hub and token from kiosk.toml
  netbar staff --hub wss://192.168.1.10:8765 --hub-fingerprint sha256:…
  netbar backup /media/usb/hub.db      copy the hub's database while it runs
  netbar config show kiosk             the settings in effect and where each came from

`netbar COMMAND --help` says more about each command."""


class _Parser(argparse.ArgumentParser):
    """A bad command line gets one line that says what is wrong, and status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="netbar",
        description="Seat service for internet cafés.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"netbar {__version__}")
    # Not required: `netbar` alone prints this help, the list of commands, rather than an error.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", parser_class=_Parser)

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

    hub = with_db(
        commands.add_parser(
            "hub",
            help="run the hub service on the counter PC",
            epilog="examples:\n"
            "  netbar hub --listen 0.0.0.0:8765    serve the LAN (wss://, the hub's own certificate)\n"
            "  netbar hub --db sqlite:///D:/netbar/hub.db\n\n"
            "Settings: hub.toml (/etc/netbar/hub.toml system-wide), NETBAR_… variables; `netbar config show hub`.",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
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
        choices=STAFF_ROLES,
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

    report = with_db(
        commands.add_parser("report", help="a period's report for the owner: a workbook with charts, or CSV files")
    )
    report.add_argument("--from", dest="first", type=_day, required=True, metavar="DATE", help="its first day")
    report.add_argument(
        "--to", dest="last", type=_day, required=True, metavar="DATE", help="its last day (days start at day_starts_at)"
    )
    report.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the workbook (.xlsx), or the folder for --format csv"
    )
    report.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="xlsx (default) or csv")

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

    with_db(
        commands.add_parser(
            "backup",
            help="copy the hub's database to FILE, safely while the hub runs",
            description="A consistent copy of the hub's SQLite database, taken while the hub runs. The hub also "
            "keeps a copy a day in backups/ beside the database (backup_days in hub.toml, 7 by default).",
        )
    ).add_argument("file", type=Path, metavar="FILE", help="a new file, or a folder to put a dated copy in")
    with_db(
        commands.add_parser(
            "restore",
            help="put a backup in place of the hub's database (hub stopped)",
            description="Replace the hub's database with FILE, a copy `netbar backup` or the daily backups made. "
            "Refused while the hub runs; the database replaced is kept beside it.",
        )
    ).add_argument("file", type=Path, metavar="FILE")

    def with_language(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--lang", choices=list(Language), help="the language it starts in (zh or en; switchable at a tap)"
        )
        return command

    kiosk = with_config(
        with_language(
            commands.add_parser(
                "kiosk",
                help="the touchscreen at a seat",
                epilog="examples:\n  netbar kiosk                        seat, hub and token from kiosk.toml\n"
                "  netbar kiosk --seat A01 --hub wss://192.168.1.10:8765 --hub-fingerprint sha256:…\n\n"
                'The seat\'s token is never given on the command line: put it under [kiosk] as token = "…" in\n'
                "kiosk.toml (readable by its owner only) or in NETBAR_SEAT_TOKEN; `netbar seats add A01` on the\n"
                "counter PC prints it.",
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        )
    )
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
    with_config(
        commands.add_parser(
            "kiosk-pin",
            help="set the PIN staff type to close this PC's fullscreen kiosk (Ctrl+Alt+Shift+Q; read from stdin, "
            "kept hashed in kiosk.toml)",
        )
    )

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
    show.add_argument("role", nargs="?", choices=ROLE_NAMES, help="hub, kiosk or staff (default: all three)")
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day as YYYY-MM-DD") from None


def role_settings(settings_type: "type[S]", args: argparse.Namespace, *names: str) -> "S":
    """The role's settings, with the options among `names` that were given on the command line on top."""
    return role_loaded(settings_type, args, *names).settings


def role_loaded(settings_type: "type[S]", args: argparse.Namespace, *names: str) -> "Loaded[S]":
    """As `role_settings`, with where each setting came from (for an error about a file a setting names)."""
    from netbar.config import load

    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    return load(settings_type, given, config_file=args.config)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handler = _HANDLERS.get((args.command, getattr(args, "action", None)), _on_the_hub_pc)
    from netbar.config import ConfigError  # every command reads settings; the help and the version need none

    try:
        return handler(args)
    except ConfigError as error:
        print(f"netbar {args.command}: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        from netbar.logs import stop_writing  # the log's last lines are out before whoever ran this reads them

        stop_writing()


def _pin_problem(settings: "KioskSettings | StaffSettings") -> str | None:
    if "wss://" in settings.hub and settings.hub_fingerprint is None:
        return "a wss:// hub needs hub_fingerprint (the line `netbar seats add` printed on the hub's PC)"
    return None


def _hello_problem(hello: "type[KioskHello | StaffHello]", **fields: str) -> str | None:
    """What is wrong with the credentials given, checked here so a window never opens only to be refused."""
    from pydantic import ValidationError

    from netbar.domain.errors import invalid

    try:
        hello(**fields)
    except ValidationError as error:
        return invalid(error).message
    return None


def _run_kiosk(args: argparse.Namespace) -> int:
    from netbar.config import KioskSettings
    from netbar.logs import setup_logging
    from netbar.paths import outbox_path
    from netbar.wire.frames import KioskHello

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
        exit_pin_hash=None if settings.exit_pin_hash is None else settings.exit_pin_hash.get_secret_value(),
    )


def _kiosk_pin(args: argparse.Namespace) -> int:
    """Ask for the exit PIN (twice at a terminal; one line from a pipe) and write its hash into kiosk.toml."""
    from netbar.config import user_config_dir, write_setting
    from netbar.domain.exit_pin import PIN_RULE, hash_pin, is_pin

    path = args.config or user_config_dir() / "kiosk.toml"
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass(f"Exit PIN for the kiosk ({PIN_RULE}): ")
        if is_pin(pin) and getpass.getpass("The same again: ") != pin:
            print("netbar kiosk-pin: error: the two did not match; nothing changed", file=sys.stderr)
            return USAGE_ERROR
    else:
        pin = sys.stdin.readline().strip()
    if not is_pin(pin):
        print(f"netbar kiosk-pin: error: an exit PIN is {PIN_RULE}; nothing changed", file=sys.stderr)
        return USAGE_ERROR
    write_setting(path, "kiosk", "exit_pin_hash", hash_pin(pin))
    print(f"exit PIN set in {path}; a running kiosk takes it within a few seconds")
    return 0


def _run_staff(args: argparse.Namespace) -> int:
    from netbar.config import StaffSettings
    from netbar.logs import setup_logging
    from netbar.wire.frames import StaffHello

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
    from netbar.config import ROLES, render

    roles = [args.role] if args.role else list(ROLES)
    print("\n".join(render(ROLES[role], config_file=args.config) for role in roles), end="")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    from netbar.logs import setup_logging

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
    ("kiosk-pin", None): _kiosk_pin,
}
