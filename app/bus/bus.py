"""An in-process event bus in the manner of Home Assistant's: subscribe by class, handlers isolated.

Handlers subscribed to a class run for its instances and its subclasses' instances (a handler for `object`
hears everything), most specific class first, each list in registration order. A plain function runs at once,
inside `publish`; a coroutine function gets a task that the bus holds until it ends, so a handler is never
garbage-collected halfway, and `drain()` waits for those on shutdown. Where the order across events matters to a
handler (sending frames, updating a view), make it a plain function: plain handlers see events in publish order.
"""

import asyncio
import inspect
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

_LOGGER = logging.getLogger(__name__)

E = TypeVar("E")
Unsubscribe = Callable[[], None]


class _Subscription:
    """A box per subscribe call, so the same handler subscribed twice unsubscribes once per call."""

    __slots__ = ("handler",)

    def __init__(self, handler: Callable[[Any], object]) -> None:
        self.handler = handler


class EventBus:
    def __init__(self) -> None:
        self._subscriptions: defaultdict[type, list[_Subscription]] = defaultdict(list)
        self._tasks: set[asyncio.Task[Any]] = set()

    def subscribe(self, event_type: type[E], handler: Callable[[E], object]) -> Unsubscribe:
        """Call `handler` with every published `event_type`; the returned callable undoes this."""
        subscription = _Subscription(handler)
        self._subscriptions[event_type].append(subscription)

        def unsubscribe() -> None:
            subscriptions = self._subscriptions[event_type]
            if subscription in subscriptions:
                subscriptions.remove(subscription)

        return unsubscribe

    def publish(self, event: object) -> None:
        for cls in type(event).__mro__:
            for subscription in tuple(self._subscriptions.get(cls, ())):
                self._run(subscription.handler, event)

    @property
    def pending(self) -> int:
        """How many handler tasks are still running."""
        return len(self._tasks)

    async def drain(self, within: float = 5.0) -> None:
        """Wait for the running handler tasks (and those they lead to); after `within` seconds, log and cancel them."""
        deadline = time.monotonic() + within
        while self._tasks:
            _, still_running = await asyncio.wait(set(self._tasks), timeout=max(0.0, deadline - time.monotonic()))
            if still_running and time.monotonic() >= deadline:
                for task in still_running:
                    _LOGGER.warning("Cancelling handler still running at shutdown: %s", task.get_name())
                    task.cancel()
                await asyncio.gather(*still_running, return_exceptions=True)
                return

    def _run(self, handler: Callable[[Any], object], event: object) -> None:
        try:
            result = handler(event)
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                task.set_name(f"{_name(handler)}({type(event).__name__})")
                self._tasks.add(task)
                task.add_done_callback(self._task_done)
        except Exception:
            _LOGGER.exception("Error running handler %s for %s", _name(handler), type(event).__name__)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            _LOGGER.error("Error running handler %s", task.get_name(), exc_info=error)


def _name(handler: Callable[..., object]) -> str:
    return getattr(handler, "__qualname__", repr(handler))
