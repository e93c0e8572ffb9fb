"""Comercio Exterior and Carta Porte data: a client's foreign address, a product's tariff
fraction and customs unit, and the per-company vehicles, drivers and frequent locations.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_CLIENTE_DOMICILIO = [
    ("calle", 100),
    ("numero_exterior", 55),
    ("numero_interior", 55),
    ("colonia", 120),
    ("localidad", 120),
    ("municipio", 120),
    ("estado", 30),
    ("pais", 3),
    ("codigo_postal", 12),
]


def _empresa_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresa.id"], name=f"fk_{table}_empresa_id_empresa", ondelete="CASCADE"
    )


def upgrade() -> None:
    for name, length in _CLIENTE_DOMICILIO:
        op.add_column("cliente", sa.Column(name, sa.String(length), nullable=True))
    op.add_column("producto", sa.Column("fraccion_arancelaria", sa.String(10), nullable=True))
    op.add_column("producto", sa.Column("unidad_aduana", sa.String(2), nullable=True))
    op.create_table(
        "vehiculo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(100), nullable=False),
        sa.Column("perm_sct", sa.String(10), nullable=False),
        sa.Column("num_permiso_sct", sa.String(50), nullable=False),
        sa.Column("config_vehicular", sa.String(10), nullable=False),
        sa.Column("peso_bruto_vehicular", sa.String(10), nullable=False),
        sa.Column("placa_vm", sa.String(10), nullable=False),
        sa.Column("anio_modelo_vm", sa.String(4), nullable=False),
        sa.Column("asegura_resp_civil", sa.String(50), nullable=False),
        sa.Column("poliza_resp_civil", sa.String(30), nullable=False),
        sa.Column("asegura_med_ambiente", sa.String(50), nullable=True),
        sa.Column("poliza_med_ambiente", sa.String(30), nullable=True),
        sa.Column("asegura_carga", sa.String(50), nullable=True),
        sa.Column("poliza_carga", sa.String(30), nullable=True),
        sa.Column("remolques", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_vehiculo"),
        _empresa_fk("vehiculo"),
    )
    op.create_index("ix_vehiculo_empresa_id", "vehiculo", ["empresa_id"])
    op.create_table(
        "operador",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("rfc_figura", sa.String(13), nullable=True),
        sa.Column("nombre_figura", sa.String(254), nullable=False),
        sa.Column("num_licencia", sa.String(16), nullable=False),
        sa.Column("num_reg_id_trib_figura", sa.String(40), nullable=True),
        sa.Column("residencia_fiscal_figura", sa.String(3), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_operador"),
        _empresa_fk("operador"),
    )
    op.create_index("ix_operador_empresa_id", "operador", ["empresa_id"])
    op.create_table(
        "ubicacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(100), nullable=False),
        sa.Column("rfc", sa.String(13), nullable=False),
        sa.Column("nombre", sa.String(254), nullable=True),
        sa.Column("calle", sa.String(100), nullable=True),
        sa.Column("numero_exterior", sa.String(55), nullable=True),
        sa.Column("numero_interior", sa.String(55), nullable=True),
        sa.Column("colonia", sa.String(120), nullable=True),
        sa.Column("localidad", sa.String(120), nullable=True),
        sa.Column("municipio", sa.String(120), nullable=True),
        sa.Column("estado", sa.String(30), nullable=False),
        sa.Column("pais", sa.String(3), nullable=False),
        sa.Column("codigo_postal", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ubicacion"),
        _empresa_fk("ubicacion"),
    )
    op.create_index("ix_ubicacion_empresa_id", "ubicacion", ["empresa_id"])


def downgrade() -> None:
    for table in ("ubicacion", "operador", "vehiculo"):
        op.drop_index(f"ix_{table}_empresa_id", table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("producto") as batch:
        batch.drop_column("unidad_aduana")
        batch.drop_column("fraccion_arancelaria")
    with op.batch_alter_table("cliente") as batch:
        for name, _length in reversed(_CLIENTE_DOMICILIO):
            batch.drop_column(name)
