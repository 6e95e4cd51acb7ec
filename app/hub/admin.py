"""The owner's enrolment and menu tasks, run on the hub's database from the command line."""

import re
from collections.abc import Awaitable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from netbar.domain.commands import SEAT_PATTERN
from netbar.domain.errors import CommandRejected
from netbar.domain.menu_file import load_menu_file, write_menu_file
from netbar.domain.staff import MIN_PASSWORD, USER_PATTERN, StaffMember, StaffRole
from netbar.hub.credentials import hash_password, hash_token, new_token
from netbar.hub.handlers import store_staff_enabled, store_staff_user
from netbar.hub.hub import load_default_menu
from netbar.store import migrate
from netbar.store.database import Database


class AdminError(Exception):
    """A task refused for what it was asked: nothing was written."""


async def _ready(db: Database) -> None:
    """A brand-new database is created at head (nothing to lose) and given the default menu. One out of date is
    refused, not upgraded: an upgrade backs the file up first and is `netbar db upgrade`'s, run once, on purpose."""
    state = await migrate.schema_state(db)
    if state.empty:
        await migrate.upgrade_database(db.engine.url)
    elif problem := state.problem():
        raise AdminError(problem)
    await load_default_menu(db)


async def add_seats(db: Database, seats: Sequence[str]) -> list[tuple[str, str]]:
    """Enrol new seats; each gets a fresh token, returned once and stored only as a hash."""
    bad = [seat for seat in seats if not re.fullmatch(SEAT_PATTERN, seat)]
    if bad:
        raise AdminError(f"not a seat id: {bad[0]!r} (letters, digits, - and _, up to 16, e.g. A01)")
    if len(set(seats)) != len(seats):
        raise AdminError("a seat is named twice")
    await _ready(db)
    now = datetime.now(UTC)
    async with db.write() as repo:
        existing = set(await repo.seat_ids()) & set(seats)
        if existing:
            raise AdminError(
                f"already enrolled: {', '.join(sorted(existing))} (`netbar seats token` gives a new token)"
            )
        enrolled = [(seat, new_token()) for seat in seats]
        for seat, token in enrolled:
            await repo.add_seat(seat, hash_token(token), now)
    return enrolled


async def new_seat_token(db: Database, seat: str) -> str:
    """A new token for an enrolled seat; the old one stops working."""
    await _ready(db)
    token = new_token()
    async with db.write() as repo:
        if not await repo.set_seat_token(seat, hash_token(token)):
            raise AdminError(f"no seat {seat!r}")
    return token


async def list_seats(db: Database) -> list[str]:
    await _ready(db)
    async with db.read() as repo:
        return await repo.seat_ids()


async def save_staff_user(db: Database, name: str, password: str, role: StaffRole | None = None) -> None:
    """Add a staff user (a role needed), or set one's password, and role if given: as a manager does from the
    staff window, by the same rules."""
    if not re.fullmatch(USER_PATTERN, name):
        raise AdminError(f"not a user name: {name!r} (letters, digits, . - and _, up to 64)")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"the password needs at least {MIN_PASSWORD} characters")
    await _ready(db)
    password_hash = hash_password(password)
    async with db.write() as repo:
        if role is None and await repo.staff_account(name) is None:
            raise AdminError(f"{name} is a new staff user: give --role manager or --role cashier")
        await _as_admin(store_staff_user(repo, name, password_hash, role, datetime.now(UTC)))


async def set_staff_user_disabled(db: Database, name: str, disabled: bool) -> None:
    """Disable a staff user (they cannot sign in, and the hub signs them out within seconds), or enable them."""
    await _ready(db)
    async with db.write() as repo:
        await _as_admin(store_staff_enabled(repo, name, not disabled, datetime.now(UTC)))


async def _as_admin(change: Awaitable[StaffMember]) -> StaffMember:
    """The hub's refusal of a change, as the command line says it."""
    try:
        return await change
    except CommandRejected as refused:
        raise AdminError(refused.message) from refused


async def list_staff_users(db: Database) -> list[StaffMember]:
    await _ready(db)
    async with db.read() as repo:
        return [account.member for account in await repo.staff_accounts()]


async def import_menu(db: Database, path: Path) -> int:
    """Replace the menu with the file's, and its pictures with those the file names, in one transaction; the file
    and its pictures are checked whole before anything is written."""
    menu = load_menu_file(path)
    await _ready(db)
    async with db.write() as repo:
        await repo.replace_menu(menu.items)
        await repo.keep_pictures(menu.pictures.values(), datetime.now(UTC))
        await repo.prune_pictures()
    return len(menu.items)


async def export_menu(db: Database, path: Path) -> int:
    """Write the menu to `path`, and its pictures to `pictures/` beside it."""
    await _ready(db)
    async with db.read() as repo:
        items = await repo.menu()
        pictures = await repo.pictures(item.picture for item in items if item.picture)
    write_menu_file(path, items, pictures)
    return len(items)
