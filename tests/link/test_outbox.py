"""A kiosk's command is committed to its outbox first and leaves it only when the hub has answered."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from netbar.bus import EventBus
from netbar.domain.commands import CancelRequest
from netbar.domain.errors import CommandRejected
from netbar.domain.requests import RequestKind
from netbar.hub import handlers
from netbar.link.events import CommandAnswered, CommandDeferred, Disconnected, MenuRemembered
from netbar.link.link import HubLink
from netbar.link.outbox import Outbox
from netbar.store.models import RequestRow
from netbar.wire.frames import KioskHello, command_frame
from tests.support.commands import DRINK, order, request_of
from tests.support.hub import RunningHub
from tests.support.recorder import Recorder

FIRST_ID = "6f1c2b8e-0000-4000-8000-000000000001"
SECOND_ID = "6f1c2b8e-0000-4000-8000-000000000002"


async def request_count(hub: RunningHub) -> int:
    async with hub.db.read() as repo:
        return await repo.connection.scalar(select(func.count()).select_from(RequestRow)) or 0


async def test_the_outbox_keeps_commands_across_reopening(tmp_path: Path) -> None:
    outbox = await Outbox.open(tmp_path / "outbox.db")
    await outbox.add(command_frame(DRINK, FIRST_ID))
    await outbox.add(command_frame(CancelRequest(request_id=4), SECOND_ID))
    await outbox.add(command_frame(DRINK, FIRST_ID))  # the same command again is one command
    await outbox.close()

    reopened = await Outbox.open(tmp_path / "outbox.db")
    assert [frame.command_id for frame in await reopened.pending()] == [FIRST_ID, SECOND_ID]
    assert [frame.command for frame in await reopened.pending()] == [DRINK, CancelRequest(request_id=4)]
    await reopened.remove(FIRST_ID)
    assert [frame.command_id for frame in await reopened.pending()] == [SECOND_ID]
    await reopened.close()


async def test_a_command_waits_in_the_outbox_while_the_hub_is_down(hub: RunningHub, tmp_path: Path) -> None:
    kiosk = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    downs = Recorder(kiosk.bus, Disconnected)
    await hub.hub.stop()
    await downs.wait_count(1)

    sending = asyncio.create_task(kiosk.call(DRINK))
    await asyncio.sleep(0.3)
    assert not sending.done()
    assert [frame.command for frame in kiosk.pending()] == [DRINK]

    await hub.start_again()
    placed = request_of(await asyncio.wait_for(sending, 10))
    assert placed.note == "少冰"
    assert await request_count(hub) == 1
    assert kiosk.pending() == []
    assert kiosk.outbox is not None
    assert await kiosk.outbox.pending() == []


async def test_a_restarted_kiosk_sends_what_its_outbox_holds(hub: RunningHub, tmp_path: Path) -> None:
    first = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    await hub.hub.stop()
    sending = asyncio.create_task(first.call(DRINK))
    await asyncio.sleep(0.3)
    sending.cancel()
    await first.close()  # the kiosk is switched off with the command unsent

    await hub.start_again()
    restarted = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    answered = Recorder(restarted.bus, CommandAnswered)
    events = await answered.wait_count(1)
    assert events[0].result is not None
    assert request_of(events[0].result).kind == "drink"
    assert await request_count(hub) == 1


async def test_a_refused_command_leaves_the_outbox_with_its_error(hub: RunningHub, tmp_path: Path) -> None:
    kiosk = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    with pytest.raises(CommandRejected) as refused:
        await kiosk.call(order(RequestKind.DRINK, ("caviar", 1)))
    assert refused.value.code == "not_found"
    assert kiosk.outbox is not None
    assert await kiosk.outbox.pending() == []


@pytest.mark.logs_errors  # the hub logs the failure's trace
async def test_a_command_the_hub_failed_on_stays_and_goes_again(
    hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = handlers.place_request
    failures = [RuntimeError("database is locked")]

    async def failing_once(*args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return await place(*args, **kwargs)

    monkeypatch.setattr(handlers, "place_request", failing_once)
    kiosk = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    placed = request_of(await asyncio.wait_for(kiosk.call(DRINK), 10))
    assert not failures  # it did fail once, answered `internal`
    assert placed.note == "少冰"
    assert await request_count(hub) == 1
    assert kiosk.outbox is not None
    assert await kiosk.outbox.pending() == []


@pytest.mark.logs_errors  # the hub logs each failure's trace
async def test_a_command_the_hub_keeps_failing_on_is_never_given_up(
    hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = handlers.place_request
    failures = [RuntimeError("a bug") for _ in range(8)]  # more than any "try a few times" would allow

    async def failing_for_a_while(*args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return await place(*args, **kwargs)

    monkeypatch.setattr(handlers, "place_request", failing_for_a_while)
    kiosk = await hub.kiosk("A01", outbox=tmp_path / "outbox.db")
    deferred = Recorder(kiosk.bus, CommandDeferred)
    placed = request_of(await asyncio.wait_for(kiosk.call(DRINK), 20))
    assert not failures
    assert len(deferred.events) == 8  # the kiosk heard "not yet" each time, never "refused"
    assert placed.note == "少冰"
    assert await request_count(hub) == 1
    assert kiosk.outbox is not None
    assert await kiosk.outbox.pending() == []


async def test_the_menu_of_the_last_welcome_is_kept_for_a_start_without_the_hub(
    hub: RunningHub, tmp_path: Path
) -> None:
    path = tmp_path / "outbox-A01.db"
    link = await hub.kiosk("A01", outbox=path)
    await link.close()
    hub.links.remove(link)
    await hub.hub.stop()

    bus = EventBus()
    remembered = Recorder(bus, MenuRemembered)
    box = await Outbox.open(path)
    later = HubLink(hub.url, KioskHello(seat="A01", token=hub.tokens["A01"]), bus, box, max_backoff=0.05)
    await later.start()
    try:
        (kept,) = await remembered.wait_count(1)
        assert "noodles-beef" in {item.id for item in kept.menu}
    finally:
        await later.close()
        await hub.start_again()  # for the fixture to stop


async def test_an_outbox_with_no_menu_kept_says_none(tmp_path: Path) -> None:
    box = await Outbox.open(tmp_path / "outbox.db")
    assert await box.kept_menu() is None
    await box.close()
