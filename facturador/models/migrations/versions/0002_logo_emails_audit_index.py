"""Company logo, client emails, and the index that lists a document's history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("empresa") as batch:
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("cliente") as batch:
        # Existing clients get an empty list, then the column becomes NOT NULL.
        batch.add_column(sa.Column("emails", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("cliente") as batch:
        batch.alter_column("emails", server_default=None)
    op.create_index("ix_audit_entry_documento_id_at", "audit_entry", ["documento_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_documento_id_at", table_name="audit_entry")
    with op.batch_alter_table("cliente") as batch:
        batch.drop_column("emails")
    with op.batch_alter_table("empresa") as batch:
        batch.drop_column("logo")
