"""Choose CFDI relacionados from Registros: the client's stamped documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = ["RelationsDialog"]


class RelationsDialog(QDialog):
    chosen = Signal(list)  # list[str] of UUID

    def __init__(self, context: Context, rfc: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("CFDI relacionados")
        self.resize(720, 420)
        self.rows: list[DocumentRow] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Folio", "Fecha", "Cliente", "Total", "UUID"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = "Comprobantes timbrados" + (f" de {rfc}" if rfc else "") + ":"
        layout.addWidget(QLabel(hint))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        from facturador.services.registry import DocumentFilter, documents

        query = DocumentFilter(states=("TIMBRADO",), rfc_receptor=rfc)
        run_in_background(documents, context, query, 0, 500, on_success=self._show, parent=self)

    def _show(self, rows: list[DocumentRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            fecha = r.fecha.strftime("%d/%m/%Y") if r.fecha else ""
            values = (r.name, fecha, r.nombre_receptor, f"${r.total:,.2f}", r.uuid or "")
            for column, value in enumerate(values):
                self.table.setItem(i, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def accept(self) -> None:
        picked = sorted({i.row() for i in self.table.selectedIndexes()})
        self.chosen.emit([self.rows[i].uuid for i in picked if self.rows[i].uuid])
        super().accept()
