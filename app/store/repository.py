"""The queries the hub makes, in domain terms: rows go in and out as domain models."""

import heapq
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import (
    Delete,
    Executable,
    Insert,
    Result,
    Row,
    ScalarResult,
    Table,
    Update,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from netbar.domain.events import EVENT_TYPES, HubEvent, MenuChanged
from netbar.domain.menu import MenuItem
from netbar.domain.pictures import Picture
from netbar.domain.requests import OPEN_STATES, Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.domain.sessions import SeatSession, SeatStatus, TimeCredit
from netbar.domain.shifts import Shift, ShiftEntry, counter_time_entry, request_entry
from netbar.domain.staff import StaffMember, StaffRole
from netbar.store.json_text import JsonText
from netbar.store.models import (
    Base,
    EventLogRow,
    MenuItemRow,
    PictureRow,
    ProcessedCommand,
    RequestLineRow,
    RequestRow,
    RequestStepRow,
    Seat,
    SeatSessionRow,
    ShiftRow,
    StaffUser,
    TimeCreditRow,
)
from netbar.store.prepared import Converted, Prepared

E = TypeVar("E", bound=HubEvent)
_MENU_FIELDS = (
    "category",
    "name_zh",
    "name_en",
    "price_fen",
    "stock",
    "available",
    "minutes",
    "section_zh",
    "section_en",
    "picture",
    "options",
)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# The statements of every command, prepared once (netbar.store.prepared): SQLAlchemy's own execute costs more
# than the database's work on these (issue 8's profile). The rest are plain Core.
_requests = _table(RequestRow)
_lines = _table(RequestLineRow)
_menu = _table(MenuItemRow)
_events = _table(EventLogRow)
_processed = _table(ProcessedCommand)
_seats = _table(Seat)
_staff = _table(StaffUser)
_sessions = _table(SeatSessionRow)
_credits = _table(TimeCreditRow)
_steps = _table(RequestStepRow)
_pictures = _table(PictureRow)
_shifts = _table(ShiftRow)
_LINE_FIELDS = ("item_id", "name_zh", "name_en", "qty", "price_fen", "minutes", "options")
_REQUEST_FIELDS = ("state", "note", "updated_at", "cancel_reason", "handled_by", "calls")


def _named(fields: Iterable[str]) -> dict[str, Any]:
    """Each field set from the parameter of its own name."""
    return {field: bindparam(field) for field in fields}


def _insert(table: Table, returning: bool = True, *, postgresql: Insert | None = None) -> Prepared:
    """An insert of every column but a generated id, each a parameter of its own name; `returning`: the new id;
    `postgresql`: what PostgreSQL runs instead (`Prepared`'s)."""
    generated = table.autoincrement_column
    statement = insert(table).values(_named(column.name for column in table.c if column is not generated))
    return Prepared(statement, new_id=table.c.id if returning else None, postgresql=postgresql)


# Written out rather than in_(): a prepared statement cannot hold one.
_OPEN = or_(*(_requests.c.state == state.value for state in OPEN_STATES))


_PROCESSED = Prepared(select(_processed).where(_processed.c.command_id == bindparam("command_id")))
_RECORD_PROCESSED = _insert(_processed, returning=False)
_OPEN_COUNT = Prepared(
    select(func.count()).select_from(_requests).where(_requests.c.seat_id == bindparam("seat"), _OPEN)
)
_OPEN_CALL = Prepared(
    select(_requests).where(_requests.c.seat_id == bindparam("seat"), _requests.c.kind == RequestKind.CALL.value, _OPEN)
)
_REQUEST = Prepared(select(_requests).where(_requests.c.id == bindparam("id")))
_LINES_SELECTED = select(_lines.c.request_id, *(_lines.c[field] for field in _LINE_FIELDS)).order_by(
    _lines.c.request_id, _lines.c.position
)
_LINES_OF_ONE = Prepared(_LINES_SELECTED.where(_lines.c.request_id == bindparam("id")))
# A seat's open requests and their lines: what every kiosk welcome reads.
_OPEN_OF_SEAT = Prepared(
    select(_requests).where(_requests.c.seat_id == bindparam("seat"), _OPEN).order_by(_requests.c.id)
)
_LINES_OPEN_OF_SEAT = Prepared(
    _LINES_SELECTED.join_from(_lines, _requests).where(_requests.c.seat_id == bindparam("seat"), _OPEN)
)
_LAST_SEQ = Prepared(select(func.max(_events.c.id)))
_SEAT_TOKEN_HASH = Prepared(select(_seats.c.token_hash).where(_seats.c.id == bindparam("seat")))
_INSERT_REQUEST = _insert(_requests)
_INSERT_LINE = _insert(_lines, returning=False)
_SAVE_REQUEST = Prepared(
    update(_requests).where(_requests.c.id == bindparam("request_id")).values(_named(_REQUEST_FIELDS))
)
_MENU_ITEM = Prepared(select(_menu).where(_menu.c.id == bindparam("item_id")))
_LISTED_MENU = Prepared(select(_menu).where(_menu.c.listed).order_by(_menu.c.position, _menu.c.id))
# The listed menu's rows as last read, and their items (`Repository.menu`); readers in several threads share it,
# and it is replaced whole.
_last_menu: tuple[Converted, tuple[MenuItem, ...]] | None = None
# Each menu item's row as last read by id, and its item (`Repository._menu_rows`): one entry per item on the menu
# table at most, as an id with no row is not kept; shared by the writer and the readers' threads, each entry
# replaced whole.
_last_items: dict[str, tuple[Converted, MenuItem]] = {}
_SAVE_MENU_ITEM = Prepared(update(_menu).where(_menu.c.id == bindparam("item_id")).values(_named(_MENU_FIELDS)))
# On PostgreSQL an event's id is the newest one's plus one, not a sequence's (which leaves a gap at every rollback):
# every write transaction there holds the write lock (netbar.store.database), so no two take the same id, and
# the newest event is never pruned, so an id is never given twice. SQLite's AUTOINCREMENT is already gap-free
# under its single writer.
_NEXT_SEQ = select(func.coalesce(func.max(_events.c.id), 0) + 1).scalar_subquery()
_LOG_EVENT = _insert(
    _events,
    postgresql=insert(_events)
    .values(id=_NEXT_SEQ, **_named(column.name for column in _events.c if column is not _events.c.id))
    .returning(_events.c.id),
)
_RECORD_STEP = _insert(_steps, returning=False)
_SEAT_EXISTS = Prepared(select(_seats.c.id).where(_seats.c.id == bindparam("seat")))
_SESSION_OF = Prepared(
    select(_sessions.c.started_at, _sessions.c.ends_at).where(_sessions.c.seat_id == bindparam("seat_id"))
)
_UPDATE_SESSION = Prepared(
    update(_sessions)
    .where(_sessions.c.seat_id == bindparam("seat_id"))
    .values(_named(("started_at", "ends_at")))
    .returning(_sessions.c.seat_id)
)
_INSERT_SESSION = _insert(_sessions, returning=False)
_ADD_CREDIT = Prepared(
    insert(_credits).values(_named(("seat_id", "minutes", "actor", "request_id", "created_at", "price_fen"))),
    new_id=_credits.c.id,
)
# Every completion and cancel asks whether a shift is open (its money is then news to the counter).
_OPEN_SHIFT = Prepared(select(_shifts).where(_shifts.c.closed_at.is_(None)).order_by(_shifts.c.id))


@dataclass(frozen=True)
class StaffAccount:
    name: str
    password_hash: str
    role: StaffRole
    disabled_at: datetime | None

    @property
    def member(self) -> StaffMember:
        return StaffMember(name=self.name, role=self.role, enabled=self.disabled_at is None)

    @property
    def proof(self) -> str:
        """What a signed-in connection holds on to: a new password or a new role signs it out."""
        return f"{self.role} {self.password_hash}"


_STAFF_ACCOUNTS = select(_staff.c.name, _staff.c.password_hash, _staff.c.role, _staff.c.disabled_at)


def _staff_account(row: Row[Any]) -> StaffAccount:
    return StaffAccount(row.name, row.password_hash, StaffRole(row.role), row.disabled_at)


class Connection(Protocol):
    """What the repository needs of a connection: an `AsyncConnection`, or a plain one on the thread that owns it
    (netbar.store.immediate). Only Core statements: the ORM's unit of work costs more than it gives here."""

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]: ...

    async def scalar(self, statement: Executable, parameters: Any = None, /) -> Any: ...

    async def scalars(self, statement: Executable, parameters: Any = None, /) -> ScalarResult[Any]: ...

    async def run(self, statement: Prepared, values: Mapping[str, Any], /) -> list[Any]: ...

    async def run_unless_unchanged(
        self, statement: Prepared, values: Mapping[str, Any], last: Converted | None, /
    ) -> Converted: ...


class Repository:
    """One transaction's view of the database; made by `Database.write()`, `Database.read()`, `Database.reading()`
    and the writer (netbar.store.writer)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # Seats and staff

    async def seat_token_hash(self, seat: str) -> str | None:
        rows = await self.connection.run(_SEAT_TOKEN_HASH, {"seat": seat})
        return rows[0].token_hash if rows else None

    async def credential_proofs(self) -> dict[str, str]:
        """What every seat and enabled staff user signs in with now, by who they prove (`seat:A01`, `staff:li`):
        a seat's token hash, a staff user's `StaffAccount.proof`."""
        seats = await self.connection.execute(select(_seats.c.id, _seats.c.token_hash))
        staff = await self.connection.execute(_STAFF_ACCOUNTS.where(_staff.c.disabled_at.is_(None)))
        return {
            **{f"seat:{row.id}": row.token_hash for row in seats},
            **{f"staff:{row.name}": _staff_account(row).proof for row in staff},
        }

    async def seat_exists(self, seat: str) -> bool:
        return bool(await self.connection.run(_SEAT_EXISTS, {"seat": seat}))

    async def seat_ids(self) -> list[str]:
        return list(await self.connection.scalars(select(_seats.c.id).order_by(_seats.c.id)))

    async def add_seat(self, seat: str, token_hash: str, now: datetime) -> None:
        await self.connection.execute(insert(_seats), {"id": seat, "token_hash": token_hash, "created_at": now})

    async def set_seat_token(self, seat: str, token_hash: str) -> bool:
        return await self._changed(update(_seats).where(_seats.c.id == seat).values(token_hash=token_hash))

    async def staff_account(self, name: str) -> StaffAccount | None:
        rows = await self.connection.execute(_STAFF_ACCOUNTS.where(_staff.c.name == name))
        return next((_staff_account(row) for row in rows), None)

    async def staff_accounts(self) -> list[StaffAccount]:
        rows = await self.connection.execute(_STAFF_ACCOUNTS.order_by(_staff.c.name))
        return [_staff_account(row) for row in rows]

    async def set_staff_disabled(self, name: str, since: datetime | None) -> bool:
        """Disable a staff user from `since` (None: enable); False if there is no such user."""
        return await self._changed(update(_staff).where(_staff.c.name == name).values(disabled_at=since))

    async def add_staff_user(self, name: str, password_hash: str, role: StaffRole, now: datetime) -> None:
        values = {"name": name, "password_hash": password_hash, "role": role.value, "created_at": now}
        await self.connection.execute(insert(_staff), values)

    async def change_staff_user(self, name: str, *, password_hash: str | None, role: StaffRole | None) -> bool:
        """Give a staff user a new password or role (None: unchanged); False if there is no such user."""
        values = {"password_hash": password_hash, "role": role}
        changes = {column: value for column, value in values.items() if value is not None}
        return await self._changed(update(_staff).where(_staff.c.name == name).values(changes))

    async def enabled_managers(self) -> list[str]:
        query = select(_staff.c.name).where(_staff.c.role == StaffRole.MANAGER.value, _staff.c.disabled_at.is_(None))
        return list(await self.connection.scalars(query))

    # The menu

    async def menu(self) -> list[MenuItem]:
        """The items on the menu, in order. Every welcome reads them, and most read the same rows as the one
        before: those are not validated again."""
        global _last_menu
        last = _last_menu
        rows = await self.connection.run_unless_unchanged(_LISTED_MENU, {}, None if last is None else last[0])
        if last is not None and last[0] is rows:
            return list(last[1])
        items = tuple(_menu_item(row) for row in rows.rows)
        _last_menu = (rows, items)
        return list(items)

    async def menu_items(self, ids: Iterable[str]) -> dict[str, MenuItem]:
        """The items with these ids that are on the menu."""
        return {row.id: item for row, item in await self._menu_rows(ids) if row.listed}

    async def stocked_items(self, ids: Iterable[str]) -> dict[str, tuple[MenuItem, bool]]:
        """The items with these ids that keep a stock count, each with whether it is still on the menu."""
        return {row.id: (item, row.listed) for row, item in await self._menu_rows(ids) if row.stock is not None}

    async def _menu_rows(self, ids: Iterable[str]) -> list[tuple[Any, MenuItem]]:
        """Each item's row, with the item made of it. One by one: an order names a few items, and a prepared
        statement cannot take a list. An item read as it was the last time is not validated again (most orders
        name what an order before them named)."""
        found = []
        for item_id in dict.fromkeys(ids):
            last = _last_items.get(item_id)
            rows = await self.connection.run_unless_unchanged(
                _MENU_ITEM, {"item_id": item_id}, None if last is None else last[0]
            )
            if not rows.rows:
                continue
            if last is None or last[0] is not rows:
                last = _last_items[item_id] = (rows, _menu_item(rows.rows[0]))
            found.append((rows.rows[0], last[1]))
        return found

    async def has_menu(self) -> bool:
        return bool(await self.connection.scalar(select(func.count()).select_from(_menu)))

    async def save_menu_item(self, item: MenuItem) -> None:
        """Store a changed item (stock, availability) that is already on the menu."""
        await self.connection.run(_SAVE_MENU_ITEM, {"item_id": item.id, **_menu_values(item)})

    async def replace_menu(self, items: Sequence[MenuItem]) -> None:
        """The menu becomes `items`, in their order. Items left out are taken off the menu, not deleted:
        past orders still name them."""
        left_out = set(await self.connection.scalars(select(_menu.c.id)))
        for position, item in enumerate(items):
            values = {**_menu_values(item), "position": position, "listed": True}
            if item.id in left_out:
                left_out.discard(item.id)
                await self.connection.execute(update(_menu).where(_menu.c.id == item.id).values(values))
            else:
                await self.connection.execute(insert(_menu), {"id": item.id, **values})
        if left_out:
            await self.connection.execute(update(_menu).where(_menu.c.id.in_(left_out)).values(listed=False))

    # Pictures

    async def picture(self, sha: str) -> Picture | None:
        """The picture with this SHA-256, if the hub keeps it."""
        row = (await self.connection.execute(select(_pictures).where(_pictures.c.sha == sha))).first()
        return None if row is None else Picture(row.media_type, row.data)

    async def pictures(self, shas: Iterable[str]) -> dict[str, Picture]:
        """The pictures with these SHA-256s that the hub keeps."""
        found = {sha: await self.picture(sha) for sha in dict.fromkeys(shas)}
        return {sha: picture for sha, picture in found.items() if picture is not None}

    async def keep_pictures(self, pictures: Iterable[Picture], now: datetime) -> None:
        """Keep these pictures (each once: one already kept is the same bytes)."""
        for picture in pictures:
            if await self.connection.scalar(select(_pictures.c.sha).where(_pictures.c.sha == picture.sha)) is None:
                values = {"sha": picture.sha, "media_type": picture.media_type, "data": picture.data, "created_at": now}
                await self.connection.execute(insert(_pictures), values)

    async def prune_pictures(self) -> int:
        """Delete the pictures no listed item names (an imported menu replaced them); how many went."""
        named = select(_menu.c.picture).where(_menu.c.listed, _menu.c.picture.is_not(None))
        return await self._changed_rows(delete(_pictures).where(_pictures.c.sha.not_in(named)))

    # Requests

    async def add_request(
        self,
        *,
        seat: str,
        kind: RequestKind,
        lines: Sequence[RequestLine],
        note: str,
        payment: Payment | None,
        now: datetime,
        tapped_at: datetime | None = None,
    ) -> ServiceRequest:
        # Core inserts, not the ORM's unit of work: this is the hot path of every order.
        request = ServiceRequest(
            id=0,
            seat=seat,
            kind=kind,
            lines=tuple(lines),
            note=note,
            payment=payment,
            total_fen=sum(line.total_fen for line in lines),
            state=RequestState.PLACED,
            created_at=now,
            updated_at=now,
            tapped_at=tapped_at,
        )
        values = {
            "seat_id": seat,
            "kind": kind.value,
            "state": request.state.value,
            "note": note,
            "payment": None if payment is None else payment.value,
            "total_fen": request.total_fen,
            "created_at": now,
            "updated_at": now,
            "cancel_reason": None,
            "handled_by": None,
            "calls": 1,
            "tapped_at": tapped_at,
        }
        [inserted] = await self.connection.run(_INSERT_REQUEST, values)
        for position, line in enumerate(lines):
            await self.connection.run(
                _INSERT_LINE, {"request_id": inserted.id, "position": position, **line.model_dump()}
            )
        return request.model_copy(update={"id": inserted.id})

    async def request(self, request_id: int) -> ServiceRequest | None:
        return await self._one_request(await self.connection.run(_REQUEST, {"id": request_id}))

    async def save_request(self, request: ServiceRequest) -> None:
        """Store a request's new state, note and who handled it."""
        await self.connection.run(
            _SAVE_REQUEST, {"request_id": request.id, **{field: getattr(request, field) for field in _REQUEST_FIELDS}}
        )

    async def record_step(self, request: ServiceRequest, *, actor: str) -> None:
        """The step that brought `request` to its state, at its `updated_at`, by `actor` (a principal's label)."""
        values = {"request_id": request.id, "state": request.state.value, "actor": actor, "at": request.updated_at}
        await self.connection.run(_RECORD_STEP, values)

    async def open_requests(self, seat: str | None = None) -> list[ServiceRequest]:
        if seat is not None:
            return await self._open_of_seat(seat)
        query = select(_requests).where(_requests.c.state.in_(OPEN_STATES)).order_by(_requests.c.id)
        return await self._with_lines((await self.connection.execute(query)).all())

    async def _open_of_seat(self, seat: str) -> list[ServiceRequest]:
        rows = await self.connection.run(_OPEN_OF_SEAT, {"seat": seat})
        if not rows:
            return []
        return _joined(rows, await self.connection.run(_LINES_OPEN_OF_SEAT, {"seat": seat}))

    async def open_request_count(self, seat: str) -> int:
        [(count,)] = await self.connection.run(_OPEN_COUNT, {"seat": seat})
        return int(count)

    async def open_call(self, seat: str) -> ServiceRequest | None:
        return await self._one_request(await self.connection.run(_OPEN_CALL, {"seat": seat}))

    async def _one_request(self, rows: list[Any]) -> ServiceRequest | None:
        if not rows:
            return None
        lines = await self.connection.run(_LINES_OF_ONE, {"id": rows[0].id})
        return _service_request(rows[0], (_line(line) for line in lines))

    async def _with_lines(self, rows: Sequence[Row[Any]]) -> list[ServiceRequest]:
        """The requests of these `requests` rows, each with its lines (read in one statement for all)."""
        if not rows:
            return []
        query = _LINES_SELECTED.where(_lines.c.request_id.in_([row.id for row in rows]))
        return _joined(rows, await self.connection.execute(query))

    # Seat sessions

    async def session_of(self, seat: str) -> SeatSession | None:
        rows = await self.connection.run(_SESSION_OF, {"seat_id": seat})
        return SeatSession(started_at=rows[0].started_at, ends_at=rows[0].ends_at) if rows else None

    async def save_session(self, seat: str, session: SeatSession) -> None:
        values = {"seat_id": seat, "started_at": session.started_at, "ends_at": session.ends_at}
        if not await self.connection.run(_UPDATE_SESSION, values):
            await self.connection.run(_INSERT_SESSION, values)

    async def add_credit(
        self,
        *,
        seat: str,
        minutes: int,
        actor: str,
        request_id: int | None,
        now: datetime,
        price_fen: int | None = None,
    ) -> TimeCredit:
        credit = TimeCredit(
            id=0, seat=seat, minutes=minutes, actor=actor, created_at=now, request_id=request_id, price_fen=price_fen
        )
        values = {
            "seat_id": seat,
            "minutes": minutes,
            "actor": actor,
            "request_id": request_id,
            "created_at": now,
            "price_fen": price_fen,
        }
        [inserted] = await self.connection.run(_ADD_CREDIT, values)
        return credit.model_copy(update={"id": inserted.id})

    async def credit(self, credit_id: int) -> TimeCredit | None:
        row = (await self.connection.execute(select(_credits).where(_credits.c.id == credit_id))).first()
        return None if row is None else _credit(row)

    async def credit_of_request(self, request_id: int) -> TimeCredit | None:
        """The time a completed renewal put on its seat."""
        row = (await self.connection.execute(select(_credits).where(_credits.c.request_id == request_id))).first()
        return None if row is None else _credit(row)

    async def save_credit(self, credit: TimeCredit) -> None:
        """Store that a credit was undone, and by whom."""
        await self.connection.execute(
            update(_credits)
            .where(_credits.c.id == credit.id)
            .values(undone_at=credit.undone_at, undone_by=credit.undone_by)
        )

    async def recent_credits(self, since: datetime, limit: int) -> list[TimeCredit]:
        """Credits made since `since`, newest first, at most `limit`."""
        query = select(_credits).where(_credits.c.created_at >= since).order_by(_credits.c.id.desc()).limit(limit)
        return [_credit(row) for row in await self.connection.execute(query)]

    async def seat_status(self, seat: str, now: datetime) -> SeatStatus:
        return SeatStatus.of(seat, await self.session_of(seat), now)

    async def seat_statuses(self, now: datetime) -> list[SeatStatus]:
        rows = await self.connection.execute(
            select(_seats.c.id, _sessions.c.started_at, _sessions.c.ends_at)
            .select_from(_seats.outerjoin(_sessions))
            .order_by(_seats.c.id)
        )
        return [
            SeatStatus.of(row.id, None if row.started_at is None else SeatSession(row.started_at, row.ends_at), now)
            for row in rows
        ]

    # Shifts

    async def open_shift(self) -> Shift | None:
        """The counter's open shift, if one is."""
        rows = await self.connection.run(_OPEN_SHIFT, {})
        return _shift(rows[0]) if rows else None

    async def add_shift(self, *, opened_by: str, float_fen: int, now: datetime) -> Shift:
        values = {"opened_by": opened_by, "opened_at": now, "float_fen": float_fen, "note": ""}
        inserted = await self.connection.scalar(insert(_shifts).values(values).returning(_shifts.c.id))
        return Shift(id=inserted, opened_by=opened_by, opened_at=now, float_fen=float_fen)

    async def close_shift(self, shift: Shift) -> None:
        """Record a shift's close: who, when, the count, what was expected and the summary."""
        assert shift.summary is not None
        await self.connection.execute(
            update(_shifts)
            .where(_shifts.c.id == shift.id)
            .values(
                closed_by=shift.closed_by,
                closed_at=shift.closed_at,
                counted_fen=shift.counted_fen,
                expected_fen=shift.expected_fen,
                note=shift.note,
                summary=shift.summary.model_dump(mode="json"),
            )
        )

    async def closed_shifts(self, limit: int) -> list[Shift]:
        """The last `limit` closed shifts, newest first."""
        query = select(_shifts).where(_shifts.c.closed_at.is_not(None)).order_by(_shifts.c.id.desc()).limit(limit)
        return [_shift(row) for row in await self.connection.execute(query)]

    async def shift_entries(self, after: datetime, until: datetime | None = None) -> list[ShiftEntry]:
        """What happened to the counter's money after `after` (and at or before `until`), in time order: requests
        done or cancelled (by their steps) and counter credits made or undone (netbar.domain.shifts)."""

        def within(column: Any) -> Any:
            return column > after if until is None else (column > after) & (column <= until)

        done = select(_steps.c.request_id).where(_steps.c.state == RequestState.DONE.value)
        step_rows = (
            await self.connection.execute(
                select(_steps.c.request_id, _steps.c.state, _steps.c.actor, _steps.c.at)
                .where(within(_steps.c.at), _steps.c.state.in_((RequestState.DONE.value, RequestState.CANCELLED.value)))
                .order_by(_steps.c.id)
            )
        ).all()
        ever_done = set(
            await self.connection.scalars(done.where(_steps.c.request_id.in_({row.request_id for row in step_rows})))
        )
        request_rows = await self.connection.execute(
            select(_requests).where(_requests.c.id.in_({row.request_id for row in step_rows}))
        )
        requests = {request.id: request for request in await self._with_lines(request_rows.all())}
        entries: list[ShiftEntry] = []
        for step in step_rows:
            # The request as it came to this step: done, or cancelled (a refund if it had been done).
            state = RequestState(step.state)
            cancel_reason = None if state is RequestState.DONE else requests[step.request_id].cancel_reason
            request = requests[step.request_id].model_copy(update={"state": state, "cancel_reason": cancel_reason})
            entry = request_entry(request, was_done=step.request_id in ever_done, by=step.actor, at=step.at)
            if entry is not None:
                entries.append(entry)
        counter = _credits.c.request_id.is_(None)
        made = await self.connection.execute(select(_credits).where(counter, within(_credits.c.created_at)))
        undone = await self.connection.execute(select(_credits).where(counter, within(_credits.c.undone_at)))
        for rows, undoing in ((made, False), (undone, True)):
            for row in rows:
                entry = counter_time_entry(_credit(row), undone=undoing)
                if entry is not None:
                    entries.append(entry)
        return sorted(entries, key=lambda entry: entry.at)

    # The event log

    async def log_event(self, event: E, *, actor: str, now: datetime, body: JsonText | None = None) -> E:
        """Append `event` to the log (`body`: its `event_body`, if made already); the copy returned carries its
        `seq`."""
        values = {
            "name": event.name,
            "seat_id": event.for_seat,
            "actor": actor,
            "created_at": now,
            "body": event_body(event) if body is None else body,
        }
        [(seq,)] = await self.connection.run(_LOG_EVENT, values)
        return event.model_copy(update={"seq": seq})

    async def last_seq(self) -> int:
        [(seq,)] = await self.connection.run(_LAST_SEQ, {})
        return int(seq or 0)

    async def first_seq(self) -> int | None:
        """The oldest event still in the log (older ones are pruned), or None for an empty log."""
        first: int | None = await self.connection.scalar(select(func.min(_events.c.id)))
        return first

    async def events_since(self, seq: int, *, seat: str | None = None, limit: int | None = None) -> list[HubEvent]:
        """Events after `seq` (the first `limit` of them): all, or for a seat its own and every menu change.

        A seat's are read as two ranges, each along an index of its own, and merged: one query with an OR
        would walk the whole log after `seq`."""
        after = select(_events.c.id, _events.c.name, _events.c.body).where(_events.c.id > seq).order_by(_events.c.id)
        after = after.limit(limit)
        if seat is None:
            return [_event(row) for row in await self.connection.execute(after)]
        own = await self.connection.execute(after.where(_events.c.seat_id == seat))
        menu = await self.connection.execute(after.where(_events.c.name == MenuChanged.name))
        rows = heapq.merge(own, menu, key=lambda row: row.id)
        return [_event(row) for row in itertools.islice(rows, limit)]

    async def count_events_since(self, seq: int, *, seat: str | None = None, at_most: int) -> int:
        """How many events `events_since` would return, counting no further than `at_most`: read along the
        indexes alone, so a client far behind costs a count, not the decoding of thousands of events."""
        after = select(_events.c.id).where(_events.c.id > seq).limit(at_most)
        if seat is None:
            return len((await self.connection.execute(after)).all())
        own = (await self.connection.execute(after.where(_events.c.seat_id == seat))).all()
        menu = (await self.connection.execute(after.where(_events.c.name == MenuChanged.name))).all()
        return min(len(own) + len(menu), at_most)

    async def prune_events(self, before: datetime, batch: int) -> int:
        """Delete up to `batch` of the oldest events logged before `before`; how many went."""
        # The newest event always stays: its id is the `seq` every welcome carries.
        newest = select(func.max(_events.c.id)).scalar_subquery()
        oldest = (
            select(_events.c.id)
            .where(_events.c.created_at < before, _events.c.id < newest)
            .order_by(_events.c.id)
            .limit(batch)
        )
        return await self._changed_rows(delete(_events).where(_events.c.id.in_(oldest)))

    async def prune_processed(self, before: datetime, batch: int) -> int:
        """Forget up to `batch` of the answers given before `before`; how many went."""
        oldest = (
            select(_processed.c.command_id)
            .where(_processed.c.created_at < before)
            .order_by(_processed.c.created_at)
            .limit(batch)
        )
        return await self._changed_rows(delete(_processed).where(_processed.c.command_id.in_(oldest)))

    async def _changed_rows(self, statement: Update | Delete) -> int:
        result = await self.connection.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _changed(self, statement: Update) -> bool:
        """Whether the update found a row to change."""
        return bool(await self._changed_rows(statement))

    # Idempotent commands

    async def processed(self, command_id: str) -> Any | None:
        """The answer already given to `command_id` (a row: its principal, name and result), if any."""
        rows = await self.connection.run(_PROCESSED, {"command_id": command_id})
        return rows[0] if rows else None

    async def record_processed(
        self, command_id: str, *, principal: str, name: str, result: dict[str, Any] | JsonText, now: datetime
    ) -> None:
        values = {"command_id": command_id, "principal": principal, "name": name, "result": result, "created_at": now}
        await self.connection.run(_RECORD_PROCESSED, values)


def _menu_values(item: MenuItem) -> dict[str, Any]:
    return item.model_dump(mode="json", include=set(_MENU_FIELDS))


def _joined(rows: Sequence[Any], line_rows: Iterable[Any]) -> list[ServiceRequest]:
    """The requests of these `requests` rows, each with its lines among `line_rows` (in their order)."""
    lines: dict[int, list[RequestLine]] = {}
    for line in line_rows:
        lines.setdefault(line.request_id, []).append(_line(line))
    return [_service_request(row, lines.get(row.id, ())) for row in rows]


def _line(row: Any) -> RequestLine:
    return RequestLine(**{field: getattr(row, field) for field in _LINE_FIELDS})


def _menu_item(row: Any) -> MenuItem:
    return MenuItem.model_validate(row, from_attributes=True)


def _service_request(row: Any, lines: Iterable[RequestLine]) -> ServiceRequest:
    return ServiceRequest(
        id=row.id,
        seat=row.seat_id,
        kind=RequestKind(row.kind),
        lines=tuple(lines),
        note=row.note,
        payment=None if row.payment is None else Payment(row.payment),
        total_fen=row.total_fen,
        state=RequestState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        cancel_reason=row.cancel_reason,
        handled_by=row.handled_by,
        calls=row.calls,
        tapped_at=row.tapped_at,
    )


def _credit(row: Row[Any]) -> TimeCredit:
    return TimeCredit(
        id=row.id,
        seat=row.seat_id,
        minutes=row.minutes,
        actor=row.actor,
        created_at=row.created_at,
        request_id=row.request_id,
        undone_at=row.undone_at,
        undone_by=row.undone_by,
        price_fen=row.price_fen,
    )


def _shift(row: Any) -> Shift:
    # The table's columns are the model's fields; a closed shift's summary is read back as it was recorded.
    return Shift.model_validate(row, from_attributes=True)


def event_body(event: HubEvent) -> JsonText:
    """An event as the log keeps it: its JSON without `seq`, which is the row's id."""
    return JsonText(event.model_dump_json(exclude={"seq"}))


def _event(row: Row[Any]) -> HubEvent:
    return EVENT_TYPES[row.name].model_validate({"seq": row.id, **row.body})
