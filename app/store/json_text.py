"""JSON columns written from text already encoded.

SQLAlchemy encodes a JSON column's value with `json.dumps`; the hub's events and answers are pydantic models,
which encode themselves in Rust several times faster than `model_dump` and `json.dumps` together (a tenth of the
writer's time per command, issue 8's profile). A `JsonText` is stored as it is; anything else is encoded as
before. Every engine of `netbar.store.database` is made with `to_json` as its serializer.
"""

import json
from typing import Any


class JsonText(str):
    """A JSON document, already encoded."""


def to_json(value: Any) -> str:
    return value if isinstance(value, JsonText) else json.dumps(value)
