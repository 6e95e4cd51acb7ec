"""A command as the writer runs it: the handler, its events into the log, and its answer kept under its id.

The writer may be a process of its own (netbar.store.writer_process): a job crosses to it pickled, and what it
wrote crosses back. Both cross as text. Pickle's own way with a pydantic model (its field dicts, attribute by
attribute) cost the hub ~100 µs a command each way and the writer ~80 µs (issue 8's profile), where the JSON the
writer makes anyway for the log and for `processed_commands` costs nothing more, and pydantic reads it in Rust.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netbar.domain.commands import AnyCommand, BaseCommand, Role
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import HubEvent
from netbar.domain.staff import StaffRole
from netbar.hub.handlers import handle
from netbar.hub.principal import Principal
from netbar.store.json_text import JsonText
from netbar.store.repository import Repository, event_body

# How a refusal is kept among the answers (`processed_commands.result`): no result has this key.
REFUSED = "refused"


@dataclass(frozen=True)
class Written:
    """What a command wrote: its result as the JSON kept under the command's id (the ack carries it as it is, so
    the hub never parses it), and its events (each with its `seq`) beside each one's body as the log keeps it
    (without `seq`)."""

    result_json: str
    events: list[HubEvent]
    event_bodies: list[str]

    def told(self) -> list[tuple[HubEvent, str]]:
        """Each event with its body."""
        return list(zip(self.events, self.event_bodies, strict=True))

    def __reduce__(self) -> tuple[Any, ...]:
        events = [(type(event), event.seq, body) for event, body in self.told()]
        return _written, (self.result_json, events)


def _written(result_json: str, events: list[tuple[type[HubEvent], int, str]]) -> Written:
    # A body is a JSON object without `seq`: it goes in first, as the log's id gives it to a replayed event.
    return Written(
        result_json=result_json,
        events=[kind.model_validate_json(f'{{"seq":{seq},{body[1:]}') for kind, seq, body in events],
        event_bodies=[body for _, _, body in events],
    )


@dataclass(frozen=True)
class CommandJob:
    """`command` from `who` under `command_id`, sent at `asked_at` by their clock, taken at `now` by the hub's."""

    who: Principal
    command_id: str
    command: AnyCommand
    asked_at: datetime | None
    now: datetime

    async def run(self, repo: Repository) -> Written:
        """What the command wrote; the first answer again if `command_id` was seen before."""
        who, command, now = self.who, self.command, self.now
        earlier = await repo.processed(self.command_id)
        if earlier is not None:
            if earlier.principal != who.label or earlier.name != command.name:
                raise CommandRejected(ErrorCode.CONFLICT, f"command id {self.command_id} was used for another command")
            if (refusal := earlier.result.get(REFUSED)) is not None:
                raise CommandRejected(refusal["code"], refusal["message"])
            return Written(command.result_type.model_validate(earlier.result).model_dump_json(), [], [])
        outcome = await handle(repo, who, command, now, self.asked_at)
        bodies = [event_body(event) for event in outcome.events]
        logged = [
            await repo.log_event(event, actor=who.label, now=now, body=body)
            for event, body in zip(outcome.events, bodies, strict=True)
        ]
        answer = outcome.result.model_dump_json()
        kept = JsonText(answer)
        await repo.record_processed(self.command_id, principal=who.label, name=command.name, result=kept, now=now)
        return Written(answer, logged, list(bodies))

    async def remember_refusal(self, repo: Repository, error: Exception) -> None:
        """A refusal is an answer too: the same command_id sent again gets it again, and nothing runs twice. (A
        failure of the hub's own is not: the command is sent again and may then succeed.)"""
        if isinstance(error, CommandRejected) and await repo.processed(self.command_id) is None:
            refusal = {REFUSED: {"code": error.code.value, "message": error.message}}
            name, now = self.command.name, self.now
            await repo.record_processed(self.command_id, principal=self.who.label, name=name, result=refusal, now=now)

    def __reduce__(self) -> tuple[Any, ...]:
        who, command = self.who, self.command
        return _job, (
            who.role.value,
            who.name,
            None if who.staff_role is None else who.staff_role.value,
            self.command_id,
            type(command),
            command.model_dump_json(exclude_unset=True),  # what was left out stays so (`SetItem.changes_stock`)
            command.__pydantic_private__,  # what the hub added that the wire does not carry: a password's hash
            None if self.asked_at is None else self.asked_at.isoformat(),
            self.now.isoformat(),
        )


def _job(
    role: str,
    name: str,
    staff_role: str | None,
    command_id: str,
    command_type: type[BaseCommand],
    command_json: str,
    private: dict[str, Any] | None,
    asked_at: str | None,
    now: str,
) -> CommandJob:
    command: Any = command_type.model_validate_json(command_json)
    for attribute, value in (private or {}).items():
        setattr(command, attribute, value)
    return CommandJob(
        Principal(Role(role), name, None if staff_role is None else StaffRole(staff_role)),
        command_id,
        command,
        None if asked_at is None else datetime.fromisoformat(asked_at),
        datetime.fromisoformat(now),
    )
