"""Turns for clients sent away: each its own, after every turn already given, at the rate given."""

import pytest

from netbar.hub.admission import Turns


def test_clients_sent_away_together_get_turns_one_after_another() -> None:
    turns = Turns()
    given = [turns.take(100.0, 10, soonest=0.2, latest=30) for _ in range(4)]
    assert given == pytest.approx([0.2, 0.3, 0.4, 0.5])


def test_a_turn_is_never_sooner_than_asked_nor_later_than_the_latest() -> None:
    turns = Turns()
    turns.take(100.0, 10, soonest=0.2, latest=30)
    assert turns.take(200.0, 10, soonest=0.2, latest=30) == pytest.approx(0.2)  # the turns given are long past
    assert turns.take(200.0, 10, soonest=5, latest=30) == pytest.approx(5)  # after the queue ahead drains
    assert max(turns.take(200.0, 10, soonest=0.2, latest=30) for _ in range(1000)) == pytest.approx(30)
