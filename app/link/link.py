"""A client's connection to the hub, kept up for as long as the client runs.

It connects, says hello (with the `seq` it has seen, after the first time), publishes the welcome and every
event on the local bus, and sends the commands it holds. Commands reach it on the same bus: its handler for
`SendCommand` commits each (a link with an outbox holds it on disk, so neither a lost connection nor a restart of
the kiosk loses it), sends it, and holds it until the hub answers; the answer goes back on the bus.
"""

import asyncio
import base64
import binascii
import contextlib
import logging
import random
from collections import deque
from collections.abc import Sequence
from http import HTTPStatus

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from netbar.bus import EventBus
from netbar.domain.commands import AnyCommand, Result
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.menu import MenuItem
from netbar.domain.payment_code import PaymentCode
from netbar.domain.pictures import is_sha
from netbar.link.events import (
    AskPicture,
    AskReport,
    CommandAnswered,
    CommandDeferred,
    CommandQueued,
    Connected,
    Disconnected,
    MenuRemembered,
    PaymentCodeRemembered,
    PictureArrived,
    ReportArrived,
    SeatOnline,
    SendCommand,
)
from netbar.link.outbox import Outbox
from netbar.tls import PinMismatch, check_pin, client_context
from netbar.wire.frames import (
    CLIENT_READ_LIMIT,
    PICTURES_AT_ONCE,
    SERVER_FRAME,
    Ack,
    AnyServerFrame,
    CommandFrame,
    ErrorFrame,
    EventFrame,
    KioskHello,
    PictureFrame,
    PictureGet,
    Presence,
    ReportFrame,
    ReportGet,
    ReportPage,
    SeatsPage,
    Snapshot,
    StaffHello,
    Welcome,
    command_frame,
    encode,
)

_LOGGER = logging.getLogger(__name__)

OPEN_TIMEOUT = 5.0
CLOSE_TIMEOUT = 1.0
# Answers that are not about the command: a link with an outbox keeps the command and sends it again later.
TRANSIENT = (ErrorCode.INTERNAL, ErrorCode.UNAVAILABLE)


class LinkUnavailable(Exception):
    """The hub is out of reach and this link has no outbox to keep the command in."""


class HubLink:
    def __init__(
        self,
        url: str | Sequence[str],
        hello: KioskHello | StaffHello,
        bus: EventBus,
        outbox: Outbox | None = None,
        *,
        min_backoff: float = 0.2,
        max_backoff: float = 5.0,
        hub_fingerprint: str | None = None,
        retry_refused: bool = True,
    ) -> None:
        """`url`: the hub's address, or several hubs' on one database (the first is tried first; a link that loses
        one, or cannot reach it, goes on to the next at once, and round again after its backoff). `hub_fingerprint`:
        for a wss:// hub, its certificate's, as enrolment gave it (netbar.tls).
        `retry_refused`: False, a hello the hub refused (a wrong or replaced token) is not said again: the link
        waits for `use_hello` to give it a new one."""
        # A text may name several, separated by commas (netbar.config: `hub`).
        self.urls = tuple(address.strip() for address in url.split(",")) if isinstance(url, str) else tuple(url)
        if not self.urls:
            raise ValueError("a link needs a hub's address")
        if any(address.startswith("wss://") for address in self.urls) and hub_fingerprint is None:
            raise ValueError("a wss:// hub needs its certificate's fingerprint, as `netbar seats add` printed it")
        self._at = 0  # which of `urls` this link is using
        self._hub_fingerprint = hub_fingerprint
        # One for the link's life: OpenSSL takes ~0.14 ms to make one, 15 % of what kiosks trying a full wss:// hub
        # again and again spent (bench/README).
        self._tls = client_context() if hub_fingerprint else None
        self.bus = bus
        self.outbox = outbox
        self._hello = hello
        self._retry_refused = retry_refused
        self._hello_changed = asyncio.Event()  # wakes the runner from its pause between tries
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._seq: int | None = None
        self._kept_menu: tuple[MenuItem, ...] | None = None  # what the outbox holds, once this link has written it
        self._kept_payment_code: PaymentCode | None = None  # what the outbox holds, read at start
        self._websocket: ClientConnection | None = None
        self._send_lock = asyncio.Lock()
        self._submit_lock = asyncio.Lock()  # commands are kept and sent in the order they were tapped
        self._pending: dict[str, CommandFrame] = {}
        self._answers: dict[str, asyncio.Future[Result]] = {}
        self._runner: asyncio.Task[None] | None = None
        self._down_reported: str | None = None  # what was last said of a run of failures: "away" or "refused"
        self._up = asyncio.Event()
        self._closed = False
        self._retries: dict[str, asyncio.Task[None]] = {}  # command id → its resend, one at a time
        self._failures: dict[str, int] = {}  # command id → answers so far that were not about it
        # Pictures wanted on this connection: asked (at most PICTURES_AT_ONCE, answer awaited), and waiting their turn.
        self._pictures_asked: set[str] = set()
        self._pictures_wanted: deque[str] = deque()
        # The report asked for on this connection and not yet arrived whole: its frame, once it came, and its pages.
        self._report_asked: ReportGet | None = None
        self._report_frame: ReportFrame | None = None
        self._report_pages: list[bytes] = []
        self._unsubscribes = [
            bus.subscribe(SendCommand, self._on_send),
            bus.subscribe(AskPicture, self._on_ask_picture),
            bus.subscribe(AskReport, self._on_ask_report),
        ]

    @property
    def url(self) -> str:
        """The address of the hub this link is using, or trying next."""
        return self.urls[self._at]

    @property
    def connected(self) -> bool:
        return self._websocket is not None

    async def wait_connected(self) -> None:
        """Return once the hub has welcomed this link (at once if it has)."""
        await self._up.wait()

    def use_hello(self, hello: KioskHello | StaffHello) -> None:
        """Say `hello` from the next connection on (a seat's new token), and try it now if the link is waiting."""
        self._hello = hello
        self._hello_changed.set()

    def pending(self) -> list[CommandFrame]:
        """Commands not yet answered, oldest first."""
        return list(self._pending.values())

    async def start(self) -> None:
        """Take up what the outbox holds (each is published as queued again, after the menu and the payment code
        it kept), then connect and keep connected."""
        if self.outbox is not None:
            if (menu := await self.outbox.kept_menu()) is not None:
                self.bus.publish(MenuRemembered(menu))
            self._kept_payment_code = await self.outbox.kept_payment_code()
            if self._kept_payment_code is not None:
                self.bus.publish(PaymentCodeRemembered(self._kept_payment_code))
            for frame in await self.outbox.pending():
                self._pending[frame.command_id] = frame
                self.bus.publish(CommandQueued(frame))
        self._runner = asyncio.create_task(self._run(), name=f"link to {self.url}")

    async def close(self) -> None:
        """Disconnect and stop; what is held in the outbox stays there. Commands after this are refused."""
        self._closed = True
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        for retry in self._retries.values():
            retry.cancel()
        if self._runner is not None:
            self._runner.cancel()
            await asyncio.gather(self._runner, return_exceptions=True)
            self._runner = None
        self._websocket = None
        self._up.clear()
        for answer in self._answers.values():
            answer.cancel()
        if self.outbox is not None:
            await self.outbox.close()

    async def _on_send(self, intent: SendCommand) -> None:
        """The bus's handler for a tap: keep the command and send it; the answer comes back on the bus."""
        try:
            await self.submit(intent.frame)
        except LinkUnavailable as error:
            self.bus.publish(CommandAnswered(intent.frame, error=CommandRejected(ErrorCode.UNAVAILABLE, str(error))))
        except Exception as error:
            # The outbox could not keep it (a full disk): the customer must hear that the order did not go.
            _LOGGER.exception("could not keep %s %s", intent.frame.name, intent.frame.command_id)
            refusal = CommandRejected(ErrorCode.INTERNAL, f"the command could not be kept: {error}")
            self.bus.publish(CommandAnswered(intent.frame, error=refusal))

    async def submit(self, frame: CommandFrame) -> None:
        """Commit `frame` (with an outbox: it is kept until answered, across reconnects and restarts), then send
        it. Without an outbox, a link that is down raises `LinkUnavailable` at once."""
        if self._closed:
            raise LinkUnavailable("the link is closed")
        if self.outbox is None and not self.connected:
            raise LinkUnavailable("not connected to the hub")
        async with self._submit_lock:
            if self.outbox is not None:
                await self.outbox.add(frame)
            self._pending[frame.command_id] = frame
        self.bus.publish(CommandQueued(frame))
        await self._send(frame)

    async def call(self, command: AnyCommand, *, command_id: str | None = None) -> Result:
        """Send `command` and wait for the hub's result, or `CommandRejected` with its code: for scripts and
        tests; windows publish `SendCommand` and hear the answer on the bus. Cancelling the wait does not
        withdraw the command."""
        frame = command_frame(command, command_id)
        answer = self._answers.setdefault(frame.command_id, asyncio.get_running_loop().create_future())
        # The caller may stop waiting (a timeout); the answer still comes, and nobody need read it.
        answer.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            await self.submit(frame)
        except BaseException:
            self._answers.pop(frame.command_id, None)
            raise
        return await asyncio.shield(answer)

    async def request_picture(self, sha: str) -> None:
        """Ask the hub for the menu picture `sha`; `PictureArrived` brings the answer. Asks go a few at a time
        (`PICTURES_AT_ONCE`), the next as one arrives; while the hub is away, or once the connection drops, an ask is
        forgotten: ask again after `Connected`."""
        if not is_sha(sha):
            raise ValueError(f"not a picture's SHA-256: {sha!r}")
        if self._websocket is None or sha in self._pictures_asked or sha in self._pictures_wanted:
            return
        self._pictures_wanted.append(sha)
        await self._ask_pictures()

    async def _on_ask_picture(self, intent: AskPicture) -> None:
        await self.request_picture(intent.sha)

    async def _ask_pictures(self) -> None:
        websocket = self._websocket
        while websocket is not None and self._pictures_wanted and len(self._pictures_asked) < PICTURES_AT_ONCE:
            sha = self._pictures_wanted.popleft()
            self._pictures_asked.add(sha)
            async with self._send_lock:
                with contextlib.suppress(ConnectionClosed):  # the reader sees it too
                    await websocket.send(encode(PictureGet(sha=sha)))

    def _forget_pictures(self) -> None:
        self._pictures_asked.clear()
        self._pictures_wanted.clear()

    async def _on_ask_report(self, intent: AskReport) -> None:
        """Ask the hub for a report; one at a time (the hub makes one at a time)."""
        asked = ReportGet(first=intent.first, last=intent.last)
        websocket = self._websocket
        if websocket is None or self._report_asked is not None:
            why = "not connected to the hub" if websocket is None else "a report is on its way; wait for it"
            code = ErrorCode.UNAVAILABLE if websocket is None else ErrorCode.BUSY
            self.bus.publish(ReportArrived(intent.first, intent.last, error=CommandRejected(code, why)))
            return
        self._report_asked, self._report_frame, self._report_pages = asked, None, []
        async with self._send_lock:
            with contextlib.suppress(ConnectionClosed):  # the reader sees it too, and says the report is lost
                await websocket.send(encode(asked))

    def _report_arrived(self, frame: ReportFrame | ReportPage) -> None:
        """The report frame, or one of the pages after it: published once it is whole, or refused."""
        asked = self._report_asked
        if asked is None or (isinstance(frame, ReportPage) and self._report_frame is None):
            _LOGGER.warning("ignoring a %s frame: no report was asked for on this connection", frame.type)
            return
        if isinstance(frame, ReportFrame):
            if frame.refused is not None:
                self._report_lost(CommandRejected(frame.refused.code, frame.refused.message))
                return
            self._report_frame = frame
        else:
            try:
                self._report_pages.append(base64.b64decode(frame.data, validate=True))
            except binascii.Error:
                self._report_lost(CommandRejected(ErrorCode.INTERNAL, "the hub sent a damaged workbook; ask again"))
                return
        whole = self._report_frame
        if whole is None or len(self._report_pages) < whole.workbook_pages:
            return
        workbook = b"".join(self._report_pages)
        self._report_asked, self._report_frame, self._report_pages = None, None, []
        if len(workbook) != whole.workbook_bytes:
            self.bus.publish(
                ReportArrived(
                    asked.first, asked.last, error=CommandRejected(ErrorCode.INTERNAL, "the workbook came cut short")
                )
            )
            return
        self.bus.publish(ReportArrived(asked.first, asked.last, whole.charts, workbook))

    def _report_lost(self, why: CommandRejected) -> None:
        """Say the report asked for will not come (refused, or its connection dropped), and forget it."""
        asked = self._report_asked
        self._report_asked, self._report_frame, self._report_pages = None, None, []
        if asked is not None:
            self.bus.publish(ReportArrived(asked.first, asked.last, error=why))

    async def _run(self) -> None:
        backoff = self._min_backoff
        tried = 0  # hubs tried since the link was last welcomed
        while True:
            refused, pause, jitter = False, backoff, (0.8, 1.2)
            code: ErrorCode | None = None
            try:
                async with connect(
                    self.url,
                    open_timeout=OPEN_TIMEOUT,
                    close_timeout=CLOSE_TIMEOUT,
                    max_size=CLIENT_READ_LIMIT,
                    compression=None,
                    ssl=self._tls,
                    # The hub is on the venue's own network: a proxy set on a kiosk for the web must not carry it (and
                    # looking one up in the environment for each try was 5 % of what kiosks trying a full hub spent).
                    proxy=None,
                ) as ws:
                    if self._hub_fingerprint:
                        # Before the hello: a stranger's hub must never see the token or the password.
                        check_pin(ws.transport.get_extra_info("ssl_object"), self._hub_fingerprint)
                    await self._greet(ws)
                    backoff, tried = self._min_backoff, 0
                    async for message in ws:
                        await self._receive(message)
                reason = "the hub closed the connection"
            except CommandRejected as refusal:
                if refusal.code is ErrorCode.BUSY:
                    # Welcoming others: it said when its queue should have drained, and coming back sooner only joins
                    # it again. Everyone turned away in the same second heard the same time: spread over as long
                    # again, they do not all come back in the same second (issue 8's storm).
                    reason, pause = "the hub is busy", (refusal.retry_after_ms or 0) / 1000 or self._max_backoff
                    jitter = (1.0, 2.0)
                else:
                    # A refused hello will not pass by itself (a wrong token): ask again, but not often.
                    reason, refused, pause = f"the hub refused us: {refusal.message}", True, self._max_backoff
                    code = refusal.code
            except InvalidStatus as error:
                # A full door (netbar.hub.doorway): it gave us a turn of our own, and coming sooner only has us
                # told again. A turn to the millisecond is already spread from everyone else's; one in whole
                # seconds (another server's) is shared with the whole second, spread over as long again.
                reason, told = str(error), _retry_after(error)
                if told is not None:
                    reason, (pause, exact) = "the hub is busy", told
                    jitter = (1.0, 1.1) if exact else (1.0, 2.0)
            except PinMismatch as error:
                _LOGGER.error("not signing in to %s: %s (re-enrol, or fix hub_fingerprint)", self.url, error)
                reason, refused, pause = str(error), True, self._max_backoff
            except (OSError, TimeoutError, ConnectionClosed, InvalidHandshake, InvalidURI) as error:
                reason = str(error) or type(error).__name__
            except Exception as error:
                # Whatever it was (a garbled welcome, a full disk under the outbox), the link must live on.
                _LOGGER.exception("the link to %s failed", self.url)
                reason = f"{type(error).__name__}: {error}"
            self._went_down(reason, refused, code)
            tried += 1
            if len(self.urls) > 1:
                # Another hub on the same database: the outbox goes there, and its answers are the same.
                self._at = (self._at + 1) % len(self.urls)
                if tried < len(self.urls) and not refused:
                    pause = self._min_backoff  # the next one at once; once all failed, the backoff
            if refused and code is not None and not self._retry_refused:
                # The same hello would be refused again: wait for a new one (`use_hello`), however long.
                _LOGGER.warning("the hub refused this hello; waiting for new credentials before trying again")
                await self._hello_changed.wait()
            else:
                # Jitter, so kiosks that lost the hub together do not come back together.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(pause * random.uniform(*jitter)):
                        await self._hello_changed.wait()  # new credentials: try them at once
            self._hello_changed.clear()
            backoff = min(backoff * 2, self._max_backoff)

    async def _greet(self, websocket: ClientConnection) -> None:
        await websocket.send(encode(self._hello.model_copy(update={"since_seq": self._seq})))
        async with asyncio.timeout(OPEN_TIMEOUT):  # a hub that takes the socket but never answers is not up
            frame = _parse(await websocket.recv())
        if isinstance(frame, ErrorFrame):
            raise CommandRejected(frame.code, frame.message, retry_after_ms=frame.retry_after_ms)
        if not isinstance(frame, Welcome):
            raise ConnectionError(f"the hub answered the hello with {frame.type}, not welcome")
        snapshot = await _read_seat_pages(websocket, frame)
        if self._seq is None or self._seq > frame.seq:
            # First contact, or a hub whose database went back to a backup: its numbering is the one to follow.
            self._seq = frame.seq
        if self.outbox is not None and snapshot.menu != self._kept_menu:
            await self.outbox.keep_menu(snapshot.menu)  # for a start while the hub is away
            self._kept_menu = snapshot.menu
        if self.outbox is not None and snapshot.payment_code != self._kept_payment_code:
            await self.outbox.keep_payment_code(snapshot.payment_code)
            self._kept_payment_code = snapshot.payment_code
        self._forget_pictures()  # asked on an earlier connection: never to be answered
        self._websocket = websocket
        self._up.set()
        self._down_reported = None
        _LOGGER.info("connected to %s", self.url)
        self.bus.publish(Connected(frame.seq, snapshot))
        for pending in list(self._pending.values()):
            await self._send(pending)

    def _went_down(self, reason: str, refused: bool, code: ErrorCode | None = None) -> None:
        """Say the hub is away once for a run of failures, and again when it starts refusing us (a password
        changed while we were connected: the connection drops, then the old password is refused)."""
        was_up, self._websocket = self._websocket is not None, None
        self._up.clear()
        self._forget_pictures()
        self._report_lost(CommandRejected(ErrorCode.UNAVAILABLE, f"the connection to the hub was lost ({reason})"))
        if was_up or self._down_reported is None or (refused and self._down_reported != "refused"):
            _LOGGER.warning("hub %s unreachable: %s", self.url, reason)
            self._down_reported = "refused" if refused else "away"
            self.bus.publish(Disconnected(reason, refused, code))

    async def _receive(self, message: str | bytes) -> None:
        try:
            frame = _parse(message)
            match frame:
                case EventFrame():
                    event = frame.to_event()
                    self._seq = max(self._seq or 0, frame.seq)
                    self.bus.publish(event)
                case Presence():
                    self.bus.publish(SeatOnline(frame.seat, frame.online))
                case PictureFrame():
                    await self._picture_arrived(frame)
                case ReportFrame() | ReportPage():
                    self._report_arrived(frame)
                case Ack():
                    await self._answered(frame.command_id, result=frame.result)
                case ErrorFrame(command_id=str(command_id), code=ErrorCode.BUSY) if command_id in self._pending:
                    # Nothing was written: hold it (in the outbox, where there is one) and send it when told.
                    delay = (frame.retry_after_ms or 0) / 1000 or self._max_backoff
                    self._resend_later(command_id, delay)
                    self.bus.publish(CommandDeferred(self._pending[command_id], delay))
                case ErrorFrame(command_id=str(command_id), code=code) if (
                    code in TRANSIENT and self.outbox is not None and command_id in self._pending
                ):
                    self._retry_later(command_id, frame.message)
                case ErrorFrame(command_id=str(command_id)):
                    await self._answered(command_id, error=CommandRejected(frame.code, frame.message))
                case _:
                    _LOGGER.warning("unexpected %s frame from the hub: %s", frame.type, message)
        except (ValidationError, ValueError) as error:
            _LOGGER.warning("ignoring a frame the hub should not have sent (%s): %.200s", error, message)

    async def _picture_arrived(self, frame: PictureFrame) -> None:
        if frame.sha not in self._pictures_asked:
            _LOGGER.warning("ignoring picture %s: not asked for on this connection", frame.sha)
            return
        self._pictures_asked.discard(frame.sha)
        try:
            picture = frame.picture()
        except ValueError as error:
            _LOGGER.warning("the hub sent a damaged picture: %s", error)
            picture = None
        self.bus.publish(PictureArrived(frame.sha, picture))
        await self._ask_pictures()

    def _retry_later(self, command_id: str, why: str) -> None:
        """The hub could not take the command for now and wrote nothing (its database locked or its disk full, a
        failure of its own): not an answer to give the customer. It stays in the outbox and goes again after a
        pause that grows to `max_backoff`, for as long as it takes: an order once kept is never given up."""
        failures = self._failures[command_id] = self._failures.get(command_id, 0) + 1
        delay = min(self._min_backoff * 2**failures, self._max_backoff)
        _LOGGER.warning("the hub could not take %s (%s); sending it again in %.0f s", command_id, why, delay)
        self._resend_later(command_id, delay)
        self.bus.publish(CommandDeferred(self._pending[command_id], delay))

    def _resend_later(self, command_id: str, delay: float) -> None:
        """Send a held command again after about `delay` seconds; one resend at a time per command."""
        if command_id not in self._retries:
            jittered = delay * random.uniform(0.8, 1.2)
            self._retries[command_id] = asyncio.create_task(self._resend_after(command_id, jittered))

    async def _resend_after(self, command_id: str, delay: float) -> None:
        await asyncio.sleep(delay)
        del self._retries[command_id]
        frame = self._pending.get(command_id)
        if frame is not None:
            await self._send(frame)

    async def _answered(
        self, command_id: str, *, result: Result | None = None, error: CommandRejected | None = None
    ) -> None:
        frame = self._pending.pop(command_id, None)
        self._failures.pop(command_id, None)
        if frame is None:
            return  # the answer to a command sent twice across a reconnect: the first one counted
        if self.outbox is not None:
            await self.outbox.remove(command_id)
        answer = self._answers.pop(command_id, None)
        if answer is not None and not answer.done():
            if error is not None:
                answer.set_exception(error)
            elif result is not None:
                answer.set_result(result)
        self.bus.publish(CommandAnswered(frame, result, error))

    async def _send(self, frame: CommandFrame) -> None:
        websocket = self._websocket
        if websocket is None:
            return  # sent on connect
        # On a closed connection the reader sees it too, and the command is sent again on reconnect.
        async with self._send_lock:
            with contextlib.suppress(ConnectionClosed):
                await websocket.send(encode(frame))


async def _read_seat_pages(websocket: ClientConnection, welcome: Welcome) -> Snapshot:
    """The welcome's snapshot with every page of seats that follows it (staff, in a venue of many seats)."""
    seats = list(welcome.snapshot.seats or ())
    for _ in range(welcome.seat_pages):
        async with asyncio.timeout(OPEN_TIMEOUT):
            page = _parse(await websocket.recv())
        if not isinstance(page, SeatsPage):
            raise ConnectionError(f"the hub sent {page.type} where the welcome's seats were to follow")
        seats += page.seats
    if not welcome.seat_pages:
        return welcome.snapshot
    return welcome.snapshot.model_copy(update={"seats": tuple(seats)})


def _parse(message: str | bytes) -> AnyServerFrame:
    return SERVER_FRAME.validate_json(message)


def _retry_after(refusal: InvalidStatus) -> tuple[float, bool] | None:
    """The seconds a hub too busy to take the connection (HTTP 503) asked us to wait, if it said, and whether to
    the millisecond (`Retry-After-Ms`, which the hub's door sends beside HTTP's whole seconds)."""
    if refusal.response.status_code != HTTPStatus.SERVICE_UNAVAILABLE:
        return None
    headers = refusal.response.headers
    for name, unit, exact in (("Retry-After-Ms", 1000, True), ("Retry-After", 1, False)):
        try:
            return max(0.0, float(headers.get(name, "")) / unit), exact
        except ValueError:
            continue
    return None
