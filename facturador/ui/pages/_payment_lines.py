"""The related documents of a payment (Generar complemento de pagos): one row per invoice with
its parcialidad, saldo anterior, importe pagado and saldo insoluto (services.payments'
`LineBalance`). The importe is corrected with a double click (the page checks it); a row is
removed with the Delete key (the page's "Quitar" button calls `remove_selected`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from facturador.ui import messages_documents as M
from facturador.ui.pages._documents import money
from facturador.ui.widgets.sizing import fit_headers

if TYPE_CHECKING:
    from facturador.services.payments import LineBalance

__all__ = ["C_PAGADO", "PaymentLinesTable"]

C_FACTURA, C_PARCIALIDAD, C_SALDO_ANT, C_PAGADO, C_INSOLUTO, C_UUID = range(6)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PaymentLinesTable(QTableWidget):
    """Rows of (factura, parcialidad, saldo anterior, importe pagado, saldo insoluto, UUID).

    `amount_edited(row, text)` when the user changes an importe; `remove_requested()` on the
    Delete key over a selected row."""

    amount_edited = Signal(int, str)
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(M.PAYMENT_LINE_HEADERS), parent)
        self.setHorizontalHeaderLabels(list(M.PAYMENT_LINE_HEADERS))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((90, 90, 130, 130, 130)):
            header.resizeSection(column, width)
        fit_headers(self)  # no header cut («Parcialidad»)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setShowGrid(False)
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)

    def add_line(self, name: str, parcialidad: int, balance: LineBalance, uuid: str) -> int:
        row = self.rowCount()
        self.insertRow(row)
        self._filling = True
        for column, value in enumerate((name, str(parcialidad), "", "", "", uuid)):
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, column, item)
        self._filling = False
        self.set_balance(row, balance)
        return row

    def set_balance(self, row: int, balance: LineBalance) -> None:
        """Show the line's figures (after adding it, or after its importe changed)."""
        self._filling = True
        figures = {
            C_SALDO_ANT: balance.saldo_anterior,
            C_PAGADO: balance.imp_pagado,
            C_INSOLUTO: balance.saldo_insoluto,
        }
        for column, value in figures.items():
            item = QTableWidgetItem(money(value))
            item.setTextAlignment(_RIGHT)
            if column == C_PAGADO:
                item.setToolTip(M.PAYMENT_EDIT_TIP)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, column, item)
        self._filling = False

    def figures(self, row: int) -> tuple[str, str, str]:
        """What the row shows as saldo anterior, importe pagado and saldo insoluto."""
        return (
            self.item(row, C_SALDO_ANT).text(),
            self.item(row, C_PAGADO).text(),
            self.item(row, C_INSOLUTO).text(),
        )

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == C_PAGADO:
            self.amount_edited.emit(item.row(), item.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.state() != QAbstractItemView.State.EditingState
        ):
            if self.selected_row() is not None:
                self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
