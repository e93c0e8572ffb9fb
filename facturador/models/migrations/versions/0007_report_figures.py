"""Report figures: documento's TipoCambio, MetodoPago and amounts in pesos; tax lines; payments.

Reports are SQL aggregates (services.reports_*), so what they need of each XML is stored
beside it: four columns on documento, `documento_impuesto` (one row per tax and tasa, in
pesos) and `pago_aplicado` (what each payment receipt or credit note took off an invoice).
Documents stored by an older version are read once here (sat.figures, the same reader the
app uses when it seals), in batches.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from facturador.models._types import DecimalText, MicroAmount

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_BATCH = 500


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def upgrade() -> None:
    # Plain ADD COLUMNs: no batch copy of documento (see 0005).
    op.add_column("documento", sa.Column("tipo_cambio", DecimalText(), nullable=True))
    op.add_column("documento", sa.Column("metodo_pago", sa.String(3), nullable=True))
    for name in ("importe_mxn", "total_mxn"):
        op.add_column(
            "documento", sa.Column(name, MicroAmount(), nullable=False, server_default="0")
        )
    op.create_table(
        "documento_impuesto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("origen", sa.String(1), nullable=False),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("impuesto", sa.String(3), nullable=False),
        sa.Column("tipo_factor", sa.String(6), nullable=False),
        sa.Column("tasa", sa.String(10), nullable=False),
        sa.Column("base_mxn", MicroAmount(), nullable=False),
        sa.Column("importe_mxn", MicroAmount(), nullable=False),
        sa.Column("fecha_pago", sa.DateTime(timezone=False), nullable=True),
        sa.Column("uuid_dr", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_documento_impuesto"),
        _fk("documento_impuesto", "documento_id", "documento"),
        _fk("documento_impuesto", "empresa_id", "empresa"),
    )
    op.create_index(
        "ix_documento_impuesto_documento_id", "documento_impuesto", ["documento_id"]
    )
    op.create_index(
        "ix_documento_impuesto_empresa_id_origen_fecha_pago",
        "documento_impuesto",
        ["empresa_id", "origen", "fecha_pago"],
    )
    op.create_table(
        "pago_aplicado",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("moneda", sa.String(3), nullable=False),
        sa.Column("importe", MicroAmount(), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=False), nullable=False),
        sa.Column("num_parcialidad", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pago_aplicado"),
        _fk("pago_aplicado", "documento_id", "documento"),
        _fk("pago_aplicado", "empresa_id", "empresa"),
    )
    op.create_index("ix_pago_aplicado_documento_id", "pago_aplicado", ["documento_id"])
    op.create_index("ix_pago_aplicado_empresa_id_uuid", "pago_aplicado", ["empresa_id", "uuid"])
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    """Read the figures of every stored document that has XML (sat.figures), in batches."""
    from facturador.models.report_figures import figure_rows

    naive = sa.DateTime(timezone=False)
    documento = sa.table(
        "documento",
        sa.column("id", sa.Integer()),
        sa.column("empresa_id", sa.Integer()),
        sa.column("sealed_xml", sa.LargeBinary()),
        sa.column("stamped_xml", sa.LargeBinary()),
        sa.column("tipo_cambio", DecimalText()),
        sa.column("metodo_pago", sa.String()),
        sa.column("importe_mxn", MicroAmount()),
        sa.column("total_mxn", MicroAmount()),
    )
    ids = (sa.column("documento_id", sa.Integer()), sa.column("empresa_id", sa.Integer()))
    impuesto = sa.table(
        "documento_impuesto",
        *ids,
        *(sa.column(name, sa.String()) for name in ("origen", "kind", "impuesto",
                                                     "tipo_factor", "tasa", "uuid_dr")),
        sa.column("base_mxn", MicroAmount()),
        sa.column("importe_mxn", MicroAmount()),
        sa.column("fecha_pago", naive),
    )  # fmt: skip
    aplicado = sa.table(
        "pago_aplicado",
        *(sa.column(c.name, c.type) for c in ids),
        sa.column("uuid", sa.String()),
        sa.column("moneda", sa.String()),
        sa.column("importe", MicroAmount()),
        sa.column("fecha", naive),
        sa.column("num_parcialidad", sa.Integer()),
    )
    last = 0
    while True:
        batch = connection.execute(
            sa.select(documento.c.id, documento.c.empresa_id, documento.c.sealed_xml,
                      documento.c.stamped_xml)
            .where(documento.c.id > last, documento.c.sealed_xml.is_not(None))
            .order_by(documento.c.id)
            .limit(_BATCH)
        ).all()  # fmt: skip
        if not batch:
            return
        for row in batch:
            rows = figure_rows(row.id, row.empresa_id, row.stamped_xml or row.sealed_xml)
            if rows is None:
                continue  # an XML the reader refuses: left out of reports, as before
            columns, taxes, applications = rows
            connection.execute(
                documento.update().where(documento.c.id == row.id).values(**columns)
            )
            if taxes:
                connection.execute(impuesto.insert(), taxes)
            if applications:
                connection.execute(aplicado.insert(), applications)
        last = batch[-1].id


def downgrade() -> None:
    op.drop_table("pago_aplicado")
    op.drop_table("documento_impuesto")
    # Plain DROP COLUMNs (SQLite >= 3.35): a batch copy would cascade to the audit entries.
    for name in ("total_mxn", "importe_mxn", "metodo_pago", "tipo_cambio"):
        op.drop_column("documento", name)
