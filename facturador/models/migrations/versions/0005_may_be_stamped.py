"""documento.may_be_stamped: a send of these sealed bytes may have reached a PAC.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table: on SQLite that would drop and rebuild
    # documento, and the audit entries would go with it through ON DELETE CASCADE).
    op.add_column(
        "documento",
        sa.Column("may_be_stamped", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Documents queued by an older version after a send: their outcome is not known.
    op.execute(
        "UPDATE documento SET may_be_stamped = TRUE "
        "WHERE state IN ('EN_COLA', 'ENVIANDO') AND attempts > 0"
    )


def downgrade() -> None:
    op.drop_column("documento", "may_be_stamped")
