"""The WebSocket server: a hello, then commands in and answers and events out, one JSON object per frame.

Each connection has one reader (this module's loop, which runs its commands one at a time) and one writer task
draining a queue, so sends are serialised and a slow client never holds up the hub: a client that falls too
far behind is disconnected and resumes from its last `seq` when it reconnects.
"""

import asyncio
import contextlib
import json
import logging
import re
import ssl
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from netbar.bus import Unsubscribe
from netbar.domain.errors import CommandRejected, ErrorCode, invalid
from netbar.hub.admission import Admission
from netbar.hub.collector import full_collections
from netbar.hub.comings import Comings
from netbar.hub.doorway import Doorway, open_doorway
from netbar.hub.principal import Principal
from netbar.hub.service import HubService
from netbar.hub.signin import WrongCredentials
from netbar.hub.tls_reads import read_tls_in_small_pieces
from netbar.wire.frames import (
    HELLO,
    MAX_FRAME_BYTES,
    PICTURES_AT_ONCE,
    READ_LIMIT,
    CommandFrame,
    ErrorFrame,
    KioskHello,
    PictureFrame,
    PictureGet,
    ReportFrame,
    ReportGet,
    StaffHello,
    ack_text,
    encode,
    invalid_command,
    report_pages,
)

_LOGGER = logging.getLogger(__name__)

# Before sign-in a stranger may send one small frame, soon: an unfinished or outsized hello costs the hub a few
# KiB for a few seconds, not a MiB for ten (issue 9).
HELLO_TIMEOUT = 3.0
HELLO_LIMIT = 4 * 1024
SEND_BACKLOG = 5000
WRITE_AT_ONCE = 64 * 1024  # characters of frames queued for a client that go out in one write, past the first
# A client whose oldest unsent frame is this old has stopped reading: cut it, whatever its keepalive says (the
# pings wait behind the frames it does not read). It resumes from its last `seq` when it reads again.
STALE_AFTER = 5.0
KEEP_OUT_EVERY_S = 0.5  # until then an address newly shut out is reset as it is accepted
OPEN_TIMEOUT = 2.0  # for a connection's opening handshake
CLOSE_TIMEOUT = 1.0
# asyncio encrypts what it is handed in one write into a buffer of OpenSSL's that grows to fit and never shrinks, kept
# for the connection's life: an idle kiosk over wss:// kept its welcome's ~11 KB worth (62.4 → 54.7 KB a kiosk).
TLS_WRITE_SIZE = 4096
LISTEN_BACKLOG = 4096  # the kernel caps it at net.core.somaxconn
# Each welcome reads the database; more at once only share the same core thinner, and make each one's time (from
# which the wait is estimated) say less about how many are served per second.
WELCOMES_AT_ONCE = 8
WELCOME_MS = 50  # about what one takes while others run, until measured
WELCOMES_WAITING = 500
# A link gives up on a welcome after 5 s (netbar.link.link.OPEN_TIMEOUT); one told to come back in time is not
# welcomed into a closed socket.
WELCOME_WAIT_MS = 2500
# Pictures are read from the database a few at a time, so a room of kiosks fetching a new menu's pictures never
# holds up the welcomes' reads; the frames of the most asked are kept (a picture never changes under its hash).
PICTURE_READS_AT_ONCE = 2
PICTURE_FRAMES_KEPT = 32
# A seat's, or a staff user's, welcomed connections at most; past them the oldest is closed. A kiosk has one (two
# while it reconnects before the hub has seen the last drop), a staff user one per counter PC. Each costs the hub
# ~25 KB: a kiosk's token copied onto a laptop opening connections by the hundred thousand would otherwise use up
# the hub's memory.
MOST_CONNECTIONS_OF_ONE = 16


class _Client:
    """One connection's outgoing side: a queue and the task that writes it."""

    def __init__(self, websocket: ServerConnection) -> None:
        self.websocket = websocket
        # Each frame, whether it is a picture, and what to tell once it is written (a report's next page waits on it).
        self._queue: asyncio.Queue[tuple[str, bool, asyncio.Future[None] | None] | None] = asyncio.Queue()
        self._unsent: deque[float] = deque()  # when each frame not yet written was queued
        self.pictures_unsent = 0  # picture frames queued and not yet written: at most PICTURES_AT_ONCE
        self._writer = asyncio.create_task(self._write(), name=f"writer {websocket.remote_address}")
        self._dropped = False

    def send(self, text: str, *, picture: bool = False, written: asyncio.Future[None] | None = None) -> None:
        """Queue `text` for the client; `picture`: a picture frame, counted until it is written; `written` is
        done once it is."""
        if self._dropped:
            return
        if self._queue.qsize() >= SEND_BACKLOG:
            _LOGGER.warning("%s is %d frames behind; disconnecting it", self.websocket.remote_address, SEND_BACKLOG)
            self.abort()
            return
        self._unsent.append(time.monotonic())
        self.pictures_unsent += picture
        self._queue.put_nowait((text, picture, written))

    async def send_and_wait(self, text: str) -> bool:
        """Queue `text` and wait until it is written: False if the connection went first. A big answer goes in
        pages this way, each given its own STALE_AFTER, and other frames (events) go out between them."""
        written = asyncio.get_running_loop().create_future()
        self.send(text, written=written)
        await asyncio.wait([written, self._writer], return_when=asyncio.FIRST_COMPLETED)
        return written.done()

    async def finish(self) -> None:
        """Write what is queued, then stop."""
        if not self._dropped:
            self._dropped = True
            self._queue.put_nowait(None)
        await asyncio.wait([self._writer])

    async def close(self, code: int, reason: str) -> None:
        """Say goodbye; a client that no longer reads cannot hear it and is cut off instead."""
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self.websocket.close(code, reason)
        except TimeoutError:
            self.abort()

    def sign_out(self, why: str) -> None:
        """Close the connection: what signed it in is no longer valid."""
        self._dropped = True
        self._writer.cancel()  # nothing more goes out to it
        # Held, so it is not collected halfway; it ends by itself within CLOSE_TIMEOUT.
        self._signing_out = asyncio.create_task(self.close(1008, why[:120]))

    def abort(self) -> None:
        """Drop the connection at once: its client stopped reading, so a polite close would wait forever."""
        self._dropped = True
        self._writer.cancel()
        self.websocket.transport.abort()

    async def _write(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            while await self._write_next():
                pass

    async def _write_next(self) -> bool:
        """Write the frames queued, once there is one; False when there will be no more. A call each time: the
        locals of one loop kept the last frames written (an idle kiosk's welcome, ~20 KB of text with its Chinese
        names) for as long as the connection stayed idle, half of what each kiosk cost the hub."""
        queued = await self._queue.get()
        if queued is None:
            return False
        frames = [queued]
        size = len(queued[0])
        # What else is queued goes out with it: at a full house the staff's connection is sent a hundred events a
        # turn, and a write each was a sixth of the hub's loop (issue 8's profile).
        while size < WRITE_AT_ONCE and not self._queue.empty():
            if (queued := self._queue.get_nowait()) is None:
                self._queue.put_nowait(None)  # after these
                break
            frames.append(queued)
            size += len(queued[0])
        # The oldest unsent frame is the first: once it has waited STALE_AFTER, the client has stopped reading,
        # whether or not more frames come for it.
        try:
            async with asyncio.timeout(self._unsent[0] + STALE_AFTER - time.monotonic()):
                await _send_together(self.websocket, [text for text, _, _ in frames])
        except TimeoutError:
            address = self.websocket.remote_address
            _LOGGER.warning("%s has not read for %.0f s; disconnecting it", address, STALE_AFTER)
            self.abort()
            return False
        for _, picture, written in frames:
            self._unsent.popleft()
            self.pictures_unsent -= picture
            if written is not None:
                written.set_result(None)
        return True


async def _send_together(websocket: ServerConnection, texts: list[str]) -> None:
    """Send each text as a text frame, the lot in one write to the socket (and one `send` of the kernel's; over TLS,
    one each `TLS_WRITE_SIZE` bytes), with the library's own checks and flow control around it, as its `send` has."""
    async with websocket.send_context():
        for text in texts:
            websocket.protocol.send_text(text.encode())
        # The frames just made, and nothing else: what the protocol had to send of its own (a pong, a close) went
        # out as it was made, and an open connection's frames are never the end of the stream (an empty chunk).
        data = b"".join(websocket.protocol.data_to_send())
        if websocket.transport.get_extra_info("ssl_object") is None:
            websocket.transport.write(data)
            return
        for start in range(0, len(data), TLS_WRITE_SIZE):
            websocket.transport.write(data[start : start + TLS_WRITE_SIZE])


def _number(websocket: ServerConnection) -> int:
    """The connection's socket number, by which the door knows it."""
    assert isinstance(websocket, _Counted)
    return websocket.socket_number


class _Counted(ServerConnection):
    """Connections counted for the garbage they leave (netbar.hub.collector), each knowing its socket number."""

    socket_number = -1

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        # Kept: over TLS the transport no longer has its socket once the connection is lost, and a hello read just
        # before the close is still greeted after it.
        self.socket_number = transport.get_extra_info("socket").fileno()
        full_collections.opened()

    def connection_lost(self, exc: Exception | None) -> None:
        full_collections.closed()
        super().connection_lost(exc)


class HubServer:
    def __init__(self, service: HubService, host: str, port: int, tls: ssl.SSLContext | None = None) -> None:
        self.service = service
        self.host = host
        self.port = port
        self._tls = tls
        self._server: Server | None = None
        self._clients: set[_Client] = set()
        self._closing = False
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._welcomes = Admission(WELCOMES_AT_ONCE, WELCOMES_WAITING, "welcoming others", max_wait_ms=WELCOME_WAIT_MS)
        self._keeping_out: asyncio.Task[None] | None = None
        self._doorway: Doorway | None = None
        self._picture_reads = asyncio.Semaphore(PICTURE_READS_AT_ONCE)
        self._picture_frames: OrderedDict[str, str] = OrderedDict()  # sha → its frame, most recently asked last
        self._reports: set[asyncio.Task[None]] = set()  # being made or sent, each beside its connection's commands
        self._comings = Comings(_LOGGER)
        self._connections_of: dict[str, deque[_Client]] = {}  # by `Principal.label`: welcomed, oldest first

    async def start(self) -> None:
        if self._tls is not None:
            read_tls_in_small_pieces()
        # Addresses the sign-in guard turns away are reset as they are accepted, before anything is spent on them.
        doorway = self._doorway = open_doorway(
            self.host, self.port, self.service.turned_away, self.service.failed_to_greet, tls=self._tls is not None
        )
        self._server = await serve(
            self._serve_connection,
            sock=doorway,
            max_size=HELLO_LIMIT,  # until the hello has proven who it is (`_greet` then allows READ_LIMIT)
            compression=None,
            open_timeout=OPEN_TIMEOUT,
            ping_interval=20,
            ping_timeout=20,
            close_timeout=CLOSE_TIMEOUT,
            # When power comes back, every seat connects in the same second: asyncio's default backlog of 100
            # drops the rest, whose TCP retries (1 s, 3 s, 7 s) outlast a kiosk's open timeout.
            backlog=LISTEN_BACKLOG,
            ssl=self._tls,
            create_connection=_Counted,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._keeping_out = asyncio.create_task(self._keep_out(doorway), name="keeping shut-out addresses out")

    async def _keep_out(self, doorway: Doorway) -> None:
        """Every half second, count the handshakes left undone since the last time as strikes (`Doorway.tidy`),
        and hand the addresses shut out for their strikes to the kernel, so their attempts cost nothing at all."""
        while True:
            try:
                doorway.tidy()
                doorway.keep_out(self.service.shut_out())
            except Exception:  # a bug here must not end the door's upkeep for the rest of the hub's life
                _LOGGER.exception("could not tidy the door or hand the kernel the addresses to keep out")
            await asyncio.sleep(KEEP_OUT_EVERY_S)

    @property
    def url(self) -> str:
        return f"{'wss' if self._tls else 'ws'}://{self.host}:{self.port}"

    async def close(self, grace: float = 2.5) -> None:
        """Stop accepting, let in-flight commands finish (up to `grace` seconds) and their answers go out, then
        close every connection: within `grace` + 2 s in all, so a signalled hub is gone inside 5 s."""
        if self._server is None:
            return
        self._closing = True
        if self._keeping_out is not None:
            self._keeping_out.cancel()
        self._server.close(close_connections=False)
        for report in self._reports:
            report.cancel()  # the client asks again; a worker thread still reading ends by itself
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await self._idle.wait()
        # Answers already queued go out; a client that has stopped reading gets no longer than this.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await asyncio.gather(*(client.finish() for client in list(self._clients)))
        # The server's own close() ran above and will not run again: close the connections here.
        await asyncio.gather(*(client.close(1001, "hub shutting down") for client in list(self._clients)))
        # Sockets still in their opening handshake (a port scan, a kiosk caught mid-connect) are held for at
        # most OPEN_TIMEOUT: that bounds this wait.
        await self._server.wait_closed()
        self._comings.tell_untold()

    async def _serve_connection(self, websocket: ServerConnection) -> None:
        if self._doorway is not None:  # through its opening handshake: the door may let another in
            self._doorway.through(_number(websocket))
        client = _Client(websocket)
        self._clients.add(client)
        try:
            greeted = await self._greet(client)
            if greeted is None:
                return
            who, unsubscribe = greeted
            self._joined(who, client)
            self._comings.connected(who.label, websocket.remote_address)
            try:
                await self._serve_commands(client, who)
            finally:
                unsubscribe()
                self._comings.disconnected(who.label)
                self._left(who, client)
        except ConnectionClosed:
            pass
        finally:
            self._clients.discard(client)
            await client.finish()

    def _joined(self, who: Principal, client: _Client) -> None:
        """`client` is welcomed as `who`: past MOST_CONNECTIONS_OF_ONE, `who`'s oldest connection is closed."""
        connections = self._connections_of.setdefault(who.label, deque())
        connections.append(client)
        if len(connections) > MOST_CONNECTIONS_OF_ONE:
            connections.popleft().sign_out(f"{who.label} connected again elsewhere")

    def _left(self, who: Principal, client: _Client) -> None:
        connections = self._connections_of.get(who.label)
        if connections is None:
            return
        with contextlib.suppress(ValueError):  # closed as the oldest: taken off already
            connections.remove(client)
        if not connections:
            del self._connections_of[who.label]

    @contextlib.contextmanager
    def _at_the_door(self, websocket: ServerConnection) -> Iterator[None]:
        """The door counts a hello as arriving until it is welcomed or refused (netbar.hub.doorway)."""
        if self._doorway is None:
            yield
            return
        number = _number(websocket)
        self._doorway.greeting(number)
        welcomed = False
        try:
            yield
            welcomed = True
        finally:
            self._doorway.greeted(number, welcomed=welcomed)

    async def _greet(self, client: _Client) -> tuple[Principal, Unsubscribe] | None:
        """Read and check the hello, then welcome: who it proves and how to stop its live events, or None once
        refused. Welcomes take turns (`WELCOMES_AT_ONCE`); past `WELCOMES_WAITING` a client is told when to
        come back, so a thousand kiosks back at once are served in waves rather than all timing out."""
        try:
            async with asyncio.timeout(HELLO_TIMEOUT):
                message = await client.websocket.recv()
            hello = _parse_hello(message)
            self._welcomes.admit()
            with self._at_the_door(client.websocket):
                # Signing in is bounded on its own (netbar.hub.signin): a guesser waiting for a slow answer or for
                # the password check holds no welcome slot.
                who, proof = await self.service.authenticate(hello, _source(client.websocket))
                client.websocket.protocol.max_message_size = READ_LIMIT
                async with self._welcomes.slot():
                    stop_hearing = await self.service.join(who, hello.since_seq, client.send)
            stop_watching = self.service.watch(who, proof, client.sign_out)

            def stop() -> None:
                stop_hearing()
                stop_watching()

            return who, stop
        except TimeoutError:
            self.service.failed_to_greet(_source(client.websocket))
            await client.close(1008, "no hello")
        except CommandRejected as rejected:
            log = _LOGGER.debug if rejected.code is ErrorCode.BUSY else _LOGGER.info
            log("refused a client from %s: %s", client.websocket.remote_address, rejected)
            if isinstance(rejected, WrongCredentials):
                await asyncio.sleep(rejected.answer_after)
            client.send(encode(ErrorFrame.of(rejected)))
            await client.finish()
            await client.close(1008, rejected.code)
        return None

    async def _serve_commands(self, client: _Client, who: Principal) -> None:
        async for message in client.websocket:
            if self._closing:
                # Left unanswered: the client keeps the command and sends it again to the restarted hub.
                return
            self._in_flight += 1
            self._idle.clear()
            try:
                await self._answer(client, who, message)
            finally:
                self._in_flight -= 1
                if not self._in_flight:
                    self._idle.set()

    async def _answer(self, client: _Client, who: Principal, message: str | bytes) -> None:
        """Answer one frame: a command (after the writer commits it) or a `picture_get` (from a reader); a
        `report_get` is answered by a task of its own, when the report is made."""
        answer, picture = await self._answer_frame(client, who, message)
        if answer is not None:
            client.send(answer, picture=picture)

    async def _answer_frame(self, client: _Client, who: Principal, message: str | bytes) -> tuple[str | None, bool]:
        """The answer (None: it comes later), and whether it is a picture."""
        command_id: str | None = None
        try:
            data = _parse_json(message)
            if data.get("type") == "picture_get":
                return await self._picture(client, data), True
            if data.get("type") == "report_get":
                self._start_report(client, who, data)
                return None, False
            command_id = _echoable(data.get("command_id"))
            try:
                frame = CommandFrame.model_validate(data)
            except ValidationError as error:
                raise invalid_command(error) from None
            result_json = await self.service.execute(who, frame)
        except CommandRejected as rejected:
            return encode(ErrorFrame.of(rejected, command_id)), False
        except Exception:
            # A bug must cost one command, not the connection: the client hears it, the log keeps the trace.
            _LOGGER.exception("%s: command %s failed", who.label, command_id)
            failed = ErrorFrame(command_id=command_id, code=ErrorCode.INTERNAL, message="the hub failed; try again")
            return encode(failed), False
        return ack_text(frame.command_id, result_json), False

    async def _picture(self, client: _Client, data: dict[str, Any]) -> str:
        """The frame of the picture asked for, or why not. A client has at most PICTURES_AT_ONCE picture frames
        waiting to be written; it asks for the next when one has arrived."""
        try:
            asked = PictureGet.model_validate(data)
        except ValidationError as error:
            raise invalid(error, "picture_get") from None
        if client.pictures_unsent >= PICTURES_AT_ONCE:
            raise CommandRejected(
                ErrorCode.TOO_MANY, f"at most {PICTURES_AT_ONCE} pictures at a time; ask for more when one arrives"
            )
        frame = self._picture_frames.get(asked.sha)
        if frame is None:
            async with self._picture_reads:
                picture = await self.service.picture(asked.sha)
            frame = encode(PictureFrame.of(asked.sha, picture))
            if picture is not None:
                self._picture_frames[asked.sha] = frame
                while len(self._picture_frames) > PICTURE_FRAMES_KEPT:
                    self._picture_frames.popitem(last=False)
        else:
            self._picture_frames.move_to_end(asked.sha)
        return frame

    def _start_report(self, client: _Client, who: Principal, data: dict[str, Any]) -> None:
        """Make the report asked for beside the connection's commands: a report takes seconds, and the window
        that asked goes on accepting orders meanwhile."""
        try:
            asked = ReportGet.model_validate(data)
        except ValidationError as error:
            raise invalid(error, "report_get") from None
        report = asyncio.create_task(self._send_report(client, who, asked), name=f"report for {who.label}")
        self._reports.add(report)
        report.add_done_callback(self._reports.discard)

    async def _send_report(self, client: _Client, who: Principal, asked: ReportGet) -> None:
        """The report frame, then the workbook's pages one at a time, each once the one before it is written."""
        try:
            built = await self.service.report(who, asked)
        except CommandRejected as rejected:
            _LOGGER.info("%s: report for %s to %s refused: %s", who.label, asked.first, asked.last, rejected)
            client.send(encode(ReportFrame.of_refusal(asked, rejected)))
            return
        except Exception:
            _LOGGER.exception("%s: report for %s to %s failed", who.label, asked.first, asked.last)
            failed = CommandRejected(ErrorCode.INTERNAL, "the hub failed to make the report; try again")
            client.send(encode(ReportFrame.of_refusal(asked, failed)))
            return
        pages = report_pages(built.workbook)
        frame = ReportFrame(
            first=asked.first,
            last=asked.last,
            charts=built.charts,
            workbook_bytes=len(built.workbook),
            workbook_pages=len(pages),
        )
        client.send(encode(frame))
        for page in pages:
            if not await client.send_and_wait(encode(page)):
                return


def _parse_json(message: str | bytes) -> dict[str, Any]:
    if isinstance(message, bytes):
        raise CommandRejected(ErrorCode.INVALID, "send JSON in text frames, not binary ones")
    if len(message) > MAX_FRAME_BYTES or len(message.encode()) > MAX_FRAME_BYTES:
        raise CommandRejected(ErrorCode.TOO_LARGE, f"a frame may be at most {MAX_FRAME_BYTES // 1024} KiB")
    try:
        data = json.loads(message)
    except RecursionError:
        raise CommandRejected(ErrorCode.INVALID, "JSON nested too deeply") from None
    except ValueError as error:  # not JSON, or JSON Python will not read (an integer of 5,000 digits)
        raise CommandRejected(ErrorCode.INVALID, f"not JSON: {str(error)[:200]}") from None
    if not isinstance(data, dict):
        raise CommandRejected(ErrorCode.INVALID, "a frame is a JSON object")
    return data


def _source(websocket: ServerConnection) -> str:
    """The address a connection comes from: what sign-in limits count by."""
    address = websocket.remote_address
    return str(address[0]) if isinstance(address, tuple) and address else "unknown"


_COMMAND_ID = re.compile(r"[0-9a-fA-F-]{32,36}")


def _echoable(command_id: object) -> str | None:
    """The command id to name in an answer: only one that could be a command id (a lone surrogate or a megabyte
    of text would make the answer itself fail)."""
    return command_id if isinstance(command_id, str) and _COMMAND_ID.fullmatch(command_id) else None


def _parse_hello(message: str | bytes) -> KioskHello | StaffHello:
    data = _parse_json(message)
    try:
        return HELLO.validate_python(data)
    except ValidationError as error:
        raise invalid(error, "hello") from None
