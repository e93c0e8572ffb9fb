"""The goods a Carta Porte carries, in Generar CFDI's Complemento section.

By default the goods are the document's conceptos (a traslado of one's own goods, or a
sale delivered in one's own truck): description, quantity and unit follow the conceptos
and the user types the weight (and the SAT key when the concepto's is not in
c_ClaveProdServCP). A carrier's freight invoice carries someone else's goods: unticking
"the goods are the conceptos" lets the user list them freely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from facturador.services.complementos import CartaPorteLinea, is_clave_prod_serv_cp
from facturador.ui import messages_complementos as M
from facturador.ui.widgets.fields import CatalogLineEdit

if TYPE_CHECKING:
    from facturador.services.form_checks import Search

__all__ = ["GoodsTable"]

C_DESC, C_CANT, C_UNIDAD, C_CLAVE, C_PESO = range(5)
_FOLLOWED = (C_DESC, C_CANT, C_UNIDAD)  # what the conceptos give in the default mode
_ROW_HEIGHT = 30
_MIN_ROWS, _MAX_ROWS = 2, 6
_WIDTHS = {C_CANT: 80, C_UNIDAD: 110, C_CLAVE: 260, C_PESO: 100}


class GoodsTable(QWidget):
    changed = Signal()

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._conceptos: list[Mapping[str, Any]] = []
        self.follow = QCheckBox(M.CP_FOLLOW_CONCEPTOS)
        self.follow.setChecked(True)
        self.add_button = QPushButton(M.CP_ADD_GOOD)
        self.remove_button = QPushButton(M.CP_REMOVE_GOOD)
        self.table = QTableWidget(0, len(M.CP_LINES_HEADERS))
        self.table.setHorizontalHeaderLabels(list(M.CP_LINES_HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(_ROW_HEIGHT)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(C_DESC, QHeaderView.ResizeMode.Stretch)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        self._fit()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.follow, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.follow.toggled.connect(self._on_follow)
        self.add_button.clicked.connect(lambda: self.add_row())  # noqa: PLW0108
        self.remove_button.clicked.connect(self.remove_selected)
        self._on_follow(True)

    # -- cells -------------------------------------------------------------------------------

    def cell(self, row: int, column: int) -> QLineEdit:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QLineEdit)
        return widget

    def _text(self, row: int, column: int) -> str:
        edit = self.cell(row, column)
        return edit.code() if isinstance(edit, CatalogLineEdit) else edit.text().strip()

    def add_row(self, values: Mapping[int, str] | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(len(M.CP_LINES_HEADERS)):
            catalog = {C_UNIDAD: "c_ClaveUnidad", C_CLAVE: "c_ClaveProdServCP"}.get(column)
            edit = QLineEdit() if catalog is None else CatalogLineEdit(catalog, self._search)
            edit.setFrame(False)
            if column in (C_CANT, C_PESO):
                edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setText((values or {}).get(column, ""))
            edit.setReadOnly(column in _FOLLOWED and self.follow.isChecked())
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.table.setCellWidget(row, column, edit)
        self._fit()
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows or ([self.table.rowCount() - 1] if self.table.rowCount() else []):
            self.table.removeRow(row)
        self._fit()
        self.changed.emit()

    def _fit(self) -> None:
        """As tall as its rows (two at least, six at most; more scroll)."""
        rows = min(max(self.table.rowCount(), _MIN_ROWS), _MAX_ROWS)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + _ROW_HEIGHT * rows + 4)

    # -- the two modes ---------------------------------------------------------------------

    def _on_follow(self, follow: bool) -> None:
        for button in (self.add_button, self.remove_button):
            button.setVisible(not follow)
        for row in range(self.table.rowCount()):
            for column in _FOLLOWED:
                self.cell(row, column).setReadOnly(follow)
        if follow:
            self.sync(self._conceptos)
        self.changed.emit()

    def sync(self, conceptos: Sequence[Mapping[str, Any]]) -> None:
        """Following the conceptos: one row each; the weight and key typed stay."""
        self._conceptos = list(conceptos)
        if not self.follow.isChecked():
            return
        table = self.table
        while table.rowCount() > len(conceptos):
            table.removeRow(table.rowCount() - 1)
        for row, concepto in enumerate(conceptos):
            if row == table.rowCount():
                self.add_row()
            for column, key in ((C_DESC, "Descripcion"), (C_CANT, "Cantidad"),
                                (C_UNIDAD, "ClaveUnidad")):  # fmt: skip
                self._quietly(row, column, str(concepto.get(key) or ""))
            clave = str(concepto.get("ClaveProdServ") or "")
            if not self.cell(row, C_CLAVE).text() and clave and is_clave_prod_serv_cp(clave):
                self._quietly(row, C_CLAVE, clave)
        self._fit()

    def _quietly(self, row: int, column: int, text: str) -> None:
        edit = self.cell(row, column)
        if edit.text() != text:
            edit.blockSignals(True)
            edit.setText(text)
            edit.setCursorPosition(0)
            edit.blockSignals(False)

    def lineas(self) -> list[CartaPorteLinea]:
        """The goods as the services' builder takes them."""
        lineas = []
        for row in range(self.table.rowCount()):
            concepto = {
                "Descripcion": self._text(row, C_DESC),
                "Cantidad": self._text(row, C_CANT),
                "ClaveUnidad": self._text(row, C_UNIDAD),
            }
            lineas.append(
                CartaPorteLinea(
                    concepto=concepto,
                    peso_en_kg=self._text(row, C_PESO),
                    bienes_transp=self._text(row, C_CLAVE) or None,
                )
            )
        return lineas

    def load(self, mercancias: Sequence[Mapping[str, Any]], conceptos: Sequence[Any]) -> None:
        """Back from a draft: following the conceptos when the goods are theirs."""
        same = [str(m.get("Descripcion")) for m in mercancias] == [
            str(c.get("Descripcion")) for c in conceptos
        ]
        self.follow.setChecked(same)
        self.table.setRowCount(0)
        for item in mercancias:
            self.add_row(
                {
                    C_DESC: str(item.get("Descripcion") or ""),
                    C_CANT: str(item.get("Cantidad") or ""),
                    C_UNIDAD: str(item.get("ClaveUnidad") or ""),
                    C_CLAVE: str(item.get("BienesTransp") or ""),
                    C_PESO: str(item.get("PesoEnKg") or ""),
                }
            )
        self._conceptos = list(conceptos)

    def clear(self) -> None:
        self.follow.setChecked(True)
        self.table.setRowCount(0)
        self._conceptos = []
        self._fit()
