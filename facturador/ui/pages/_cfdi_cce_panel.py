"""The Comercio Exterior 2.0 panel of Generar CFDI's Complemento section: the emisor's
address (a frequent location), Incoterm, TipoCambioUSD, pedimento and certificate of
origin; on a traslado the motivo and, for goods of a third party, their owner. The
receptor's address and the goods' customs data come from the client and product records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from facturador.services.complementos import comercio_exterior_input, domicilio_of
from facturador.services.errors import FieldError
from facturador.ui import messages_complementos as M
from facturador.ui.pages._cfdi_complement_fields import RowCombo, narrow, panel_grid
from facturador.ui.widgets.fields import CatalogLineEdit, captioned
from facturador.ui.widgets.sat_choices import CodeCombo

if TYPE_CHECKING:
    from facturador.services.form_checks import Search
    from facturador.services.views import ClientInfo, ProductInfo

__all__ = ["ComercioExteriorPanel"]


class ComercioExteriorPanel(QWidget):
    def __init__(self, search: Search) -> None:
        super().__init__()
        self.emisor = RowCombo("ubicaciones")
        self.incoterm = CatalogLineEdit("c_INCOTERM", search)
        self.incoterm.setPlaceholderText("FOB, CIF, EXW…")
        self.tipo_cambio_usd = QLineEdit()
        self.tipo_cambio_usd.setPlaceholderText(M.CCE_TIPO_CAMBIO_USD_HINT)
        self.pedimento = narrow(CodeCombo(M.CLAVES_PEDIMENTO))
        self.certificado = narrow(CodeCombo(M.CERTIFICADO_ORIGEN))
        self.num_certificado = QLineEdit()
        self.observaciones = QLineEdit()
        self.motivo = narrow(CodeCombo(M.MOTIVOS_TRASLADO))
        self.propietario_id = QLineEdit()
        self.propietario_pais = CatalogLineEdit("c_Pais", search)
        self.receptor = QLabel(M.CCE_NO_RECEPTOR)
        self.receptor.setObjectName("hint")
        self.receptor.setWordWrap(True)
        grid = panel_grid(self)
        grid.addWidget(captioned(M.CCE_EMISOR, self.emisor), 0, 0, 1, 2)
        grid.addWidget(captioned(M.CCE_INCOTERM, self.incoterm), 0, 2)
        grid.addWidget(captioned(M.CCE_TIPO_CAMBIO_USD, self.tipo_cambio_usd), 0, 3)
        grid.addWidget(captioned(M.CCE_PEDIMENTO, self.pedimento), 1, 0)
        grid.addWidget(captioned(M.CCE_CERTIFICADO, self.certificado), 1, 1)
        grid.addWidget(captioned(M.CCE_NUM_CERTIFICADO, self.num_certificado), 1, 2)
        grid.addWidget(captioned(M.CCE_OBSERVACIONES, self.observaciones), 1, 3)
        self.traslado_cells = (
            captioned(M.CCE_MOTIVO, self.motivo),
            captioned(M.CCE_PROPIETARIO_ID, self.propietario_id),
            captioned(M.CCE_PROPIETARIO_PAIS, self.propietario_pais),
        )
        grid.addWidget(self.traslado_cells[0], 2, 0, 1, 2)
        grid.addWidget(self.traslado_cells[1], 2, 2)
        grid.addWidget(self.traslado_cells[2], 2, 3)
        grid.addWidget(self.receptor, 3, 0, 1, 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.motivo.currentIndexChanged.connect(lambda _i: self._show_traslado())
        self.traslado = False
        self._show_traslado()

    def set_traslado(self, traslado: bool) -> None:
        """A traslado (tipo T) says why the goods go abroad, and whose they are for 05."""
        self.traslado = traslado
        self._show_traslado()

    def _show_traslado(self) -> None:
        motivo, propietario_id, propietario_pais = self.traslado_cells
        motivo.setVisible(self.traslado)
        terceros = self.traslado and self.motivo.code() == M.MOTIVO_PROPIETARIO
        propietario_id.setVisible(terceros)
        propietario_pais.setVisible(terceros)

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.incoterm, self.tipo_cambio_usd, self.num_certificado, self.observaciones,
                self.propietario_id, self.propietario_pais)  # fmt: skip

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.emisor, self.pedimento, self.certificado, self.motivo)

    def show_receptor(self, cliente: ClientInfo | None) -> None:
        domicilio = domicilio_of(cliente) if cliente is not None else {}
        self.receptor.setText(
            M.CCE_RECEPTOR.format(domicilio=", ".join(domicilio.values()))
            if domicilio
            else M.CCE_NO_RECEPTOR
        )

    def build(
        self,
        data: Mapping[str, Any],
        cliente: ClientInfo | None,
        productos: Sequence[ProductInfo],
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
            motivo_traslado=self.motivo.code() if self.traslado else None,
            propietario=self._propietario(),
        )

    def _propietario(self) -> dict[str, str] | None:
        if not self.traslado or self.motivo.code() != M.MOTIVO_PROPIETARIO:
            return None
        return {
            "NumRegIdTrib": self.propietario_id.text(),
            "ResidenciaFiscal": self.propietario_pais.code(),
        }

    def load(self, cce: Mapping[str, Any]) -> None:
        self.incoterm.setText(str(cce.get("Incoterm") or ""))
        self.tipo_cambio_usd.setText(str(cce.get("TipoCambioUSD") or ""))
        self.pedimento.set_code(str(cce.get("ClaveDePedimento") or "A1"))
        self.certificado.set_code(str(cce.get("CertificadoOrigen") or "0"))
        self.num_certificado.setText(str(cce.get("NumCertificadoOrigen") or ""))
        self.observaciones.setText(str(cce.get("Observaciones") or ""))
        self.motivo.set_code(str(cce.get("MotivoTraslado") or "01"))
        propietarios = cce.get("Propietario") or [{}]
        self.propietario_id.setText(str(propietarios[0].get("NumRegIdTrib") or ""))
        self.propietario_pais.setText(str(propietarios[0].get("ResidenciaFiscal") or ""))
        domicilio = (cce.get("Emisor") or {}).get("Domicilio") or {}
        self.emisor.choose(lambda row: domicilio_of(row) == domicilio)

    def clear(self) -> None:
        for edit in self.edits():
            edit.clear()
        self.pedimento.set_code("A1")
        self.certificado.set_code("0")
        self.motivo.set_code("01")
