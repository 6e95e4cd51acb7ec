"""A bare websocket client that speaks the wire (DESIGN §6) as JSON: what the hub costs, not what a link costs.

One reader task per connection hands acks and errors to whoever waits for them (by `command_id`) and events to
`on_event` with the moment they arrived; sending never waits for an answer, so load can be offered on a schedule.
"""

import asyncio
import contextlib
import json
import random
import ssl
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Self

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidMessage, InvalidStatus, WebSocketException

from netbar.tls import client_context

Frame = dict[str, Any]
EventSink = Callable[[Frame, float], None]
CLOSE_WITHIN = 2.0
MIN_RETRY_MS = 200  # where a `busy` answer names no time


class Refused(Exception):
    """The hub answered the hello with something other than a welcome."""


class Busy(Refused):
    """The hub said `busy` to the hello, and when to come back."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after(frame: Frame) -> float | None:
    """Seconds to wait before sending again, where `frame` is a `busy` answer; else None."""
    if frame.get("type") != "error" or frame.get("code") != "busy":
        return None
    return float(frame.get("retry_after_ms") or MIN_RETRY_MS) / 1000 * random.uniform(0.8, 1.2)


def _door_turn(error: InvalidStatus) -> float | None:
    """Seconds until the turn a full door (HTTP 503) gave, as the link reads it; None for any other refusal."""
    headers = error.response.headers
    if error.response.status_code != 503:
        return None
    if "Retry-After-Ms" in headers:
        return float(headers["Retry-After-Ms"]) / 1000 * random.uniform(1.0, 1.1)
    return float(headers.get("Retry-After", "1")) * random.uniform(1.0, 2.0)


def tls_for(url: str) -> ssl.SSLContext | None:
    """For a `wss://` URL, encryption with the hub's certificate taken on trust (the bench's own hub)."""
    return client_context() if url.startswith("wss://") else None


async def _through_the_door(url: str) -> ClientConnection:
    """Connect, coming back at the turn the hub's door gives while it is full, and soon again after a connection
    reset at the door (one address holding too many places, netbar.hub.doorway), or over TLS a full door's
    answer, which reaches a TLS client as a broken handshake, as a link does."""
    while True:
        try:
            return await connect(url, max_size=None, compression=None, open_timeout=None, ssl=tls_for(url))
        except InvalidStatus as error:
            turn = _door_turn(error)
            if turn is None:
                raise
            await asyncio.sleep(turn)
        except (ConnectionError, InvalidMessage, ssl.SSLError):
            await asyncio.sleep(random.uniform(0.1, 0.3))


class WireClient:
    def __init__(self, websocket: ClientConnection, welcome: Frame | None, on_event: EventSink | None) -> None:
        self.websocket = websocket
        self.welcome = welcome
        self._on_event = on_event
        self.closed_at: float | None = None
        self._answers: dict[str, asyncio.Future[tuple[Frame, float]]] = {}
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(
        cls, url: str, hello: Frame | None, *, on_event: EventSink | None = None, within: float = 30.0
    ) -> Self:
        """Connect and (with a `hello`) be welcomed, within `within` seconds; without one, a bare connection."""
        async with asyncio.timeout(within):
            websocket = await _through_the_door(url)
            try:
                welcome = None
                if hello is not None:
                    await websocket.send(json.dumps({"type": "hello", **hello}))
                    welcome = json.loads(await websocket.recv())
                    if (pause := retry_after(welcome)) is not None:
                        raise Busy(str(welcome.get("message")), pause)
                    if welcome.get("type") != "welcome":
                        raise Refused(f"{welcome.get('code')}: {welcome.get('message')}")
            except BaseException:
                websocket.transport.abort()
                raise
        return cls(websocket, welcome, on_event)

    @property
    def open_commands(self) -> int:
        return len(self._answers)

    async def request(self, name: str, body: Frame, *, until: float) -> tuple[Frame, float, int]:
        """Send a command and wait for its answer; after each `busy`, send it again (the same command id) when the
        hub said to, as a link does, until `until`. Returns the answer, when it came, and how many `busy` first."""
        command_id = str(uuid.uuid4())
        busy = 0
        while True:
            answer, at = await (await self.send(name, body, command_id))
            pause = retry_after(answer)
            if pause is None or at + pause >= until:
                return answer, at, busy
            busy += 1
            await asyncio.sleep(pause)

    async def send(self, name: str, body: Frame, command_id: str | None = None) -> asyncio.Future[tuple[Frame, float]]:
        """Send a command; the future gets its answer (ack or error) and the moment it arrived."""
        command_id = command_id or str(uuid.uuid4())
        answer = asyncio.get_running_loop().create_future()
        self._answers[command_id] = answer
        frame = {"type": "command", "command_id": command_id, "name": name, "body": body}
        try:
            await self.websocket.send(json.dumps(frame))
        except BaseException:
            self._answers.pop(command_id, None)
            raise
        return answer

    async def command(self, name: str, body: Frame) -> Frame:
        """Send a command and wait for its answer."""
        frame, _, _ = await self.request(name, body, until=time.monotonic() + 60)
        return frame

    async def close(self) -> None:
        try:
            async with asyncio.timeout(CLOSE_WITHIN):
                await self.websocket.close()
        except TimeoutError:
            self.websocket.transport.abort()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    async def _read(self) -> None:
        why = "the connection closed"
        try:
            async for message in self.websocket:
                arrived = time.monotonic()
                frame = json.loads(message)
                if frame.get("type") == "event":
                    if self._on_event is not None:
                        self._on_event(frame, arrived)
                    continue
                answer = self._answers.pop(frame.get("command_id") or "", None)
                if answer is not None and not answer.done():
                    answer.set_result((frame, arrived))
        except ConnectionClosed as closed:
            why = str(closed)
        finally:
            self.closed_at = time.monotonic()
            if self.websocket.close_code is not None:
                why = f"closed {self.websocket.close_code} {self.websocket.close_reason}".strip()
            for answer in self._answers.values():
                if not answer.done():
                    answer.set_exception(ConnectionError(why))
                answer.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._answers.clear()


async def open_many(
    url: str,
    hellos: Sequence[Frame | None],
    *,
    concurrency: int,
    deadline: float,
    attempts: int = 5,
    on_event: EventSink | None = None,
) -> tuple[list[WireClient | None], dict[str, int]]:
    """Connect every hello (at most `concurrency` handshakes at once, each tried up to `attempts` times, a `busy`
    answer waited out as the hub asks) until `deadline` (monotonic). Returns a client for each hello, in their
    order (None for one that gave up), and how many gave up, by reason."""
    gate = asyncio.Semaphore(concurrency)
    clients: list[WireClient | None] = [None] * len(hellos)
    failures: dict[str, int] = {}

    async def one(number: int, hello: Frame | None) -> None:
        reason = "deadline"
        failed = 0
        while failed < attempts:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            pause = min(0.2 * 2**failed, 2.0)
            async with gate:
                try:
                    clients[number] = await WireClient.open(url, hello, on_event=on_event, within=min(left, 30.0))
                    return
                except Busy as busy:
                    reason, pause = "busy", busy.retry_after  # as the hub asked: not a failure
                except Refused as refusal:
                    reason = f"refused ({refusal})"
                    break
                except (OSError, TimeoutError, WebSocketException, ValueError) as error:
                    reason = type(error).__name__
                    failed += 1
            await asyncio.sleep(pause)
        failures[reason] = failures.get(reason, 0) + 1

    await asyncio.gather(*(one(number, hello) for number, hello in enumerate(hellos)))
    return clients, failures


async def close_all(clients: Sequence[WireClient | None], within: float = 10.0) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within):
            await asyncio.gather(*(client.close() for client in clients if client), return_exceptions=True)
