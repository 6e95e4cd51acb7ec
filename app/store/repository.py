"""The queries the hub makes, in domain terms: rows go in and out as domain models."""

import heapq
import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Delete, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from netbar.domain.events import EVENT_TYPES, HubEvent, MenuChanged
from netbar.domain.menu import MenuItem
from netbar.domain.requests import OPEN_STATES, Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.domain.sessions import SeatSession, SeatStatus, TimeCredit
from netbar.store.models import (
    EventLogRow,
    MenuItemRow,
    ProcessedCommand,
    RequestLineRow,
    RequestRow,
    Seat,
    SeatSessionRow,
    StaffUser,
    TimeCreditRow,
)

E = TypeVar("E", bound=HubEvent)
_MENU_FIELDS = ("category", "name_zh", "name_en", "price_fen", "stock", "available", "minutes")


class Repository:
    """One transaction's view of the database; made by `Database.write()` or `Database.read()`."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # Seats and staff

    async def seat_token_hash(self, seat: str) -> str | None:
        return await self.session.scalar(select(Seat.token_hash).where(Seat.id == seat))

    async def seat_ids(self) -> list[str]:
        return list(await self.session.scalars(select(Seat.id).order_by(Seat.id)))

    async def add_seat(self, seat: str, token_hash: str, now: datetime) -> None:
        self.session.add(Seat(id=seat, token_hash=token_hash, created_at=now))

    async def set_seat_token(self, seat: str, token_hash: str) -> bool:
        result = await self.session.execute(update(Seat).where(Seat.id == seat).values(token_hash=token_hash))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def staff_password_hash(self, name: str) -> str | None:
        return await self.session.scalar(select(StaffUser.password_hash).where(StaffUser.name == name))

    async def save_staff_user(self, name: str, password_hash: str, now: datetime) -> None:
        """Add a staff user, or give an existing one a new password."""
        user = await self.session.scalar(select(StaffUser).where(StaffUser.name == name))
        if user is None:
            self.session.add(StaffUser(name=name, password_hash=password_hash, created_at=now))
        else:
            user.password_hash = password_hash

    # The menu

    async def menu(self) -> list[MenuItem]:
        rows = await self.session.scalars(
            select(MenuItemRow).where(MenuItemRow.listed).order_by(MenuItemRow.position, MenuItemRow.id)
        )
        return [_menu_item(row) for row in rows]

    async def menu_items(self, ids: Iterable[str]) -> dict[str, MenuItem]:
        """The items with these ids that are on the menu."""
        query = select(MenuItemRow).where(MenuItemRow.id.in_(list(ids)), MenuItemRow.listed)
        return {row.id: _menu_item(row) for row in await self.session.scalars(query)}

    async def stocked_items(self, ids: Iterable[str]) -> dict[str, tuple[MenuItem, bool]]:
        """The items with these ids that keep a stock count, each with whether it is still on the menu."""
        query = select(MenuItemRow).where(MenuItemRow.id.in_(list(ids)), MenuItemRow.stock.is_not(None))
        return {row.id: (_menu_item(row), row.listed) for row in await self.session.scalars(query)}

    async def has_menu(self) -> bool:
        return bool(await self.session.scalar(select(func.count()).select_from(MenuItemRow)))

    async def save_menu_item(self, item: MenuItem) -> None:
        """Store a changed item (stock, availability) that is already on the menu."""
        await self.session.execute(update(MenuItemRow).where(MenuItemRow.id == item.id).values(**_menu_values(item)))

    async def replace_menu(self, items: Sequence[MenuItem]) -> None:
        """The menu becomes `items`, in their order. Items left out are taken off the menu, not deleted:
        past orders still name them."""
        existing = {row.id: row for row in await self.session.scalars(select(MenuItemRow))}
        for position, item in enumerate(items):
            row = existing.pop(item.id, None)
            if row is None:
                self.session.add(MenuItemRow(id=item.id, position=position, listed=True, **_menu_values(item)))
            else:
                for field, value in _menu_values(item).items():
                    setattr(row, field, value)
                row.position, row.listed = position, True
        for row in existing.values():
            row.listed = False

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
        )
        request_id = await self.session.scalar(
            insert(RequestRow)
            .values(
                seat_id=seat,
                kind=kind,
                state=request.state,
                note=note,
                payment=payment,
                total_fen=request.total_fen,
                created_at=now,
                updated_at=now,
            )
            .returning(RequestRow.id)
        )
        if lines:
            await self.session.execute(
                insert(RequestLineRow),
                [
                    {"request_id": request_id, "position": position, **line.model_dump()}
                    for position, line in enumerate(lines)
                ],
            )
        return request.model_copy(update={"id": request_id})

    async def request(self, request_id: int) -> ServiceRequest | None:
        row = await self._request_row(request_id)
        return None if row is None else _service_request(row)

    async def save_request(self, request: ServiceRequest) -> None:
        """Store a request's new state, note and who handled it."""
        await self.session.execute(
            update(RequestRow)
            .where(RequestRow.id == request.id)
            .values(
                state=request.state,
                note=request.note,
                updated_at=request.updated_at,
                cancel_reason=request.cancel_reason,
                handled_by=request.handled_by,
            )
        )

    async def open_requests(self, seat: str | None = None) -> list[ServiceRequest]:
        query = (
            select(RequestRow)
            .where(RequestRow.state.in_(OPEN_STATES))
            .options(selectinload(RequestRow.lines))
            .order_by(RequestRow.id)
        )
        if seat is not None:
            query = query.where(RequestRow.seat_id == seat)
        return [_service_request(row) for row in await self.session.scalars(query)]

    async def open_request_count(self, seat: str) -> int:
        query = select(func.count()).where(RequestRow.seat_id == seat, RequestRow.state.in_(OPEN_STATES))
        return await self.session.scalar(query) or 0

    async def open_call(self, seat: str) -> ServiceRequest | None:
        query = (
            select(RequestRow)
            .where(
                RequestRow.seat_id == seat,
                RequestRow.kind == RequestKind.CALL,
                RequestRow.state.in_(OPEN_STATES),
            )
            .options(selectinload(RequestRow.lines))
        )
        row = await self.session.scalar(query)
        return None if row is None else _service_request(row)

    async def _request_row(self, request_id: int) -> RequestRow | None:
        query = select(RequestRow).where(RequestRow.id == request_id).options(selectinload(RequestRow.lines))
        return await self.session.scalar(query)

    # Seat sessions

    async def session_of(self, seat: str) -> SeatSession | None:
        row = await self.session.get(SeatSessionRow, seat)
        return None if row is None else SeatSession(started_at=row.started_at, ends_at=row.ends_at)

    async def save_session(self, seat: str, session: SeatSession) -> None:
        await self.session.merge(SeatSessionRow(seat_id=seat, started_at=session.started_at, ends_at=session.ends_at))

    async def add_credit(
        self, *, seat: str, minutes: int, actor: str, request_id: int | None, now: datetime
    ) -> TimeCredit:
        row = TimeCreditRow(seat_id=seat, minutes=minutes, actor=actor, request_id=request_id, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _credit(row)

    async def credit(self, credit_id: int) -> TimeCredit | None:
        row = await self.session.get(TimeCreditRow, credit_id)
        return None if row is None else _credit(row)

    async def save_credit(self, credit: TimeCredit) -> None:
        """Store that a credit was undone, and by whom."""
        await self.session.execute(
            update(TimeCreditRow)
            .where(TimeCreditRow.id == credit.id)
            .values(undone_at=credit.undone_at, undone_by=credit.undone_by)
        )

    async def recent_credits(self, since: datetime, limit: int) -> list[TimeCredit]:
        """Credits made since `since`, newest first, at most `limit`."""
        query = (
            select(TimeCreditRow)
            .where(TimeCreditRow.created_at >= since)
            .order_by(TimeCreditRow.id.desc())
            .limit(limit)
        )
        return [_credit(row) for row in await self.session.scalars(query)]

    async def seat_status(self, seat: str, now: datetime) -> SeatStatus:
        return SeatStatus.of(seat, await self.session_of(seat), now)

    async def seat_statuses(self, now: datetime) -> list[SeatStatus]:
        rows = await self.session.execute(select(Seat.id, SeatSessionRow).outerjoin(SeatSessionRow).order_by(Seat.id))
        return [
            SeatStatus.of(seat, None if row is None else SeatSession(row.started_at, row.ends_at), now)
            for seat, row in rows
        ]

    # The event log

    async def log_event(self, event: E, *, actor: str, now: datetime) -> E:
        """Append `event` to the log; the copy returned carries its `seq`."""
        seq = await self.session.scalar(
            insert(EventLogRow)
            .values(
                name=event.name,
                seat_id=event.for_seat,
                actor=actor,
                created_at=now,
                body=event.model_dump(mode="json", exclude={"seq"}),
            )
            .returning(EventLogRow.id)
        )
        return event.model_copy(update={"seq": seq})

    async def last_seq(self) -> int:
        return await self.session.scalar(select(func.max(EventLogRow.id))) or 0

    async def first_seq(self) -> int | None:
        """The oldest event still in the log (older ones are pruned), or None for an empty log."""
        return await self.session.scalar(select(func.min(EventLogRow.id)))

    async def events_since(self, seq: int, *, seat: str | None = None, limit: int | None = None) -> list[HubEvent]:
        """Events after `seq` (the first `limit` of them): all, or for a seat its own and every menu change.

        A seat's are read as two ranges, each along an index of its own, and merged: one query with an OR
        would walk the whole log after `seq`."""
        after = select(EventLogRow).where(EventLogRow.id > seq).order_by(EventLogRow.id).limit(limit)
        if seat is None:
            return [_event(row) for row in await self.session.scalars(after)]
        own = await self.session.scalars(after.where(EventLogRow.seat_id == seat))
        menu = await self.session.scalars(after.where(EventLogRow.name == MenuChanged.name))
        rows = heapq.merge(own, menu, key=lambda row: row.id)
        return [_event(row) for row in itertools.islice(rows, limit)]

    async def prune_events(self, before: datetime, batch: int) -> int:
        """Delete up to `batch` of the oldest events logged before `before`; how many went."""
        # The newest event always stays: its id is the `seq` every welcome carries.
        newest = select(func.max(EventLogRow.id)).scalar_subquery()
        oldest = (
            select(EventLogRow.id)
            .where(EventLogRow.created_at < before, EventLogRow.id < newest)
            .order_by(EventLogRow.id)
            .limit(batch)
        )
        return await self._deleted(delete(EventLogRow).where(EventLogRow.id.in_(oldest)))

    async def prune_processed(self, before: datetime, batch: int) -> int:
        """Forget up to `batch` of the answers given before `before`; how many went."""
        oldest = (
            select(ProcessedCommand.command_id)
            .where(ProcessedCommand.created_at < before)
            .order_by(ProcessedCommand.created_at)
            .limit(batch)
        )
        return await self._deleted(delete(ProcessedCommand).where(ProcessedCommand.command_id.in_(oldest)))

    async def _deleted(self, statement: Delete) -> int:
        result = await self.session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]

    # Idempotent commands

    async def processed(self, command_id: str) -> ProcessedCommand | None:
        return await self.session.get(ProcessedCommand, command_id)

    async def record_processed(
        self, command_id: str, *, principal: str, name: str, result: dict[str, Any], now: datetime
    ) -> None:
        await self.session.execute(
            insert(ProcessedCommand).values(
                command_id=command_id, principal=principal, name=name, result=result, created_at=now
            )
        )


def _menu_values(item: MenuItem) -> dict[str, Any]:
    return {field: getattr(item, field) for field in _MENU_FIELDS}


def _menu_item(row: MenuItemRow) -> MenuItem:
    return MenuItem.model_validate(row, from_attributes=True)


def _service_request(row: RequestRow) -> ServiceRequest:
    return ServiceRequest(
        id=row.id,
        seat=row.seat_id,
        kind=RequestKind(row.kind),
        lines=tuple(RequestLine.model_validate(line, from_attributes=True) for line in row.lines),
        note=row.note,
        payment=None if row.payment is None else Payment(row.payment),
        total_fen=row.total_fen,
        state=RequestState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        cancel_reason=row.cancel_reason,
        handled_by=row.handled_by,
    )


def _credit(row: TimeCreditRow) -> TimeCredit:
    return TimeCredit(
        id=row.id,
        seat=row.seat_id,
        minutes=row.minutes,
        actor=row.actor,
        created_at=row.created_at,
        request_id=row.request_id,
        undone_at=row.undone_at,
        undone_by=row.undone_by,
    )


def _event(row: EventLogRow) -> HubEvent:
    return EVENT_TYPES[row.name].model_validate({"seq": row.id, **row.body})
