"""cliente.origen, cliente.origen_fecha, cliente.constancia: where a client's data came from.

`origen` is "capturado" (typed by the user), "constancia" (taken from the client's Constancia
de Situación Fiscal of the date `origen_fecha`) or "sat" (confirmed at SAT's validation page
on `origen_fecha`). `constancia` keeps what the last Constancia (or SAT's page) said: name,
código postal, régimenes, padrón status, idCIF and date, which the pre-flight of Generar
checks the receptor against. Older clients are "capturado" with no Constancia.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (a constant default): no batch copy of the table on SQLite.
    op.add_column(
        "cliente",
        sa.Column(
            "origen", sa.String(length=10), nullable=False, server_default="capturado"
        ),
    )
    op.add_column("cliente", sa.Column("origen_fecha", sa.Date(), nullable=True))
    op.add_column("cliente", sa.Column("constancia", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cliente") as batch:
        batch.drop_column("constancia")
        batch.drop_column("origen_fecha")
        batch.drop_column("origen")
