"""The lifecycle of DESIGN §1, and every transition outside it refused."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from netbar.domain.errors import CommandRejected
from netbar.domain.requests import (
    CLOCK_AHEAD,
    KEPT_AT_MOST,
    LIFECYCLE,
    Action,
    RequestKind,
    RequestState,
    believable_tap,
    next_state,
)

K, S, A = RequestKind, RequestState, Action

ALLOWED = {
    (K.FOOD, S.PLACED, A.ACCEPT): S.ACCEPTED,
    (K.FOOD, S.ACCEPTED, A.START_DELIVERY): S.DELIVERING,
    (K.FOOD, S.DELIVERING, A.COMPLETE): S.DONE,
    (K.FOOD, S.PLACED, A.CANCEL): S.CANCELLED,
    (K.FOOD, S.ACCEPTED, A.CANCEL): S.CANCELLED,
    (K.FOOD, S.DELIVERING, A.CANCEL): S.CANCELLED,
    (K.DRINK, S.PLACED, A.ACCEPT): S.ACCEPTED,
    (K.DRINK, S.ACCEPTED, A.START_DELIVERY): S.DELIVERING,
    (K.DRINK, S.DELIVERING, A.COMPLETE): S.DONE,
    (K.DRINK, S.PLACED, A.CANCEL): S.CANCELLED,
    (K.DRINK, S.ACCEPTED, A.CANCEL): S.CANCELLED,
    (K.DRINK, S.DELIVERING, A.CANCEL): S.CANCELLED,
    (K.RENEWAL, S.PLACED, A.COMPLETE): S.DONE,
    (K.RENEWAL, S.PLACED, A.CANCEL): S.CANCELLED,
    (K.CALL, S.PLACED, A.ACCEPT): S.ACCEPTED,
    (K.CALL, S.ACCEPTED, A.COMPLETE): S.DONE,
    (K.CALL, S.PLACED, A.CANCEL): S.CANCELLED,
    (K.CALL, S.ACCEPTED, A.CANCEL): S.CANCELLED,
    # A completed request is cancelled by a manager only (the handler checks who): a refund, time taken back.
    **{(kind, S.DONE, A.CANCEL): S.CANCELLED for kind in K},
}


def test_the_table_is_the_design() -> None:
    table = {
        (kind, state, action): target for kind, moves in LIFECYCLE.items() for (state, action), target in moves.items()
    }
    assert table == ALLOWED


@pytest.mark.parametrize(("kind", "state", "action"), list(itertools.product(K, S, A)))
def test_every_transition_is_allowed_or_refused_clearly(kind: K, state: S, action: A) -> None:
    expected = ALLOWED.get((kind, state, action))
    if expected is not None:
        assert next_state(kind, state, action) is expected
        return
    with pytest.raises(CommandRejected) as refused:
        next_state(kind, state, action)
    never = not any(act is action for (k, _, act) in ALLOWED if k is kind)
    assert refused.value.code == ("invalid" if never else "conflict")
    assert str(state) in refused.value.message or never


@pytest.mark.parametrize("kind", list(K))
def test_a_seat_cancels_only_while_placed(kind: K) -> None:
    assert next_state(kind, S.PLACED, A.CANCEL, by_seat=True) is S.CANCELLED
    for state in (S.ACCEPTED, S.DELIVERING, S.DONE, S.CANCELLED):
        with pytest.raises(CommandRejected):
            next_state(kind, state, A.CANCEL, by_seat=True)
    with pytest.raises(CommandRejected):
        next_state(kind, S.PLACED, A.COMPLETE, by_seat=True)


def test_finished_states_are_not_open() -> None:
    assert [state for state in S if state.is_open] == [S.PLACED, S.ACCEPTED, S.DELIVERING]


RECEIVED = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("asked_at", "believed"),
    [
        (None, None),  # an old kiosk, or a raw client: aged from when the hub received it
        (RECEIVED - timedelta(minutes=7), RECEIVED - timedelta(minutes=7)),  # kept in the outbox while away
        (RECEIVED - KEPT_AT_MOST, RECEIVED - KEPT_AT_MOST),
        (RECEIVED - KEPT_AT_MOST - timedelta(seconds=1), None),  # days in an outbox: a clock gone wrong
        (RECEIVED + timedelta(seconds=30), RECEIVED),  # a clock a little ahead: the tap was now
        (RECEIVED + CLOCK_AHEAD + timedelta(seconds=1), None),  # far ahead: not believed
    ],
)
def test_a_taps_time_is_kept_only_when_the_seats_clock_is_believable(
    asked_at: datetime | None, believed: datetime | None
) -> None:
    assert believable_tap(asked_at, RECEIVED) == believed
