"""Generar CFDI's Complemento section: Ninguno, Comercio Exterior 2.0 or Carta Porte 3.1.

The section reads the company's locations, vehicles, drivers, clients and products once
(`services.complementos.complement_choices`, in a worker) and turns what the user chose
into the document's `Complemento` JSON through the services' builders
(`comercio_exterior_input`, `carta_porte_input`), the same functions the CLI uses. What a
builder still misses (a FieldError) is said under the section and blocks Generar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facturador.services.complementos import (
    ComplementChoices,
    carta_porte_input,
    comercio_exterior_input,
    domicilio_of,
)
from facturador.services.errors import FieldError
from facturador.ui import messages_complementos as M
from facturador.ui.pages._cfdi_cp_goods import GoodsTable
from facturador.ui.widgets.fields import CatalogLineEdit
from facturador.ui.widgets.sat_choices import CodeCombo

if TYPE_CHECKING:
    from facturador.services.complementos import ClienteRow as Cliente
    from facturador.services.complementos import OperadorRow as Operador
    from facturador.services.complementos import UbicacionRow as Ubicacion
    from facturador.services.complementos import VehiculoRow as Vehiculo
    from facturador.services.form_checks import Search

__all__ = ["ComplementSection", "explain"]

COMERCIO_EXTERIOR, CARTA_PORTE = "ComercioExterior", "CartaPorte"
_JSON_DATE = "yyyy-MM-ddTHH:mm:ss"
_COMBO_CHARS = 16  # a combo's long rows (an address, a driver) never widen the page


def _narrow(combo: QComboBox) -> QComboBox:
    """As wide as its cell gives; the list shows the rows whole, the tooltip the chosen one."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(_COMBO_CHARS)
    combo.currentTextChanged.connect(combo.setToolTip)
    return combo


def _caption(text: str, widget: QWidget) -> QWidget:
    """`widget` under a small caption whose mnemonic-free buddy is the widget."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    label = QLabel(text)
    label.setObjectName("hint")
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    return holder


class _RowCombo(QComboBox):
    """A choice among the company's stored rows; its value is the row (or None)."""

    def __init__(self, catalog: str) -> None:
        super().__init__()
        self.catalog = catalog
        self.rows: dict[int, Any] = {}
        _narrow(self)

    def set_rows(self, rows: Sequence[Any], label: Any) -> None:
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.rows = {row.id: row for row in rows}
        empty = M.EMPTY_CATALOG.format(catalogo=M.CATALOG_NAMES[self.catalog])
        self.addItem(M.NO_CHOICE if rows else empty, None)
        for row in rows:
            self.addItem(label(row), row.id)
        index = self.findData(chosen) if chosen is not None else -1
        self.setCurrentIndex(max(index, 0) if index >= 0 or len(rows) != 1 else 1)
        self.blockSignals(False)

    def row(self) -> Any:
        return self.rows.get(self.currentData())

    def choose(self, match: Any) -> None:
        """The first row for which `match(row)` holds."""
        found = next((row for row in self.rows.values() if match(row)), None)
        if found is not None:
            self.setCurrentIndex(self.findData(found.id))


def _ubicacion_label(row: Ubicacion) -> str:
    return f"{row.alias} — C.P. {row.codigo_postal}, {row.estado}"


def _vehiculo_label(row: Vehiculo) -> str:
    return f"{row.alias} — {row.config_vehicular}, placa {row.placa_vm}"


def _operador_label(row: Operador) -> str:
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


class _ComercioExteriorPanel(QWidget):
    def __init__(self, search: Search) -> None:
        super().__init__()
        self.emisor = _RowCombo("ubicaciones")
        self.incoterm = CatalogLineEdit("c_INCOTERM", search)
        self.incoterm.setPlaceholderText("FOB, CIF, EXW…")
        self.tipo_cambio_usd = QLineEdit()
        self.tipo_cambio_usd.setPlaceholderText(M.CCE_TIPO_CAMBIO_USD_HINT)
        self.pedimento = _narrow(CodeCombo(M.CLAVES_PEDIMENTO))
        self.certificado = _narrow(CodeCombo(M.CERTIFICADO_ORIGEN))
        self.num_certificado = QLineEdit()
        self.observaciones = QLineEdit()
        self.receptor = QLabel(M.CCE_NO_RECEPTOR)
        self.receptor.setObjectName("hint")
        self.receptor.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.addWidget(_caption(M.CCE_EMISOR, self.emisor), 0, 0, 1, 2)
        grid.addWidget(_caption(M.CCE_INCOTERM, self.incoterm), 0, 2)
        grid.addWidget(_caption(M.CCE_TIPO_CAMBIO_USD, self.tipo_cambio_usd), 0, 3)
        grid.addWidget(_caption(M.CCE_PEDIMENTO, self.pedimento), 1, 0)
        grid.addWidget(_caption(M.CCE_CERTIFICADO, self.certificado), 1, 1)
        grid.addWidget(_caption(M.CCE_NUM_CERTIFICADO, self.num_certificado), 1, 2)
        grid.addWidget(_caption(M.CCE_OBSERVACIONES, self.observaciones), 1, 3)
        grid.addWidget(self.receptor, 2, 0, 1, 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.incoterm, self.tipo_cambio_usd, self.num_certificado, self.observaciones)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.emisor, self.pedimento, self.certificado)

    def show_receptor(self, cliente: Cliente | None) -> None:
        domicilio = domicilio_of(cliente) if cliente is not None else {}
        self.receptor.setText(
            M.CCE_RECEPTOR.format(domicilio=", ".join(domicilio.values()))
            if domicilio
            else M.CCE_NO_RECEPTOR
        )

    def build(
        self,
        data: Mapping[str, Any],
        cliente: Cliente | None,
        productos: Sequence[Any],
    ) -> dict[str, Any]:
        emisor = self.emisor.row()
        if emisor is None:
            raise FieldError("emisor_domicilio", "required")
        if cliente is None:
            raise FieldError("cliente", "required")
        moneda = str(data.get("Moneda") or "MXN")
        tcusd = self.tipo_cambio_usd.text().strip()
        if moneda == "USD" and not tcusd:
            tcusd = str(data.get("TipoCambio") or "")
        return comercio_exterior_input(
            cliente=cliente,
            conceptos=data.get("Conceptos") or [],
            productos=productos,
            emisor_domicilio=emisor,
            tipo_cambio_usd=tcusd,
            moneda=moneda,
            tipo_cambio=str(data.get("TipoCambio") or "") or None,
            incoterm=self.incoterm.code() or None,
            clave_de_pedimento=self.pedimento.code(),
            certificado_origen=self.certificado.code(),
            num_certificado_origen=self.num_certificado.text(),
            observaciones=self.observaciones.text(),
        )

    def load(self, cce: Mapping[str, Any]) -> None:
        self.incoterm.setText(str(cce.get("Incoterm") or ""))
        self.tipo_cambio_usd.setText(str(cce.get("TipoCambioUSD") or ""))
        self.pedimento.set_code(str(cce.get("ClaveDePedimento") or "A1"))
        self.certificado.set_code(str(cce.get("CertificadoOrigen") or "0"))
        self.num_certificado.setText(str(cce.get("NumCertificadoOrigen") or ""))
        self.observaciones.setText(str(cce.get("Observaciones") or ""))
        domicilio = (cce.get("Emisor") or {}).get("Domicilio") or {}
        self.emisor.choose(lambda row: domicilio_of(row) == domicilio)

    def clear(self) -> None:
        for edit in self.edits():
            edit.clear()
        self.pedimento.set_code("A1")
        self.certificado.set_code("0")


class _CartaPortePanel(QWidget):
    def __init__(self, search: Search) -> None:
        super().__init__()
        self._search = search
        self.origen = _RowCombo("ubicaciones")
        self.destino = _RowCombo("ubicaciones")
        self.salida = self._date_edit()
        self.llegada = self._date_edit()
        self.distancia = QLineEdit()
        self.distancia.setPlaceholderText("0")
        self.vehiculo = _RowCombo("vehiculos")
        self.operador = _RowCombo("operadores")
        self.goods = GoodsTable(search)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.addWidget(_caption(M.CP_ORIGEN, self.origen), 0, 0, 1, 2)
        grid.addWidget(_caption(M.CP_SALIDA, self.salida), 0, 2)
        grid.addWidget(_caption(M.CP_VEHICULO, self.vehiculo), 0, 3)
        grid.addWidget(_caption(M.CP_DESTINO, self.destino), 1, 0, 1, 2)
        grid.addWidget(_caption(M.CP_LLEGADA, self.llegada), 1, 2)
        grid.addWidget(_caption(M.CP_OPERADOR, self.operador), 1, 3)
        grid.addWidget(_caption(M.CP_DISTANCIA, self.distancia), 2, 0)
        grid.addWidget(self.goods, 3, 0, 1, 4)
        for column, stretch in enumerate((1, 1, 1, 2)):
            grid.setColumnStretch(column, stretch)

    @staticmethod
    def _date_edit() -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setDisplayFormat(M.DATE_FORMAT)
        edit.setCalendarPopup(True)
        return edit

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.distancia,)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.origen, self.destino, self.vehiculo, self.operador)

    def set_now(self, now: QDateTime) -> None:
        self.salida.setDateTime(now)
        self.llegada.setDateTime(now.addSecs(4 * 3600))

    def build(self, data: Mapping[str, Any]) -> dict[str, Any]:
        for name, combo in (("origen", self.origen), ("destino", self.destino),
                            ("vehiculo", self.vehiculo), ("operador", self.operador)):  # fmt: skip
            if combo.row() is None:
                raise FieldError(name, "required")
        self.goods.sync(list(data.get("Conceptos") or []))
        return carta_porte_input(
            origen=self.origen.row(),
            salida=self.salida.dateTime().toString(_JSON_DATE),
            destino=self.destino.row(),
            llegada=self.llegada.dateTime().toString(_JSON_DATE),
            distancia=self.distancia.text(),
            lineas=self.goods.lineas(),
            vehiculo=self.vehiculo.row(),
            operador=self.operador.row(),
        )

    def load(self, cp: Mapping[str, Any], conceptos: Sequence[Mapping[str, Any]]) -> None:
        ubicaciones = list(cp.get("Ubicaciones") or [])
        for combo, date_edit, tipo in ((self.origen, self.salida, "Origen"),
                                       (self.destino, self.llegada, "Destino")):  # fmt: skip
            found = next((u for u in ubicaciones if u.get("TipoUbicacion") == tipo), None)
            if found is None:
                continue
            domicilio = found.get("Domicilio") or {}
            combo.choose(lambda row, d=domicilio: domicilio_of(row) == d)
            when = QDateTime.fromString(str(found.get("FechaHoraSalidaLlegada") or ""), _JSON_DATE)
            if when.isValid():
                date_edit.setDateTime(when)
            if found.get("DistanciaRecorrida"):
                self.distancia.setText(str(found["DistanciaRecorrida"]))
        mercancias = cp.get("Mercancias") or {}
        auto = mercancias.get("Autotransporte") or {}
        placa = (auto.get("IdentificacionVehicular") or {}).get("PlacaVM")
        self.vehiculo.choose(lambda row: row.placa_vm == placa)
        figuras = cp.get("FiguraTransporte") or [{}]
        licencia = figuras[0].get("NumLicencia")
        self.operador.choose(lambda row: row.num_licencia == licencia)
        self.goods.load(list(mercancias.get("Mercancia") or []), conceptos)

    def clear(self) -> None:
        self.distancia.clear()
        self.goods.clear()


class ComplementSection(QWidget):
    """The chosen complement's fields; `kind_combo` (Ninguno, Comercio Exterior, Carta
    Porte) is laid out by the page among its fields, the section shown only for a kind."""

    changed = Signal()
    kind_changed = Signal(str)

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = ComplementChoices()
        self.kind_combo = _narrow(CodeCombo(M.KINDS, with_codes=False))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.cce = _ComercioExteriorPanel(search)
        self.cp = _CartaPortePanel(search)
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

    def cliente(self, client_id: int | None) -> Cliente | None:
        return next((c for c in self.choices.clientes if c.id == client_id), None)

    def complemento(self, data: Mapping[str, Any], client_id: int | None) -> dict[str, Any]:
        """The `Complemento` of the JSON input ({} for Ninguno); FieldError when the
        section still misses something."""
        kind = self.kind()
        if kind == COMERCIO_EXTERIOR:
            cliente = self.cliente(client_id)
            self.cce.show_receptor(cliente)
            return self.cce.build(data, cliente, self.choices.productos)
        if kind == CARTA_PORTE:
            return self.cp.build(data)
        return {}

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text) and bool(self.kind()))

    def set_lines(self, conceptos: Sequence[Mapping[str, Any]]) -> None:
        self.cp.goods.sync(conceptos)

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
