"""Initial schema: empresa, cliente, producto, serie, documento, audit_entry.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import DecimalText, MicroAmount, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fk_empresa(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresa.id"], name=f"fk_{table}_empresa_id_empresa", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "empresa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rfc", sa.String(13), nullable=False),
        sa.Column("nombre", sa.String(300), nullable=False),
        sa.Column("regimen_fiscal", sa.String(3), nullable=False),
        sa.Column("lugar_expedicion", sa.String(5), nullable=False),
        sa.Column("certificado_der", sa.LargeBinary(), nullable=True),
        sa.Column("llave_cifrada", sa.LargeBinary(), nullable=True),
        sa.Column("no_certificado", sa.String(20), nullable=True),
        sa.Column("valid_from", UtcDateTime(), nullable=True),
        sa.Column("valid_until", UtcDateTime(), nullable=True),
        sa.Column("pac_provider", sa.String(40), nullable=True),
        sa.Column("pac_environment", sa.String(20), nullable=True),
        sa.Column("pac_url", sa.String(500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_empresa"),
        sa.UniqueConstraint("rfc", name="uq_empresa_rfc"),
    )
    op.create_table(
        "cliente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("rfc", sa.String(13), nullable=False),
        sa.Column("nombre", sa.String(300), nullable=False),
        sa.Column("regimen_fiscal_receptor", sa.String(3), nullable=False),
        sa.Column("domicilio_fiscal_receptor", sa.String(5), nullable=False),
        sa.Column("uso_cfdi", sa.String(4), nullable=False),
        sa.Column("search_key", sa.String(400), nullable=False),
        _fk_empresa("cliente"),
        sa.PrimaryKeyConstraint("id", name="pk_cliente"),
    )
    op.create_index("ix_cliente_empresa_id_search_key", "cliente", ["empresa_id", "search_key"])
    op.create_table(
        "producto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("no_identificacion", sa.String(100), nullable=True),
        sa.Column("clave_prod_serv", sa.String(8), nullable=False),
        sa.Column("clave_unidad", sa.String(3), nullable=False),
        sa.Column("unidad", sa.String(20), nullable=True),
        sa.Column("descripcion", sa.Text(), nullable=False),
        sa.Column("valor_unitario", DecimalText(), nullable=False),
        sa.Column("objeto_imp", sa.String(2), nullable=False),
        sa.Column("impuestos", sa.JSON(), nullable=False),
        sa.Column("search_key", sa.String(1200), nullable=False),
        _fk_empresa("producto"),
        sa.PrimaryKeyConstraint("id", name="pk_producto"),
    )
    op.create_index("ix_producto_empresa_id_search_key", "producto", ["empresa_id", "search_key"])
    op.create_table(
        "serie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(25), nullable=False),
        sa.Column("tipo", sa.String(1), nullable=False),
        sa.Column("next_folio", sa.Integer(), nullable=False),
        _fk_empresa("serie"),
        sa.PrimaryKeyConstraint("id", name="pk_serie"),
        sa.UniqueConstraint("empresa_id", "code", name="uq_serie_empresa_id_code"),
    )
    op.create_table(
        "documento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("tipo", sa.String(1), nullable=False),
        sa.Column("serie", sa.String(25), nullable=True),
        sa.Column("folio", sa.Integer(), nullable=True),
        sa.Column("uuid", sa.String(36), nullable=True),
        sa.Column("fecha", sa.DateTime(timezone=False), nullable=True),
        sa.Column("rfc_receptor", sa.String(13), nullable=False),
        sa.Column("nombre_receptor", sa.String(300), nullable=False),
        sa.Column("total", MicroAmount(), nullable=False),
        sa.Column("moneda", sa.String(3), nullable=False),
        sa.Column("input_json", sa.Text(), nullable=True),
        sa.Column("sealed_xml", sa.LargeBinary(), nullable=True),
        sa.Column("stamped_xml", sa.LargeBinary(), nullable=True),
        sa.Column("last_error_code", sa.String(40), nullable=True),
        sa.Column("last_error_message", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        _fk_empresa("documento"),
        sa.PrimaryKeyConstraint("id", name="pk_documento"),
        sa.UniqueConstraint(
            "empresa_id", "serie", "folio", name="uq_documento_empresa_id_serie_folio"
        ),
        sa.UniqueConstraint("uuid", name="uq_documento_uuid"),
    )
    op.create_index("ix_documento_empresa_id_fecha", "documento", ["empresa_id", "fecha"])
    op.create_index(
        "ix_documento_empresa_id_rfc_receptor_fecha",
        "documento",
        ["empresa_id", "rfc_receptor", "fecha"],
    )
    op.create_index(
        "ix_documento_empresa_id_state_fecha", "documento", ["empresa_id", "state", "fecha"]
    )
    op.create_index("ix_documento_empresa_id_total", "documento", ["empresa_id", "total"])
    op.create_index("ix_documento_state_next_attempt_at", "documento", ["state", "next_attempt_at"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(32), nullable=True),
        sa.Column("to_state", sa.String(32), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["documento_id"],
            ["documento.id"],
            name="fk_audit_entry_documento_id_documento",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entry"),
    )


def downgrade() -> None:
    for table in ("audit_entry", "documento", "serie", "producto", "cliente", "empresa"):
        op.drop_table(table)
