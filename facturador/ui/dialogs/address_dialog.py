"""A foreign client's address (Comercio Exterior's Receptor Domicilio), asked in a dialog of
its own so the client dialog still fits a 700 px screen; the client dialog saves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from facturador.ui import messages as M
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import AddressFields, HeightFit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from facturador.ui.context import AppContext

__all__ = ["AddressDialog", "address_summary"]


def address_summary(values: Mapping[str, str | None]) -> str:
    """«Main St 500, Laredo, TX, USA, C.P. 78040», or that there is none."""
    street = " ".join(v for v in (values.get("calle"), values.get("numero_exterior")) if v)
    if values.get("numero_interior"):
        street = f"{street} int. {values['numero_interior']}".strip()
    parts = [street, *(values.get(n) for n in ("colonia", "localidad", "municipio", "estado"))]
    parts.append(values.get("pais"))
    if values.get("codigo_postal"):
        parts.append(f"C.P. {values['codigo_postal']}")
    text = ", ".join(p for p in parts if p)
    return text or T.ADDRESS_NONE


class AddressDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        values: Mapping[str, str | None],
        error: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(T.ADDRESS_FOREIGN)
        self.setMinimumWidth(600)
        self.address = AddressFields(ctx)
        self.address.fill(dict(values))
        if error is not None and error[0] in self.address.boxes:
            self.address.boxes[error[0]].show_error(error[1])
        hint = QLabel(T.ADDRESS_FOREIGN_HINT)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(T.ADDRESS_ACCEPT)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(M.CANCEL)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addWidget(hint)
        layout.addWidget(self.address)
        layout.addWidget(self.buttons)
        self.height_fit = HeightFit(self)
        if error is not None and error[0] in self.address.edits:
            self.address.edits[error[0]].setFocus()

    def values(self) -> dict[str, str | None]:
        return self.address.values()
