"""The Carta Porte 3.1 panel of Generar CFDI's Complemento section (road transport):
origin and destination among the frequent locations, departure and arrival, distance,
vehicle, driver, and the goods (`_cfdi_cp_goods`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QWidget

from facturador.services.complementos import carta_porte_input, domicilio_of
from facturador.services.errors import FieldError
from facturador.ui import messages_complementos as M
from facturador.ui.pages._cfdi_complement_fields import RowCombo, panel_grid
from facturador.ui.pages._cfdi_cp_goods import GoodsTable
from facturador.ui.widgets.fields import captioned

if TYPE_CHECKING:
    from facturador.services.form_checks import Search

__all__ = ["CartaPortePanel"]

_JSON_DATE = "yyyy-MM-ddTHH:mm:ss"
_TRIP_HOURS = 4  # the arrival proposed after the departure


class CartaPortePanel(QWidget):
    def __init__(self, search: Search) -> None:
        super().__init__()
        self._search = search
        self.origen = RowCombo("ubicaciones")
        self.destino = RowCombo("ubicaciones")
        self.salida = self._date_edit()
        self.llegada = self._date_edit()
        self.distancia = QLineEdit()
        self.distancia.setPlaceholderText("0")
        self.vehiculo = RowCombo("vehiculos")
        self.operador = RowCombo("operadores")
        self.goods = GoodsTable(search)
        grid = panel_grid(self)
        grid.addWidget(captioned(M.CP_ORIGEN, self.origen), 0, 0, 1, 2)
        grid.addWidget(captioned(M.CP_SALIDA, self.salida), 0, 2)
        grid.addWidget(captioned(M.CP_VEHICULO, self.vehiculo), 0, 3)
        grid.addWidget(captioned(M.CP_DESTINO, self.destino), 1, 0, 1, 2)
        grid.addWidget(captioned(M.CP_LLEGADA, self.llegada), 1, 2)
        grid.addWidget(captioned(M.CP_OPERADOR, self.operador), 1, 3)
        grid.addWidget(captioned(M.CP_DISTANCIA, self.distancia), 2, 0)
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
        self.llegada.setDateTime(now.addSecs(_TRIP_HOURS * 3600))

    def build(self, data: Mapping[str, Any]) -> dict[str, Any]:
        self.goods.sync(list(data.get("Conceptos") or []))  # shown even while incomplete
        for name, combo in (("origen", self.origen), ("destino", self.destino),
                            ("vehiculo", self.vehiculo), ("operador", self.operador)):  # fmt: skip
            if combo.row() is None:
                raise FieldError(name, "required")
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
