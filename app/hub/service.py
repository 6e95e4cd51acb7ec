"""The hub's core: every command goes validate → price → persist → commit → answer → publish.

Commands are written in batches on the writer's thread (netbar.store.writer): every command that arrives while a
batch is being written joins the next one, each in a savepoint of its own, with one commit for the batch. Answers
and events come back in the order they were written, after the commit, so `seq` order is commit order and publish
order. The queue for the writer is bounded: past it a command is answered `busy` with when to come back, and the
client keeps it. A welcome never waits for the writer.
"""

import logging
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from netbar.bus import EventBus, Unsubscribe
from netbar.domain.ageing import AgeLimits
from netbar.domain.commands import Role, SaveStaffUser
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import HubEvent
from netbar.domain.payment_code import PaymentCode
from netbar.domain.pictures import Picture
from netbar.domain.shifts import CLOSED_SHIFTS_SHOWN
from netbar.hub import command_job
from netbar.hub.admission import MAX_RETRY_MS, MIN_RETRY_MS, Turns, busy
from netbar.hub.audience import Audience
from netbar.hub.command_job import CommandJob
from netbar.hub.counting import count_down
from netbar.hub.credential_watch import CredentialWatch
from netbar.hub.credentials import password_matches, token_matches
from netbar.hub.doorway import OWN_MACHINE
from netbar.hub.event_order import EventOrder
from netbar.hub.presence import SeatPresence
from netbar.hub.principal import Principal
from netbar.hub.reporting import DEFAULT_VENUE_DAYS, BuiltReport, Reporting, VenueDays
from netbar.hub.signin import SignInGuard
from netbar.store.database import Database, create_plain_engine
from netbar.store.repository import Repository
from netbar.store.trouble import database_trouble
from netbar.store.writer import Writer
from netbar.store.writer_process import WriterGone, WriterProcess
from netbar.wire.frames import (
    SEATS_PER_PAGE,
    CommandFrame,
    EventFrame,
    KioskHello,
    ReportGet,
    SeatsPage,
    Snapshot,
    StaffHello,
    Welcome,
    encode,
    event_text,
)

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

# Missed events replayed on a resume, at most; well under the server's SEND_BACKLOG, which would cut the
# connection before it had a chance to read them.
MAX_REPLAY = 2000
# The counter's credits a staff welcome carries: enough to see and undo today's double taps.
CREDITS_SHOWN_FOR = timedelta(hours=12)
MAX_CREDITS_SHOWN = 100
COMMANDS_WAITING = 300
# Of those, one seat's at most: a kiosk sends one at a time, and a few more are its outbox after a reconnect racing
# the old connection. Without it, a kiosk's token copied onto a laptop opening hundreds of connections (each runs a
# command at a time) filled the queue, and every other seat was told `busy`.
COMMANDS_WAITING_PER_SEAT = 8
DEFAULT_LIMITS = AgeLimits()
_WHAT_MANAGERS_DO = {
    "set_item": "change stock or prices",
    "save_staff_user": "add staff users or change their role or password",
    "set_staff_user_enabled": "disable or enable staff users",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class HubService:
    def __init__(
        self,
        db: Database,
        bus: EventBus,
        clock: Callable[[], datetime] = utc_now,
        *,
        limits: AgeLimits = DEFAULT_LIMITS,
        payment_code: PaymentCode | None = None,
        days: VenueDays = DEFAULT_VENUE_DAYS,
        separate_writer: bool = False,
    ) -> None:
        """`separate_writer`: commands are written by a process of their own (netbar.store.writer_process) rather
        than a thread, taking the second core at a full house; every job given to `maintain` must then pickle."""
        self.db = db
        self.bus = bus
        self._clock = clock
        self._limits = limits
        self._payment_code = payment_code
        self._presence = SeatPresence()
        # Commands are written in batches, one commit each, on the writer's thread; at most COMMANDS_WAITING wait
        # for it, and past that a command is answered `busy`.
        # Named, so that this hub skips the notices of its own commits (netbar.hub.event_order).
        writer_name = uuid.uuid4().hex
        self._writer: Writer | WriterProcess
        if separate_writer:
            url = db.url.render_as_string(hide_password=False)
            self._writer = WriterProcess(url, durable=db.durable, name=writer_name, preload=[command_job.__name__])
        else:
            self._writer = Writer(create_plain_engine(db.url, durable=db.durable, for_writer=True), name=writer_name)
        self._last_frame: tuple[HubEvent, str] | None = None
        self._told: dict[int, tuple[HubEvent, str]] = {}  # by id(): the frames of the events being published
        self._busy_turns = Turns()  # for commands sent away while the writer is full
        self._waiting_by_client: Counter[str] = Counter()  # by `Principal.label`: its commands at the writer
        self._audience = Audience()
        bus.subscribe(HubEvent, self._audience.tell)
        self._sign_in = SignInGuard()
        self._credentials = CredentialWatch(db)
        self._order = EventOrder(db, bus, own_writer=writer_name)
        self._reporting = Reporting(db.url, limits, days)

    async def start(self) -> None:
        """Once the writer is ready, publish from the newest event on (and, on PostgreSQL, what other hubs
        write). Raises `WriterGone` if a writer process cannot start."""
        await self._writer.ready()
        await self._order.start()

    def now(self) -> datetime:
        return self._clock()

    async def maintain(self, work: Callable[[Repository], Awaitable[T]]) -> T:
        """Run `work` on the writer, between commands: for housekeeping, never for a command (those go through
        `execute`, and are answered and published)."""
        return await self._writer.submit(work)

    async def close(self) -> None:
        """Write what was submitted, then let the writer go."""
        await self._writer.close()
        await self._order.close()
        await self._credentials.close()
        self._sign_in.close()

    async def authenticate(self, hello: KioskHello | StaffHello, source: str) -> tuple[Principal, str]:
        """The principal a hello from address `source` proves, and the stored credential it matched (for `watch`);
        `forbidden` (`WrongCredentials`) or, after too many wrong ones from there or for that name, `too_many`
        (netbar.hub.signin)."""
        if isinstance(hello, KioskHello):
            who = Principal(Role.KIOSK, hello.seat)
            self._sign_in.require_allowed(source, who.label)
            stored = await self.db.reading(lambda repo: repo.seat_token_hash(hello.seat))
            matches = token_matches(hello.token, stored)
            wrong = f"seat {hello.seat}: unknown seat or wrong token"
        else:
            who = Principal(Role.STAFF, hello.user)
            self._sign_in.require_allowed(source, who.label)
            account = await self.db.reading(lambda repo: repo.staff_account(hello.user))
            password_hash = account.password_hash if account else None
            # Argon2 is slow on purpose: off the loop, one at a time.
            matches = await self._sign_in.check_password(
                source, lambda: password_matches(hello.password, password_hash)
            )
            wrong = "unknown user or wrong password"
            if matches and account and account.disabled_at:  # the right password: no guess, and no secret to keep
                raise CommandRejected(ErrorCode.FORBIDDEN, f"staff user {hello.user} is disabled; ask a manager")
            if account is not None:
                who = replace(who, staff_role=account.role)
            stored = account.proof if account else None
        if not matches or stored is None:
            raise self._sign_in.failed(source, who.label, wrong)
        self._sign_in.succeeded(source, who.label)
        return who, stored

    def turned_away(self, source: str) -> bool:
        """Whether a connection from `source` is refused as it is accepted (netbar.hub.signin says who)."""
        return self._sign_in.turned_away(source)

    def shut_out(self) -> list[str]:
        """The addresses turned away for a while, to be kept out before they are accepted."""
        return self._sign_in.shut_out()

    def failed_to_greet(self, source: str) -> None:
        """A connection from `source` left the door before its opening handshake was done (netbar.hub.doorway), or
        sent no hello in time: a strike for its address, unless it is the hub's own machine."""
        if source not in OWN_MACHINE:
            self._sign_in.failed_to_greet(source)

    def watch(self, who: Principal, proof: str, revoked: Callable[[str], None]) -> Unsubscribe:
        """Call `revoked(why)` if `who`'s credential is changed (netbar.hub.credential_watch)."""
        return self._credentials.watch(who, proof, revoked)

    async def join(self, who: Principal, since_seq: int | None, send: Callable[[str], None]) -> Unsubscribe:
        """Send `who` the welcome, then what it missed after `since_seq`, then every event it may hear as it
        happens, through `send` (which must not block). Returns the call that stops the live events.

        A welcome never waits for the writer: it listens first, holding back what is published meanwhile, reads
        the snapshot and its `seq` in one read transaction (one consistent view, as WAL gives it), sends it, and
        then what it held back that is newer than the snapshot."""
        held_back: list[HubEvent] = []
        live = False
        floor = -1  # the snapshot's seq, once read: an event at or below it is in the snapshot

        def on_event(event: HubEvent) -> None:
            if event.seq <= floor:
                # A batch committed just before the snapshot was read may be published just after it.
                return
            if live:
                send(self._frame(event))
            else:
                held_back.append(event)

        unsubscribe = self._audience.add(who, on_event)
        try:
            seq, snapshot, missed = await self._snapshot(who, since_seq)
        except BaseException:
            unsubscribe()
            raise
        floor = seq
        if who.role is Role.STAFF:
            snapshot = snapshot.model_copy(update={"online": self._presence.online()})
        for frame in _welcome_frames(seq, snapshot):
            send(frame)
        for event in missed:
            send(self._frame(event))
        for event in held_back:
            if event.seq > seq:
                send(self._frame(event))
        live = True
        # Presence from the same moment as the welcome's `online`: nothing on this thread ran in between.
        presence = self._presence
        stop_presence = presence.tell_staff(send) if who.role is Role.STAFF else presence.arrived(who.name)

        def leave() -> None:
            unsubscribe()
            stop_presence()

        return leave

    async def _snapshot(self, who: Principal, since_seq: int | None) -> tuple[int, Snapshot, list[HubEvent]]:
        """The state `who` may see, as of the `seq` it returns, and the events it missed after `since_seq`: read in
        one read transaction, whole, in a worker thread."""
        now = self._clock()
        kiosk_seat = who.name if who.role is Role.KIOSK else None

        async def read(repo: Repository) -> tuple[int, Snapshot, list[HubEvent]]:
            seq = await repo.last_seq()
            menu = await repo.menu()
            requests = await repo.open_requests(kiosk_seat)
            if kiosk_seat is None:
                statuses = await repo.seat_statuses(now)
            else:
                statuses = [await repo.seat_status(kiosk_seat, now)]
            credits = None if kiosk_seat else await repo.recent_credits(now - CREDITS_SHOWN_FOR, MAX_CREDITS_SHOWN)
            staff = None if kiosk_seat else [account.member for account in await repo.staff_accounts()]
            shift = None if kiosk_seat else await repo.open_shift()
            # Everything the read sees: a step committed after `now` was taken is in this snapshot's `seq`.
            entries = None if shift is None else await repo.shift_entries(shift.opened_at)
            closed = None if kiosk_seat else await repo.closed_shifts(CLOSED_SHIFTS_SHOWN)
            missed: list[HubEvent] = []
            # Away so long that the replay would swamp the connection: the snapshot alone is the whole current
            # state, and the next live event brings the client's `seq` up to date.
            if (
                since_seq is not None
                and since_seq < seq
                and await self._can_replay(repo, since_seq)
                and await repo.count_events_since(since_seq, seat=kiosk_seat, at_most=MAX_REPLAY + 1) <= MAX_REPLAY
            ):
                missed = await repo.events_since(since_seq, seat=kiosk_seat)
            snapshot = Snapshot(
                menu=tuple(menu),
                requests=tuple(requests),
                seat=statuses[0] if kiosk_seat else None,
                seats=None if kiosk_seat else tuple(statuses),
                credits=None if credits is None else tuple(credits),
                me=None if staff is None else next((member for member in staff if member.name == who.name), None),
                staff_users=None if staff is None else tuple(staff),
                limits=None if kiosk_seat else self._limits,
                shift=shift,
                shift_entries=None if kiosk_seat else tuple(entries or ()),
                shifts=None if closed is None else tuple(closed),
                payment_code=self._payment_code if kiosk_seat else None,
            )
            return seq, snapshot, missed

        return await self.db.reading(read)

    @staticmethod
    async def _can_replay(repo: Repository, since_seq: int) -> bool:
        """Whether the log still holds every event after `since_seq`: past the retention window it does not,
        and a replay with a hole in it would be worse than the snapshot alone."""
        first = await repo.first_seq()
        return first is not None and first <= since_seq + 1

    async def picture(self, sha: str) -> Picture | None:
        """A menu picture, read as welcomes read: on a reader's thread, never through the writer."""
        return await self.db.reading(lambda repo: repo.picture(sha))

    async def report(self, who: Principal, asked: ReportGet) -> BuiltReport:
        """A manager's report for the period asked (netbar.hub.reporting): `forbidden` for anyone else."""
        if not who.is_manager:
            raise CommandRejected(ErrorCode.FORBIDDEN, "only a manager may see reports")
        return await self._reporting.build(asked)

    async def execute(self, who: Principal, frame: CommandFrame) -> str:
        """Run one command and return its result as JSON (as `ack_text` takes it), or raise `CommandRejected`.
        The result is returned only after the commit, and the same `command_id` again gets the first result and
        changes nothing."""
        started = time.perf_counter()
        try:
            result_json = await self._execute(who, frame)
        except CommandRejected as rejected:
            # `busy` is the hub pacing its clients, not news: when it comes, it comes thousands of times a second,
            # and a line for each took a tenth of the loop just as it had least to spare (issue 8's profile).
            log = _LOGGER.debug if rejected.code is ErrorCode.BUSY else _LOGGER.info
            log(
                "%s %s %s → %s: %s (%.1f ms)",
                who.label,
                frame.name,
                frame.command_id,
                rejected.code,
                rejected.message,
                _ms(started),
            )
            raise
        # At DEBUG (`netbar hub --verbose`): at a full house a line per command costs a fifth of the event loop,
        # and the event log already records what every command changed, and who sent it.
        _LOGGER.debug("%s %s %s → ok (%.1f ms)", who.label, frame.name, frame.command_id, _ms(started))
        return result_json

    async def _execute(self, who: Principal, frame: CommandFrame) -> str:
        command = frame.command
        if command.role is not who.role:
            raise CommandRejected(ErrorCode.FORBIDDEN, f"{command.name} is a {command.role} command")
        if command.needs_manager() and not who.is_manager:
            raise CommandRejected(ErrorCode.FORBIDDEN, f"only a manager may {_WHAT_MANAGERS_DO[command.name]}")
        if isinstance(command, SaveStaffUser) and command.password is not None:
            # Half a second of Argon2: on the password checks' thread, never the writer's.
            command = command.with_password_hash(await self._sign_in.hash_password(command.password))
        if self._writer.waiting >= COMMANDS_WAITING:
            raise busy("taking orders", self._turn_at_the_writer() * 1000)
        waiting = self._waiting_by_client
        if who.role is Role.KIOSK and waiting[who.label] >= COMMANDS_WAITING_PER_SEAT:
            raise busy(f"{COMMANDS_WAITING_PER_SEAT} commands of seat {who.name} are waiting", self._drained_ms())

        now = self._clock()
        job = CommandJob(who, frame.command_id, command, frame.asked_at, now)
        waiting[who.label] += 1
        try:
            written = await self._writer.submit(job.run, after_failure=job.remember_refusal)
        except CommandRejected:
            raise
        except WriterGone as error:
            _LOGGER.warning("%s %s %s: %s", who.label, frame.name, frame.command_id, error)
            # Written or not, the client keeps it: sent again, its id gets the first answer if it was.
            raise CommandRejected(ErrorCode.UNAVAILABLE, "the hub's writer stopped; send it again") from error
        except Exception as error:
            trouble = database_trouble(error)
            if trouble is None:
                raise
            what, remedy = trouble
            _LOGGER.warning("cannot write to the database: %s — %s (%s)", what, remedy, error)
            # Not the command's fault, nor a bug: the client keeps the command and sends it again later.
            raise CommandRejected(ErrorCode.UNAVAILABLE, f"the hub cannot write its orders: {what}") from error
        finally:
            count_down(waiting, who.label)
        # Batches come back in the order they were written, and each in order: `seq` order is publish order (with
        # what another hub wrote in between read from the log first: netbar.hub.event_order).
        # Each event's frame, from the body the writer made for the log, for whoever hears it while it is published.
        told = {id(event): (event, event_text(event.seq, event.name, body)) for event, body in written.told()}
        self._told.update(told)
        try:
            await self._order.written(written.events)
        finally:
            for key in told:
                del self._told[key]
        return written.result_json

    def _turn_at_the_writer(self) -> float:
        """Seconds until a command sent away should come back: after the queue ahead has drained, and after
        every other sent away, at the rate the writer takes them (netbar.hub.admission.Turns)."""
        soonest = max(MIN_RETRY_MS, self._drained_ms()) / 1000
        rate = 1000 / self._per_job_ms()
        return self._busy_turns.take(time.monotonic(), rate, soonest=soonest, latest=MAX_RETRY_MS / 1000)

    def _drained_ms(self) -> float:
        """About when the writer will have done the jobs now waiting for it."""
        return self._writer.waiting * self._per_job_ms()

    def _per_job_ms(self) -> float:
        return max(self._writer.average_ms, 0.01)  # a rate is made of it

    def _frame(self, event: HubEvent) -> str:
        if (told := self._told.get(id(event))) is not None and told[0] is event:
            return told[1]
        # Every connection that hears an event sends the same text: encode it once, not once per connection.
        if self._last_frame is None or self._last_frame[0] is not event:
            self._last_frame = (event, encode(EventFrame.of(event)))
        return self._last_frame[1]


def _welcome_frames(seq: int, snapshot: Snapshot) -> list[str]:
    """The welcome, and the pages of seats that follow it: a welcome scales with the open requests, not with
    every seat of the venue in one frame."""
    seats = snapshot.seats or ()
    pages = [seats[start : start + SEATS_PER_PAGE] for start in range(0, len(seats), SEATS_PER_PAGE)]
    if len(pages) <= 1:
        return [encode(Welcome(seq=seq, snapshot=snapshot))]
    first = snapshot.model_copy(update={"seats": pages[0]})
    welcome = encode(Welcome(seq=seq, snapshot=first, seat_pages=len(pages) - 1))
    return [welcome, *(encode(SeatsPage(seats=page)) for page in pages[1:])]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
