"""Cancellation requests (cancelacion): motivo, FolioSustitucion, PAC answer and SAT status.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cancelacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("motivo", sa.String(2), nullable=False),
        sa.Column("folio_sustitucion", sa.String(36), nullable=True),
        sa.Column("sustituto_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("acuse", sa.LargeBinary(), nullable=True),
        sa.Column("sat_estado", sa.String(40), nullable=True),
        sa.Column("sat_es_cancelable", sa.String(40), nullable=True),
        sa.Column("sat_estatus_cancelacion", sa.String(40), nullable=True),
        sa.Column("checked_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cancelacion"),
        sa.ForeignKeyConstraint(
            ["documento_id"],
            ["documento.id"],
            name="fk_cancelacion_documento_id_documento",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sustituto_id"],
            ["documento.id"],
            name="fk_cancelacion_sustituto_id_documento",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_cancelacion_documento_id", "cancelacion", ["documento_id"])


def downgrade() -> None:
    op.drop_index("ix_cancelacion_documento_id", table_name="cancelacion")
    op.drop_table("cancelacion")
