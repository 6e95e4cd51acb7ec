"""Errors a client can cause: expected values with a code from the wire contract, never stack traces."""

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


class CommandRejected(Exception):
    """A command (or a frame) the hub refuses; nothing was written."""

    def __init__(self, code: ErrorCode | str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = ErrorCode(code)
        self.message = message


def invalid(error: ValidationError, what: str = "") -> CommandRejected:
    """One readable line from pydantic's errors: where each problem is and what it is."""
    problems = []
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in detail["loc"])
        problems.append(f"{where}: {detail['msg']}" if where else detail["msg"])
    prefix = f"{what}: " if what else ""
    return CommandRejected(ErrorCode.INVALID, prefix + "; ".join(problems))
