"""When the customer tapped: `requests.tapped_at`, by the seat's clock where the hub believes it (NULL: aged from
`created_at`, when the hub received it, as before). An order kept in a kiosk's outbox while the hub was away is
then aged from the tap, not from when it finally arrived.

A nullable column is added in place: no row is copied.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("requests", sa.Column("tapped_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("tapped_at")
