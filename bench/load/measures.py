"""The measures of issues 8 and 9, each repeated, each figure beside a baseline measured in the same run."""

import math
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.baselines import sqlite_commits_per_second, sqlite_rows_per_second_batched
from bench.load.processes import LOOPBACK, CpuMeter, Member, Pool, loop_name, rss_kb, split, start_echo
from bench.load.report import NOT_REACHED, Figure, percentile, table
from bench.load.seed import seed_history
from bench.load.venue import (
    STAFF_PASSWORD,
    STAFF_USER,
    Venue,
    copy_database,
    folder,
    hub_over,
    pool,
    say,
    seat_names,
)
from bench.load.workers import (
    Arrivals,
    Arrived,
    Churn,
    ClosedLoop,
    ClosedResult,
    Echo,
    Guesser,
    Guesses,
    Idled,
    Idler,
    Kiosks,
    Observer,
    OpenLoop,
    OpenResult,
    PlaceAndCancel,
    Ready,
    Seats,
    Seen,
    Storm,
    StormResult,
    Welcome,
    Welcomes,
    due,
)
from netbar.domain.commands import MAX_OPEN_PER_SEAT
from netbar.tls import hub_fingerprint

PROBE_SEATS = 20
QUIET = 3.0  # seconds of probing before the storm: the staff latency it is compared with
HISTORY_SEATS = 300
GRACE = 5.0


@dataclass(frozen=True)
class Sizes:
    repeat: int = 3
    workers: int = 4
    kiosks: int = 200
    duration: float = 10.0
    rates: tuple[float, ...] = (100.0, 1000.0)
    drain: float = 30.0
    timeout: float = 120.0
    probe_rate: float = 10.0
    requests: int = 1_000_000
    samples: int = 5
    connections: int = 20_000
    connect_within: float = 600.0
    keep: Path | None = None
    tls: bool = False


@dataclass
class Report:
    title: str
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return table(self.title, self.figures, self.notes)


def _kiosks(load: Pool, url: str, seats: Seats, sizes: Sizes, where: Path, hello: bool = True) -> list[Member]:
    return [
        load.spawn(
            f"kiosks-{number}",
            Kiosks(url, tuple(part), str(where / f"kiosks-{number}.log"), hello, sizes.connect_within),
        )
        for number, part in enumerate(split(seats, sizes.workers))
    ]


def _connected(ready: Iterable[Ready], wanted: int) -> tuple[int, str]:
    ready = list(ready)
    connected = sum(r.connected for r in ready)
    failures: Counter[str] = Counter()
    for r in ready:
        failures.update(r.failures)
    text = f"{connected:,}/{wanted:,} connected in {max((r.seconds for r in ready), default=0):.1f} s"
    if failures:
        text += f" (gave up: {dict(failures)})"
    return connected, text


IDLE_CONNECTIONS = 40  # more than the door's places (netbar.hub.doorway.ARRIVING_AT_ONCE)


def _ms(seconds: Sequence[float], fraction: float) -> float:
    return percentile(seconds, fraction) * 1000


def throughput(sizes: Sizes) -> Report:
    commits = "stdlib SQLite 1-row commits (WAL, FULL)"
    place = Figure(f"acked place_request/s, {sizes.kiosks} kiosks", "/s", baseline_name=commits)
    commands = Figure("all commands acked/s (place + cancel)", "/s", baseline_name=commits)
    # What the same kiosks' loop gets from a server that does nothing but answer: halved, as each place request here
    # is a place and a cancel, it is the most place requests a second a hub on this stack could ack on this machine.
    ceiling = Figure("a bare echo server's round trips/s ÷ 2, the same kiosks", "/s", baseline_name=commits)
    batched = Figure("stdlib SQLite rows/s, 100 rows per commit (WAL, FULL)", "/s")
    report = Report(
        f"throughput: {sizes.kiosks} kiosks in {sizes.workers} load processes, each placing and cancelling in "
        f"turn for {sizes.duration:g} s ({sizes.repeat} runs)",
        [place, commands, ceiling, batched],
    )
    with folder(sizes.keep, "throughput") as where:
        venue = Venue.enrol(where, seat_names("K", sizes.kiosks))
        for run in range(1, sizes.repeat + 1):
            with folder(sizes.keep, f"throughput-{run}") as scratch:
                baseline = sqlite_commits_per_second(scratch)
                batched.add(sqlite_rows_per_second_batched(scratch))
                with (
                    hub_over(venue.copy(scratch / "hub.db"), scratch, report.notes, tls=sizes.tls) as hub,
                    pool() as load,
                ):
                    kiosks = _kiosks(load, hub.url, venue.seats("K"), sizes, scratch)
                    connected, results, cpu_note = _closed_loop(load, kiosks, hub.pid, sizes)
                echo = start_echo(scratch, tls=sizes.tls)
                try:
                    with pool() as load:
                        bare = _kiosks(load, echo.url, venue.seats("K"), sizes, scratch, hello=False)
                        echo_connected, echoed, echo_cpu = _closed_loop(load, bare, echo.process.pid, sizes, echo=True)
                finally:
                    echo.stop()
            errors: Counter[str] = Counter()
            for result in results:
                errors.update(result.errors)
            place.add(sum(r.placed for r in results) / sizes.duration, baseline)
            commands.add(sum(r.commands for r in results) / sizes.duration, baseline)
            ceiling.add(sum(r.commands for r in echoed) / sizes.duration / 2, baseline)
            busy = sum(r.busy for r in results)
            report.notes.append(
                f"run {run}: {connected}; busy answers waited out: {busy:,}; refused or lost: {dict(errors) or 'none'}"
            )
            report.notes.append(f"run {run}: {cpu_note}")
            report.notes.append(f"run {run}, echo server: {echo_connected}; {echo_cpu}")
            say(
                f"throughput run {run}: {place.values[-1]:.0f} place/s, baseline {baseline:.0f} commits/s, "
                f"echo ceiling {ceiling.values[-1]:.0f}/s"
            )
    return report


def _closed_loop(
    load: Pool, kiosks: Sequence[Member], server: int, sizes: Sizes, *, echo: bool = False
) -> tuple[str, list[ClosedResult], str]:
    """Run `ClosedLoop` on `_kiosks` once they are connected: how many connected, what each process did, and the
    CPU of the `server` process (the hub, or with `echo` the echo server) and of the kiosks' meanwhile."""
    _, connected = _connected(load.expect(kiosks, "ready", sizes.connect_within + 60), sizes.kiosks)
    load.tell(kiosks, "plan", ClosedLoop(time.monotonic() + 1.0, sizes.duration, GRACE, echo))
    cpu = CpuMeter(server, [member.process.pid for member in kiosks], "echo server" if echo else "hub")
    results: list[ClosedResult] = load.expect(kiosks, "done", sizes.duration + GRACE + 60)
    return connected, results, cpu.note()


def _echo(where: Path, tls: bool, samples: int = 1000) -> list[float]:
    echo = start_echo(where, tls=tls)
    try:
        with pool() as load:
            [member] = [load.spawn("echo", Echo(echo.url, str(where / "echo-probe.log"), samples))]
            [timings] = load.expect([member], "done", 180)
    finally:
        echo.stop()
    return list(timings)


def _open_loop(
    load: Pool, kiosks: Sequence[Member], venue: Venue, sizes: Sizes, start_at: float, rate: float, count: int
) -> None:
    """Tell each load process of `_kiosks` to place `count` requests at `rate` from `start_at`, each with where
    its seats start among all."""
    first = 0
    for member, part in zip(kiosks, split(venue.seats("K"), sizes.workers), strict=True):
        load.tell([member], "plan", OpenLoop(start_at, rate, count, sizes.kiosks, first, sizes.drain))
        first += len(part)


def _latencies(sent: Iterable[OpenResult], seen: dict[str, float]) -> tuple[list[float], list[float], Counter[str]]:
    """Seconds from due to staff seeing it, and to the ack, per request not refused (never seen: infinite)."""
    staff: list[float] = []
    acked: list[float] = []
    refused: Counter[str] = Counter()
    for result in sent:
        for note in result.sent:
            if note in result.refused:
                refused[result.refused[note]] += 1
                continue
            staff.append(seen.get(note, NOT_REACHED))
            acked.append(result.acked.get(note, NOT_REACHED))
    return staff, acked, refused


def latency(sizes: Sizes) -> Report:
    echo50 = Figure("websocket echo round trip p50, loopback, separate processes", "ms")
    figures = [echo50]
    by_rate = {}
    for rate in sizes.rates:
        by_rate[rate] = (
            Figure(f"place → staff sees it, p50 @ {rate:g}/s", "ms", baseline_name="echo p50"),
            Figure(f"place → staff sees it, p99 @ {rate:g}/s", "ms", baseline_name="echo p99"),
            Figure(f"place → ack, p99 @ {rate:g}/s", "ms", baseline_name="echo p99"),
        )
        figures += by_rate[rate]
    report = Report(
        f"latency: {sizes.kiosks} kiosks connected in {sizes.workers} load processes, place_request sent open-loop "
        f"at each rate for {sizes.duration:g} s, one staff link watching ({sizes.repeat} runs)",
        figures,
    )
    with folder(sizes.keep, "latency") as where:
        venue = Venue.enrol(where, seat_names("K", sizes.kiosks) + seat_names("W", 1))
        for run in range(1, sizes.repeat + 1):
            with folder(sizes.keep, f"latency-{run}") as scratch:
                echo = _echo(scratch, sizes.tls)
                echo_p50, echo_p99 = _ms(echo, 0.5), _ms(echo, 0.99)
                echo50.add(echo_p50)
                for rate in sizes.rates:
                    count = min(round(rate * sizes.duration), sizes.kiosks * MAX_OPEN_PER_SEAT)
                    db = venue.copy(scratch / f"hub-{rate:g}.db")
                    with hub_over(db, scratch, report.notes, f"hub-{rate:g}", tls=sizes.tls) as hub, pool() as load:
                        log = str(scratch / f"observer-{rate:g}.log")
                        warm = venue.seats("W")
                        observer = load.spawn("observer", Observer(hub.url, STAFF_USER, STAFF_PASSWORD, log, warm, 0))
                        kiosks = _kiosks(load, hub.url, venue.seats("K"), sizes, scratch)
                        ready = load.expect([observer, *kiosks], "ready", sizes.connect_within + 60)
                        _, connected = _connected(ready[1:], sizes.kiosks)
                        start_at = time.monotonic() + 1.0
                        load.tell([observer], "go", start_at)
                        _open_loop(load, kiosks, venue, sizes, start_at, rate, count)
                        cpu = CpuMeter(hub.pid, [member.process.pid for member in [observer, *kiosks]])
                        sent: list[OpenResult] = load.expect(kiosks, "done", count / rate + sizes.drain + 60)
                        cpu_note = cpu.note()
                        load.tell([observer], "stop")
                        [seen] = load.expect([observer], "done", 60)
                    staff, acked, refused = _latencies(sent, seen.seen)
                    p50, p99, ack99 = by_rate[rate]
                    p50.add(_ms(staff, 0.5), echo_p50)
                    p99.add(_ms(staff, 0.99), echo_p99)
                    ack99.add(_ms(acked, 0.99), echo_p99)
                    lag = [late for result in sent for late in result.lag]
                    report.notes.append(
                        f"run {run} @ {rate:g}/s: {connected}; {count:,} sent over {count / rate:.1f} s "
                        f"(sender lag p99 {_ms(lag, 0.99):.1f} ms); busy answers waited out: "
                        f"{sum(r.busy for r in sent):,}; refused: {dict(refused) or 'none'}; "
                        f"never seen by staff within {sizes.drain:g} s: {sum(math.isinf(v) for v in staff):,}"
                    )
                    report.notes.append(f"run {run} @ {rate:g}/s: {cpu_note}")
                    say(f"latency run {run} @ {rate:g}/s: staff p99 {p99.values[-1]:.1f} ms")
    if any(round(rate * sizes.duration) > sizes.kiosks * MAX_OPEN_PER_SEAT for rate in sizes.rates):
        report.notes.append(
            f"requests are not cancelled, so a run sends at most {MAX_OPEN_PER_SEAT} per kiosk "
            f"({sizes.kiosks * MAX_OPEN_PER_SEAT:,}); the faster rates ran shorter than {sizes.duration:g} s"
        )
    return report


def storm(sizes: Sizes) -> Report:
    n = sizes.kiosks
    welcomed = Figure(f"kiosks welcomed within {sizes.timeout:g} s (of {n:,})", "")
    settled = Figure("time until all welcomed", "s")
    median = Figure("time until welcomed, median kiosk", "s")
    timed_out = Figure("kiosks that timed out more than once", "")
    failed = Figure("kiosks that failed to connect more than once, any reason", "")
    told_busy = Figure("kiosks told busy at least once", "")
    dropped = Figure("kiosks with more than one Disconnected", "")
    before = f"before the storm ({QUIET:g} s)"
    staff50 = Figure("place → staff sees it, p50 during the storm", "ms", baseline_name=before)
    staff99 = Figure("place → staff sees it, p99 during the storm", "ms", baseline_name=before)
    report = Report(
        f"storm: {n:,} HubLink kiosks in {sizes.workers} load processes started in the same second; a staff "
        f"link sees probes placed at {sizes.probe_rate:g}/s ({sizes.repeat} runs)",
        [welcomed, settled, median, timed_out, failed, told_busy, dropped, staff50, staff99],
    )
    with folder(sizes.keep, "storm") as where:
        venue = Venue.enrol(where, seat_names("K", n) + seat_names("P", PROBE_SEATS))
        for run in range(1, sizes.repeat + 1):
            with (
                folder(sizes.keep, f"storm-{run}") as scratch,
                hub_over(venue.copy(scratch / "hub.db"), scratch, report.notes, tls=sizes.tls) as hub,
                pool() as load,
            ):
                observer = load.spawn(
                    "observer",
                    Observer(
                        hub.url,
                        STAFF_USER,
                        STAFF_PASSWORD,
                        str(scratch / "observer.log"),
                        venue.seats("P"),
                        sizes.probe_rate,
                    ),
                )
                pinned = hub_fingerprint(hub.home) if sizes.tls else None
                links = [
                    load.spawn(
                        f"links-{number}",
                        Storm(
                            hub.url,
                            tuple(part),
                            str(scratch / f"links-{number}.log"),
                            sizes.timeout,
                            fingerprint=pinned,
                        ),
                    )
                    for number, part in enumerate(split(venue.seats("K"), sizes.workers))
                ]
                load.expect([observer, *links], "ready", 180)
                probing_from = time.monotonic() + 0.5
                load.tell([observer], "go", probing_from)
                start_at = probing_from + QUIET
                load.tell(links, "go", start_at)
                cpu = CpuMeter(hub.pid, [member.process.pid for member in links])
                results: list[StormResult] = load.expect(links, "done", QUIET + sizes.timeout + 60)
                report.notes.append(f"run {run}: {cpu.note()}")
                load.tell([observer], "stop")
                [seen] = load.expect([observer], "done", 60)
                say(f"storm run {run}: closing {n:,} links …")
            _storm_figures(report, run, sizes, results, seen, probing_from, start_at)
            say(f"storm run {run}: {welcomed.values[-1]:.0f}/{n} welcomed, all in {settled.values[-1]:.1f} s")
    return report


def _storm_figures(
    report: Report, run: int, sizes: Sizes, results: list[StormResult], seen: Seen, probing_from: float, start_at: float
) -> None:
    welcomed, settled, median, timed_out, failed, told_busy, dropped, staff50, staff99 = report.figures
    times = [t for result in results for t in result.welcomed_at]
    came = sorted(t for t in times if t is not None)
    everyone = len(came) == len(times)
    welcomed.add(len(came))
    settled.add(came[-1] if everyone and came else NOT_REACHED)
    median.add(percentile([NOT_REACHED if t is None else t for t in times], 0.5))
    attempts = [result.failed_attempts for result in results]
    if all(a is not None for a in attempts):
        failed.add(sum(1 for a in attempts if a is not None for failures in a if failures > 1))
    reasons = [result.failures for result in results]
    if all(r is not None for r in reasons):
        links = [why for r in reasons if r is not None for why in r]
        timed_out.add(sum(1 for why in links if why["timeout"] > 1))
        told_busy.add(sum(1 for why in links if why["busy"]))
    dropped.add(sum(1 for result in results for count in result.disconnects if count > 1))
    storm_end = start_at + (came[-1] if everyone and came else sizes.timeout)
    quiet = OpenResult(refused=seen.probes.refused)
    during = OpenResult(refused=seen.probes.refused)
    for note in seen.probes.sent:
        if due(note) < start_at:
            quiet.sent.append(note)
        elif due(note) <= storm_end:
            during.sent.append(note)
    before_staff, _, _ = _latencies([quiet], seen.seen)
    during_staff, _, refused = _latencies([during], seen.seen)
    staff50.add(_ms(during_staff, 0.5), _ms(before_staff, 0.5))
    staff99.add(_ms(during_staff, 0.99), _ms(before_staff, 0.99))
    lost = "" if seen.staff_lost_at is None else f"; the staff link was cut {seen.staff_lost_at - start_at:.1f} s in"
    report.notes.append(
        f"run {run}: {len(came):,} welcomed; probes during the storm: {len(during.sent)} sent, "
        f"{sum(math.isinf(v) for v in during_staff)} never seen, refused {dict(refused) or 'none'}{lost}"
    )


def memory(sizes: Sizes) -> Report:
    n = sizes.kiosks
    scheme = "wss" if sizes.tls else "ws"
    per = Figure(
        f"hub RSS per idle kiosk connection, {n:,} kiosks, {scheme}://",
        "KB",
        baseline_name=f"bare websockets echo server, per idle connection, {scheme}://",
    )
    before = Figure("hub RSS before they connect", "MB")
    after = Figure("hub RSS with them connected", "MB")
    report = Report(
        f"memory: {n:,} idle kiosks in {sizes.workers} load processes ({sizes.repeat} runs)", [per, before, after]
    )
    with folder(sizes.keep, "memory") as where:
        venue = Venue.enrol(where, seat_names("K", n) + seat_names("W", 1))
        [(warm_seat, warm_token)] = venue.seats("W")
        for run in range(1, sizes.repeat + 1):
            with folder(sizes.keep, f"memory-{run}") as scratch:
                echo = start_echo(scratch, tls=sizes.tls)
                try:
                    with pool() as load:
                        [member] = [load.spawn("warm", Echo(echo.url, str(scratch / "warm.log"), 10))]
                        load.expect([member], "done", 60)
                        time.sleep(1.0)
                        empty = echo.rss_kb()
                        bare = _kiosks(load, echo.url, venue.seats("K"), sizes, scratch, hello=False)
                        bare_count, _ = _connected(load.expect(bare, "ready", sizes.connect_within + 60), n)
                        time.sleep(2.0)
                        baseline = (echo.rss_kb() - empty) / max(1, bare_count)
                finally:
                    echo.stop()
                with (
                    hub_over(venue.copy(scratch / "hub.db"), scratch, report.notes, tls=sizes.tls) as hub,
                    pool() as load,
                ):
                    warm = Welcome(
                        hub.url, str(scratch / "warm.log"), STAFF_USER, STAFF_PASSWORD, warm_seat, warm_token, None, 1
                    )
                    load.expect([load.spawn("warm", warm)], "done", 120)
                    time.sleep(1.0)
                    empty = rss_kb(hub.pid)
                    kiosks = _kiosks(load, hub.url, venue.seats("K"), sizes, scratch)
                    cpu = CpuMeter(hub.pid, [member.process.pid for member in kiosks])
                    count, connected = _connected(load.expect(kiosks, "ready", sizes.connect_within + 60), n)
                    report.notes.append(f"run {run}, connecting: {cpu.note()}")
                    time.sleep(2.0)
                    full = rss_kb(hub.pid)
            per.add((full - empty) / max(1, count), baseline)
            before.add(empty / 1024)
            after.add(full / 1024)
            report.notes.append(f"run {run}: {connected}; echo server: {bare_count:,} connected")
            say(f"memory run {run}: {per.values[-1]:.1f} KB per connection, bare {baseline:.1f} KB")
    return report


def churn(sizes: Sizes) -> Report:
    """Whether what connections leave behind is collected (netbar.hub.collector): the hub's RSS once `kiosks` seats
    have come and gone 10 times, and again after `connections` more."""
    warm_up = sizes.kiosks * 10
    warm = Figure(f"hub RSS after {warm_up:,} kiosk connections came and went", "MB")
    after = Figure(
        f"hub RSS after {sizes.connections:,} more", "MB", baseline_name=f"after the first {warm_up:,} (same run)"
    )
    rate = Figure("connections welcomed and closed a second", "/s")
    report = Report(
        f"churn: {sizes.kiosks:,} kiosks in {sizes.workers} load processes, each connecting, welcomed, closing, "
        f"again and again ({sizes.repeat} runs)",
        [warm, after, rate],
    )
    with folder(sizes.keep, "churn") as where:
        venue = Venue.enrol(where, seat_names("K", sizes.kiosks))
        for run in range(1, sizes.repeat + 1):
            with (
                folder(sizes.keep, f"churn-{run}") as scratch,
                hub_over(venue.copy(scratch / "hub.db"), scratch, report.notes, tls=sizes.tls) as hub,
                pool() as load,
            ):
                parts = split(venue.seats("K"), sizes.workers)
                members = [
                    load.spawn(f"churn-{number}", Churn(hub.url, tuple(part), str(scratch / f"churn-{number}.log")))
                    for number, part in enumerate(parts)
                ]
                load.tell(members, "go", warm_up // len(members))
                load.expect(members, "done", sizes.connect_within)
                time.sleep(1.0)
                before = rss_kb(hub.pid)
                cpu = CpuMeter(hub.pid, [member.process.pid for member in members])
                started = time.monotonic()
                load.tell(members, "go", sizes.connections // len(members))
                welcomed = sum(load.expect(members, "done", sizes.connect_within))
                seconds = time.monotonic() - started
                report.notes.append(f"run {run}: {welcomed:,} came and went in {seconds:.0f} s; {cpu.note()}")
                load.tell(members, "stop")
                time.sleep(1.0)
                after.add(rss_kb(hub.pid) / 1024, before / 1024)
                warm.add(before / 1024)
                rate.add(welcomed / seconds)
            say(f"churn run {run}: RSS {warm.values[-1]:.1f} MB, then {after.values[-1]:.1f} MB")
    return report


def history(sizes: Sizes) -> Report:
    empty_db = "same, empty database"
    start = Figure(
        f"start: process start → 'hub listening', {sizes.requests:,} past requests", "s", baseline_name=empty_db
    )
    staff = Figure("staff welcome (connect → welcome)", "ms", baseline_name=empty_db)
    resume = Figure("kiosk resume from since_seq=1 (connect → welcome)", "ms", baseline_name=empty_db)
    report = Report(
        f"history: a hub over {sizes.requests:,} past requests against one over none, {HISTORY_SEATS} seats, "
        f"{sizes.samples} welcomes of each kind per run ({sizes.repeat} runs)",
        [start, staff, resume],
    )
    with folder(sizes.keep, "history") as where:
        venue = Venue.enrol(where, seat_names("H", HISTORY_SEATS))
        [(seat, token), *_] = venue.seats("H")
        empty = venue.copy(where / "empty.db")
        with hub_over(empty, where, report.notes, "hub-template", tls=sizes.tls) as hub, pool() as load:
            load.expect(
                [load.spawn("template", PlaceAndCancel(hub.url, str(where / "template.log"), seat, token))], "done", 120
            )
        seeded = copy_database(empty, where / "seeded.db")
        say(f"seeding {sizes.requests:,} past requests …")
        seed = seed_history(seeded, sizes.requests, STAFF_USER)
        report.notes.append(
            f"seeded {seed.requests:,} requests and {seed.events:,} events in {seed.seconds:.1f} s "
            f"({seed.megabytes:,.0f} MB)"
        )
        for run in range(1, sizes.repeat + 1):
            measured: dict[str, tuple[float, Welcomes]] = {}
            order = [("empty", empty), ("seeded", seeded)]
            for label, db in order if run % 2 else order[::-1]:  # neither always goes first
                with hub_over(db, where, report.notes, f"hub-{label}-{run}", tls=sizes.tls) as hub, pool() as load:
                    probe = Welcome(
                        hub.url, str(where / "welcome.log"), STAFF_USER, STAFF_PASSWORD, seat, token, 1, sizes.samples
                    )
                    [welcomes] = load.expect([load.spawn("welcome", probe)], "done", 600)
                    measured[label] = (hub.started_in, welcomes)
            (empty_start, empty_welcomes), (seeded_start, seeded_welcomes) = measured["empty"], measured["seeded"]
            start.add(seeded_start, empty_start)
            staff.add(_ms(seeded_welcomes.staff, 0.5), _ms(empty_welcomes.staff, 0.5))
            resume.add(_ms(seeded_welcomes.resume, 0.5), _ms(empty_welcomes.resume, 0.5))
            say(f"history run {run}: start {seeded_start:.2f} s vs {empty_start:.2f} s")
    report.notes.append("welcome and resume figures are the median of each run's samples")
    return report


def header() -> str:
    return f"load processes run on {loop_name()}"


def signin(sizes: Sizes) -> Report:
    """Issue 9: a kiosk's order during a password-guessing attack against the same without one."""
    rate = sizes.rates[0]
    calm = "same, no attack (same run)"
    p50 = Figure(f"place → ack p50, {sizes.kiosks} kiosks at {rate:g}/s, under attack", "ms", baseline_name=calm)
    p99 = Figure(f"place → ack p99, {sizes.kiosks} kiosks at {rate:g}/s, under attack", "ms", baseline_name=calm)
    guesses = Figure("password guesses answered/s during the attack", "/s")
    report = Report(
        f"signin: {sizes.kiosks} kiosks placing open-loop at {rate:g}/s for {sizes.duration:g} s, with and without "
        f"a staff password-guessing attack (16 connections at once, 250 source addresses) ({sizes.repeat} runs)",
        [p50, p99, guesses],
    )
    with folder(sizes.keep, "signin") as where:
        venue = Venue.enrol(where, seat_names("K", sizes.kiosks))
        for run in range(1, sizes.repeat + 1):
            calm_acks, _ = _orders_during(sizes, venue, f"signin-{run}-calm", report.notes, attack=False)
            attack_acks, made = _orders_during(sizes, venue, f"signin-{run}-attack", report.notes, attack=True)
            p50.add(_ms(attack_acks, 0.5), _ms(calm_acks, 0.5))
            p99.add(_ms(attack_acks, 0.99), _ms(calm_acks, 0.99))
            if made is not None:
                guesses.add(sum(made.answers.values()) / made.seconds)
            say(f"signin run {run}: p99 {p99.values[-1]:.1f} ms under attack")
    return report


def _orders_during(
    sizes: Sizes, venue: Venue, name: str, notes: list[str], *, attack: bool
) -> tuple[list[float], Guesses | None]:
    """Seconds from due to ack of each order placed open-loop on a fresh hub, with a guesser at it or not."""
    rate = sizes.rates[0]
    count = min(round(rate * sizes.duration), sizes.kiosks * MAX_OPEN_PER_SEAT)
    with (
        folder(sizes.keep, name) as scratch,
        hub_over(venue.copy(scratch / "hub.db"), scratch, notes, name, tls=sizes.tls) as hub,
        pool() as load,
    ):
        kiosks = _kiosks(load, hub.url, venue.seats("K"), sizes, scratch)
        _, connected = _connected(load.expect(kiosks, "ready", sizes.connect_within + 60), sizes.kiosks)
        guess = Guesser(hub.url, str(scratch / "guesser.log"), seconds=sizes.duration)
        guesser = [load.spawn("guesser", guess)] if attack else []
        start_at = time.monotonic() + 1.0
        load.tell(guesser, "go", start_at)
        _open_loop(load, kiosks, venue, sizes, start_at, rate, count)
        cpu = CpuMeter(hub.pid, [member.process.pid for member in [*kiosks, *guesser]])
        sent: list[OpenResult] = load.expect(kiosks, "done", count / rate + sizes.drain + 60)
        notes.append(f"{name}: {connected}; {cpu.note()}")
        made: Guesses | None = None
        if guesser:
            [made] = load.expect(guesser, "done", sizes.duration + 60)
            notes.append(f"{name}: guesses answered {dict(made.answers)}; hub RSS {rss_kb(hub.pid) / 1024:.0f} MB")
    _, acked, _ = _latencies(sent, {})
    return acked, made


def door(sizes: Sizes) -> Report:
    """Kiosks arriving while one address holds connections open at the door and says nothing on them, against the
    same without it."""
    calm = "same, no attack (same run)"
    p50 = Figure("connect → welcome p50, under attack", "ms", baseline_name=calm)
    p99 = Figure("connect → welcome p99, under attack", "ms", baseline_name=calm)
    gave_up = Figure("connections not welcomed within 10 s, under attack", "", baseline_name=calm)
    shut = Figure("seconds until the attacking address was shut out", "s")
    opened = Figure("connections the attacker opened", "")
    report = Report(
        f"door: {sizes.kiosks} kiosks coming and going for {sizes.duration:g} s, with and without {IDLE_CONNECTIONS} "
        f"connections from one other address that say nothing, each opened again as it closes ({sizes.repeat} runs)",
        [p50, p99, gave_up, shut, opened],
    )
    with folder(sizes.keep, "door") as where:
        venue = Venue.enrol(where, seat_names("K", sizes.kiosks))
        for run in range(1, sizes.repeat + 1):
            calm_arrived, _ = _arrivals_during(sizes, venue, f"door-{run}-calm", report.notes, attack=False)
            arrived, idled = _arrivals_during(sizes, venue, f"door-{run}-attack", report.notes, attack=True)
            p50.add(_ms(arrived.welcomes, 0.5), _ms(calm_arrived.welcomes, 0.5))
            p99.add(_ms(arrived.welcomes, 0.99), _ms(calm_arrived.welcomes, 0.99))
            gave_up.add(arrived.gave_up, calm_arrived.gave_up)
            assert idled is not None
            shut.add(math.inf if idled.shut_out_after is None else idled.shut_out_after)
            opened.add(idled.opened)
            say(f"door run {run}: p99 {p99.values[-1]:.1f} ms under attack, shut out after {shut.values[-1]:.1f} s")
    return report


def _arrivals_during(
    sizes: Sizes, venue: Venue, name: str, notes: list[str], *, attack: bool
) -> tuple[Arrived, Idled | None]:
    """Every welcome of kiosks coming and going on a fresh hub, with an idle-connection attacker at it or not."""
    with (
        folder(sizes.keep, name) as scratch,
        hub_over(venue.copy(scratch / "hub.db"), scratch, notes, name, tls=sizes.tls) as hub,
        pool() as load,
    ):
        parts = split(venue.seats("K"), sizes.workers)
        members = [
            load.spawn(
                f"arrivals-{number}",
                Arrivals(hub.url, tuple(part), str(scratch / f"arrivals-{number}.log"), sizes.duration),
            )
            for number, part in enumerate(parts)
        ]
        idler = Idler(LOOPBACK, hub.port, str(scratch / "idler.log"), sizes.duration, connections=IDLE_CONNECTIONS)
        attackers = [load.spawn("idler", idler)] if attack else []
        load.tell([*members, *attackers], "go", time.monotonic() + 1.0)
        cpu = CpuMeter(hub.pid, [member.process.pid for member in [*members, *attackers]])
        arrived = Arrived()
        for part in load.expect(members, "done", sizes.duration + 60):
            arrived.welcomes += part.welcomes
            arrived.gave_up += part.gave_up
        idled = load.expect(attackers, "done", sizes.duration + 60)[0] if attackers else None
        notes.append(f"{name}: {len(arrived.welcomes):,} welcomed; {cpu.note()}")
    return arrived, idled
