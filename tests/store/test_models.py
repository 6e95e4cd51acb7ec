"""The tables' own types: what they write is what SQLAlchemy's own would have written, and what they refuse."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from netbar.store.models import UtcDateTime

SQLITE = sqlite.dialect()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 28, 12, 0, tzinfo=UTC),  # no microseconds: still written with them
        datetime(2026, 11, 28, 12, 22, 12, 350041, tzinfo=UTC),
        datetime(999, 1, 2, 3, 4, 5, 7, tzinfo=UTC),
        datetime(2026, 3, 1, 0, 30, 0, 123, tzinfo=timezone(timedelta(hours=8))),  # Beijing: the day before in UTC
        datetime(2026, 3, 1, 0, 30, tzinfo=timezone(timedelta(0))),  # UTC, but not the UTC object
    ],
)
def test_a_time_is_written_to_sqlite_as_sqlalchemys_datetime_writes_it_in_utc(moment: datetime) -> None:
    ours = UtcDateTime().bind_processor(SQLITE)
    sqlalchemys = DateTime(timezone=True).dialect_impl(SQLITE).bind_processor(SQLITE)
    assert ours is not None
    assert sqlalchemys is not None
    assert ours(moment) == sqlalchemys(moment.astimezone(UTC))
    assert ours(None) is None


def test_a_naive_time_is_refused_on_sqlite_as_elsewhere() -> None:
    to_sqlite = UtcDateTime().bind_processor(SQLITE)
    assert to_sqlite is not None
    with pytest.raises(ValueError, match="naive datetime"):
        to_sqlite(datetime(2026, 11, 28, 12, 0))


def test_each_time_of_a_run_gets_its_own_text_when_the_last_one_is_remembered() -> None:
    ours = UtcDateTime().bind_processor(SQLITE)
    sqlalchemys = DateTime(timezone=True).dialect_impl(SQLITE).bind_processor(SQLITE)
    assert ours is not None
    assert sqlalchemys is not None
    now = datetime(2026, 11, 29, 12, 0, 0, 1, tzinfo=UTC)
    beijing = datetime(2026, 11, 29, 20, 0, 0, 1, tzinfo=timezone(timedelta(hours=8)))  # the same moment
    later = now + timedelta(microseconds=1)
    run = [now, now, later, None, now, beijing, beijing, later, later]
    assert [ours(moment) for moment in run] == [
        None if moment is None else sqlalchemys(moment.astimezone(UTC)) for moment in run
    ]
    with pytest.raises(ValueError, match="naive datetime"):
        ours(later.replace(tzinfo=None))  # the one just converted, without its zone
