"""Errors a client can cause: expected values with a code from the wire contract, never stack traces."""

from collections.abc import Callable
from enum import StrEnum

from pydantic import ValidationError


class ErrorCode(StrEnum):
    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    SOLD_OUT = "sold_out"
    TOO_LARGE = "too_large"
    TOO_MANY = "too_many"
    # Not the client's fault: a bug in the hub, logged there; nothing was written.
    INTERNAL = "internal"
    # The hub has more than it can take just now: nothing was written; come back after `retry_after_ms`.
    BUSY = "busy"
    # Nothing was written: the hub cannot reach its database (locked, disk full, read-only: the message says), or,
    # said by a link, the hub is out of reach and the command was not sent. Kept and sent again later.
    UNAVAILABLE = "unavailable"


class CommandRejected(Exception):
    """A command (or a frame) the hub refuses; nothing was written."""

    def __init__(self, code: ErrorCode | str, message: str, *, retry_after_ms: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = ErrorCode(code)
        self.message = message
        self.retry_after_ms = retry_after_ms

    def __reduce__(self) -> tuple[type["CommandRejected"], tuple[ErrorCode, str], dict[str, int | None]]:
        # As it was made, not from its one-line text: it crosses from the writer process (netbar.store.writer_process).
        return type(self), (self.code, self.message), {"retry_after_ms": self.retry_after_ms}


Location = tuple[int | str, ...]


def invalid(error: ValidationError, what: str = "", locate: Callable[[Location], Location] = tuple) -> CommandRejected:
    """One readable line from pydantic's errors: where each problem is (as `locate` tells it) and what it is."""
    problems = []
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in locate(detail["loc"]))
        problems.append(f"{where}: {detail['msg']}" if where else detail["msg"])
    prefix = f"{what}: " if what else ""
    return CommandRejected(ErrorCode.INVALID, prefix + "; ".join(problems))
