"""64-bit integers on PostgreSQL: ids up to 2**63-1 and totals of billions of fen; a command's name up to 32.

SQLite's INTEGER is 64-bit already, so there the integers stay as they are. On PostgreSQL every INTEGER column of
the hub's tables becomes BIGINT, and the sequences behind the ids with it. `processed_commands.name` was 20
characters, which SQLite never checked and PostgreSQL refuses for `set_staff_user_enabled`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _integer_columns(data_type: str) -> list[tuple[str, str]]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type = :type AND table_name <> 'alembic_version'"
            " ORDER BY table_name, column_name"
        ),
        {"type": data_type},
    )
    return [(row.table_name, row.column_name) for row in rows]


def _retype(before: str, after: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _integer_columns(before):
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {after}')
        where = {"table": table, "column": column}
        sequence = op.get_bind().scalar(sa.text("SELECT pg_get_serial_sequence(:table, :column)"), where)
        if sequence is not None:
            op.execute(f"ALTER SEQUENCE {sequence} AS {after}")


def _command_name(length: int) -> None:
    with op.batch_alter_table("processed_commands") as batch:
        batch.alter_column("name", type_=sa.String(length=length), existing_nullable=False)


def upgrade() -> None:
    _retype("integer", "BIGINT")
    _command_name(32)


def downgrade() -> None:
    _command_name(20)
    _retype("bigint", "INTEGER")
