"""A report's period: whole business days in the venue's time zone, each starting at the hub's `day_starts_at` (a
café's night belongs to the evening before it)."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ReportError(Exception):
    """What the person asking for a report can put right: one line, and nothing is written."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # included
    day_starts_at: time
    zone: tzinfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ReportError(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def start(self) -> datetime:
        """The first business day's start, in UTC."""
        return self._day_start(self.first)

    @property
    def end(self) -> datetime:
        """The day after the last's start, in UTC: the period is [start, end)."""
        return self._day_start(self.last + timedelta(days=1))

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def day_offset(self) -> timedelta:
        """What a local time is moved back by to fall on its business day."""
        return timedelta(hours=self.day_starts_at.hour, minutes=self.day_starts_at.minute)

    def describe(self) -> str:
        return f"{self.first} to {self.last} (days from {self.day_starts_at:%H:%M})"

    def _day_start(self, day: date) -> datetime:
        return datetime.combine(day, self.day_starts_at, tzinfo=self.zone).astimezone(UTC)


def venue_zone(name: str | None) -> tzinfo:
    """The zone named in the hub's settings (`time_zone`), else the hub PC's own: `TZ`, then /etc/localtime's name,
    then whatever offset the system reports now."""
    for candidate in (name, os.environ.get("TZ"), _localtime_name()):
        if candidate:
            try:
                return ZoneInfo(candidate.removeprefix(":"))
            except (ZoneInfoNotFoundError, ValueError):
                if candidate is name:
                    raise ReportError(f"{name!r} is not a time zone (an IANA name, e.g. Asia/Shanghai)") from None
    return datetime.now().astimezone().tzinfo or UTC


def _localtime_name() -> str | None:
    link = Path("/etc/localtime")
    if not link.is_symlink():
        return None
    target = str(link.resolve())
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None
