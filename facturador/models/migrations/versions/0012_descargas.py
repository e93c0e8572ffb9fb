"""SAT's descarga masiva: the company's e.firma, download requests and their packages.

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import UtcDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "empresa_fiel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("certificado_der", sa.LargeBinary(), nullable=False),
        sa.Column("llave_cifrada", sa.LargeBinary(), nullable=False),
        sa.Column("no_certificado", sa.String(20), nullable=False),
        sa.Column("valid_from", UtcDateTime(), nullable=False),
        sa.Column("valid_until", UtcDateTime(), nullable=False),
        sa.Column("installed_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_empresa_fiel"),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresa.id"],
            name="fk_empresa_fiel_empresa_id_empresa",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("empresa_id", name="uq_empresa_fiel_empresa_id"),
    )
    op.create_table(
        "descarga_solicitud",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(10), nullable=False),
        sa.Column("formato", sa.String(10), nullable=False),
        sa.Column("desde", sa.String(19), nullable=False),
        sa.Column("hasta", sa.String(19), nullable=False),
        sa.Column("id_solicitud", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("numero_cfdis", sa.Integer(), nullable=True),
        sa.Column("last_code", sa.String(10), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_descarga_solicitud"),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresa.id"],
            name="fk_descarga_solicitud_empresa_id_empresa",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["descarga_solicitud.id"],
            name="fk_descarga_solicitud_parent_id_descarga_solicitud",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("id_solicitud", name="uq_descarga_solicitud_id_solicitud"),
    )
    op.create_index(
        "ix_descarga_solicitud_state_next_attempt_at",
        "descarga_solicitud",
        ["state", "next_attempt_at"],
    )
    op.create_index("ix_descarga_solicitud_empresa_id", "descarga_solicitud", ["empresa_id"])
    op.create_table(
        "descarga_paquete",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("solicitud_id", sa.Integer(), nullable=False),
        sa.Column("id_paquete", sa.String(100), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("downloaded_at", UtcDateTime(), nullable=True),
        sa.Column("imported_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_descarga_paquete"),
        sa.ForeignKeyConstraint(
            ["solicitud_id"],
            ["descarga_solicitud.id"],
            name="fk_descarga_paquete_solicitud_id_descarga_solicitud",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("id_paquete", name="uq_descarga_paquete_id_paquete"),
    )
    op.create_index("ix_descarga_paquete_solicitud_id", "descarga_paquete", ["solicitud_id"])


def downgrade() -> None:
    op.drop_index("ix_descarga_paquete_solicitud_id", table_name="descarga_paquete")
    op.drop_table("descarga_paquete")
    op.drop_index("ix_descarga_solicitud_empresa_id", table_name="descarga_solicitud")
    op.drop_index("ix_descarga_solicitud_state_next_attempt_at", table_name="descarga_solicitud")
    op.drop_table("descarga_solicitud")
    op.drop_table("empresa_fiel")
