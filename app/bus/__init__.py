"""The event dispatcher: typed publish/subscribe by event class."""

from netbar.bus.bus import EventBus, Unsubscribe

__all__ = ["EventBus", "Unsubscribe"]
