"""Seat sessions: prepaid time that staff open and renewals extend; the kiosk only ever counts it down."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from netbar.domain.model import Message


@dataclass(frozen=True)
class SeatSession:
    started_at: datetime
    ends_at: datetime

    @classmethod
    def open(cls, minutes: int, now: datetime) -> "SeatSession":
        return cls(started_at=now, ends_at=now + timedelta(minutes=minutes))

    def remaining_seconds(self, now: datetime) -> int:
        return _seconds_until(self.ends_at, now)

    def remaining_minutes(self, now: datetime) -> int:
        return math.ceil(self.remaining_seconds(now) / 60)

    def is_running(self, now: datetime) -> bool:
        return self.ends_at > now

    def with_time_added(self, minutes: int, now: datetime) -> "SeatSession":
        """Time bought after the session ran out counts from now, not from when it ran out."""
        return SeatSession(self.started_at, max(self.ends_at, now) + timedelta(minutes=minutes))

    def with_time_taken(self, minutes: int, now: datetime) -> "SeatSession":
        """A credit undone: its minutes come off the end, but time already sat cannot be taken back."""
        return SeatSession(self.started_at, max(self.ends_at - timedelta(minutes=minutes), now))


def credit_time(session: SeatSession | None, minutes: int, now: datetime) -> SeatSession:
    """A renewal paid at a seat with no session starts one: the customer has paid for the time."""
    if session is None or not session.is_running(now):
        return SeatSession.open(minutes, now)
    return session.with_time_added(minutes, now)


class TimeCredit(Message):
    """Minutes put on a seat: at the counter (`request_id` None, which staff may undo) or by a completed renewal."""

    id: int
    seat: str
    minutes: int
    actor: str
    created_at: datetime
    request_id: int | None = None
    # What time put on at the counter was charged (the menu's package of that length), for the shift's cash;
    # None for a renewal's credit (the renewal has the price) or a length the menu did not price.
    price_fen: int | None = None
    undone_at: datetime | None = None
    undone_by: str | None = None

    @property
    def undoable(self) -> bool:
        return self.request_id is None and self.undone_at is None


class SeatStatus(Message):
    """A seat and its session as the wire carries them; `remaining_seconds` is as of when the hub sent it."""

    seat: str
    started_at: datetime | None = None
    ends_at: datetime | None = None
    remaining_seconds: int = 0

    def seconds_left(self, now: datetime) -> int:
        """By the clock of whoever asks, from `ends_at`: a status read a while after it was sent is still right."""
        return 0 if self.ends_at is None else _seconds_until(self.ends_at, now)

    @classmethod
    def of(cls, seat: str, session: SeatSession | None, now: datetime) -> "SeatStatus":
        if session is None:
            return cls(seat=seat)
        return cls(
            seat=seat,
            started_at=session.started_at,
            ends_at=session.ends_at,
            remaining_seconds=session.remaining_seconds(now),
        )


def _seconds_until(end: datetime, now: datetime) -> int:
    return max(0, math.ceil((end - now).total_seconds()))
