"""Who hears each event the hub publishes: staff every one, a kiosk its own seat's and those meant for every seat
(but for those only staff hear).

Listeners are kept by seat, so telling an event costs what its listeners cost: with hundreds of kiosks connected,
asking each one whether it wants an order from another seat was most of the event loop's time (issue 8).
"""

from collections.abc import Callable

from netbar.bus import Unsubscribe
from netbar.domain.commands import Role
from netbar.domain.events import HubEvent
from netbar.hub.principal import Principal

Listener = Callable[[HubEvent], None]


class Audience:
    def __init__(self) -> None:
        self._staff: list[Listener] = []
        self._seats: dict[str, list[Listener]] = {}

    def add(self, who: Principal, listener: Listener) -> Unsubscribe:
        """Call `listener` with every event `who` may hear, in publish order, until the returned call."""
        listeners = self._staff if who.role is Role.STAFF else self._seats.setdefault(who.name, [])
        listeners.append(listener)

        def remove() -> None:
            if listener in listeners:
                listeners.remove(listener)
            if who.role is Role.KIOSK and not listeners and self._seats.get(who.name) is listeners:
                del self._seats[who.name]

        return remove

    def tell(self, event: HubEvent) -> None:
        seat = event.for_seat
        if event.staff_only:
            kiosks = []
        elif seat is None:
            kiosks = [listener for listeners in self._seats.values() for listener in listeners]
        else:
            kiosks = list(self._seats.get(seat, ()))
        # Copies: a listener may hang up (and so remove itself) while it is told.
        for listener in [*self._staff, *kiosks]:
            listener(event)
