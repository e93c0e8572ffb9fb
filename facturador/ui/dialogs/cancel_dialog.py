"""Cancelar un CFDI: motivo (SAT's 01–04), UUID de sustitución for 01, and a confirmation.

The two FAQ recipes are spelled out: a CFDI with errors is first replaced (a new CFDI with
relation "04 – Sustitución de los CFDI previos") and then cancelled with motivo 01 and the
new UUID; an operation that never happened is cancelled with motivo 03.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facturador.services.messages import CANCEL_MOTIVOS
from facturador.ui.widgets.fields import FieldBox, new_form

if TYPE_CHECKING:
    from facturador.services.views import DocumentRow

__all__ = ["CancelDialog"]

RECIPES = (
    "<b>¿La factura tiene errores?</b> Primero emita la correcta con «CFDI relacionados: "
    "04 – Sustitución de los CFDI previos» (acción <i>Sustituir</i> en Registros) y, ya "
    "timbrada, cancele esta con motivo <b>01</b> y el UUID de la nueva.<br>"
    "<b>¿La venta no se realizó?</b> Cancele con motivo <b>03</b>; no se necesita otra factura."
)


class CancelDialog(QDialog):
    confirmed = Signal(str, str, str)  # uuid, motivo, folio de sustitución

    def __init__(self, row: DocumentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(f"Cancelar {row.name}")
        self.setMinimumWidth(660)
        self.motivo_combo = QComboBox()
        for code, text in CANCEL_MOTIVOS.items():
            self.motivo_combo.addItem(f"{code} – {text}", code)
        self.folio_edit = QLineEdit()
        self.folio_edit.setPlaceholderText("UUID del CFDI que sustituye a este")
        self.folio_box = FieldBox(self.folio_edit, "Solo para el motivo 01.")
        self.confirm_check = QCheckBox(
            "Entiendo que la cancelación se envía al SAT y no se puede deshacer."
        )
        recipes = QLabel(RECIPES)
        recipes.setWordWrap(True)
        recipes.setObjectName("formMessage")
        recipes.setProperty("state", "info")
        recipes.setMinimumHeight(recipes.heightForWidth(620))
        who = QLabel(
            f"<b>{row.name}</b> · {row.nombre_receptor} · ${row.total:,.2f} {row.moneda}"
            f"<br><span style='color:#59636e'>UUID {row.uuid}</span>"
        )
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "Solicitar cancelación", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)  # not "primary": the theme would hide its disabled look
        self.buttons.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = new_form()
        form.addRow("Motivo", self.motivo_combo)
        form.addRow("UUID de sustitución", self.folio_box)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(recipes)
        layout.addLayout(form)
        layout.addWidget(self.confirm_check)
        layout.addWidget(self.buttons)
        self.motivo_combo.currentIndexChanged.connect(self._update)
        self.folio_edit.textChanged.connect(self._update)
        self.confirm_check.toggled.connect(self._update)
        self.motivo_combo.setCurrentIndex(self.motivo_combo.findData("02"))
        self._update()
        self.adjustSize()

    def set_motivo(self, code: str) -> None:
        self.motivo_combo.setCurrentIndex(self.motivo_combo.findData(code))

    def _update(self) -> None:
        needs_folio = self.motivo_combo.currentData() == "01"
        self.folio_edit.setEnabled(needs_folio)
        folio = self.folio_edit.text().strip()
        if needs_folio and folio and len(folio) != 36:
            self.folio_box.show_error("Un UUID tiene 36 caracteres (8-4-4-4-12).")
        else:
            self.folio_box.clear()
        ready = self.confirm_check.isChecked() and (not needs_folio or len(folio) == 36)
        self.ok_button.setEnabled(ready)

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        motivo = str(self.motivo_combo.currentData())
        folio = self.folio_edit.text().strip().upper() if motivo == "01" else ""
        self.confirmed.emit(self.row.uuid or "", motivo, folio)
        super().accept()
