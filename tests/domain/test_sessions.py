"""Seat sessions: opened with prepaid minutes, extended by renewals, counted down, never negative."""

from datetime import UTC, datetime, timedelta

from netbar.domain.sessions import SeatSession, SeatStatus, credit_time

NOW = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def test_open_and_count_down() -> None:
    session = SeatSession.open(90, NOW)
    assert session.remaining_minutes(NOW) == 90
    assert session.remaining_seconds(NOW + timedelta(minutes=30, seconds=1)) == 60 * 60 - 1
    assert session.remaining_minutes(NOW + timedelta(minutes=30, seconds=1)) == 60  # a started minute counts
    assert session.remaining_seconds(NOW + timedelta(hours=3)) == 0
    assert not session.is_running(NOW + timedelta(minutes=90))


def test_added_time_extends_a_running_session() -> None:
    session = SeatSession.open(30, NOW).with_time_added(60, NOW + timedelta(minutes=10))
    assert session.ends_at == NOW + timedelta(minutes=90)
    assert session.started_at == NOW


def test_time_bought_after_running_out_counts_from_now() -> None:
    later = NOW + timedelta(hours=2)
    assert SeatSession.open(30, NOW).with_time_added(60, later).ends_at == later + timedelta(minutes=60)
    renewed = credit_time(SeatSession.open(30, NOW), 60, later)
    assert (renewed.started_at, renewed.ends_at) == (later, later + timedelta(minutes=60))


def test_a_renewal_without_a_session_starts_one() -> None:
    assert credit_time(None, 180, NOW) == SeatSession(NOW, NOW + timedelta(minutes=180))


def test_status_for_the_wire() -> None:
    status = SeatStatus.of("A01", SeatSession.open(10, NOW), NOW + timedelta(minutes=4))
    assert status.remaining_seconds == 6 * 60
    assert SeatStatus.of("A02", None, NOW).remaining_seconds == 0


def test_time_left_is_read_from_when_the_session_ends() -> None:
    running = SeatStatus(seat="A01", started_at=NOW, ends_at=NOW + timedelta(minutes=90), remaining_seconds=5400)
    assert running.seconds_left(NOW + timedelta(minutes=30)) == 3600  # however long ago the hub said 5400
    assert running.seconds_left(NOW + timedelta(hours=2)) == 0
    assert SeatStatus(seat="A02").seconds_left(NOW) == 0
