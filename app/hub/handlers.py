"""What each command does inside its transaction: check it against the state, change it, say what happened.

A handler returns its result and the events it caused; the service logs those events in the same
transaction, commits, and only then answers and publishes. A handler raises `CommandRejected` to refuse,
and the whole transaction is rolled back.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netbar.domain.commands import (
    MAX_OPEN_PER_SEAT,
    MAX_TEXT,
    CancelRequest,
    CommandName,
    PlaceRequest,
    RequestAction,
    Role,
    SeatMinutes,
    SetItem,
    StaffCancel,
)
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import HubEvent, MenuChanged, RequestChanged, RequestPlaced, SeatChanged
from netbar.domain.pricing import price_lines
from netbar.domain.requests import Action, RequestKind, RequestLine, RequestState, ServiceRequest, next_state
from netbar.domain.sessions import SeatSession, SeatStatus, credit_time
from netbar.hub.principal import Principal
from netbar.store.repository import Repository


@dataclass
class Outcome:
    result: dict[str, Any]
    events: list[HubEvent] = field(default_factory=list)


Handler = Callable[[Repository, Principal, Any, datetime], Awaitable[Outcome]]


def _request_result(request: ServiceRequest) -> dict[str, Any]:
    return {"request": request.model_dump(mode="json")}


async def place_request(repo: Repository, who: Principal, order: PlaceRequest, now: datetime) -> Outcome:
    if order.kind is RequestKind.CALL:
        open_call = await repo.open_call(who.name)
        if open_call is not None:
            return await _merge_call(repo, open_call, order.note, now)
    if await repo.open_request_count(who.name) >= MAX_OPEN_PER_SEAT:
        raise CommandRejected(
            ErrorCode.TOO_MANY, f"seat {who.name} has {MAX_OPEN_PER_SEAT} requests open; wait for staff to handle one"
        )
    menu = await repo.menu_items(line.item_id for line in order.lines)
    lines = price_lines(order, menu)
    request = await repo.add_request(
        seat=who.name, kind=order.kind, lines=lines, note=order.note, payment=order.payment, now=now
    )
    return Outcome(_request_result(request), [RequestPlaced(seq=0, request=request)])


async def _merge_call(repo: Repository, open_call: ServiceRequest, note: str, now: datetime) -> Outcome:
    """A repeat press of "call staff" joins the open call; a new reason is added to it."""
    if not note or note in open_call.note:
        return Outcome(_request_result(open_call))
    merged_note = f"{open_call.note} / {note}" if open_call.note else note
    merged = open_call.model_copy(update={"note": merged_note[:MAX_TEXT], "updated_at": now})
    await repo.save_request(merged)
    return Outcome(_request_result(merged), [RequestChanged(seq=0, request=merged)])


async def cancel_request(repo: Repository, who: Principal, command: CancelRequest, now: datetime) -> Outcome:
    request = await _request(repo, command.request_id)
    if request.seat != who.name:
        raise CommandRejected(ErrorCode.FORBIDDEN, f"request {request.id} is not this seat's")
    return await _move(repo, request, Action.CANCEL, who, now)


def staff_action(action: Action) -> Handler:
    async def handle(repo: Repository, who: Principal, command: RequestAction, now: datetime) -> Outcome:
        return await _move(repo, await _request(repo, command.request_id), action, who, now)

    return handle


async def staff_cancel(repo: Repository, who: Principal, command: StaffCancel, now: datetime) -> Outcome:
    request = await _request(repo, command.request_id)
    return await _move(repo, request, Action.CANCEL, who, now, reason=command.reason)


async def _request(repo: Repository, request_id: int) -> ServiceRequest:
    request = await repo.request(request_id)
    if request is None:
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no request {request_id}")
    return request


async def _move(
    repo: Repository, request: ServiceRequest, action: Action, who: Principal, now: datetime, reason: str | None = None
) -> Outcome:
    """One step of the lifecycle, with what goes with it: stock taken when a request leaves `placed` forwards,
    given back when a request that took it is cancelled, and a renewal's time credited when it is done."""
    target = next_state(request.kind, request.state, action, by_seat=who.role is Role.KIOSK)
    moved = request.model_copy(
        update={
            "state": target,
            "updated_at": now,
            "cancel_reason": reason,
            "handled_by": request.handled_by if who.role is Role.KIOSK else who.name,
        }
    )
    await repo.save_request(moved)
    events: list[HubEvent] = [RequestChanged(seq=0, request=moved)]
    if request.state is RequestState.PLACED and target is not RequestState.CANCELLED:
        events += await _change_stock(repo, request.lines, taking=True)
    elif request.state is not RequestState.PLACED and target is RequestState.CANCELLED:
        events += await _change_stock(repo, request.lines, taking=False)
    if request.kind is RequestKind.RENEWAL and target is RequestState.DONE:
        session = credit_time(await repo.session_of(request.seat), moved.minutes, now)
        await repo.save_session(request.seat, session)
        events.append(SeatChanged(seq=0, seat=SeatStatus.of(request.seat, session, now)))
    return Outcome(_request_result(moved), events)


async def _change_stock(repo: Repository, lines: Sequence[RequestLine], *, taking: bool) -> list[HubEvent]:
    items = await repo.menu_items((line.item_id for line in lines), listed_only=False)
    events: list[HubEvent] = []
    for line in lines:
        item = items.get(line.item_id)
        if item is None or item.stock is None:
            continue
        if taking and item.stock < line.qty:
            raise CommandRejected(ErrorCode.SOLD_OUT, f"{item.name_en} ({item.name_zh}): only {item.stock} left")
        changed = item.model_copy(update={"stock": item.stock - line.qty if taking else item.stock + line.qty})
        await repo.save_menu_item(changed)
        events.append(MenuChanged(seq=0, item=changed))
    return events


async def set_item(repo: Repository, who: Principal, command: SetItem, now: datetime) -> Outcome:
    item = (await repo.menu_items([command.item_id])).get(command.item_id)
    if item is None:
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no menu item {command.item_id!r}")
    update: dict[str, object] = {"available": command.available}
    if command.changes_stock:
        update["stock"] = command.stock
    changed = item.model_copy(update=update)
    result = {"item": changed.model_dump(mode="json")}
    if changed == item:
        return Outcome(result)
    await repo.save_menu_item(changed)
    return Outcome(result, [MenuChanged(seq=0, item=changed)])


async def open_session(repo: Repository, who: Principal, command: SeatMinutes, now: datetime) -> Outcome:
    session = await _session(repo, command.seat)
    if session is not None and session.is_running(now):
        raise CommandRejected(
            ErrorCode.CONFLICT,
            f"seat {command.seat} has {session.remaining_minutes(now)} minutes left; add time instead",
        )
    return await _save_session(repo, command.seat, SeatSession.open(command.minutes, now), now)


async def add_time(repo: Repository, who: Principal, command: SeatMinutes, now: datetime) -> Outcome:
    session = await _session(repo, command.seat)
    if session is None:
        raise CommandRejected(ErrorCode.CONFLICT, f"seat {command.seat} has no session; open one first")
    return await _save_session(repo, command.seat, session.with_time_added(command.minutes, now), now)


async def _session(repo: Repository, seat: str) -> SeatSession | None:
    if seat not in await repo.seat_ids():
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no seat {seat}")
    return await repo.session_of(seat)


async def _save_session(repo: Repository, seat: str, session: SeatSession, now: datetime) -> Outcome:
    await repo.save_session(seat, session)
    status = SeatStatus.of(seat, session, now)
    return Outcome({"seat": status.model_dump(mode="json")}, [SeatChanged(seq=0, seat=status)])


HANDLERS: dict[CommandName, Handler] = {
    CommandName.PLACE_REQUEST: place_request,
    CommandName.CANCEL_REQUEST: cancel_request,
    CommandName.ACCEPT: staff_action(Action.ACCEPT),
    CommandName.START_DELIVERY: staff_action(Action.START_DELIVERY),
    CommandName.COMPLETE: staff_action(Action.COMPLETE),
    CommandName.CANCEL: staff_cancel,
    CommandName.SET_ITEM: set_item,
    CommandName.OPEN_SESSION: open_session,
    CommandName.ADD_TIME: add_time,
}
