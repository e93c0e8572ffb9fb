"""Add, edit or delete a driver (operador, TipoFigura 01) for Carta Porte: RFC, name and
licence; a foreign driver without RFC gives the tax id of his country instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtWidgets import QGroupBox, QLineEdit, QVBoxLayout, QWidget

from facturador.services.complementos import OperadorData, remove_operador, save_operador
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import RowDialog, text_of
from facturador.ui.widgets.fields import CatalogLineEdit, lay_out_form_dialog, new_form
from facturador.ui.widgets.rfc_edit import make_rfc_edit

if TYPE_CHECKING:
    from facturador.services.complementos import Stored
    from facturador.ui.context import AppContext

__all__ = ["DriverDialog"]


class DriverDialog(RowDialog):
    sentences: ClassVar[dict[tuple[str, str], str]] = {
        ("rfc_figura", "required"): T.DRIVER_RFC_REQUIRED
    }

    def __init__(
        self,
        ctx: AppContext,
        driver: Stored[OperadorData] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            driver,
            title=T.DRIVER_EDIT if driver else T.DRIVER_NEW,
            save_fn=save_operador,
            remove_fn=remove_operador,
            parent=parent,
        )
        self.setMinimumWidth(600)
        self.rfc_edit = make_rfc_edit()
        self.nombre_edit = QLineEdit()
        self.nombre_edit.setMaxLength(254)
        self.licencia_edit = QLineEdit()
        self.licencia_edit.setMaxLength(16)
        self.num_reg_edit = QLineEdit()
        self.num_reg_edit.setMaxLength(40)
        self.residencia_edit = CatalogLineEdit("c_Pais", ctx.search_catalog)
        self._layout()
        if driver is not None:
            self._fill(driver.data)

    def _layout(self) -> None:
        form = new_form()
        form.addRow(T.DRIVER_RFC, self.box("rfc_figura", self.rfc_edit, T.DRIVER_RFC_HINT))
        form.addRow(T.DRIVER_NAME, self.box("nombre_figura", self.nombre_edit))
        form.addRow(T.DRIVER_LICENSE, self.box("num_licencia", self.licencia_edit))
        foreign = QGroupBox(T.DRIVER_FOREIGN)
        foreign_form = new_form()
        foreign_form.addRow(
            T.DRIVER_NUM_REG,
            self.box("num_reg_id_trib_figura", self.num_reg_edit, T.DRIVER_NUM_REG_HINT),
        )
        foreign_form.addRow(
            T.DRIVER_RESIDENCIA,
            self.box("residencia_fiscal_figura", self.residencia_edit, T.DRIVER_RESIDENCIA_HINT),
        )
        QVBoxLayout(foreign).addLayout(foreign_form)
        form.addRow(foreign)
        order = [
            self.rfc_edit,
            self.nombre_edit,
            self.licencia_edit,
            self.num_reg_edit,
            self.residencia_edit,
        ]
        lay_out_form_dialog(self, form, self.message, self.bottom, order)

    def _fill(self, data: OperadorData) -> None:
        self.rfc_edit.setText(data.rfc_figura or "")
        self.nombre_edit.setText(data.nombre_figura)
        self.licencia_edit.setText(data.num_licencia)
        self.num_reg_edit.setText(data.num_reg_id_trib_figura or "")
        self.residencia_edit.setText(data.residencia_fiscal_figura or "")

    def data(self) -> OperadorData:
        return OperadorData(
            rfc_figura=text_of(self.rfc_edit) or None,
            nombre_figura=text_of(self.nombre_edit),
            num_licencia=text_of(self.licencia_edit),
            num_reg_id_trib_figura=text_of(self.num_reg_edit) or None,
            residencia_fiscal_figura=text_of(self.residencia_edit) or None,
        )

    def delete_question(self) -> str:
        assert self.stored is not None
        return T.DRIVER_DELETE_CONFIRM.format(nombre=self.stored.data.nombre_figura)
