"""The kiosk's state and intents: what the seat shows, and what a tap asks the hub for.

The view-model hears the kiosk's bus (welcome, events, answers) and keeps the seat's view of the world; widgets
read it and call its intent methods. A tap publishes a typed command on the bus; the link's handler commits it to
the outbox before sending it, so an order taken while the hub is away is kept and sent when it is back.
"""

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from netbar.bus import EventBus
from netbar.domain.commands import AnyCommand, CancelRequest, OrderLine, PlaceRequest, RequestResult
from netbar.domain.errors import ErrorCode
from netbar.domain.events import MenuChanged, RequestChanged, RequestPlaced, SeatChanged
from netbar.domain.menu import MenuItem
from netbar.domain.payment_code import PaymentCode
from netbar.domain.pictures import Picture
from netbar.domain.pricing import made_line
from netbar.domain.requests import Payment, RequestKind, RequestLine, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.kiosk.countdown import Alarm, Countdown
from netbar.kiosk.picture_cache import PictureCache
from netbar.link.events import (
    AskPicture,
    CommandAnswered,
    CommandDeferred,
    CommandQueued,
    Connected,
    Disconnected,
    MenuRemembered,
    PaymentCodeRemembered,
    PictureArrived,
    SendCommand,
)
from netbar.wire.frames import CommandFrame

_LOGGER = logging.getLogger(__name__)

SHOWN_FINISHED = 8  # finished requests kept on screen, newest first
FOLLOWED_ORDERS = 20  # orders whose answer is remembered by their command id, for a page that shows one (payment)


@dataclass(frozen=True)
class Entry:
    """One line of the seat's request list: a request the hub has, or an order still on its way to it."""

    kind: RequestKind
    lines: tuple[RequestLine, ...]
    total_fen: int
    note: str
    state: RequestState | None  # None: not yet taken by the hub
    request_id: int | None = None
    cancel_reason: str | None = None
    held: bool = False  # not yet taken: the hub could not take it for now, and the kiosk keeps it until it can

    def __hash__(self) -> int:
        # Of a few plain fields (equal entries still hash alike): the list is keyed by entries on every change,
        # and hashing the lines' models took the kiosk ~1.5 ms an event.
        return hash((self.request_id, self.state, self.kind, self.total_fen, self.note, self.held))


@dataclass(frozen=True)
class RenewalOffer:
    """The renewal one tap places: the package this seat bought last (`again`), or with none known the cheapest on
    the menu; paid the way the last one was, or in cash."""

    item: MenuItem
    payment: Payment
    again: bool


@dataclass(frozen=True)
class PlacedRenewal:
    """A renewal the one tap placed: its command id, to follow it (`order_request`), and what was offered."""

    command_id: str
    offer: RenewalOffer


class KioskViewModel(QObject):
    """Signals:
    connectionChanged(bool, str): up or down, and why it is down (`turned_away` when the hub refused the kiosk).
    menuChanged(): an item's price, stock or availability changed (or the whole menu arrived, or the one kept from
        the last run: `menu_stale`).
    paymentCodeChanged(): the venue's payment code arrived, changed or went (`payment_code`).
    requestsChanged(): the seat's list of requests changed.
    remainingChanged(int): seconds left on the seat, -1 when the seat has no session.
    renewSoon(int): minutes left, at 10 and at 5.
    timeUp(): the seat's time has run out.
    requestProgressed(object): one of the seat's requests moved on (a ServiceRequest, now accepted, on the way,
        done, or cancelled by staff with a reason); not the customer's own cancel.
    orderRefused(str, bool): the hub refused an order, or (True) a cancel: the ErrorCode's value (`internal` when
        it could not be kept, `invalid` when it was never sent); the hub's own words are English and for the log.
    pictureReady(str): the picture with this SHA-256 (an item's `picture`) can now be had from `picture()`.
    """

    connectionChanged = Signal(bool, str)
    menuChanged = Signal()
    paymentCodeChanged = Signal()
    requestsChanged = Signal()
    remainingChanged = Signal(int)
    renewSoon = Signal(int)
    timeUp = Signal()
    orderRefused = Signal(str, bool)
    requestProgressed = Signal(object)
    pictureReady = Signal(str)

    def __init__(
        self,
        seat: str,
        bus: EventBus,
        parent: QObject | None = None,
        *,
        config_file: str = "",
        clock: Callable[[], float] = time.monotonic,
        picture_folder: Path | None = None,
    ) -> None:
        """`config_file`: where this kiosk's settings (its token) are, for the staff who must fix them. `clock`:
        seconds from any start, counting the seat's time down between the hub's words (a test moves it and calls
        `tick`). `picture_folder`: where the menu's pictures are kept between starts (None: fetched on every
        start)."""
        super().__init__(parent)
        self.seat = seat
        self.config_file = config_file
        self.connected = False
        # The hub turned this kiosk's hello down (a wrong or replaced token: `refusal` is its code, None for a hub
        # whose certificate is not the enrolled one); nothing can be ordered until it lets the kiosk in.
        self.turned_away = False
        self.refusal: ErrorCode | None = None
        self.menu: dict[str, MenuItem] = {}
        self.menu_stale = False  # the menu is the one kept from an earlier run: the hub has not said it since
        # What a customer paying by QR scans, from the welcome (or kept from the last one); None: QR is not offered.
        self.payment_code: PaymentCode | None = None
        self._bus = bus
        self._requests: dict[int, ServiceRequest] = {}
        self._unsent: dict[str, CommandFrame] = {}
        self._held: set[str] = set()  # of those, the ones the hub said it could not take for now
        self._orders: dict[str, int | None] = {}  # an order's command id → its request id once taken, None if refused
        self._synced_seq = 0
        # Renewals published by a one-tap and not yet in the outbox (CommandQueued) or answered: a second tap
        # meanwhile must not place a second one.
        self._renewing: set[str] = set()
        self._countdown = Countdown(clock)
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        # Menu pictures by SHA-256: those at hand, those being read from disk, and those asked of the hub on this
        # connection (each once: a picture the hub does not have is asked again only after a reconnect).
        self._pictures: dict[str, bytes] = {}
        self._cache = None if picture_folder is None else PictureCache(picture_folder)
        self._disk_checked: set[str] = set()
        self._reading: set[str] = set()
        self._pictures_asked: set[str] = set()
        self._picture_jobs: set[asyncio.Task[None]] = set()
        self._unsubscribe = [
            bus.subscribe(Connected, self._on_connected),
            bus.subscribe(Disconnected, self._on_disconnected),
            bus.subscribe(MenuRemembered, self._on_menu_remembered),
            bus.subscribe(PaymentCodeRemembered, self._on_payment_code_remembered),
            bus.subscribe(RequestPlaced, self._on_request),
            bus.subscribe(RequestChanged, self._on_request),
            bus.subscribe(MenuChanged, self._on_menu_changed),
            bus.subscribe(SeatChanged, self._on_seat_changed),
            bus.subscribe(CommandQueued, self._on_queued),
            bus.subscribe(CommandAnswered, self._on_answered),
            bus.subscribe(CommandDeferred, self._on_deferred),
            bus.subscribe(PictureArrived, self._on_picture),
        ]

    # What the widgets read

    def menu_of(self, kind: RequestKind) -> list[MenuItem]:
        return [item for item in self.menu.values() if item.category is kind.menu_category]

    def remaining_seconds(self) -> int:
        return self._countdown.remaining() if self._countdown.has_session else -1

    @property
    def time_up(self) -> bool:
        """The seat's session has run out; a seat without one is not "time up"."""
        return self._countdown.time_up

    def renewal_offer(self) -> RenewalOffer | None:
        """What "the same package again" places; None when no time package can be bought."""
        packages = [item for item in self.menu_of(RequestKind.RENEWAL) if not item.sold_out]
        if not packages:
            return None
        last = self._last_renewal()
        payment = Payment.CASH if last is None or last[1] is None else last[1]
        if payment is Payment.QR and self.payment_code is None:
            payment = Payment.CASH  # the venue no longer shows a code: only the counter can take the money
        if last is not None:
            item = self.menu.get(last[0])
            if item is not None and item in packages:
                return RenewalOffer(item, payment, again=True)
        cheapest = min(packages, key=lambda item: (item.price_fen, item.minutes or 0))
        return RenewalOffer(cheapest, payment, again=False)

    def renewal_waiting(self) -> bool:
        """A renewal of this seat's is on its way or waiting for staff to take the payment."""
        if self._renewing:
            return True
        unsent = (frame.command for frame in self._unsent.values())
        if any(isinstance(order, PlaceRequest) and order.kind is RequestKind.RENEWAL for order in unsent):
            return True
        return any(request.kind is RequestKind.RENEWAL and request.state.is_open for request in self._requests.values())

    def entries(self) -> list[Entry]:
        """Orders not yet taken first, then open requests, then the last few finished ones; newest first."""
        unsent = [self._entry_of_unsent(command) for command in reversed(self._unsent.values())]
        requests = sorted(self._requests.values(), key=lambda request: request.id, reverse=True)
        open_ = [_entry(request) for request in requests if request.state.is_open]
        finished = [_entry(request) for request in requests if not request.state.is_open][:SHOWN_FINISHED]
        return unsent + open_ + finished

    def order_request(self, command_id: str) -> ServiceRequest | None:
        """The request an order placed here became, as last heard; None while it is not yet taken (or refused)."""
        request_id = self._orders.get(command_id)
        return None if request_id is None else self._requests.get(request_id)

    def order_refused(self, command_id: str) -> bool:
        """Whether the hub refused the order (the banner said why); nothing to pay for then."""
        return command_id in self._orders and self._orders[command_id] is None

    def picture(self, sha: str) -> bytes | None:
        """The bytes (PNG, JPEG or WebP) of the menu picture with this SHA-256, once at hand (`pictureReady`)."""
        return self._pictures.get(sha)

    def priced(self, lines: Iterable[OrderLine]) -> tuple[RequestLine, ...]:
        """Order lines at the menu's prices, with their options' (the hub's are the ones charged); an item gone
        from the menu, or no longer made that way, shows by its id or its name, at no price."""
        return tuple(self._line(line) for line in lines)

    # Intents

    def place_order(
        self, kind: RequestKind, lines: Iterable[OrderLine], note: str = "", payment: Payment | None = None
    ) -> str | None:
        """Ask for it; the order's command id (to follow it: `order_request`), or None when it could not be asked."""
        return self._send(lambda: PlaceRequest(kind=kind, lines=tuple(lines), note=note.strip(), payment=payment))

    def renew_again(self) -> PlacedRenewal | None:
        """One tap: the renewal `renewal_offer` names, placed at once. Not while another is waiting (a second tap,
        or one placed earlier that staff have not yet taken payment for): None, nothing placed."""
        offer = self.renewal_offer()
        if offer is None or self.renewal_waiting():
            _LOGGER.info("no one-tap renewal: %s", "one is waiting" if offer else "no time package to buy")
            return None
        command_id = self._send(
            lambda: PlaceRequest(
                kind=RequestKind.RENEWAL, lines=(OrderLine(item_id=offer.item.id, qty=1),), payment=offer.payment
            )
        )
        if command_id is None:
            return None
        if command_id not in self._unsent:  # not yet in the outbox (its handler is asynchronous)
            self._renewing.add(command_id)
        self.requestsChanged.emit()
        return PlacedRenewal(command_id, offer)

    def call_staff(self, reason: str = "") -> None:
        """A repeat press joins the open call at the hub; a reason is added to it."""
        self._send(lambda: PlaceRequest(kind=RequestKind.CALL, note=reason.strip()))

    def cancel_request(self, request_id: int) -> None:
        self._send(lambda: CancelRequest(request_id=request_id))

    def close(self) -> None:
        self._ticker.stop()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        for job in self._picture_jobs:
            job.cancel()

    def _send(self, build: Callable[[], AnyCommand]) -> str | None:
        """Publish the command `build` makes and return its command id; one the screens should not have let through
        is refused here (None)."""
        if self.turned_away:
            # The hub refuses this kiosk's token: an order would wait for ever. The screens offer none meanwhile.
            _LOGGER.warning("not sent: the hub does not let this kiosk in")
            self.orderRefused.emit(ErrorCode.FORBIDDEN.value, False)
            return None
        try:
            command = build()
        except ValidationError as error:
            _LOGGER.warning("not sent, the kiosk let through a bad command: %s", error)
            self.orderRefused.emit(ErrorCode.INVALID.value, False)
            return None
        intent = SendCommand.of(command)
        self._bus.publish(intent)
        return intent.frame.command_id

    # From the link

    def _on_connected(self, event: Connected) -> None:
        snapshot = event.snapshot
        self._synced_seq = event.seq
        self.menu = {item.id: item for item in snapshot.menu}
        self.menu_stale = False
        self._requests = {request.id: request for request in self._requests.values() if not request.state.is_open}
        self._requests.update((request.id, request) for request in snapshot.requests)
        self._set_seat(snapshot.seat)
        self._set_payment_code(snapshot.payment_code)
        self.connected = True
        self.turned_away, self.refusal = False, None
        self.menuChanged.emit()
        self.requestsChanged.emit()
        self.connectionChanged.emit(True, "")
        self._pictures_asked.clear()  # a new connection: what the last one never answered is asked again
        self._want_pictures()
        if self._cache is not None:  # the welcome has the whole menu: what it no longer names need not be kept
            self._in_background(asyncio.to_thread(self._cache.keep_only, self._menu_pictures()))

    def _on_disconnected(self, event: Disconnected) -> None:
        self.connected = False
        self.turned_away, self.refusal = event.refused, event.code
        self.connectionChanged.emit(False, event.reason)
        self.requestsChanged.emit()  # "sending" becomes "waiting to send"

    def _on_menu_remembered(self, event: MenuRemembered) -> None:
        """The menu from the last run, until the hub sends its own: better than an empty page, marked as such."""
        if not self.connected:
            self.menu = {item.id: item for item in event.menu}
            self.menu_stale = True
            self.menuChanged.emit()
            self._want_pictures()

    def _on_payment_code_remembered(self, event: PaymentCodeRemembered) -> None:
        """The payment code from the last run, until the hub's welcome says what it is now."""
        if not self.connected:
            self._set_payment_code(event.payment_code)

    def _set_payment_code(self, code: PaymentCode | None) -> None:
        if code != self.payment_code:
            self.payment_code = code
            self.paymentCodeChanged.emit()

    def _on_request(self, event: RequestPlaced | RequestChanged) -> None:
        if event.seq <= self._synced_seq and event.request.state.is_open:
            # Replayed from before the welcome: the snapshot has every open request as it is now. A replayed
            # ending is kept, so the customer sees what finished while the kiosk was away.
            return
        request = event.request
        before = self._requests.get(request.id)
        self._learn(request)
        self.requestsChanged.emit()
        believed = self._requests.get(request.id) is request
        if believed and (before is None or before.state is not request.state) and _worth_telling(request):
            self.requestProgressed.emit(request)

    def _on_menu_changed(self, event: MenuChanged) -> None:
        if event.seq <= self._synced_seq:
            return  # replayed from before the welcome, whose snapshot has the menu as it is now
        self.menu[event.item.id] = event.item
        self.menuChanged.emit()
        self._want_pictures()

    def _on_seat_changed(self, event: SeatChanged) -> None:
        if event.seq <= self._synced_seq:
            return  # replayed from before the welcome, whose snapshot has the seat's time as it is now
        self._set_seat(event.seat)

    def _on_queued(self, event: CommandQueued) -> None:
        if isinstance(event.frame.command, PlaceRequest):
            self._unsent[event.frame.command_id] = event.frame
            self._renewing.discard(event.frame.command_id)
            self.requestsChanged.emit()

    def _on_deferred(self, event: CommandDeferred) -> None:
        if event.frame.command_id in self._unsent:
            self._held.add(event.frame.command_id)
            self.requestsChanged.emit()

    def _on_answered(self, event: CommandAnswered) -> None:
        self._unsent.pop(event.frame.command_id, None)
        self._held.discard(event.frame.command_id)
        self._renewing.discard(event.frame.command_id)
        placing = isinstance(event.frame.command, PlaceRequest)
        if event.error is not None:
            _LOGGER.info("the hub refused %s: %s", event.frame.name, event.error)
            if placing:
                self._follow(event.frame.command_id, None)
            self.orderRefused.emit(event.error.code.value, isinstance(event.frame.command, CancelRequest))
        elif isinstance(event.result, RequestResult):
            self._learn(event.result.request)
            if placing:
                self._follow(event.frame.command_id, event.result.request.id)
        self.requestsChanged.emit()

    def _follow(self, command_id: str, request_id: int | None) -> None:
        """Remember what became of an order (its request, or None: refused); the last FOLLOWED_ORDERS only."""
        self._orders[command_id] = request_id
        while len(self._orders) > FOLLOWED_ORDERS:
            del self._orders[next(iter(self._orders))]

    # Menu pictures: from memory, else from disk, else from the hub

    def _menu_pictures(self) -> set[str]:
        return {item.picture for item in self.menu.values() if item.picture is not None}

    def _want_pictures(self) -> None:
        for sha in sorted(self._menu_pictures() - self._pictures.keys()):
            if self._cache is not None and sha not in self._disk_checked:
                self._disk_checked.add(sha)
                self._in_background(self._from_disk(self._cache, sha))
            elif sha not in self._reading:  # not on disk (that read asks the hub itself)
                self._ask(sha)

    def _ask(self, sha: str) -> None:
        if self.connected and sha not in self._pictures_asked and sha not in self._pictures:
            self._pictures_asked.add(sha)
            self._bus.publish(AskPicture(sha))

    async def _from_disk(self, cache: PictureCache, sha: str) -> None:
        self._reading.add(sha)
        try:
            picture = await asyncio.to_thread(cache.read, sha)
        finally:
            self._reading.discard(sha)
        if picture is not None:
            self._have(picture)
        else:
            self._ask(sha)

    def _on_picture(self, event: PictureArrived) -> None:
        if event.picture is None:
            _LOGGER.info("the hub has no picture %s", event.sha)
            return
        if event.sha in self._pictures or event.sha != event.picture.sha:
            return
        self._have(event.picture)
        if self._cache is not None:
            self._in_background(asyncio.to_thread(self._cache.write, event.picture))

    def _have(self, picture: Picture) -> None:
        if picture.sha not in self._pictures:
            self._pictures[picture.sha] = picture.data
            self.pictureReady.emit(picture.sha)

    def _in_background(self, work: Coroutine[Any, Any, Any]) -> None:
        """Disk work off the Qt thread; a failure (a full disk) costs only the kept copy, and is logged."""

        async def run() -> None:
            try:
                await work
            except OSError as error:
                _LOGGER.warning("menu pictures on disk: %s", error)

        job = asyncio.get_running_loop().create_task(run())
        self._picture_jobs.add(job)
        job.add_done_callback(self._picture_jobs.discard)

    def _learn(self, request: ServiceRequest) -> None:
        """Keep the newest word on a request: the answer to an order resent after a reconnect is the first
        answer again, older than the events that followed it."""
        known = self._requests.get(request.id)
        if known is None or request.updated_at >= known.updated_at:
            self._requests[request.id] = request

    def _set_seat(self, status: SeatStatus | None) -> None:
        self._countdown.set(None if status is None or status.ends_at is None else status.remaining_seconds)
        self.tick()

    @Slot()
    def tick(self) -> None:
        """Every second (and on the hub's word): the time left, and a prompt as it passes 10 and 5 minutes or 0."""
        self.remainingChanged.emit(self.remaining_seconds())
        prompt = self._countdown.tick()
        if prompt is None:
            return
        if prompt.alarm is Alarm.TIME_UP:
            self.timeUp.emit()
        else:
            self.renewSoon.emit(prompt.minutes_left)

    def _last_renewal(self) -> tuple[str, Payment | None] | None:
        """The package and payment way of this seat's newest renewal not cancelled: one still on its way first."""
        for frame in reversed(self._unsent.values()):
            order = frame.command
            if isinstance(order, PlaceRequest) and order.kind is RequestKind.RENEWAL and order.lines:
                return order.lines[0].item_id, order.payment
        renewals = (
            request
            for request in sorted(self._requests.values(), key=lambda request: request.id, reverse=True)
            if request.kind is RequestKind.RENEWAL and request.state is not RequestState.CANCELLED and request.lines
        )
        newest = next(renewals, None)
        return None if newest is None else (newest.lines[0].item_id, newest.payment)

    def _entry_of_unsent(self, frame: CommandFrame) -> Entry:
        """An order the hub has not yet taken."""
        order = frame.command
        assert isinstance(order, PlaceRequest)  # only orders are kept in _unsent
        lines = self.priced(order.lines)
        total = sum(line.total_fen for line in lines)
        return Entry(order.kind, lines, total, order.note, None, held=frame.command_id in self._held)

    def _line(self, line: OrderLine) -> RequestLine:
        item = self.menu.get(line.item_id)
        priced = made_line(item, line.qty, line.options) if item is not None else None
        if priced is not None:
            return priced
        name_zh, name_en = (item.name_zh, item.name_en) if item else (line.item_id, line.item_id)
        return RequestLine(item_id=line.item_id, name_zh=name_zh, name_en=name_en, qty=line.qty, price_fen=0)


def _worth_telling(request: ServiceRequest) -> bool:
    """A step the customer did not take themselves: staff moved it on, or cancelled it (with a reason)."""
    if request.state is RequestState.CANCELLED:
        return request.handled_by is not None or bool(request.cancel_reason)
    return request.state in (RequestState.ACCEPTED, RequestState.DELIVERING, RequestState.DONE)


def _entry(request: ServiceRequest) -> Entry:
    return Entry(
        kind=request.kind,
        lines=request.lines,
        total_fen=request.total_fen,
        note=request.note,
        state=request.state,
        request_id=request.id,
        cancel_reason=request.cancel_reason,
    )
