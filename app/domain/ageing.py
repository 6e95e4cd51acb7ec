"""How long a request may wait before staff are warned: per kind, minutes to amber and to red (DESIGN §3b). Set in
the hub's config (`[hub.limits]`, e.g. `food = [10, 20]`) and sent to staff windows in the welcome."""

from datetime import timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt

from netbar.domain.model import Message
from netbar.domain.requests import RequestKind

_Minutes = Annotated[StrictInt, Field(ge=1, le=24 * 60)]


def _amber_before_red(limit: tuple[int, int]) -> tuple[int, int]:
    amber, red = limit
    if amber >= red:
        raise ValueError(f"amber ({amber} min) must come before red ({red} min)")
    return limit


AgeLimit = Annotated[tuple[_Minutes, _Minutes], AfterValidator(_amber_before_red)]


class Urgency(StrEnum):
    FRESH = "fresh"
    AMBER = "amber"  # waiting longer than it should
    RED = "red"  # waiting far too long


class AgeLimits(Message):
    """[amber, red] minutes per kind: a call needs someone soon, a meal takes cooking."""

    renewal: AgeLimit = (3, 6)
    food: AgeLimit = (10, 20)
    drink: AgeLimit = (5, 10)
    call: AgeLimit = (2, 5)

    def urgency(self, kind: RequestKind, waited: timedelta) -> Urgency:
        amber, red = getattr(self, kind.value)
        if waited >= timedelta(minutes=red):
            return Urgency.RED
        if waited >= timedelta(minutes=amber):
            return Urgency.AMBER
        return Urgency.FRESH
