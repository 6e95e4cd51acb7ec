"""How long the kiosk's event loop stalls while a customer orders, beside the same window left idle, in one run.

`python -m bench.kiosk_stall [--repeat N] [--seconds S]` — offscreen (QT_QPA_PLATFORM=offscreen unless set);
figures are printed, never asserted.

A real `KioskWindow` (800×640, on its home page, where the request list is) over a `KioskViewModel`, in the bench's
own process; the view-model is fed what its link would publish on the bus, on a schedule, from Qt timers. The
seat is a busy one: 16 open requests and 8 finished ones from the welcome. While it is fed, a 1 ms precise
QTimer notes when it fires; the largest gap between two of its firings is how long the loop could not answer a
finger (a frame is 16 ms). The baseline is the same timer, for as long, with the same window idle: on a busy
machine the idle window's own largest gap (the OS scheduling the process out) can be as large as the figure, so
two figures leave the machine out. The longest busy stretch: the most CPU time the loop's thread spent between
two ticks (`time.thread_time`, which a preemption does not count), the kiosk's handlers and Qt's layout and
paint together, which is what a finger waits for on a machine with a core to spare. And the CPU time the kiosk's
handlers alone took over each event, the longest of each run. The machine's own share is printed as well: the
largest gap of a bare Python loop that only sleeps 1 ms, no Qt, for as long, in the same run. And one
request's news alone (a staff step, with the hub up): the median of 20, from the publish until Qt has laid the
list out and painted it (two `processEvents()`), beside the same two with nothing changed.

The three ways the hub can be, for `--seconds` each (3), an order every 300 ms:

- **up**: each order queued, answered (placed) 5 ms later; staff move the seat's other requests along
  (accepted, delivering, done), one step every 200 ms.
- **slow**: each order queued, told `busy` 100 ms later, answered 600 ms after it was queued; staff as above.
- **down**: the link says the hub is out of reach; each order is queued and kept, waiting to send, and the list
  grows by one row each time (up to the issue's 20 open requests' worth).
"""

import argparse
import gc
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from bench.load.report import Figure, table
from netbar.bus import EventBus
from netbar.domain.commands import OrderLine, PlaceRequest, RequestResult
from netbar.domain.events import RequestChanged
from netbar.domain.menu import Category, MenuItem
from netbar.domain.pricing import priced_line
from netbar.domain.requests import RequestKind, RequestState, ServiceRequest
from netbar.gui.i18n import Translations
from netbar.gui.language import Language
from netbar.gui.style import apply_style
from netbar.kiosk.viewmodel import KioskViewModel
from netbar.kiosk.window import KioskWindow
from netbar.link.events import CommandAnswered, CommandDeferred, CommandQueued, Connected, Disconnected
from netbar.wire.frames import Snapshot, command_frame

SEAT = "A01"
OPEN_AT_WELCOME, FINISHED_AT_WELCOME = 16, 8
ORDER_EVERY_MS, STAFF_EVERY_MS = 300, 200
SETTLE = 0.5  # seconds
NOW = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
MENU = tuple(
    MenuItem(id=f"item-{n}", category=Category.DRINK if n % 2 else Category.FOOD, name_zh=f"品{n}", name_en=f"Item {n}",
             price_fen=300 + 50 * n)
    for n in range(12)
)  # fmt: skip
NEXT_STATE = {
    RequestState.PLACED: RequestState.ACCEPTED,
    RequestState.ACCEPTED: RequestState.DELIVERING,
    RequestState.DELIVERING: RequestState.DONE,
}


class GapMeter:
    """A 1 ms precise timer; the largest gap between two firings while it runs, and the most CPU time the loop's
    thread spent between two firings (`time.thread_time`: a gap the OS made by running something else has little)."""

    def __init__(self) -> None:
        self._timer = QTimer(interval=1)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._fired)
        self._last = self._last_cpu = 0.0
        self.gaps: list[float] = []
        self.busy: list[float] = []

    def _fired(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append(now - self._last)
        self.busy.append(cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu

    def run(self, seconds: float) -> tuple[float, float, float]:
        """The largest gap, the 99th percentile, and the most CPU between two firings, in ms, over `seconds`."""
        self.gaps, self.busy = [], []
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._timer.start()
        spin(seconds)
        self._timer.stop()
        gaps = sorted(self.gaps)
        return gaps[-1] * 1000, gaps[int(0.99 * (len(gaps) - 1))] * 1000, max(self.busy) * 1000


def bare_loop_largest_gap(seconds: float) -> float:
    """The machine's own: the largest gap, in ms, of a Python loop that only sleeps 1 ms, no Qt, for `seconds`."""
    largest = 0.0
    last = started = time.perf_counter()
    while last - started < seconds:
        time.sleep(0.001)
        now = time.perf_counter()
        largest = max(largest, now - last)
        last = now
    return largest * 1000


class Seat:
    """The kiosk's view-model and window, and what its link would tell it."""

    def __init__(self, app: QApplication, translations: Translations) -> None:
        self.bus = EventBus()
        self.model = KioskViewModel(SEAT, self.bus)
        self.window = KioskWindow(self.model, translations)
        self.window.resize(800, 640)
        self.window.show()
        self.handler_cpu: list[float] = []
        self._ids = itertools.count(1)
        self._seq = itertools.count(2)
        self.open: dict[int, ServiceRequest] = {}
        requests = [self.request(RequestState.DONE) for _ in range(FINISHED_AT_WELCOME)]
        requests += [self.request(RequestState.PLACED) for _ in range(OPEN_AT_WELCOME)]
        self.open = {request.id: request for request in requests if request.state.is_open}
        self.bus.publish(Connected(seq=1, snapshot=Snapshot(menu=MENU, requests=tuple(requests))))
        app.processEvents()

    def publish(self, event: object) -> None:
        """Publish `event` as the link would, noting the CPU time the kiosk's handlers took over it."""
        started = time.thread_time()
        self.bus.publish(event)
        self.handler_cpu.append(time.thread_time() - started)

    def request(
        self, state: RequestState, lines: tuple[OrderLine, ...] = (OrderLine(item_id="item-1", qty=2),)
    ) -> ServiceRequest:
        priced = tuple(priced_line(MENU[int(line.item_id.removeprefix("item-"))], line.qty) for line in lines)
        request_id = next(self._ids)
        return ServiceRequest(
            id=request_id, seat=SEAT, kind=RequestKind.DRINK, lines=priced, note="", payment=None,
            total_fen=sum(line.total_fen for line in priced), state=state, created_at=NOW, updated_at=NOW,
        )  # fmt: skip

    def order(self, *, answer_after_ms: int | None, busy_after_ms: int | None = None) -> None:
        lines = (OrderLine(item_id=f"item-{next(self._ids) % len(MENU)}", qty=1),)
        frame = command_frame(PlaceRequest(kind=RequestKind.DRINK, lines=lines))
        self.publish(CommandQueued(frame))
        if busy_after_ms is not None:
            later(busy_after_ms, lambda: self.publish(CommandDeferred(frame, retry_after=0.5)))
        if answer_after_ms is not None:

            def answer() -> None:
                request = self.request(RequestState.PLACED, lines)
                self.open[request.id] = request
                self.publish(CommandAnswered(frame, RequestResult(request=request)))

            later(answer_after_ms, answer)

    def staff_step(self) -> None:
        """Staff move the oldest open request one state on; one done is replaced by a new one, as if ordered."""
        if not self.open:
            return
        request = self.open.pop(min(self.open))
        changed = request.model_copy(
            update={"state": NEXT_STATE[request.state], "updated_at": request.updated_at + timedelta(seconds=1)}
        )
        if changed.state.is_open:
            self.open[changed.id] = changed
        self.publish(RequestChanged(seq=next(self._seq), request=changed))

    def close(self) -> None:
        self.model.close()
        self.window.hide()
        self.window.deleteLater()


def spin(seconds: float) -> None:
    """Run the event loop for `seconds`."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def later(ms: int, action: Callable[[], None]) -> None:
    QTimer.singleShot(ms, action)


def every(ms: int, action: Callable[[], None], seconds: float) -> None:
    for moment in range(0, round(seconds * 1000), ms):
        later(moment, action)


def measure(
    app: QApplication, translations: Translations, hub: str, seconds: float
) -> tuple[float, float, float, float]:
    """The loop's largest gap, its p99, its most CPU between two ticks, and the most CPU time one event's
    handlers took, in ms."""
    seat = Seat(app, translations)
    spin(SETTLE)  # the window laid out and painted, and the last measure's window deleted, before the clock starts
    gc.freeze()  # as `netbar kiosk` does once it has started
    if hub == "up":
        every(ORDER_EVERY_MS, lambda: seat.order(answer_after_ms=5), seconds)
        every(STAFF_EVERY_MS, seat.staff_step, seconds)
    elif hub == "slow":
        every(ORDER_EVERY_MS, lambda: seat.order(answer_after_ms=600, busy_after_ms=100), seconds)
        every(STAFF_EVERY_MS, seat.staff_step, seconds)
    elif hub == "down":
        seat.publish(Disconnected("bench: the hub is down"))
        every(ORDER_EVERY_MS, lambda: seat.order(answer_after_ms=None), seconds)
    largest, p99, busy = GapMeter().run(seconds)
    seat.close()
    app.processEvents()
    return largest, p99, busy, max(seat.handler_cpu, default=0.0) * 1000


def one_change(app: QApplication, translations: Translations, samples: int = 20) -> tuple[float, float]:
    """One request's news alone, handled, laid out and painted (the median of `samples`, in ms); and the same
    wait for Qt's pending work with nothing changed, the baseline."""
    seat = Seat(app, translations)
    spin(SETTLE)
    changed: list[float] = []
    unchanged: list[float] = []
    for _ in range(samples):
        for timings, change in ((changed, seat.staff_step), (unchanged, lambda: None)):
            started = time.perf_counter()
            change()
            app.processEvents()  # the list laid out, then painted
            app.processEvents()
            timings.append((time.perf_counter() - started) * 1000)
    seat.close()
    app.processEvents()
    return statistics.median(changed), statistics.median(unchanged)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.kiosk_stall", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs (default 5)")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each way of the hub is fed (default 3)")
    args = parser.parse_args()
    app = QApplication([])
    apply_style(app)
    translations = Translations(app, Language.ZH)
    hubs = ("up", "slow", "down")
    largest = {hub: Figure(f"largest loop gap, hub {hub}, ordering", "ms", baseline_name="idle window") for hub in hubs}
    handlers = {hub: Figure(f"longest update, hub {hub}: CPU of one event's handlers", "ms") for hub in hubs}
    p99 = {hub: Figure(f"p99 loop gap, hub {hub}, ordering", "ms", baseline_name="idle window") for hub in hubs}
    busy = {
        hub: Figure(f"longest busy between two ticks, hub {hub}: its CPU", "ms", baseline_name="idle window")
        for hub in hubs
    }
    machine = Figure("largest gap of a bare Python loop sleeping 1 ms, no Qt", "ms")
    alone = Figure("one request's news: handled, laid out, painted", "ms", baseline_name="nothing changed")
    for run in range(args.repeat):
        print(f"run {run + 1} of {args.repeat}", file=sys.stderr)
        alone.add(*one_change(app, translations))
        machine.add(bare_loop_largest_gap(args.seconds))
        idle_largest, idle_p99, idle_busy, _ = measure(app, translations, "idle", args.seconds)
        for hub in hubs:
            gap, gap_p99, gap_busy, cpu = measure(app, translations, hub, args.seconds)
            handlers[hub].add(cpu)
            largest[hub].add(gap, idle_largest)
            p99[hub].add(gap_p99, idle_p99)
            busy[hub].add(gap_busy, idle_busy)
    print(f"Qt platform: {os.environ['QT_QPA_PLATFORM']}; {args.repeat} runs of {args.seconds:g} s for each\n")
    per_hub = (figure for hub in hubs for figure in (largest[hub], p99[hub], busy[hub], handlers[hub]))
    figures = [alone, machine, *per_hub]
    print(table(f"the kiosk's event loop, 1 ms timer ({args.repeat} runs)", figures))


if __name__ == "__main__":
    main()
