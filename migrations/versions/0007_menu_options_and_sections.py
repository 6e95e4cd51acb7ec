"""Menu options, sections and pictures.

`menu_items.options`: the item's option groups (spice, extras, ice) as JSON, priced by the hub;
`menu_items.section_zh/section_en`: the part of the menu it is shown in (noodles, rice; soft drinks, tea);
`menu_items.picture`: its picture's SHA-256. `request_lines.options`: the choices a line was ordered with, names
and prices copied. Every existing item has no options and no section, and every existing line was ordered
without options, so the defaults describe them exactly.

Columns with a default are added in place: no row is copied.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("menu_items", sa.Column("section_zh", sa.String(length=30), server_default="", nullable=False))
    op.add_column("menu_items", sa.Column("section_en", sa.String(length=30), server_default="", nullable=False))
    op.add_column("menu_items", sa.Column("picture", sa.String(length=64), nullable=True))
    op.add_column("menu_items", sa.Column("options", sa.JSON(), server_default="[]", nullable=False))
    op.add_column("request_lines", sa.Column("options", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("request_lines", schema=None) as batch_op:
        batch_op.drop_column("options")
    with op.batch_alter_table("menu_items", schema=None) as batch_op:
        for column in ("options", "picture", "section_en", "section_zh"):
            batch_op.drop_column(column)
