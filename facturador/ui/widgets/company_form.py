"""The company's fiscal data (RFC, razón social, régimen, CP) with on-the-spot checks.

Used by the "Datos fiscales" page and the first-run wizard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from facturador.ui import messages as M
from facturador.ui.widgets.fields import CatalogLineEdit, FieldBox, new_form
from facturador.ui.widgets.name_warning import RegimenCapitalWarning
from facturador.ui.widgets.rfc_edit import make_rfc_edit
from facturador.ui.widgets.validation import FormValidator

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo
    from facturador.ui.context import AppContext

__all__ = ["CompanyForm"]


class CompanyForm(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rfc_edit = make_rfc_edit()
        self.rfc_edit.setPlaceholderText("p. ej. EKU9003173C9")
        self.nombre_edit = QLineEdit()
        self.nombre_edit.setPlaceholderText("p. ej. ESCUELA KEMPER URGATE")
        self.regimen_edit = CatalogLineEdit("c_RegimenFiscal", ctx.search_catalog)
        self.regimen_edit.setPlaceholderText("p. ej. 601")
        self.cp_edit = CatalogLineEdit("c_CodigoPostal", ctx.search_catalog)
        self.cp_edit.setMaxLength(5)
        self.cp_edit.setPlaceholderText("p. ej. 42501")
        self.boxes = {
            "rfc": FieldBox(self.rfc_edit),
            "nombre": FieldBox(self.nombre_edit, M.NAME_HINT),
            "regimen_fiscal": FieldBox(self.regimen_edit, M.REGIMEN_HINT),
            "lugar_expedicion": FieldBox(self.cp_edit, M.CP_HINT),
        }
        self.validator = FormValidator(ctx.services, self.boxes, rfc_edit=self.rfc_edit)
        self.name_warning = RegimenCapitalWarning(
            self.boxes["nombre"], self.nombre_edit, self.rfc_edit
        )
        self.rfc_edit.textEdited.connect(self._upper_rfc)
        form = new_form()
        form.addRow(M.RFC, self.boxes["rfc"])
        form.addRow(M.RAZON_SOCIAL, self.boxes["nombre"])
        form.addRow(M.REGIMEN, self.boxes["regimen_fiscal"])
        form.addRow(M.CP_EXPEDICION, self.boxes["lugar_expedicion"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.setTabOrder(self.rfc_edit, self.nombre_edit)
        self.setTabOrder(self.nombre_edit, self.regimen_edit)
        self.setTabOrder(self.regimen_edit, self.cp_edit)

    def _upper_rfc(self, text: str) -> None:
        if text != text.upper():
            position = self.rfc_edit.cursorPosition()
            self.rfc_edit.setText(text.upper())
            self.rfc_edit.setCursorPosition(position)

    def set_company(self, company: CompanyInfo | None) -> None:
        self.rfc_edit.setText(company.rfc if company else "")
        self.rfc_edit.setReadOnly(company is not None)
        self.boxes["rfc"].hint = M.RFC_LOCKED_HINT if company else ""
        self.nombre_edit.setText(company.nombre if company else "")
        self.regimen_edit.setText(company.regimen_fiscal if company else "")
        self.cp_edit.setText(company.lugar_expedicion if company else "")
        for box in self.boxes.values():
            box.clear()

    def values(self) -> dict[str, str]:
        return {
            "rfc": self.rfc_edit.text().strip().upper(),
            "nombre": self.nombre_edit.text().strip(),
            "regimen_fiscal": self.regimen_edit.code(),
            "lugar_expedicion": self.cp_edit.code(),
        }
