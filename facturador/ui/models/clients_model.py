"""The clients table: RFC, name, régimen, CP, uso CFDI, where the data came from, emails."""

from __future__ import annotations

from typing import Any

from facturador.services.receptor_check import origin_column
from facturador.services.views import ClientInfo
from facturador.ui import messages as M
from facturador.ui.models.table_model import Column, RowsModel

__all__ = ["ClientsModel"]

COLUMNS: list[Column[ClientInfo]] = [
    Column(M.COL_RFC, lambda c: c.rfc),
    Column(M.COL_NAME, lambda c: c.nombre),
    Column(M.COL_REGIMEN, lambda c: c.regimen_fiscal_receptor),
    Column(M.COL_CP, lambda c: c.domicilio_fiscal_receptor),
    Column(M.COL_USO, lambda c: c.uso_cfdi),
    Column(M.COL_ORIGIN, origin_column),
    Column(M.COL_EMAILS, lambda c: ", ".join(c.emails)),
]


class ClientsModel(RowsModel[ClientInfo]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
