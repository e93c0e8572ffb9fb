"""Email outbox (correo_pendiente) and the company's SMTP settings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("empresa") as batch:
        batch.add_column(sa.Column("smtp_host", sa.String(255), nullable=True))
        batch.add_column(sa.Column("smtp_port", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("smtp_user", sa.String(255), nullable=True))
        batch.add_column(sa.Column("smtp_security", sa.String(10), nullable=True))
        batch.add_column(sa.Column("smtp_from", sa.String(255), nullable=True))
    op.create_table(
        "correo_pendiente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("raw_message", sa.LargeBinary(), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_correo_pendiente"),
        sa.ForeignKeyConstraint(
            ["documento_id"],
            ["documento.id"],
            name="fk_correo_pendiente_documento_id_documento",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("message_id", name="uq_correo_pendiente_message_id"),
    )
    op.create_index(
        "ix_correo_pendiente_state_next_attempt_at",
        "correo_pendiente",
        ["state", "next_attempt_at"],
    )
    op.create_index("ix_correo_pendiente_documento_id", "correo_pendiente", ["documento_id"])


def downgrade() -> None:
    op.drop_index("ix_correo_pendiente_documento_id", table_name="correo_pendiente")
    op.drop_index("ix_correo_pendiente_state_next_attempt_at", table_name="correo_pendiente")
    op.drop_table("correo_pendiente")
    with op.batch_alter_table("empresa") as batch:
        for column in ("smtp_from", "smtp_security", "smtp_user", "smtp_port", "smtp_host"):
            batch.drop_column(column)
