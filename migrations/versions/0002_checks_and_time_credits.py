"""Amounts and quantities that can never go below zero (CHECK constraints), and time credits: the minutes staff
put on a seat at the counter, and those a renewal gives.

On SQLite a new CHECK constraint means rebuilding the table (batch mode): `requests`, `request_lines` and
`menu_items` are copied whole. Run it with `netbar db upgrade`, which backs the file up first, turns foreign keys off
for the rebuild (with them on, dropping the old `requests` would delete every request line) and checks every key
before it commits. A row that breaks one of the new rules stops the upgrade, naming it, before anything changes:
correcting money is the owner's decision, not a migration's.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 05:29:36.115478
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from netbar.store.migrate import MigrationError

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table: (the name the naming convention completes to ck_<table>_<name>, the rule)
CHECKS: dict[str, list[tuple[str, str]]] = {
    "requests": [("total_fen_not_negative", "total_fen >= 0")],
    "request_lines": [("qty_positive", "qty >= 1"), ("price_fen_not_negative", "price_fen >= 0")],
    "menu_items": [
        ("price_fen_not_negative", "price_fen >= 0"),
        ("stock_not_negative", "stock >= 0 OR stock IS NULL"),
    ],
}
_SHOWN = 5


def upgrade() -> None:
    """Upgrade schema."""
    refuse_rows_that_break_the_checks()
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, rule in checks:
                batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), rule)

    op.create_table(
        "time_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=80), nullable=True),
        sa.CheckConstraint("minutes >= 1", name=op.f("ck_time_credits_minutes_positive")),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"], name=op.f("fk_time_credits_request_id_requests")),
        sa.ForeignKeyConstraint(["seat_id"], ["seats.id"], name=op.f("fk_time_credits_seat_id_seats")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_credits")),
    )
    op.create_index(op.f("ix_time_credits_created_at"), "time_credits", ["created_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_time_credits_created_at"), table_name="time_credits")
    op.drop_table("time_credits")
    for table, checks in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(checks):
                batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")


def refuse_rows_that_break_the_checks() -> None:
    """Name the rows a new rule would refuse, rather than fail half-way through a copy with a bare CHECK error."""
    connection = op.get_bind()
    broken: list[str] = []
    for table, checks in CHECKS.items():
        for _, rule in checks:
            # The rules and table names are this file's own constants, never input.
            ids = connection.execute(sa.text(f"SELECT id FROM {table} WHERE NOT ({rule}) ORDER BY id")).scalars()
            broken += [f"{table} id {row_id} ({rule})" for row_id in ids]
    if broken:
        shown = ", ".join(broken[:_SHOWN]) + (f" and {len(broken) - _SHOWN} more" if len(broken) > _SHOWN else "")
        raise MigrationError(
            f"{len(broken)} row(s) break a rule revision 0002 adds: {shown}; correct them and upgrade again "
            "(nothing was changed)"
        )
