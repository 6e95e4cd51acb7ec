"""A command as the writer runs it: the handler, its events into the log, and its answer kept under its id.

Module functions given their arguments (`functools.partial`), not closures: the writer may be a process of its own
(netbar.store.writer_process), and a job crosses to it pickled. `now` is the hub's clock as the command was taken.
"""

from datetime import datetime

from netbar.domain.commands import AnyCommand, Result
from netbar.domain.errors import CommandRejected, ErrorCode
from netbar.domain.events import HubEvent
from netbar.hub.handlers import handle
from netbar.hub.principal import Principal
from netbar.store.json_text import JsonText
from netbar.store.repository import Repository

# How a refusal is kept among the answers (`processed_commands.result`): no result has this key.
REFUSED = "refused"


async def run_command(
    who: Principal, command_id: str, command: AnyCommand, asked_at: datetime | None, now: datetime, repo: Repository
) -> tuple[Result, list[HubEvent]]:
    """The command's result and the events it logged; the first answer again if `command_id` was seen before."""
    earlier = await repo.processed(command_id)
    if earlier is not None:
        if earlier.principal != who.label or earlier.name != command.name:
            raise CommandRejected(ErrorCode.CONFLICT, f"command id {command_id} was used for another command")
        if (refusal := earlier.result.get(REFUSED)) is not None:
            raise CommandRejected(refusal["code"], refusal["message"])
        return command.result_type.model_validate(earlier.result), []
    outcome = await handle(repo, who, command, now, asked_at)
    logged = [await repo.log_event(event, actor=who.label, now=now) for event in outcome.events]
    result = JsonText(outcome.result.model_dump_json())
    await repo.record_processed(command_id, principal=who.label, name=command.name, result=result, now=now)
    return outcome.result, logged


async def remember_refusal(
    who: Principal, command_id: str, name: str, now: datetime, repo: Repository, error: Exception
) -> None:
    """A refusal is an answer too: the same command_id sent again gets it again, and nothing runs twice. (A
    failure of the hub's own is not: the command is sent again and may then succeed.)"""
    if isinstance(error, CommandRejected) and await repo.processed(command_id) is None:
        refusal = {REFUSED: {"code": error.code.value, "message": error.message}}
        await repo.record_processed(command_id, principal=who.label, name=name, result=refusal, now=now)
