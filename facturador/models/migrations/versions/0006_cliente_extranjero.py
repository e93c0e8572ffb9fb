"""cliente.residencia_fiscal and cliente.num_reg_id_trib: the ids of a foreign receptor.

Anexo 20's ResidenciaFiscal (c_Pais) and NumRegIdTrib of a client invoiced with the generic
RFC for foreigners, XEXX010101000; empty for every other client.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain nullable ADD COLUMNs: no batch copy of the table on SQLite.
    op.add_column("cliente", sa.Column("residencia_fiscal", sa.String(length=3), nullable=True))
    op.add_column("cliente", sa.Column("num_reg_id_trib", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cliente") as batch:
        batch.drop_column("num_reg_id_trib")
        batch.drop_column("residencia_fiscal")
