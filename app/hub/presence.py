"""Which seats have their kiosk connected, told to staff windows as it changes: the seat map's online dot.

Presence is now, not history: it is kept in memory and sent as `presence` frames, never written to the event log
(a storm of kiosks reconnecting would otherwise be a storm of writes). A staff window reads the whole set in its
welcome, then hears each change.
"""

from collections import Counter
from collections.abc import Callable

from netbar.bus import Unsubscribe
from netbar.hub.counting import count_down
from netbar.wire.frames import Presence, encode

Send = Callable[[str], None]


class SeatPresence:
    def __init__(self) -> None:
        self._connections: Counter[str] = Counter()  # a kiosk may be on two connections for a moment
        self._staff: list[Send] = []

    def online(self) -> tuple[str, ...]:
        return tuple(sorted(self._connections))

    def tell_staff(self, send: Send) -> Unsubscribe:
        """Send every change to a staff connection, until the returned call."""
        self._staff.append(send)

        def stop() -> None:
            if send in self._staff:
                self._staff.remove(send)

        return stop

    def arrived(self, seat: str) -> Unsubscribe:
        """A kiosk of `seat` is connected, until the returned call."""
        self._connections[seat] += 1
        if self._connections[seat] == 1:
            self._tell(seat, online=True)
        gone = False

        def left() -> None:
            nonlocal gone
            if gone:
                return
            gone = True
            if count_down(self._connections, seat):
                self._tell(seat, online=False)

        return left

    def _tell(self, seat: str, *, online: bool) -> None:
        frame = encode(Presence(seat=seat, online=online))
        for send in list(self._staff):
            send(frame)
