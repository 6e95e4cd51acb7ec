"""What each load process does. A job is a frozen dataclass (it is pickled into a spawned process) whose `run`
talks to the parent through its `Channel`: it says "ready" once connected, does what it is told, says "done"
with what it measured, and ends on "stop". Every loop ends by itself: by count, by deadline, or both.

Timestamps are `time.monotonic()`, which on Linux is one clock for every process on the machine: a place request
carries the moment it was due in its note ("bench <i> <t>"), so whichever process sees it knows how late it is.
"""

import asyncio
import contextlib
import contextvars
import importlib
import json
import logging
import socket
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from bench.load.processes import Channel
from bench.load.wire import Frame, WireClient, close_all, open_many, retry_after, tls_for
from netbar.bus import EventBus
from netbar.domain.commands import CancelRequest, OrderLine, PlaceRequest
from netbar.domain.requests import RequestKind
from netbar.link.events import Connected, Disconnected
from netbar.link.link import HubLink
from netbar.wire.frames import KioskHello

_LOGGER = logging.getLogger(__name__)
Seats = tuple[tuple[str, str], ...]  # (seat, token)
LIFETIME = 3600.0  # no load process waits longer than this for its parent's next word
PLACE = PlaceRequest(kind=RequestKind.DRINK, lines=(OrderLine(item_id="water", qty=1),), note="")
PLACE_BODY = PLACE.body()
LOST = (ConnectionError, WebSocketException)


def place_body(note: str) -> Frame:
    return {**PLACE_BODY, "note": note}


def cancel_body(request_id: int) -> Frame:
    return CancelRequest(request_id=request_id).body()


def due(note: str) -> float:
    """When the request with this note was due to be sent (its last word)."""
    return float(note.rsplit(" ", 1)[1])


def request_id(answer: Frame) -> int:
    return int(answer["result"]["request"]["id"])


async def sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))


async def go_for(channel: Channel, seconds: float) -> float:
    """Wait for "go" and the moment it names; the moment `seconds` after that."""
    _, start_at = await channel.hear(LIFETIME)
    await sleep_until(start_at)
    return time.monotonic() + seconds


def kiosk_hello(seat: str, token: str, since_seq: int | None = None) -> Frame:
    hello: Frame = {"role": "kiosk", "seat": seat, "token": token}
    if since_seq is not None:
        hello["since_seq"] = since_seq
    return hello


@dataclass
class Ready:
    connected: int
    failures: dict[str, int]
    seconds: float


# Raw kiosks: many connections in one process, driven in phases.


@dataclass(frozen=True)
class ClosedLoop:
    """Each kiosk places, waits for the ack, cancels what it placed, waits, and again, until `duration` is up."""

    start_at: float
    duration: float
    grace: float
    echo: bool = False  # to an echo server: any answer is a round trip, and nothing is cancelled


@dataclass
class ClosedResult:
    placed: int = 0  # acked within the duration
    commands: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    busy: int = 0  # `busy` answers, each waited out and the command sent again


@dataclass(frozen=True)
class OpenLoop:
    """Place requests on a schedule, never waiting for an answer before the next: number `i` (of `count`, all
    processes together) is due at `start_at + i / rate` and goes from kiosk `i % kiosks` (of all processes'
    kiosks, so each sends its even share); this process holds kiosks `first`, `first + 1`, …"""

    start_at: float
    rate: float
    count: int
    kiosks: int
    first: int
    drain: float  # how long after the last send answers are still waited for


@dataclass
class OpenResult:
    sent: list[str] = field(default_factory=list)  # notes
    acked: dict[str, float] = field(default_factory=dict)  # note → seconds from due to ack
    refused: dict[str, str] = field(default_factory=dict)  # note → error code
    unanswered: int = 0
    lag: list[float] = field(default_factory=list)  # how late each send left, by this process's fault
    busy: int = 0  # `busy` answers, each waited out and the request sent again


@dataclass(frozen=True)
class Kiosks:
    """Raw kiosk connections (or, without `hello`, bare connections to an echo server), held until "stop"."""

    url: str
    seats: Seats
    log: str
    hello: bool = True
    connect_within: float = 300.0
    concurrency: int = 32

    async def run(self, channel: Channel) -> None:
        started = time.monotonic()
        hellos = [kiosk_hello(seat, token) if self.hello else None for seat, token in self.seats]
        clients, failures = await open_many(
            self.url, hellos, concurrency=self.concurrency, deadline=started + self.connect_within
        )
        channel.say("ready", Ready(sum(1 for c in clients if c), failures, time.monotonic() - started))
        try:
            while True:
                _, plan = await channel.hear(LIFETIME)
                if isinstance(plan, ClosedLoop):
                    channel.say("done", await closed_loop([c for c in clients if c], plan))
                elif isinstance(plan, OpenLoop):
                    channel.say("done", await open_loop(clients, plan))
                else:
                    break
        finally:
            await close_all(clients)


async def closed_loop(clients: Sequence[WireClient], plan: ClosedLoop) -> ClosedResult:
    result = ClosedResult()
    errors: Counter[str] = Counter()
    end = plan.start_at + plan.duration

    async def kiosk(client: WireClient) -> None:
        while time.monotonic() < end:
            try:
                answer, at, busy = await client.request(PLACE.name, place_body(""), until=end)
                result.busy += busy
                if plan.echo:
                    result.commands += at <= end
                    continue
                if answer["type"] != "ack":
                    errors[f"place: {answer.get('code')}"] += 1
                    await asyncio.sleep(0.05)
                    continue
                if at <= end:
                    result.placed += 1
                    result.commands += 1
                answer, at, busy = await client.request("cancel_request", cancel_body(request_id(answer)), until=end)
                result.busy += busy
                if answer["type"] != "ack":
                    errors[f"cancel: {answer.get('code')}"] += 1
                elif at <= end:
                    result.commands += 1
            except LOST:
                errors["connection lost"] += 1
                return

    await sleep_until(plan.start_at)
    tasks = [asyncio.create_task(kiosk(client)) for client in clients]
    if tasks:
        _, late = await asyncio.wait(tasks, timeout=plan.duration + plan.grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
    result.errors = dict(errors)
    return result


async def open_loop(clients: Sequence[WireClient | None], plan: OpenLoop) -> OpenResult:
    result = OpenResult()
    tasks: set[asyncio.Task[None]] = set()
    last = plan.start_at + (plan.count - 1) / plan.rate

    async def place(client: WireClient, note: str) -> None:
        try:
            answer, at, busy = await client.request(PLACE.name, place_body(note), until=last + plan.drain)
            result.busy += busy
        except LOST as error:
            _LOGGER.warning("%s: %r", note, error)
            result.refused[note] = f"connection lost ({error})"
            return
        if answer["type"] == "ack":
            result.acked[note] = at - due(note)
        elif retry_after(answer) is None:
            result.refused[note] = str(answer.get("code"))
        # Still `busy` at the deadline: a link would still hold it, so it counts as never answered, not refused.

    mine = (index for index in range(plan.count) if 0 <= index % plan.kiosks - plan.first < len(clients))
    for index in mine:
        moment = plan.start_at + index / plan.rate
        await sleep_until(moment)
        result.lag.append(time.monotonic() - moment)
        note = f"bench {index} {moment:.6f}"
        result.sent.append(note)
        client = clients[index % plan.kiosks - plan.first]
        if client is None:
            result.refused[note] = "not connected"
            continue
        tasks.add(asyncio.create_task(place(client, note)))
    if tasks:
        _, unanswered = await asyncio.wait(tasks, timeout=max(0.0, last + plan.drain - time.monotonic()))
        for task in unanswered:
            task.cancel()
        await asyncio.gather(*unanswered, return_exceptions=True)
        result.unanswered = len(unanswered)
    return result


# The staff link that measures place → seen, and the kiosks that probe it while something else loads the hub.


@dataclass
class Seen:
    seen: dict[str, float] = field(default_factory=dict)  # note → seconds from due to the staff's receiving it
    probes: OpenResult = field(default_factory=OpenResult)
    staff_lost_at: float | None = None


@dataclass(frozen=True)
class Observer:
    """A staff connection that notes when each request placed by the bench reaches it. With `probes`, it first
    warms the hub up (the first probe seat places a request and cancels it, so no figure pays for the hub's first
    command), and with a `probe_rate` it places requests itself from those seats from "go" until "stop", each
    cancelled once acked."""

    url: str
    user: str
    password: str
    log: str
    probes: Seats = ()
    probe_rate: float = 10.0
    drain: float = 2.0

    async def run(self, channel: Channel) -> None:
        seen = Seen()

        def on_event(frame: Frame, arrived: float) -> None:
            if frame.get("name") != "request_placed":
                return
            note = str(frame["body"]["request"]["note"])
            if note.startswith(("bench ", "probe ")) and note not in seen.seen:
                seen.seen[note] = arrived - due(note)

        hello = {"role": "staff", "user": self.user, "password": self.password}
        staff = await WireClient.open(self.url, hello, on_event=on_event, within=120)
        started = time.monotonic()
        connected, failures = await open_many(
            self.url, [kiosk_hello(seat, token) for seat, token in self.probes], concurrency=8, deadline=started + 120
        )
        probes = [probe for probe in connected if probe]
        if probes:
            async with asyncio.timeout(120):
                placed = await probes[0].command(PLACE.name, place_body("warm-up"))
                if placed["type"] == "ack":
                    await probes[0].command("cancel_request", cancel_body(request_id(placed)))
        channel.say("ready", Ready(len(probes), failures, time.monotonic() - started))
        stop = asyncio.Event()
        prober = None
        try:
            tag, start_at = await channel.hear(LIFETIME)
            if tag == "go":
                if probes and self.probe_rate > 0:
                    prober = asyncio.create_task(self._probe(probes, start_at, stop, seen.probes))
                await channel.hear(LIFETIME)
            stop.set()
            if prober is not None:
                await prober
            await asyncio.sleep(self.drain)  # what is on its way to the staff link still counts
            seen.staff_lost_at = staff.closed_at
            channel.say("done", seen)
        finally:
            stop.set()
            await close_all([staff, *probes])

    async def _probe(self, probes: Sequence[WireClient], start_at: float, stop: asyncio.Event, out: OpenResult) -> None:
        tasks: set[asyncio.Task[None]] = set()

        async def place(client: WireClient, note: str) -> None:
            try:
                answer, at, busy = await client.request(PLACE.name, place_body(note), until=time.monotonic() + 60)
                out.busy += busy
                if answer["type"] != "ack":
                    if retry_after(answer) is None:
                        out.refused[note] = str(answer.get("code"))
                    return
                out.acked[note] = at - due(note)
                await client.request("cancel_request", cancel_body(request_id(answer)), until=time.monotonic() + 60)
            except LOST:
                out.refused.setdefault(note, "connection lost")

        index = 0
        most = int(self.probe_rate * LIFETIME)  # "stop" ends it; this bound, if the parent never says it
        while not stop.is_set() and index < most:
            moment = start_at + index / self.probe_rate
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, moment - time.monotonic())):
                    await stop.wait()
            if stop.is_set():
                break
            note = f"probe {index} {moment:.6f}"
            out.sent.append(note)
            task = asyncio.create_task(place(probes[index % len(probes)], note))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            index += 1
        if tasks:
            _, unanswered = await asyncio.wait(set(tasks), timeout=self.drain)
            for task in unanswered:
                task.cancel()
            out.unanswered = len(unanswered)


# Real links, all started in the same second.


_LINK: contextvars.ContextVar["LinkRecord"] = contextvars.ContextVar("link")


@dataclass
class LinkRecord:
    welcomed_at: float | None = None
    connects: int = 0
    disconnects: int = 0
    attempts: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # by kind: timeout, busy, refused, other


def _kind(reason: str) -> str:
    reason = reason.lower()
    if "busy" in reason:
        return "busy"
    if "timed out" in reason or "timeout" in reason:
        return "timeout"
    return "refused" if "refused" in reason else "other"


def _instrument() -> tuple[bool, bool]:
    """Count each link's connection attempts (around the `connect` its module calls) and why each one ended
    (around `HubLink._went_down`, which hears every failure, where `Disconnected` is published only for the first
    of a run of them), crediting the link whose task calls: a task keeps the context it was created in. Each is
    False where the link no longer has that name: those figures are then not counted."""
    module = importlib.import_module("netbar.link.link")
    real_connect = getattr(module, "connect", None)
    went_down = getattr(HubLink, "_went_down", None)
    if real_connect is not None:

        def connect(*args: Any, **kwargs: Any) -> Any:
            record = _LINK.get(None)
            if record is not None:
                record.attempts += 1
            return real_connect(*args, **kwargs)

        setattr(module, "connect", connect)  # noqa: B010
    if went_down is not None:

        def recording(link: HubLink, reason: str, *args: Any, **kwargs: Any) -> Any:
            record = _LINK.get(None)
            if record is not None:
                record.failures[_kind(reason)] += 1
            return went_down(link, reason, *args, **kwargs)

        setattr(HubLink, "_went_down", recording)  # noqa: B010
    return real_connect is not None, went_down is not None


@dataclass
class StormResult:
    welcomed_at: list[float | None]  # seconds after the common start, per link
    disconnects: list[int]
    failed_attempts: list[int] | None  # None where they could not be counted
    failures: list[Counter[str]] | None


@dataclass(frozen=True)
class Storm:
    """`netbar.link.HubLink` kiosks, each with its own bus and the link's own backoff, all started at the moment
    the parent names; done once every one is welcomed or `give_up_after` seconds have passed."""

    url: str
    seats: Seats
    log: str
    give_up_after: float = 120.0
    close_within: float = 20.0
    fingerprint: str | None = None  # the hub's certificate, pinned over wss://

    async def run(self, channel: Channel) -> None:
        attempts_counted, failures_counted = _instrument()
        records = [LinkRecord() for _ in self.seats]
        everyone = asyncio.Event()
        welcomed = 0
        links = []
        for (seat, token), record in zip(self.seats, records, strict=True):

            def on_connected(_: Connected, record: LinkRecord = record) -> None:
                nonlocal welcomed
                record.connects += 1
                if record.welcomed_at is None:
                    record.welcomed_at = time.monotonic()
                    welcomed += 1
                    if welcomed == len(records):
                        everyone.set()

            def on_disconnected(_: Disconnected, record: LinkRecord = record) -> None:
                record.disconnects += 1

            bus = EventBus()
            bus.subscribe(Connected, on_connected)
            bus.subscribe(Disconnected, on_disconnected)
            links.append(HubLink(self.url, KioskHello(seat=seat, token=token), bus, hub_fingerprint=self.fingerprint))
        channel.say("ready", Ready(len(links), {}, 0.0))
        tag, start_at = await channel.hear(LIFETIME)
        if tag != "go":
            return
        try:
            await sleep_until(start_at)
            for link, record in zip(links, records, strict=True):
                context = _LINK.set(record)
                try:
                    await link.start()
                finally:
                    _LINK.reset(context)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, start_at + self.give_up_after - time.monotonic())):
                    await everyone.wait()
            channel.say(
                "done",
                StormResult(
                    [None if r.welcomed_at is None else r.welcomed_at - start_at for r in records],
                    [r.disconnects for r in records],
                    [max(0, r.attempts - r.connects) for r in records] if attempts_counted else None,
                    [r.failures for r in records] if failures_counted else None,
                ),
            )
            await channel.hear(LIFETIME)  # "stop": the links stay up until every process has settled
        finally:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.close_within):
                    await asyncio.gather(*(link.close() for link in links), return_exceptions=True)


# One-shot probes.


@dataclass(frozen=True)
class Echo:
    """`count` round trips, one after the other, through a websocket echo; says "done" with each one's seconds."""

    url: str
    log: str
    count: int = 1000

    async def run(self, channel: Channel) -> None:
        timings = []
        async with asyncio.timeout(120), connect(self.url, compression=None, ssl=tls_for(self.url)) as websocket:
            for _ in range(self.count):
                started = time.perf_counter()
                await websocket.send('{"type":"ping"}')
                await websocket.recv()
                timings.append(time.perf_counter() - started)
        channel.say("done", timings)


@dataclass
class Welcomes:
    staff: list[float] = field(default_factory=list)
    resume: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Welcome:
    """`samples` staff welcomes, then `samples` kiosk resumes from `since_seq`, one at a time: seconds from
    opening the connection to the welcome."""

    url: str
    log: str
    user: str
    password: str
    seat: str
    token: str
    since_seq: int | None
    samples: int

    async def run(self, channel: Channel) -> None:
        out = Welcomes()
        staff = {"role": "staff", "user": self.user, "password": self.password}
        async with asyncio.timeout(600):
            for hello, timings in (
                (staff, out.staff),
                (kiosk_hello(self.seat, self.token, self.since_seq), out.resume),
            ):
                for _ in range(self.samples):
                    started = time.perf_counter()
                    client = await WireClient.open(self.url, hello, within=120)
                    timings.append(time.perf_counter() - started)
                    await client.close()
                    await asyncio.sleep(0.05)
        channel.say("done", out)


@dataclass(frozen=True)
class Churn:
    """Kiosks that come and go: on each "go" (a number of connections), each seat in turn connects, is welcomed
    and closes, all seats at once, until that many have; says "done" with how many were welcomed."""

    url: str
    seats: Seats
    log: str

    async def run(self, channel: Channel) -> None:
        async def come_and_go(seat: str, token: str) -> None:
            client = await WireClient.open(self.url, kiosk_hello(seat, token), within=120)
            await client.close()

        while True:
            tag, connections = await channel.hear(LIFETIME)
            if tag != "go":
                return
            welcomed = 0
            while welcomed < connections:
                await asyncio.gather(*(come_and_go(seat, token) for seat, token in self.seats))
                welcomed += len(self.seats)
            channel.say("done", welcomed)


@dataclass(frozen=True)
class PlaceAndCancel:
    """One kiosk places a request and cancels it: the rows a history is cloned from."""

    url: str
    log: str
    seat: str
    token: str

    async def run(self, channel: Channel) -> None:
        client = await WireClient.open(self.url, kiosk_hello(self.seat, self.token), within=60)
        try:
            async with asyncio.timeout(60):
                placed = await client.command(PLACE.name, place_body(""))
                cancelled = await client.command("cancel_request", cancel_body(request_id(placed)))
        finally:
            await client.close()
        if placed["type"] != "ack" or cancelled["type"] != "ack":
            raise RuntimeError(f"the hub refused the template request: {placed} {cancelled}")
        channel.say("done", request_id(placed))


@dataclass
class Guesses:
    made: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass(frozen=True)
class Guesser:
    """A password-guessing attack from `sources` loopback addresses (127.0.1.1, 127.0.1.2, …), `connections` at
    once, each guess a new connection with a staff hello for a made-up user, from "go" (the moment to start)
    until `seconds` later; says "done" with how many were made and how each was answered."""

    url: str
    log: str
    sources: int = 250
    connections: int = 16
    seconds: float = 10.0

    async def run(self, channel: Channel) -> None:
        stop_at = await go_for(channel, self.seconds)
        out = Guesses()

        async def guesser(number: int) -> None:
            while time.monotonic() < stop_at:
                out.made += 1
                source = f"127.0.1.{(out.made % self.sources) + 1}"
                hello = {"type": "hello", "role": "staff", "user": f"guess{out.made}", "password": "123456"}
                try:
                    async with (
                        asyncio.timeout(10),
                        connect(self.url, compression=None, local_addr=(source, 0), ssl=tls_for(self.url)) as websocket,
                    ):
                        await websocket.send(json.dumps(hello))
                        answer = json.loads(await websocket.recv())
                        out.answers[answer.get("code") or answer["type"]] += 1
                except (OSError, TimeoutError, ConnectionClosed, WebSocketException) as error:
                    out.answers[type(error).__name__] += 1

        started = time.monotonic()
        await asyncio.gather(*(guesser(number) for number in range(self.connections)))
        out.seconds = time.monotonic() - started
        channel.say("done", out)


@dataclass
class Arrived:
    welcomes: list[float] = field(default_factory=list)  # seconds from opening a connection to its welcome
    gave_up: int = 0  # connections not welcomed within `Arrivals.give_up`


@dataclass(frozen=True)
class Arrivals:
    """Kiosks coming and going, each seat with one connection at a time, from "go" (the moment to start) until
    `seconds` later: how long each connection took from opening to its welcome (told to come back meanwhile, as a
    link is), or that it gave up after `give_up` seconds; says "done" with them."""

    url: str
    seats: Seats
    log: str
    seconds: float
    give_up: float = 10.0

    async def run(self, channel: Channel) -> None:
        stop_at = await go_for(channel, self.seconds)
        out = Arrived()

        async def come_and_go(seat: str, token: str) -> None:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    client = await WireClient.open(self.url, kiosk_hello(seat, token), within=self.give_up)
                except TimeoutError:
                    out.gave_up += 1
                    continue
                out.welcomes.append(time.perf_counter() - started)
                await client.close()

        await asyncio.gather(*(come_and_go(seat, token) for seat, token in self.seats))
        channel.say("done", out)


@dataclass
class Idled:
    opened: int = 0
    shut_out_after: float | None = None  # seconds from the start until a connection no longer got through at all


@dataclass(frozen=True)
class Idler:
    """An attack on the hub's door from one address: `connections` connections from `source` that open and say
    nothing, each opened again as the hub closes it, from "go" (the moment to start) until `seconds` later; says
    "done" with how many it opened, and when it was shut out (a connection attempt unanswered for a second: the
    kernel dropping it)."""

    host: str
    port: int
    log: str
    seconds: float
    source: str = "127.0.0.2"
    connections: int = 40

    async def run(self, channel: Channel) -> None:
        stop_at = await go_for(channel, self.seconds)
        started = stop_at - self.seconds
        out = Idled()
        loop = asyncio.get_running_loop()

        async def say_nothing() -> None:
            while time.monotonic() < stop_at:
                with socket.socket() as idle:
                    idle.setblocking(False)
                    idle.bind((self.source, 0))
                    try:
                        async with asyncio.timeout(1.0):
                            await loop.sock_connect(idle, (self.host, self.port))
                    except TimeoutError:
                        if out.shut_out_after is None:
                            out.shut_out_after = time.monotonic() - started
                        continue
                    except OSError:
                        continue
                    out.opened += 1
                    with contextlib.suppress(TimeoutError, OSError):
                        async with asyncio.timeout(max(0.0, stop_at - time.monotonic())):
                            while await loop.sock_recv(idle, 4096):  # a "come back" answer, then the end
                                pass

        await asyncio.gather(*(say_nothing() for _ in range(self.connections)))
        channel.say("done", out)
