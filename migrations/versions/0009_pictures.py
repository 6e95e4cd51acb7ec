"""Menu pictures: `pictures`, each picture once by the SHA-256 of its bytes (`menu_items.picture`, from 0007,
names it), with its media type, for kiosks to fetch. A new table: no row is copied, and none exists before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pictures",
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha", name=op.f("pk_pictures")),
    )


def downgrade() -> None:
    op.drop_table("pictures")
