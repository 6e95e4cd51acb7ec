"""Group commit: what arrives while a batch is written joins the next one, each command in a savepoint of its
own. A refused command inside a batch writes only its refusal and does not disturb its neighbours; `seq` stays gap-free
and in commit order; every answer comes after the commit."""

import asyncio

from sqlalchemy import func, select

from netbar.domain.requests import RequestKind
from netbar.store.models import EventLogRow, ProcessedCommand, RequestRow
from tests.support.commands import order
from tests.support.hub import RunningHub
from tests.support.wire import RawClient

GOOD = order(RequestKind.DRINK, ("cola", 1))
UNKNOWN = order(RequestKind.DRINK, ("caviar", 1))  # not_found
SOLD_OUT = order(RequestKind.FOOD, ("chips", 1))  # switched off below: sold_out


async def counts(hub: RunningHub) -> tuple[int, int, int]:
    async with hub.db.read() as repo:
        return tuple(  # type: ignore[return-value]
            [
                await repo.connection.scalar(select(func.count()).select_from(table)) or 0
                for table in (RequestRow, EventLogRow, ProcessedCommand)
            ]
        )


async def test_a_refused_command_in_a_batch_writes_only_its_refusal_and_its_neighbours_land(
    hub: RunningHub,
) -> None:
    commands = [GOOD, UNKNOWN, GOOD, SOLD_OUT, GOOD, UNKNOWN] * 3
    kiosks = [await hub.raw_kiosk(("A01", "A02", "A03")[number % 3]) for number in range(len(commands))]
    staff = await RawClient.connect(hub.url)
    await staff.hello(role="staff", user="li", password="counter-pass")
    assert (await staff.command("set_item", {"item_id": "chips", "available": False}))["type"] == "ack"
    (switched_off,) = staff.events
    before = await counts(hub)
    async with hub.writer_held():  # everything sent meanwhile waits for, and then goes in, one batch
        sent = [
            asyncio.create_task(kiosk.command(command.name, command.body()))
            for kiosk, command in zip(kiosks, commands, strict=True)
        ]
        await asyncio.sleep(0.3)
        assert not any(task.done() for task in sent)  # no answer before the commit
    answers = await asyncio.gather(*sent)
    codes = [answer.get("code", answer["type"]) for answer in answers]
    assert codes == ["ack", "not_found", "ack", "sold_out", "ack", "not_found"] * 3
    placed = codes.count("ack")
    requests, events, processed = await counts(hub)
    # Every command has its answer kept, a refusal too; only the placed ones made requests and events.
    assert (requests, events, processed) == (before[0] + placed, before[1] + placed, before[2] + len(commands))
    # Staff heard exactly the placed ones, gap-free, in commit order, after the welcome.
    seqs = [(await staff.recv())["seq"] for _ in range(placed)]
    assert seqs == list(range(switched_off["seq"] + 1, switched_off["seq"] + 1 + placed))
    ids = sorted(answer["result"]["request"]["id"] for answer in answers if answer["type"] == "ack")
    assert ids == list(range(ids[0], ids[0] + placed))
    for client in [*kiosks, staff]:
        await client.close()


async def test_the_same_command_twice_in_one_batch_is_taken_once(hub: RunningHub) -> None:
    kiosk = await hub.raw_kiosk("A01")
    again = await hub.raw_kiosk("A01")  # the same kiosk, reconnected, sending its outbox again
    command_id = "6f1c2b8e-0000-4000-8000-0000000000aa"
    before = await counts(hub)
    async with hub.writer_held():
        first = asyncio.create_task(kiosk.command(GOOD.name, GOOD.body(), command_id))
        second = asyncio.create_task(again.command(GOOD.name, GOOD.body(), command_id))
        await asyncio.sleep(0.2)
    answers = await asyncio.gather(first, second)
    assert answers[0]["result"] == answers[1]["result"]
    assert (await counts(hub))[0] == before[0] + 1
    await kiosk.close()
    await again.close()
