"""The inbox of received (and downloaded) CFDIs: `recibido`, one row per company and UUID.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import MicroAmount, UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recibido",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("direccion", sa.String(8), nullable=False),
        sa.Column("version", sa.String(8), nullable=False),
        sa.Column("tipo", sa.String(1), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=False), nullable=True),
        sa.Column("rfc_emisor", sa.String(13), nullable=False),
        sa.Column("nombre_emisor", sa.String(300), nullable=False),
        sa.Column("rfc_receptor", sa.String(13), nullable=False),
        sa.Column("nombre_receptor", sa.String(300), nullable=False),
        sa.Column("total", MicroAmount(), nullable=False),
        sa.Column("moneda", sa.String(3), nullable=False),
        sa.Column("valido", sa.Boolean(), nullable=False),
        sa.Column("hallazgos", sa.Text(), nullable=False),
        sa.Column("resumen", sa.String(200), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("origen", sa.String(10), nullable=False),
        sa.Column("archivo", sa.Text(), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.Column("estado_sat", sa.String(40), nullable=True),
        sa.Column("es_cancelable", sa.String(60), nullable=True),
        sa.Column("estatus_cancelacion", sa.String(60), nullable=True),
        sa.Column("validacion_efos", sa.String(60), nullable=True),
        sa.Column("sat_checked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_recibido"),
        sa.ForeignKeyConstraint(
            ["empresa_id"], ["empresa.id"], name="fk_recibido_empresa_id_empresa",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("empresa_id", "uuid", name="uq_recibido_empresa_id_uuid"),
    )
    op.create_index("ix_recibido_empresa_id_fecha", "recibido", ["empresa_id", "fecha"])
    op.create_index("ix_recibido_empresa_id_rfc_emisor", "recibido", ["empresa_id", "rfc_emisor"])


def downgrade() -> None:
    op.drop_index("ix_recibido_empresa_id_rfc_emisor", table_name="recibido")
    op.drop_index("ix_recibido_empresa_id_fecha", table_name="recibido")
    op.drop_table("recibido")
