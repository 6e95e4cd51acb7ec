"""How long the Seats tab takes to paint 500 seats, beside the table the tab used to be, in one run.

`python -m bench.seat_map [--repeat N] [--samples N]` — offscreen (QT_QPA_PLATFORM=offscreen unless set);
figures are printed, never asserted.

Each figure is the median of `--samples` timings in one run, repeated `--repeat` times: the table shows the median
of the runs, their spread (min–max) and the baseline's median; the ratio is the median of each run's figure ÷ that
run's baseline. The venue: 500 seats in 25 rows of 20 (A01–Y20), 60 % of their kiosks online, 70 % with time
running (some under 10 minutes), 80 open requests of every kind and age, 12 seats calling (some more than once).
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableWidget, QTableWidgetItem

from bench.load.report import Figure, table
from netbar.bus import EventBus
from netbar.domain.events import RequestChanged, SeatChanged
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.domain.sessions import SeatStatus
from netbar.gui.style import apply_style
from netbar.gui.texts import minutes_text
from netbar.link.events import Connected, SeatOnline
from netbar.staff.seat_map import SeatMap
from netbar.staff.viewmodel import StaffViewModel
from netbar.wire.frames import Snapshot

NOW = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
ROWS, PER_ROW = "ABCDEFGHIJKLMNOPQRSTUVWXY", 20
SIZES = ((1024, 768), (1920, 1080))


class Clock:
    """The view-model's clock, moved by hand: a tick is a second later."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def venue(seed: int = 7) -> tuple[list[SeatStatus], list[ServiceRequest], list[str]]:
    """500 seats, their sessions, open requests and the kiosks online, the same every run."""
    chance = random.Random(seed)
    seats = [f"{row}{number:02d}" for row in ROWS for number in range(1, PER_ROW + 1)]
    statuses = []
    for seat in seats:
        roll = chance.random()
        if roll < 0.3:
            statuses.append(SeatStatus(seat=seat))
        else:
            minutes = chance.randint(1, 9) if roll < 0.4 else chance.randint(10, 600)
            ends = NOW + timedelta(minutes=minutes, seconds=chance.randint(0, 59))
            statuses.append(SeatStatus(seat=seat, started_at=NOW - timedelta(hours=1), ends_at=ends))
    online = [seat for seat in seats if chance.random() < 0.6]
    kinds = (RequestKind.FOOD, RequestKind.DRINK, RequestKind.RENEWAL)
    requests = []
    for number, seat in enumerate(chance.sample(seats, 80), start=1):
        created = NOW - timedelta(minutes=chance.randint(0, 25))
        requests.append(request(number, seat, chance.choice(kinds), created))
    for number, seat in enumerate(chance.sample(seats, 12), start=1000):
        created = NOW - timedelta(minutes=chance.randint(0, 8))
        requests.append(request(number, seat, RequestKind.CALL, created, calls=chance.choice((1, 1, 2, 3))))
    return statuses, requests, online


def request(number: int, seat: str, kind: RequestKind, created: datetime, calls: int = 1) -> ServiceRequest:
    return ServiceRequest(
        id=number, seat=seat, kind=kind, lines=(), note="", payment=None, total_fen=0, state=RequestState.PLACED,
        created_at=created, updated_at=created, calls=calls,
    )  # fmt: skip


def staffed_model(bus: EventBus, clock: Clock, *, empty: bool = False) -> StaffViewModel:
    model = StaffViewModel(bus, clock=clock)
    statuses, requests, online = ([], [], []) if empty else venue()
    snapshot = Snapshot(menu=(), requests=tuple(requests), seats=tuple(statuses), online=tuple(online))
    bus.publish(Connected(seq=1, snapshot=snapshot))
    return model


def old_table(model: StaffViewModel) -> QTableWidget:
    """The Seats tab as it was: a row per seat (seat, time left, until), refilled whole every second."""
    old = QTableWidget(0, 3)
    old.verticalHeader().hide()
    old.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    old.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    old.setHorizontalHeaderLabels(["Seat", "Time left", "Until"])
    refill_table(old, model)
    return old


def refill_table(old: QTableWidget, model: StaffViewModel) -> None:
    """The old tab's once-a-second refresh: every cell's text set again."""
    seats = sorted(model.seats)
    old.setRowCount(len(seats))
    for row, seat in enumerate(seats):
        left = model.seconds_left(seat)
        ends = model.seats[seat].ends_at
        cells = (seat, minutes_text(left if left else -1), "" if ends is None or not left else f"{ends:%H:%M}")
        for column, text in enumerate(cells):
            cell = old.item(row, column)
            if cell is None:
                cell = QTableWidgetItem()
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                old.setItem(row, column, cell)
            cell.setText(text)


def timed(action: Callable[[], object], samples: int) -> float:
    """The median of `samples` timings of `action`, in ms."""
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def settle(app: QApplication) -> None:
    """Let pending paints happen now: an update() becomes a paint of the dirty area here."""
    app.processEvents()


def one_run(app: QApplication, size: tuple[int, int], samples: int) -> dict[str, tuple[float, float]]:
    """Each figure of one run and its baseline, in ms, at one window size."""
    clock = Clock()
    bus, empty_bus = EventBus(), EventBus()
    model, empty_model = staffed_model(bus, clock), staffed_model(empty_bus, clock, empty=True)
    seat_map, empty_map, old = SeatMap(model), SeatMap(empty_model), old_table(model)
    for widget in (seat_map, empty_map, old):
        widget.resize(*size)
        widget.show()
    for each_map in (seat_map, empty_map):
        each_map._clock.stop()  # ticks are timed on their own below
    settle(app)
    figures: dict[str, tuple[float, float]] = {}

    figures["full"] = (timed(seat_map.grab, samples), timed(old.grab, samples))
    figures["full_empty"] = (figures["full"][0], timed(empty_map.grab, samples))

    # One seat's news: a credit on a seat in sight (its tile alone is painted again) against one cell's text.
    seat = "A03"
    extra = iter(range(1, 10**6))
    seqs = iter(range(2, 10**7))
    status = model.seats[seat]

    def credit_one_seat() -> None:
        ends = (status.ends_at or NOW) + timedelta(minutes=next(extra))
        bus.publish(SeatChanged(seq=next(seqs), seat=status.model_copy(update={"ends_at": ends})))
        settle(app)

    def one_cell() -> None:
        old.item(2, 1).setText(minutes_text(next(extra)))  # type: ignore[union-attr]
        settle(app)

    figures["one_seat"] = (timed(credit_one_seat, samples), timed(one_cell, samples))

    # A request's news: the seat's marks change (every tile in sight is looked at, the changed one painted).
    placed = next(r for r in model.requests.values() if r.kind is not RequestKind.CALL)

    def request_changed() -> None:
        state = RequestState.ACCEPTED if model.requests[placed.id].state is RequestState.PLACED else RequestState.PLACED
        bus.publish(RequestChanged(seq=next(seqs), request=placed.model_copy(update={"state": state})))
        settle(app)

    figures["request"] = (timed(request_changed, samples), figures["one_seat"][1])

    # A presence change: one tile.
    flips = iter(range(10**6))

    def presence() -> None:
        bus.publish(SeatOnline(seat, online=next(flips) % 2 == 0))
        settle(app)

    figures["presence"] = (timed(presence, samples), figures["one_seat"][1])

    # The once-a-second tick: the countdown on every tile in sight, against the old tab refilling every cell.
    def tick() -> None:
        clock.now += timedelta(seconds=1)
        seat_map._refresh_in_sight()
        settle(app)

    def old_tick() -> None:
        clock.now += timedelta(seconds=1)
        refill_table(old, model)
        settle(app)

    figures["tick"] = (timed(tick, samples), timed(old_tick, samples))

    # Scrolling by a line of tiles (a finger's drag is many of these), against the table scrolled as far.
    def scroll(widget: SeatMap | QTableWidget) -> Callable[[], None]:
        bar = widget.verticalScrollBar()

        def step() -> None:
            bar.setValue(bar.value() + 88 if bar.value() + 88 <= bar.maximum() else 0)
            settle(app)

        return step

    figures["scroll"] = (timed(scroll(seat_map), samples), timed(scroll(old), samples))

    for widget in (seat_map, empty_map, old):
        widget.close()
        widget.deleteLater()
    for each in (model, empty_model):
        each.close()
    settle(app)
    return figures


NAMES = {
    "full": ("full repaint, 500 seats (grab)", "old tab: 500-row table, grab"),
    "full_empty": ("full repaint (as above)", "the same map with no seats"),
    "one_seat": ("one seat's time changed → painted", "old tab: one cell's text → painted"),
    "request": ("one request changed → painted", "old tab: one cell's text → painted"),
    "presence": ("one kiosk online/offline → painted", "old tab: one cell's text → painted"),
    "tick": ("1 s tick: countdown on tiles in sight", "old tab's tick: 1,500 cells refilled"),
    "scroll": ("scroll by one line of tiles (88 px)", "old tab scrolled 88 px"),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.seat_map", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs (default 5)")
    parser.add_argument("--samples", type=int, default=30, help="timings per figure per run (default 30)")
    options = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app)
    print(f"Qt platform: {app.platformName()}; {options.repeat} runs, each figure the median of {options.samples}")
    for size in SIZES:
        figures = {key: Figure(name, "ms", baseline_name=baseline) for key, (name, baseline) in NAMES.items()}
        for run in range(options.repeat):
            print(f"  {size[0]}×{size[1]}: run {run + 1}/{options.repeat}", file=sys.stderr)
            for key, (value, baseline) in one_run(app, size, options.samples).items():
                figures[key].add(value, baseline)
        title = f"seat map at {size[0]}×{size[1]} (the map widget that size), 500 seats ({options.repeat} runs)"
        print()
        print(table(title, list(figures.values())))


if __name__ == "__main__":
    main()
