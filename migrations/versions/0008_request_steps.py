"""Each step a request took: `request_steps` (request, the state it came to, who, when).

Service times (tap to accepted, to delivered, to done, per staff member) are measured from these rows; the event
log holds the same moments but is pruned past the retention window. Steps taken before this revision are filled
in from whatever of the event log is still there (`request_changed` events: the first time each request came to
each state, by the event's actor); older ones stay unknown, and reports count only what is known.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 13:50:00
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000
_STEP_STATES = {"accepted", "delivering", "done", "cancelled"}


def upgrade() -> None:
    steps = op.create_table(
        "request_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_request_steps_request_id_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_steps")),
    )
    op.create_index(op.f("ix_request_steps_request_id"), "request_steps", ["request_id"], unique=False)
    op.create_index(op.f("ix_request_steps_at"), "request_steps", ["at"], unique=False)
    _steps_from_the_event_log(steps)


def _steps_from_the_event_log(steps: sa.Table) -> None:
    connection = op.get_bind()
    events = sa.table(
        "event_log", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("actor", sa.String),
        sa.column("body", sa.JSON),
    )  # fmt: skip
    known = {request_id for (request_id,) in connection.execute(sa.text("SELECT id FROM requests"))}
    seen: set[tuple[int, str]] = set()
    batch: list[dict[str, Any]] = []
    rows = connection.execute(
        sa.select(events.c.actor, events.c.body).where(events.c.name == "request_changed").order_by(events.c.id)
    )
    for actor, body in rows:
        request = (json.loads(body) if isinstance(body, str) else body).get("request", {})
        key = (request.get("id"), request.get("state"))
        if key[0] not in known or key[1] not in _STEP_STATES or key in seen:
            continue  # a request pruned since, a repeated call (its state unchanged), or a step already taken
        seen.add(key)
        at = datetime.fromisoformat(request["updated_at"]).astimezone(UTC)
        batch.append({"request_id": key[0], "state": key[1], "actor": actor, "at": at})
        if len(batch) >= _BATCH:
            op.bulk_insert(steps, batch)
            batch = []
    if batch:
        op.bulk_insert(steps, batch)


def downgrade() -> None:
    op.drop_index(op.f("ix_request_steps_at"), table_name="request_steps")
    op.drop_index(op.f("ix_request_steps_request_id"), table_name="request_steps")
    op.drop_table("request_steps")
