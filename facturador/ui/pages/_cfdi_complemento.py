"""Generar CFDI's Complemento section: Ninguno, Comercio Exterior 2.0 or Carta Porte 3.1.

The section reads the company's locations, vehicles and drivers once
(`services.complementos.complement_choices`, in a worker), takes the page's own client and
product views, and turns what the user chose into the document's `Complemento` JSON
through the services' builders
(`comercio_exterior_input`, `carta_porte_input`), the same functions the CLI uses. What a
builder still misses (a FieldError) is said under the section and blocks Generar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from facturador.services.complementos import ComplementChoices
from facturador.services.errors import FieldError
from facturador.ui import messages_complementos as M
from facturador.ui.pages._cfdi_cce_panel import ComercioExteriorPanel
from facturador.ui.pages._cfdi_complement_fields import narrow
from facturador.ui.pages._cfdi_cp_panel import CartaPortePanel
from facturador.ui.widgets.sat_choices import CodeCombo

if TYPE_CHECKING:
    from facturador.services.complementos import OperadorData, UbicacionData, VehiculoData
    from facturador.services.form_checks import Search
    from facturador.services.views import ClientInfo, ProductInfo

__all__ = ["ComplementSection", "explain"]

COMERCIO_EXTERIOR, CARTA_PORTE = "ComercioExterior", "CartaPorte"


def _ubicacion_label(row: UbicacionData) -> str:
    return f"{row.alias} — C.P. {row.codigo_postal}, {row.estado}"


def _vehiculo_label(row: VehiculoData) -> str:
    return f"{row.alias} — {row.config_vehicular}, placa {row.placa_vm}"


def _operador_label(row: OperadorData) -> str:
    return f"{row.nombre_figura} — licencia {row.num_licencia}"


def explain(error: FieldError) -> str:
    """The Spanish sentence of what the section still needs (a builder's FieldError)."""
    labels = {**M.CCE_FIELD_LABELS, **M.CARTA_PORTE_FIELD_LABELS}
    field = error.field
    if "[" in field:  # "lineas[2].peso_en_kg", "conceptos[1].NoIdentificacion"
        numero = field[field.index("[") + 1 : field.index("]")]
        column = M.LINE_COLUMNS.get(field.rsplit(".", 1)[-1], field)
        labels = {field: M.LINE_FIELD.format(numero=numero, columna=column)}
    return error.message_with(labels)


class ComplementSection(QWidget):
    """The chosen complement's fields; `kind_combo` (Ninguno, Comercio Exterior, Carta
    Porte) is laid out by the page among its fields, the section shown only for a kind."""

    changed = Signal()
    kind_changed = Signal(str)

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = ComplementChoices()
        self.kind_combo = narrow(CodeCombo(M.KINDS, with_codes=False))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.cce = ComercioExteriorPanel(search)
        self.cp = CartaPortePanel(search)
        self.cp.goods.changed.connect(self.changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.stack.addWidget(self.cce)
        self.stack.addWidget(self.cp)
        self.problem = QLabel()
        self.problem.setObjectName("fieldMessage")
        self.problem.setProperty("state", "error")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.hint)
        layout.addWidget(self.stack)
        layout.addWidget(self.problem)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        for panel in (self.cce, self.cp):
            for edit in panel.edits():
                edit.textChanged.connect(lambda _t: self.changed.emit())
            for combo in panel.combos():
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for date_edit in (self.cp.salida, self.cp.llegada):
            date_edit.dateTimeChanged.connect(lambda _d: self.changed.emit())
        self._on_kind()

    def kind(self) -> str:
        return self.kind_combo.code()

    def _on_kind(self) -> None:
        kind = self.kind()
        current = {"": 0, COMERCIO_EXTERIOR: 1, CARTA_PORTE: 2}[kind]
        for index in range(self.stack.count()):  # the stack as tall as the shown panel
            policy = (
                QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            )
            self.stack.widget(index).setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(current)
        self.stack.adjustSize()
        self.setVisible(bool(kind))
        title = dict(M.KINDS)[kind]
        self.hint.setText(f"<b>{title}</b>. {M.KIND_HINTS[kind]}" if kind else "")
        self.problem.setVisible(False)
        self.kind_changed.emit(kind)
        self.changed.emit()

    def set_choices(self, choices: ComplementChoices) -> None:
        self.choices = choices
        self.cce.emisor.set_rows(choices.ubicaciones, _ubicacion_label)
        self.cp.origen.set_rows(choices.ubicaciones, _ubicacion_label)
        self.cp.destino.set_rows(choices.ubicaciones, _ubicacion_label)
        self.cp.vehiculo.set_rows(choices.vehiculos, _vehiculo_label)
        self.cp.operador.set_rows(choices.operadores, _operador_label)
        self.changed.emit()

    def set_tipo(self, tipo: str) -> None:
        self.cce.set_traslado(tipo == "T")

    def complemento(
        self,
        data: Mapping[str, Any],
        cliente: ClientInfo | None,
        productos: Sequence[ProductInfo],
    ) -> dict[str, Any]:
        """The `Complemento` of the JSON input ({} for Ninguno) for the chosen client and
        the catalog's products; FieldError when the section still misses something."""
        kind = self.kind()
        if kind == COMERCIO_EXTERIOR:
            self.cce.show_receptor(cliente)
            return self.cce.build(data, cliente, productos)
        if kind == CARTA_PORTE:
            return self.cp.build(data)
        return {}

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text) and bool(self.kind()))

    def load(self, complemento: Mapping[str, Any], conceptos: Sequence[Mapping[str, Any]]) -> None:
        """Back from a draft, a duplicate or a correction."""
        if COMERCIO_EXTERIOR in complemento:
            self.kind_combo.set_code(COMERCIO_EXTERIOR)
            self.cce.load(complemento[COMERCIO_EXTERIOR])
        elif CARTA_PORTE in complemento:
            self.kind_combo.set_code(CARTA_PORTE)
            self.cp.load(complemento[CARTA_PORTE], conceptos)

    def clear(self, now: QDateTime) -> None:
        self.kind_combo.set_code("")
        self.cce.clear()
        self.cp.clear()
        self.cp.set_now(now)
        self.problem.setVisible(False)
