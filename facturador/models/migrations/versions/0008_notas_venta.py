"""Notas de venta (tickets): sales recorded without a CFDI, for the factura global.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import MicroAmount, UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nota_venta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=False), nullable=False),
        sa.Column("forma_pago", sa.String(2), nullable=False),
        sa.Column("subtotal", MicroAmount(), nullable=False),
        sa.Column("total", MicroAmount(), nullable=False),
        sa.Column("impuestos", sa.JSON(), nullable=False),
        sa.Column("lineas", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nota_venta"),
        sa.ForeignKeyConstraint(
            ["empresa_id"], ["empresa.id"], name="fk_nota_venta_empresa_id_empresa",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["documento_id"], ["documento.id"], name="fk_nota_venta_documento_id_documento",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("empresa_id", "numero", name="uq_nota_venta_empresa_id_numero"),
    )
    op.create_index(
        "ix_nota_venta_empresa_id_status_fecha", "nota_venta", ["empresa_id", "status", "fecha"]
    )


def downgrade() -> None:
    op.drop_index("ix_nota_venta_empresa_id_status_fecha", table_name="nota_venta")
    op.drop_table("nota_venta")
