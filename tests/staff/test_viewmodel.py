"""What the staff window offers on a chosen request."""

from datetime import UTC, datetime

import pytest

from netbar.domain.requests import Action, RequestKind, RequestState, ServiceRequest
from netbar.staff.viewmodel import allowed_actions

NOW = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
ACCEPT, DELIVER, COMPLETE, CANCEL = Action.ACCEPT, Action.START_DELIVERY, Action.COMPLETE, Action.CANCEL


def request(kind: RequestKind, state: RequestState) -> ServiceRequest:
    return ServiceRequest(
        id=1, seat="A01", kind=kind, lines=(), note="", payment=None, total_fen=0, state=state,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "state", "offered"),
    [
        (RequestKind.FOOD, RequestState.PLACED, {ACCEPT, CANCEL}),
        (RequestKind.FOOD, RequestState.ACCEPTED, {DELIVER, CANCEL}),
        (RequestKind.DRINK, RequestState.DELIVERING, {COMPLETE, CANCEL}),
        (RequestKind.FOOD, RequestState.DONE, set()),
        (RequestKind.RENEWAL, RequestState.PLACED, {COMPLETE, CANCEL}),  # payment taken: the time is credited
        (RequestKind.CALL, RequestState.PLACED, {ACCEPT, CANCEL}),
        (RequestKind.CALL, RequestState.ACCEPTED, {COMPLETE, CANCEL}),  # nobody delivers a call
        (RequestKind.CALL, RequestState.CANCELLED, set()),
    ],
)
def test_staff_are_offered_only_what_the_lifecycle_allows(
    kind: RequestKind, state: RequestState, offered: set[Action]
) -> None:
    assert allowed_actions(request(kind, state)) == offered
