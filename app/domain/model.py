"""The base for every message model: frozen, and an unknown field is an error, not ignored."""

from pydantic import BaseModel, ConfigDict


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
