"""The event dispatcher: typed publish/subscribe by event class."""

from app.bus.bus import EventBus, Unsubscribe

__all__ = ["EventBus", "Unsubscribe"]
