"""Indexes for resuming and for retention: menu changes by `(name, id)`, so a kiosk far behind reads its seat's
events and the menu's through an index each instead of walking the log; `created_at` on the event log and on
processed commands, so pruning past the retention window reads only what it deletes.

Creating an index rebuilds nothing: no row is copied.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 06:00:00
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_log_name_id", "event_log", ["name", "id"], unique=False)
    op.create_index(op.f("ix_event_log_created_at"), "event_log", ["created_at"], unique=False)
    op.create_index(op.f("ix_processed_commands_created_at"), "processed_commands", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_processed_commands_created_at"), table_name="processed_commands")
    op.drop_index(op.f("ix_event_log_created_at"), table_name="event_log")
    op.drop_index("ix_event_log_name_id", table_name="event_log")
