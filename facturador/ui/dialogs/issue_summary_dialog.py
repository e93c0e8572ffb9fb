"""The short summary Generar CFDI shows before sealing: receptor, total, forma and método de
pago, moneda (and the related CFDI, when there are). «Generar» is the default button, so
Enter confirms; «Volver a editar» (or Esc) goes back to the form with nothing issued."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages_documents as M
from facturador.ui.pages._documents import money
from facturador.ui.widgets.sat_choices import (
    FORMAS_PAGO,
    METODOS_PAGO,
    TIPOS_COMPROBANTE,
    TIPOS_RELACION,
)

__all__ = ["IssueSummaryDialog", "summary_lines"]


def _described(code: str, catalog: tuple[tuple[str, str], ...]) -> str:
    text = dict(catalog).get(code)
    return f"{code} – {text}" if text else code


def summary_lines(data: dict[str, Any], total: Decimal | None) -> list[tuple[str, str]]:
    """(caption, value) rows of the summary of the form's JSON input `data`."""
    receptor = data.get("Receptor") or {}
    moneda = str(data.get("Moneda") or "MXN")
    rows = [
        (M.SUMMARY_RECEPTOR, f"{receptor.get('Nombre', '')} · RFC {receptor.get('Rfc', '')}"),
        (M.SUMMARY_TIPO, _described(str(data.get("TipoDeComprobante", "")), TIPOS_COMPROBANTE)),
        (M.SUMMARY_TOTAL, f"{money(total)} {moneda}" if total is not None else "—"),
        (M.SUMMARY_FORMA, _described(str(data.get("FormaPago", "")), FORMAS_PAGO)),
        (M.SUMMARY_METODO, _described(str(data.get("MetodoPago", "")), METODOS_PAGO)),
        (M.SUMMARY_MONEDA, moneda),
    ]
    for group in data.get("CfdiRelacionados") or []:
        uuids = ", ".join(str(i.get("UUID", "")) for i in group.get("CfdiRelacionado") or [])
        tipo = _described(str(group.get("TipoRelacion", "")), TIPOS_RELACION)
        rows.append((M.SUMMARY_RELACION, f"{tipo}: {uuids}"))
    return rows


class IssueSummaryDialog(QDialog):
    """Accepted (its `accepted` signal) when the user confirms «Generar»."""

    def __init__(
        self, data: dict[str, Any], total: Decimal | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(M.SUMMARY_TITLE)
        self.setMinimumWidth(520)
        self.rows = summary_lines(data, total)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        for caption, value in self.rows:
            label = QLabel(value)
            label.setWordWrap(True)
            if caption == M.SUMMARY_TOTAL:
                label.setStyleSheet("font-size: 14pt; font-weight: 600;")
            self.values[caption] = label
            form.addRow(caption, label)
        intro = QLabel(M.SUMMARY_TEXT)
        intro.setWordWrap(True)
        note = QLabel(M.SUMMARY_NOTE)
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.generate_button: QPushButton = buttons.addButton(
            M.SUMMARY_GENERATE, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.back_button: QPushButton = buttons.addButton(
            M.SUMMARY_BACK, QDialogButtonBox.ButtonRole.RejectRole
        )
        self.generate_button.setDefault(True)
        self.generate_button.setAutoDefault(True)
        self.back_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.generate_button.setFocus()
