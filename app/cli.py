"""The `netbar` command: parses arguments, builds the objects, wires them, starts the loop."""

import argparse
import asyncio
import getpass
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import SQLAlchemyError

from app.hub.admin import AdminError, add_seats, export_menu, import_menu, list_seats, new_seat_token, save_staff_user
from app.hub.hub import Hub
from app.logs import setup_logging
from app.paths import default_db_url
from app.store.database import Database, DatabaseUrlError, async_url
from app.store.menu_file import MenuFileError

_LOGGER = logging.getLogger("app.cli")

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """A bad command line gets one line that says what is wrong, and status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _listen_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT (e.g. 0.0.0.0:8765)")
    return host.strip("[]"), int(port)


def _db_url(text: str) -> str:
    try:
        async_url(text)
    except DatabaseUrlError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="netbar", description="Seat service for internet cafés.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def with_db(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument(
            "--db",
            type=_db_url,
            default=None,
            metavar="URL",
            help="SQLAlchemy URL, e.g. sqlite:///path/netbar.db (default: hub.db in the user data folder)",
        )
        return command

    hub = with_db(commands.add_parser("hub", help="run the hub service on the counter PC"))
    hub.add_argument(
        "--listen",
        type=_listen_address,
        default=("127.0.0.1", 8765),
        metavar="HOST:PORT",
        help="where kiosks and staff windows connect (default 127.0.0.1:8765; 0.0.0.0:8765 for the LAN)",
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

    menu = commands.add_parser("menu", help="import or export the menu (.csv or .json)").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    menu_import = with_db(menu.add_parser("import", help="replace the menu with a file's"))
    menu_import.add_argument("file", type=Path, metavar="FILE")
    menu_export = with_db(menu.add_parser("export", help="write the menu to a file"))
    menu_export.add_argument("file", type=Path, metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = _HANDLERS[(args.command, getattr(args, "action", None))]
    return handler(args)


def _run_hub(args: argparse.Namespace) -> int:
    setup_logging("hub", verbose=args.verbose)
    host, port = args.listen
    return asyncio.run(_serve_until_signalled(args.db or default_db_url(), host, port))


async def _serve_until_signalled(db_url: str, host: str, port: int) -> int:
    stop = asyncio.Event()
    _on_stop_signals(stop.set)
    try:
        hub = await Hub.start(db_url, host, port)
    except OSError as error:
        _LOGGER.error("cannot listen on %s:%d: %s", host, port, error.strerror or error)
        return 1
    await stop.wait()
    _LOGGER.info("stopping")
    await hub.stop()
    return 0


def _on_stop_signals(callback: Callable[[], None]) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, callback)
        except NotImplementedError:  # Windows: no loop signal handlers; wake the loop from the C handler.
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(callback))


def _admin(task: Callable[[Database, argparse.Namespace], Awaitable[Any]]) -> Callable[[argparse.Namespace], int]:
    """Run an admin task on the database; a refusal is one line on stderr and status 2."""

    def run(args: argparse.Namespace) -> int:
        async def go() -> int:
            db = Database.open(args.db or default_db_url())
            try:
                await task(db, args)
            finally:
                await db.close()
            return 0

        try:
            return asyncio.run(go())
        except (AdminError, MenuFileError) as error:
            print(f"netbar: error: {error}", file=sys.stderr)
            return USAGE_ERROR
        except SQLAlchemyError as error:
            print(f"netbar: error: the database failed: {error.__cause__ or error}", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"netbar: error: {error}", file=sys.stderr)
            return 1

    return run


async def _seats_add(db: Database, args: argparse.Namespace) -> None:
    for seat, token in await add_seats(db, args.seat_ids):
        print(seat, token)


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
    await save_staff_user(db, args.name, password)
    print(f"staff user {args.name} saved")


async def _menu_import(db: Database, args: argparse.Namespace) -> None:
    print(f"imported {await import_menu(db, args.file)} menu items from {args.file}")


async def _menu_export(db: Database, args: argparse.Namespace) -> None:
    print(f"exported {await export_menu(db, args.file)} menu items to {args.file}")


_HANDLERS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("hub", None): _run_hub,
    ("seats", "add"): _admin(_seats_add),
    ("seats", "token"): _admin(_seats_token),
    ("seats", "list"): _admin(_seats_list),
    ("staff-user", "add"): _admin(_staff_user_add),
    ("menu", "import"): _admin(_menu_import),
    ("menu", "export"): _admin(_menu_export),
}
