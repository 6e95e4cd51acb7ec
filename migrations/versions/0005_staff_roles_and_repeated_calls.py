"""Staff roles, and repeated calls counted.

`staff_users.role`: `cashier` or `manager` (DESIGN §3a). Every user there already could do everything, so each
becomes a manager: nobody loses what they could do by upgrading, and the owner decides who becomes a cashier.
`requests.calls`: how many times the seat pressed "call staff" while the call was open (1 for every other request).

Nullable-free columns with a default are added in place: no row is copied.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("staff_users", sa.Column("role", sa.String(length=16), server_default="manager", nullable=False))
    op.add_column("requests", sa.Column("calls", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("calls")
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("role")
