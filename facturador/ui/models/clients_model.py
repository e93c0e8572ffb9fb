"""The clients table: RFC, name, régimen, CP, uso CFDI, where the data came from, emails."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from facturador.services.receptor_check import origin_column, origin_text
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


ORIGIN_ROLE = Qt.ItemDataRole.UserRole + 1  # the short text: "CSF", "SAT", "A mano"
ORIGIN = COLUMNS.index(next(c for c in COLUMNS if c.title == M.COL_ORIGIN))


class ClientsModel(RowsModel[ClientInfo]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The origin column is an icon (verified or not) whose tooltip says it in full
        («Verificado con la Constancia del…»): the table fits 1024 px with every header."""
        if not index.isValid() or index.column() != ORIGIN:
            return super().data(index, role)
        client = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return origin_text(client)
        if role in (Qt.ItemDataRole.AccessibleTextRole, ORIGIN_ROLE):
            return origin_column(client)
        if role == Qt.ItemDataRole.DecorationRole:
            verified = client.origen != "capturado"
            pixmap = (
                QStyle.StandardPixmap.SP_DialogApplyButton
                if verified
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            return QApplication.style().standardIcon(pixmap)
        return None
