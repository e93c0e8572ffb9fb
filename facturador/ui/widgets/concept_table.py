"""The Conceptos of a CFDI as an editable table: one row per line, taxes chosen per line.

Each row edits Cantidad, ClaveUnidad and ClaveProdServ (with catalog completers),
Descripción, ValorUnitario, Descuento and three tax choices (IVA trasladado, retenciones,
IEPS). `concepts()` gives the rows as the Anexo 20 JSON input; `set_concepts()` loads them
back (a draft, a duplicated or rejected document). The Importe column shows what the core
computed (`set_importes`), never a float done here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui.widgets.fields import CatalogLineEdit, repolish
from facturador.ui.widgets.sizing import FillColumn, header_width

__all__ = ["IEPS", "IVA", "RETENCIONES", "ConceptTable"]

Search = Callable[[str, str], list[tuple[str, str]]]

IVA = (
    ("16", "IVA 16%"),
    ("8", "IVA 8% (frontera)"),
    ("0", "IVA 0%"),
    ("exento", "IVA exento"),
    ("no", "No objeto de impuesto"),
)
RETENCIONES = (
    ("", "Sin retención"),
    ("isr10", "ISR 10%"),
    ("iva23", "IVA 2/3 (10.6667%)"),
    ("isr10_iva23", "ISR 10% + IVA 2/3"),
    ("resico", "ISR 1.25% (RESICO)"),
    ("iva4", "IVA 4% (fletes)"),
)
IEPS = (
    ("", "Sin IEPS"),
    ("0.080000", "IEPS 8%"),
    ("0.265000", "IEPS 26.5%"),
    ("0.300000", "IEPS 30%"),
    ("0.530000", "IEPS 53%"),
)
_IVA_RATES = {"16": "0.160000", "8": "0.080000", "0": "0.000000"}
_RET = {
    "isr10": (("001", "0.100000"),),
    "iva23": (("002", "0.106667"),),
    "isr10_iva23": (("001", "0.100000"), ("002", "0.106667")),
    "resico": (("001", "0.012500"),),
    "iva4": (("002", "0.040000"),),
}
HEADERS = (
    "Cant.",
    "Unidad",
    "Clave SAT",
    "Descripción",
    "Precio unit.",
    "Descuento",
    "IVA",
    "Retenciones",
    "IEPS",
    "Importe",
)
C_CANT, C_UNIDAD, C_CLAVE, C_DESC, C_VALOR, C_DESCUENTO, C_IVA, C_RET, C_IEPS, C_IMPORTE = range(10)
DESCRIPTION_MIN_WIDTH = 220
MIN_HEIGHT = 155
# what a column must show whole (Importe up to millions)
_SAMPLES = {
    C_CANT: "1,000.5",
    C_UNIDAD: "E48",
    C_CLAVE: "84111500",
    C_VALOR: "99,999.99",
    C_DESCUENTO: "1,000.00",
    C_IMPORTE: "$9,999,999.99",
}
_EDIT_PADDING = 2 * 6 + 2 * 4  # the theme's QLineEdit padding and the cell's margins


def _combo(items: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for code, text in items:
        combo.addItem(text, code)
    return combo


def _tasa(value: Any) -> str:
    return f"{float(str(value)):.6f}" if value not in (None, "") else ""


def impuestos(iva: str, ret: str, ieps: str) -> dict[str, Any]:
    """The Impuestos of a Concepto for the three choices (empty when not an object of tax)."""
    traslados: list[dict[str, str]] = []
    if ieps:
        traslados.append({"Impuesto": "003", "TipoFactor": "Tasa", "TasaOCuota": ieps})
    if iva == "exento":
        traslados.append({"Impuesto": "002", "TipoFactor": "Exento"})
    elif iva in _IVA_RATES:
        traslados.append({"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": _IVA_RATES[iva]})
    retenciones = [
        {"Impuesto": imp, "TipoFactor": "Tasa", "TasaOCuota": tasa}
        for imp, tasa in _RET.get(ret, ())
    ]
    result: dict[str, Any] = {}
    if traslados:
        result["Traslados"] = traslados
    if retenciones:
        result["Retenciones"] = retenciones
    return result


def choices(data: dict[str, Any] | None) -> tuple[str, str, str]:
    """The (IVA, retención, IEPS) choices that describe a Concepto's Impuestos."""
    data = data or {}
    iva, ieps = "no", ""
    for t in data.get("Traslados") or ():
        if t.get("Impuesto") == "003":
            ieps = _tasa(t.get("TasaOCuota"))
        elif t.get("TipoFactor") == "Exento":
            iva = "exento"
        else:
            rate = _tasa(t.get("TasaOCuota"))
            iva = next((k for k, v in _IVA_RATES.items() if v == rate), "16")
    rets = tuple(
        (str(r.get("Impuesto")), _tasa(r.get("TasaOCuota"))) for r in data.get("Retenciones") or ()
    )
    ret = next((k for k, v in _RET.items() if v == rets), "")
    return iva, ret, ieps


class ConceptTable(QTableWidget):
    """Editable Conceptos; `changed` fires on every edit (the page recomputes totals)."""

    changed = Signal()

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self._search = search
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(34)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setMinimumHeight(MIN_HEIGHT)  # the header, three lines and the scroll bar
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in self._widths().items():
            header.resizeSection(column, width)
        # Descripción takes what the others leave, never under a readable width; past that
        # the table scrolls sideways instead of cutting a column.
        self.fill = FillColumn(self, C_DESC, DESCRIPTION_MIN_WIDTH)

    def _widths(self) -> dict[int, int]:
        """Each column as wide as what it shows: a sample value of an edit, the longest
        choice of a combo, and never narrower than its header."""
        text = self.fontMetrics().horizontalAdvance
        widths = {column: text(sample) + _EDIT_PADDING for column, sample in _SAMPLES.items()}
        for column, items in ((C_IVA, IVA), (C_RET, RETENCIONES), (C_IEPS, IEPS)):
            widths[column] = _combo(items).sizeHint().width()
        return {c: max(w, header_width(self, c)) for c, w in widths.items()}

    # -- rows ------------------------------------------------------------------------------

    def _edit(self, row: int, column: int, text: str = "", *, right: bool = False) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setFrame(False)
        edit.setCursorPosition(0)
        if right:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.textChanged.connect(lambda _t: self.changed.emit())
        # left, a long Descripción shows its beginning, not the end where typing stopped
        edit.editingFinished.connect(lambda: edit.setCursorPosition(0))
        self.setCellWidget(row, column, edit)
        return edit

    def add_concept(self, concept: dict[str, Any] | None = None) -> int:
        """Append a row (empty, or filled from a Concepto of the JSON input)."""
        c = concept or {}
        row = self.rowCount()
        self.insertRow(row)
        self._edit(row, C_CANT, str(c.get("Cantidad", "1")), right=True)
        for column, catalog, key in (
            (C_UNIDAD, "c_ClaveUnidad", "ClaveUnidad"),
            (C_CLAVE, "c_ClaveProdServ", "ClaveProdServ"),
        ):
            edit = CatalogLineEdit(catalog, self._search)
            edit.setFrame(False)
            edit.setText(str(c.get(key, "")))
            edit.setCursorPosition(0)
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.setCellWidget(row, column, edit)
        desc = self._edit(row, C_DESC, str(c.get("Descripcion", "")))
        # Kept, not shown: the product's key links a line to its Comercio Exterior Mercancia.
        desc.setProperty("no_identificacion", str(c.get("NoIdentificacion") or ""))
        self._edit(row, C_VALOR, str(c.get("ValorUnitario", "")), right=True)
        discount = self._edit(row, C_DESCUENTO, str(c.get("Descuento", "")), right=True)
        discount.setProperty("hint", M.DISCOUNT_HINT)
        discount.setToolTip(M.DISCOUNT_HINT)
        iva, ret, ieps = choices(c.get("Impuestos")) if concept else ("16", "", "")
        for column, items, value in (
            (C_IVA, IVA, iva),
            (C_RET, RETENCIONES, ret),
            (C_IEPS, IEPS, ieps),
        ):
            combo = _combo(items)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.setCellWidget(row, column, combo)
        item = QTableWidgetItem("—")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setItem(row, C_IMPORTE, item)
        if not concept:
            self.cellWidget(row, C_DESC).setFocus()
        self.changed.emit()
        return row

    def add_product(self, product: Any) -> int:
        """A row from a ProductInfo of the catalog."""
        concept: dict[str, Any] = {
            "Cantidad": "1",
            "ClaveUnidad": product.clave_unidad,
            "ClaveProdServ": product.clave_prod_serv,
            "Descripcion": product.descripcion,
            "ValorUnitario": str(product.valor_unitario),
            "Impuestos": product.impuestos if product.objeto_imp != "01" else {},
        }
        if product.unidad:
            concept["Unidad"] = product.unidad
        if product.no_identificacion:
            concept["NoIdentificacion"] = product.no_identificacion
        return self.add_concept(concept)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()}, reverse=True)
        for row in rows or ([self.rowCount() - 1] if self.rowCount() else []):
            self.removeRow(row)
        self.changed.emit()

    def set_concepts(self, concepts: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        for concept in concepts:
            self.add_concept(concept)
        self.changed.emit()

    def editor(self, row: int, column: int) -> Any:
        return self.cellWidget(row, column)

    def _text(self, row: int, column: int) -> str:
        widget = self.cellWidget(row, column)
        if isinstance(widget, CatalogLineEdit):
            return widget.code()
        return widget.text().strip().replace(",", "").lstrip("$") if widget else ""

    def _code(self, row: int, column: int) -> str:
        widget = self.cellWidget(row, column)
        return str(widget.currentData() or "") if isinstance(widget, QComboBox) else ""

    def concepts(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.rowCount()):
            taxes = impuestos(
                self._code(row, C_IVA), self._code(row, C_RET), self._code(row, C_IEPS)
            )
            concept: dict[str, Any] = {
                "ClaveProdServ": self._text(row, C_CLAVE),
                "Cantidad": self._text(row, C_CANT),
                "ClaveUnidad": self._text(row, C_UNIDAD),
                "Descripcion": self.cellWidget(row, C_DESC).text().strip(),
                "ValorUnitario": self._text(row, C_VALOR),
                "ObjetoImp": "02" if taxes else "01",
            }
            no_identificacion = self.cellWidget(row, C_DESC).property("no_identificacion")
            if no_identificacion:
                concept["NoIdentificacion"] = str(no_identificacion)
            if self._text(row, C_DESCUENTO):
                concept["Descuento"] = self._text(row, C_DESCUENTO)
            if taxes:
                concept["Impuestos"] = taxes
            result.append(concept)
        return result

    # -- what the core said ---------------------------------------------------------------

    def set_importes(self, importes: tuple[str, ...]) -> None:
        for row in range(self.rowCount()):
            item = self.item(row, C_IMPORTE)
            if item is not None:
                item.setText(importes[row] if row < len(importes) else "—")

    def mark_errors(self, errors: dict[tuple[int, int], str]) -> None:
        """Red border and tooltip on the cells SAT would object to ((row, column) -> text)."""
        for row in range(self.rowCount()):
            for column in range(C_IMPORTE):
                widget = self.cellWidget(row, column)
                text = errors.get((row, column), "")
                if widget.property("state") != ("error" if text else ""):
                    widget.setProperty("state", "error" if text else "")
                    repolish(widget)
                widget.setToolTip(text or str(widget.property("hint") or ""))
