"""Cashiers' shifts: `shifts`, and the price of time put on a seat at the counter (`time_credits.price_fen`).

A shift is opened with a float and closed with the cash counted; at close the hub records what it expected and
the summary. Counter time carried no money before: credits made before this revision keep `price_fen` NULL (no
shift was open then to count them in). `time_credits.undone_at` is indexed: a shift counts the credits undone
in its time. time_credits is rebuilt (batch mode) to carry the new CHECK; no table refers to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CLOSED_WITH_COUNT = (
    "closed_at IS NULL OR (closed_by IS NOT NULL AND counted_fen IS NOT NULL AND expected_fen IS NOT NULL "
    "AND summary IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("float_fen", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counted_fen", sa.Integer(), nullable=True),
        sa.Column("expected_fen", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.CheckConstraint("float_fen >= 0", name=op.f("ck_shifts_float_fen_not_negative")),
        sa.CheckConstraint("counted_fen >= 0 OR counted_fen IS NULL", name=op.f("ck_shifts_counted_fen_not_negative")),
        sa.CheckConstraint(_CLOSED_WITH_COUNT, name=op.f("ck_shifts_closed_with_count")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
    )
    with op.batch_alter_table("time_credits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_fen", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_time_credits_price_fen_not_negative"), "price_fen >= 0 OR price_fen IS NULL"
        )
        batch_op.create_index(batch_op.f("ix_time_credits_undone_at"), ["undone_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("time_credits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_credits_undone_at"))
        batch_op.drop_constraint(op.f("ck_time_credits_price_fen_not_negative"), type_="check")
        batch_op.drop_column("price_fen")
    op.drop_table("shifts")
