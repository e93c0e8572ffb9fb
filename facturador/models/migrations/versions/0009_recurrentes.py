"""recurrente and recurrente_ocurrencia: recurring invoices and the dates already issued.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import MicroAmount, UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recurrente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("input_json", sa.Text(), nullable=False),
        sa.Column("rfc_receptor", sa.String(13), nullable=False),
        sa.Column("nombre_receptor", sa.String(300), nullable=False),
        sa.Column("total", MicroAmount(), nullable=False),
        sa.Column("moneda", sa.String(3), nullable=False),
        sa.Column("dia", sa.Integer(), nullable=False),
        sa.Column("cada_meses", sa.Integer(), nullable=False),
        sa.Column("desde", sa.DateTime(timezone=False), nullable=False),
        sa.Column("hasta", sa.DateTime(timezone=False), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("enviar_correo", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recurrente"),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresa.id"],
            name="fk_recurrente_empresa_id_empresa",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_recurrente_empresa_id", "recurrente", ["empresa_id"])
    op.create_table(
        "recurrente_ocurrencia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recurrente_id", sa.Integer(), nullable=False),
        sa.Column("fecha_programada", sa.DateTime(timezone=False), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=True),
        sa.Column("fuera_de_plazo", sa.Boolean(), nullable=False),
        sa.Column("correo_pendiente", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recurrente_ocurrencia"),
        sa.ForeignKeyConstraint(
            ["recurrente_id"],
            ["recurrente.id"],
            name="fk_recurrente_ocurrencia_recurrente_id_recurrente",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["documento_id"],
            ["documento.id"],
            name="fk_recurrente_ocurrencia_documento_id_documento",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint(
            "recurrente_id",
            "fecha_programada",
            name="uq_recurrente_ocurrencia_recurrente_id_fecha_programada",
        ),
    )


def downgrade() -> None:
    op.drop_table("recurrente_ocurrencia")
    op.drop_index("ix_recurrente_empresa_id", table_name="recurrente")
    op.drop_table("recurrente")
