"""Small SAT catalogs as combo boxes (code + description); the value is SAT's code."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QWidget

from facturador.ui import messages as M

__all__ = [
    "FORMAS_PAGO",
    "METODOS_PAGO",
    "TIPOS_RELACION",
    "CodeCombo",
    "MetodoFormaLink",
]

FORMAS_PAGO = (
    ("01", "Efectivo"),
    ("02", "Cheque nominativo"),
    ("03", "Transferencia electrónica de fondos"),
    ("04", "Tarjeta de crédito"),
    ("05", "Monedero electrónico"),
    ("06", "Dinero electrónico"),
    ("08", "Vales de despensa"),
    ("12", "Dación en pago"),
    ("13", "Pago por subrogación"),
    ("14", "Pago por consignación"),
    ("15", "Condonación"),
    ("17", "Compensación"),
    ("23", "Novación"),
    ("24", "Confusión"),
    ("25", "Remisión de deuda"),
    ("26", "Prescripción o caducidad"),
    ("27", "A satisfacción del acreedor"),
    ("28", "Tarjeta de débito"),
    ("29", "Tarjeta de servicios"),
    ("30", "Aplicación de anticipos"),
    ("31", "Intermediario pagos"),
    ("99", "Por definir"),
)
METODOS_PAGO = (
    ("PUE", "Pago en una sola exhibición"),
    ("PPD", "Pago en parcialidades o diferido"),
)
TIPOS_RELACION = (
    ("", "Sin documentos relacionados"),
    ("01", "Nota de crédito de los documentos relacionados"),
    ("02", "Nota de débito de los documentos relacionados"),
    ("03", "Devolución de mercancía sobre facturas o traslados previos"),
    ("04", "Sustitución de los CFDI previos"),
    ("05", "Traslados de mercancías facturados previamente"),
    ("06", "Factura generada por los traslados previos"),
    ("07", "CFDI por aplicación de anticipo"),
)
METODO_PPD, FORMA_POR_DEFINIR = "PPD", "99"
TIPOS_COMPROBANTE = (
    ("I", "Ingreso (factura)"),
    ("E", "Egreso (nota de crédito)"),
    ("T", "Traslado (mercancía propia)"),
)


class CodeCombo(QComboBox):
    """A combo of (code, description) whose `code()` is SAT's code."""

    def __init__(
        self,
        items: tuple[tuple[str, str], ...],
        parent: QWidget | None = None,
        *,
        with_codes: bool = True,
    ) -> None:
        super().__init__(parent)
        for code, text in items:
            self.addItem(f"{code} – {text}" if code and with_codes else text, code)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str | None) -> None:
        index = self.findData(code or "")
        if index >= 0:
            self.setCurrentIndex(index)


class MetodoFormaLink(QObject):
    """PPD takes FormaPago 99 (Por definir), and SAT allows nothing else with it: choosing PPD
    sets 99 and locks the combo; back to PUE, the forma chosen before comes back."""

    def __init__(self, metodo: CodeCombo, forma: CodeCombo) -> None:
        super().__init__(metodo)
        self.metodo = metodo
        self.forma = forma
        self.before_ppd = ""
        metodo.currentIndexChanged.connect(lambda _i: self._on_metodo())
        self._on_metodo()

    def refresh(self) -> None:
        """Lock or free the forma again (after something else enabled the combo)."""
        self._on_metodo()

    def _on_metodo(self) -> None:
        ppd = self.metodo.code() == METODO_PPD
        if ppd and self.forma.code() != FORMA_POR_DEFINIR:
            self.before_ppd = self.forma.code()
            self.forma.set_code(FORMA_POR_DEFINIR)
        elif not ppd and self.forma.code() == FORMA_POR_DEFINIR and self.before_ppd:
            self.forma.set_code(self.before_ppd)
        if not ppd:
            self.before_ppd = ""
        self.forma.setEnabled(not ppd)
        self.forma.setToolTip(M.FORMA_PAGO_PPD if ppd else "")
