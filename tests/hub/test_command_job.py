"""A command's job and what it wrote cross to the writer process and back as text (netbar.hub.command_job): each
must arrive as it left, down to what a command left out and what the hub added that the wire does not carry."""

import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

from netbar.domain.commands import RequestResult, Role, SaveStaffUser, SetItem
from netbar.domain.events import RequestChanged, RequestPlaced
from netbar.domain.requests import RequestState
from netbar.domain.staff import StaffRole
from netbar.hub.command_job import CommandJob, Written
from netbar.hub.principal import Principal
from netbar.store.repository import event_body
from tests.kiosk.test_pages import noodles

MANAGER = Principal(Role.STAFF, "li", StaffRole.MANAGER)
T = TypeVar("T")
NOW = datetime(2026, 11, 28, 20, 15, 30, 123456, tzinfo=UTC)


def _crossed(value: T) -> T:
    crossed: T = pickle.loads(pickle.dumps(value))
    return crossed


def test_a_job_arrives_with_what_its_command_left_out_still_left_out() -> None:
    toggle = CommandJob(MANAGER, "c1", SetItem(item_id="red-bull", available=False), None, NOW)
    crossed = _crossed(toggle)
    assert crossed == toggle
    assert isinstance(crossed.command, SetItem)
    assert not crossed.command.changes_stock  # a sold-out toggle must not set the stock to "unlimited"
    assert _crossed(
        CommandJob(MANAGER, "c2", SetItem(item_id="cola", available=True, stock=None), None, NOW)
    ).command.changes_stock


def test_a_job_arrives_with_the_password_hash_the_hub_made_and_its_times_and_who() -> None:
    save = SaveStaffUser(user="wang", staff_role=StaffRole.CASHIER, password="a long enough password")
    tapped = datetime(2026, 11, 28, 21, 0, tzinfo=timezone(timedelta(hours=8)))
    crossed = _crossed(CommandJob(MANAGER, "c3", save.with_password_hash("$argon2id$hash"), tapped, NOW))
    assert isinstance(crossed.command, SaveStaffUser)
    assert crossed.command.password_hash == "$argon2id$hash"
    assert (crossed.asked_at, crossed.now, crossed.who) == (tapped, NOW, MANAGER)
    assert crossed.now.tzinfo is UTC
    assert crossed.asked_at is not None
    assert crossed.asked_at.utcoffset() == timedelta(hours=8)


def test_what_a_command_wrote_arrives_with_each_events_seq() -> None:
    request = noodles(RequestState.PLACED)
    result = RequestResult(request=request)
    events = [RequestPlaced(seq=41, request=request), RequestChanged(seq=42, request=request)]
    written = Written(result.model_dump_json(), events, [event_body(event) for event in events])
    crossed = _crossed(written)
    assert crossed == written
    assert [event.seq for event in crossed.events] == [41, 42]
    assert [type(event) for event in crossed.events] == [RequestPlaced, RequestChanged]
