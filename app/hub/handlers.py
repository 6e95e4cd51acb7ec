"""What each command does inside its transaction: check it against the state, change it, say what happened.

A handler returns its typed result and the events it caused; the service logs those events in the same
transaction, commits, and only then answers and publishes. A handler raises `CommandRejected` to refuse,
and the whole transaction is rolled back.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from netbar.domain.commands import (
    MAX_OPEN_PER_SEAT,
    MAX_TEXT,
    AddTime,
    AnyCommand,
    CancelRequest,
    CloseShift,
    ItemResult,
    OpenShift,
    PlaceRequest,
    RequestResult,
    RequestStep,
    Result,
    Role,
    SaveStaffUser,
    SeatResult,
    SetItem,
    SetStaffUserEnabled,
    ShiftResult,
    StaffCancel,
    StaffUserResult,
    UndoCredit,
)
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import (
    HubEvent,
    MenuChanged,
    RequestChanged,
    RequestPlaced,
    SeatChanged,
    ShiftChanged,
    StaffUserChanged,
)
from netbar.domain.menu import time_package
from netbar.domain.pricing import price_lines
from netbar.domain.requests import (
    Action,
    RequestKind,
    RequestLine,
    RequestState,
    ServiceRequest,
    believable_tap,
    next_state,
)
from netbar.domain.sessions import SeatStatus, TimeCredit, credit_time
from netbar.domain.shifts import ShiftEntry, counter_time_entry, request_entry, summarize
from netbar.domain.staff import StaffMember, StaffRole
from netbar.hub.principal import Principal
from netbar.store.repository import Repository


@dataclass
class Outcome:
    result: Result
    events: list[HubEvent] = field(default_factory=list)


async def handle(
    repo: Repository, who: Principal, command: AnyCommand, now: datetime, asked_at: datetime | None = None
) -> Outcome:
    """Run `command` for `who`, whose role is already checked against the command's; `asked_at` is when they
    tapped, by their own clock (the command frame's)."""
    match command:
        case PlaceRequest():
            return await place_request(repo, who, command, now, tapped_at=believable_tap(asked_at, now))
        case CancelRequest():
            return await cancel_request(repo, who, command, now)
        case RequestStep():
            return await _move(repo, await _request(repo, command.request_id), command.action, who, now)
        case StaffCancel():
            request = await _request(repo, command.request_id)
            return await _move(repo, request, Action.CANCEL, who, now, reason=command.reason)
        case SetItem():
            return await set_item(repo, command)
        case AddTime():
            return await add_time(repo, who, command, now)
        case UndoCredit():
            return await undo_credit(repo, who, command, now)
        case SaveStaffUser():
            member = await store_staff_user(repo, command.user, command.password_hash, command.staff_role, now)
            return Outcome(StaffUserResult(user=member), [StaffUserChanged(seq=0, user=member)])
        case SetStaffUserEnabled():
            if not command.enabled and command.user == who.name:
                raise CommandRejected(ErrorCode.CONFLICT, "you cannot disable yourself; another manager can")
            member = await store_staff_enabled(repo, command.user, command.enabled, now)
            return Outcome(StaffUserResult(user=member), [StaffUserChanged(seq=0, user=member)])
        case OpenShift():
            return await open_shift(repo, who, command, now)
        case CloseShift():
            return await close_shift(repo, who, command, now)


async def place_request(
    repo: Repository, who: Principal, order: PlaceRequest, now: datetime, *, tapped_at: datetime | None = None
) -> Outcome:
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
        seat=who.name,
        kind=order.kind,
        lines=lines,
        note=order.note,
        payment=order.payment,
        now=now,
        tapped_at=tapped_at,
    )
    return Outcome(RequestResult(request=request), [RequestPlaced(seq=0, request=request)])


async def _merge_call(repo: Repository, open_call: ServiceRequest, note: str, now: datetime) -> Outcome:
    """A repeat press of "call staff" joins the open call, counted (staff see "×2" and are told again); a new
    reason is added to it."""
    merged_note = open_call.note
    if note and note not in open_call.note:
        merged_note = (f"{open_call.note} / {note}" if open_call.note else note)[:MAX_TEXT]
    merged = open_call.model_copy(update={"note": merged_note, "calls": open_call.calls + 1, "updated_at": now})
    await repo.save_request(merged)
    return Outcome(RequestResult(request=merged), [RequestChanged(seq=0, request=merged)])


async def cancel_request(repo: Repository, who: Principal, command: CancelRequest, now: datetime) -> Outcome:
    request = await _request(repo, command.request_id)
    if request.seat != who.name:
        raise CommandRejected(ErrorCode.FORBIDDEN, f"request {request.id} is not this seat's")
    return await _move(repo, request, Action.CANCEL, who, now)


async def _request(repo: Repository, request_id: int) -> ServiceRequest:
    request = await repo.request(request_id)
    if request is None:
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no request {request_id}")
    return request


async def store_staff_user(
    repo: Repository, name: str, password_hash: str | None, role: StaffRole | None, now: datetime
) -> StaffMember:
    """Add a staff user (both a password and a role needed), or change an existing one's (None: unchanged);
    the last enabled manager stays a manager."""
    account = await repo.staff_account(name)
    if account is None:
        if password_hash is None or role is None:
            raise CommandRejected(ErrorCode.INVALID, f"a new staff user ({name}) needs a role and a password")
        await repo.add_staff_user(name, password_hash, role, now)
    else:
        if role is not None and role is not StaffRole.MANAGER:
            await _keep_a_manager(repo, name)
        await repo.change_staff_user(name, password_hash=password_hash, role=role)
    return await _staff_member(repo, name)


async def store_staff_enabled(repo: Repository, name: str, enabled: bool, now: datetime) -> StaffMember:
    """Enable or disable a staff user; the last enabled manager cannot be disabled."""
    if not enabled:
        await _keep_a_manager(repo, name)
    if not await repo.set_staff_disabled(name, None if enabled else now):
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no staff user {name!r}")
    return await _staff_member(repo, name)


async def _keep_a_manager(repo: Repository, name: str) -> None:
    """Refuse to take `name` out of the managers when no other enabled manager is left to run the shop."""
    if await repo.enabled_managers() == [name]:
        raise CommandRejected(ErrorCode.CONFLICT, f"{name} is the last manager; make another manager first")


async def _staff_member(repo: Repository, name: str) -> StaffMember:
    account = await repo.staff_account(name)
    assert account is not None  # just written, in this transaction
    return account.member


async def _move(
    repo: Repository, request: ServiceRequest, action: Action, who: Principal, now: datetime, reason: str | None = None
) -> Outcome:
    """One step of the lifecycle, with what goes with it: stock taken when a request leaves `placed` forwards,
    given back when one that took it is cancelled before it was served, and a renewal's time credited when it is
    done (and taken back when a manager cancels it after)."""
    if request.state is RequestState.DONE and action is Action.CANCEL and not who.is_manager:
        raise CommandRejected(ErrorCode.FORBIDDEN, "only a manager may cancel a completed request")
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
    await repo.record_step(moved, actor=who.label)
    events: list[HubEvent] = [RequestChanged(seq=0, request=moved)]
    if request.state is RequestState.PLACED and target is not RequestState.CANCELLED:
        events += await _change_stock(repo, request.lines, taking=True)
    elif request.state in (RequestState.ACCEPTED, RequestState.DELIVERING) and target is RequestState.CANCELLED:
        events += await _change_stock(repo, request.lines, taking=False)
    if request.kind is RequestKind.RENEWAL and target is RequestState.DONE:
        _, seat_changed = await _credit(repo, who, request.seat, moved.minutes, now, request_id=request.id)
        events.append(seat_changed)
    elif request.kind is RequestKind.RENEWAL and request.state is RequestState.DONE:
        credit = await repo.credit_of_request(request.id)
        if credit is not None and credit.undone_at is None:
            events.append(await _take_back(repo, who, credit, now))
    events += await _shift_news(
        repo, request_entry(moved, was_done=request.state is RequestState.DONE, by=who.label, at=now)
    )
    return Outcome(RequestResult(request=moved), events)


async def _change_stock(repo: Repository, lines: Sequence[RequestLine], *, taking: bool) -> list[HubEvent]:
    """Take or give back stock. Only items still on the menu are news to the kiosks: an item taken off the menu
    since the order was placed keeps its count, but must not reappear on every seat's screen."""
    wanted: Counter[str] = Counter()
    for line in lines:
        wanted[line.item_id] += line.qty  # one item made two ways is two lines, and one stock
    items = await repo.stocked_items(wanted)
    events: list[HubEvent] = []
    for item_id, qty in wanted.items():
        stocked = items.get(item_id)
        if stocked is None:
            continue
        item, listed = stocked
        assert item.stock is not None  # stocked_items leaves out unlimited items
        if taking and item.stock < qty:
            raise CommandRejected(ErrorCode.SOLD_OUT, f"{item.name_en} ({item.name_zh}): only {item.stock} left")
        changed = item.model_copy(update={"stock": item.stock - qty if taking else item.stock + qty})
        await repo.save_menu_item(changed)
        if listed:
            events.append(MenuChanged(seq=0, item=changed))
    return events


async def set_item(repo: Repository, command: SetItem) -> Outcome:
    item = (await repo.menu_items([command.item_id])).get(command.item_id)
    if item is None:
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no menu item {command.item_id!r}")
    update: dict[str, object] = {"available": command.available}
    if command.changes_stock:
        update["stock"] = command.stock
    if command.price_fen is not None:
        update["price_fen"] = command.price_fen
    changed = item.model_copy(update=update)
    if changed == item:
        return Outcome(ItemResult(item=changed))
    await repo.save_menu_item(changed)
    return Outcome(ItemResult(item=changed), [MenuChanged(seq=0, item=changed)])


async def add_time(repo: Repository, who: Principal, command: AddTime, now: datetime) -> Outcome:
    if not await repo.seat_exists(command.seat):
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no seat {command.seat}")
    # Paid at the counter at the menu's price for a package of that length, which the staff window showed.
    package = time_package(await repo.menu(), command.minutes)
    price_fen = None if package is None else package.price_fen
    credit, seat_changed = await _credit(repo, who, command.seat, command.minutes, now, price_fen=price_fen)
    events = [seat_changed, *await _shift_news(repo, counter_time_entry(credit, undone=False))]
    return Outcome(SeatResult(seat=seat_changed.seat, credit=credit), events)


async def _credit(
    repo: Repository,
    who: Principal,
    seat: str,
    minutes: int,
    now: datetime,
    *,
    request_id: int | None = None,
    price_fen: int | None = None,
) -> tuple[TimeCredit, SeatChanged]:
    """Put `minutes` on `seat`, opening a session where none runs, and record the credit."""
    session = credit_time(await repo.session_of(seat), minutes, now)
    await repo.save_session(seat, session)
    credit = await repo.add_credit(
        seat=seat, minutes=minutes, actor=who.label, request_id=request_id, now=now, price_fen=price_fen
    )
    return credit, SeatChanged(seq=0, seat=SeatStatus.of(seat, session, now), credit=credit)


async def undo_credit(repo: Repository, who: Principal, command: UndoCredit, now: datetime) -> Outcome:
    credit = await repo.credit(command.credit_id)
    if credit is None:
        raise CommandRejected(ErrorCode.NOT_FOUND, f"no credit {command.credit_id}")
    if credit.request_id is not None:
        raise CommandRejected(ErrorCode.CONFLICT, f"credit {credit.id} came with renewal {credit.request_id}")
    if credit.undone_at is not None:
        raise CommandRejected(ErrorCode.CONFLICT, f"credit {credit.id} was undone already by {credit.undone_by}")
    seat_changed = await _take_back(repo, who, credit, now)
    assert seat_changed.credit is not None
    events = [seat_changed, *await _shift_news(repo, counter_time_entry(seat_changed.credit, undone=True))]
    return Outcome(SeatResult(seat=seat_changed.seat, credit=seat_changed.credit), events)


async def _take_back(repo: Repository, who: Principal, credit: TimeCredit, now: datetime) -> SeatChanged:
    """Undo `credit`: its minutes come off its seat (what was already sat stays sat)."""
    session = await repo.session_of(credit.seat)
    if session is not None:
        session = session.with_time_taken(credit.minutes, now)
        await repo.save_session(credit.seat, session)
    undone = credit.model_copy(update={"undone_at": now, "undone_by": who.label})
    await repo.save_credit(undone)
    return SeatChanged(seq=0, seat=SeatStatus.of(credit.seat, session, now), credit=undone)


async def open_shift(repo: Repository, who: Principal, command: OpenShift, now: datetime) -> Outcome:
    """Open the counter's shift with its float; one at a time."""
    if (open_now := await repo.open_shift()) is not None:
        raise CommandRejected(
            ErrorCode.CONFLICT, f"a shift is open already (opened by {open_now.opened_by}); close it first"
        )
    shift = await repo.add_shift(opened_by=who.name, float_fen=command.float_fen, now=now)
    return Outcome(ShiftResult(shift=shift), [ShiftChanged(seq=0, shift=shift)])


async def close_shift(repo: Repository, who: Principal, command: CloseShift, now: datetime) -> Outcome:
    """Close the open shift: its summary as of now, the cash expected and the cash counted, recorded."""
    shift = await repo.open_shift()
    if shift is None:
        raise CommandRejected(ErrorCode.CONFLICT, "no shift is open")
    summary = summarize(shift.float_fen, await repo.shift_entries(shift.opened_at, now))
    closed = shift.model_copy(
        update={
            "closed_by": who.name,
            "closed_at": now,
            "counted_fen": command.counted_fen,
            "expected_fen": summary.expected_cash_fen,
            "note": command.note.strip(),
            "summary": summary,
        }
    )
    await repo.close_shift(closed)
    return Outcome(ShiftResult(shift=closed), [ShiftChanged(seq=0, shift=closed)])


async def _shift_news(repo: Repository, entry: ShiftEntry | None) -> list[HubEvent]:
    """The counter hears of what changes the open shift's money as it happens; with no shift open, nothing (what
    is done then belongs to no shift)."""
    if entry is None:
        return []
    shift = await repo.open_shift()
    return [] if shift is None else [ShiftChanged(seq=0, shift=shift, entry=entry)]
