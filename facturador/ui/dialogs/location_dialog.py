"""Add, edit or delete a frequent location: an origin or destination of Carta Porte (who
sends or receives there, and its Domicilio), or the address for Comercio Exterior."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtWidgets import QGroupBox, QLineEdit, QVBoxLayout, QWidget

from facturador.services.complementos import UbicacionData, remove_ubicacion, save_ubicacion
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import AddressFields, RowDialog, text_of
from facturador.ui.widgets.fields import lay_out_form_dialog, new_form
from facturador.ui.widgets.rfc_edit import make_rfc_edit

if TYPE_CHECKING:
    from facturador.services.complementos import Stored
    from facturador.ui.context import AppContext

__all__ = ["LocationDialog"]

DEFAULT_PAIS = "MEX"


class LocationDialog(RowDialog):
    labels: ClassVar[dict[str, str]] = {
        "alias": T.PLACE_ALIAS,
        "rfc": T.PLACE_RFC,
        "nombre": T.PLACE_NOMBRE,
    }

    def __init__(
        self,
        ctx: AppContext,
        location: Stored[UbicacionData] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            location,
            title=T.PLACE_EDIT if location else T.PLACE_NEW,
            save_fn=save_ubicacion,
            remove_fn=remove_ubicacion,
            parent=parent,
        )
        self.setMinimumWidth(660)
        self.alias_edit = QLineEdit()
        self.alias_edit.setMaxLength(100)
        self.rfc_edit = make_rfc_edit()
        self.nombre_edit = QLineEdit()
        self.nombre_edit.setMaxLength(254)
        self.address = AddressFields(ctx)
        self.boxes.update(self.address.boxes)
        self._layout()
        if location is not None:
            self._fill(location.data)
        else:
            self.address.edits["pais"].setText(DEFAULT_PAIS)

    def _layout(self) -> None:
        form = new_form()
        form.addRow(T.PLACE_ALIAS, self.box("alias", self.alias_edit, T.PLACE_ALIAS_HINT))
        form.addRow(T.PLACE_RFC, self.box("rfc", self.rfc_edit, T.PLACE_RFC_HINT))
        form.addRow(T.PLACE_NOMBRE, self.box("nombre", self.nombre_edit, T.PLACE_NOMBRE_HINT))
        group = QGroupBox(T.ADDRESS)
        QVBoxLayout(group).addWidget(self.address)
        form.addRow(group)
        order = [self.alias_edit, self.rfc_edit, self.nombre_edit, *self.address.tab_order()]
        lay_out_form_dialog(self, form, self.message, self.bottom, order)

    def _fill(self, data: UbicacionData) -> None:
        self.alias_edit.setText(data.alias)
        self.rfc_edit.setText(data.rfc)
        self.nombre_edit.setText(data.nombre or "")
        self.address.fill(data)

    def data(self) -> UbicacionData:
        address = self.address.values()
        return UbicacionData(
            alias=text_of(self.alias_edit),
            rfc=text_of(self.rfc_edit),
            nombre=text_of(self.nombre_edit) or None,
            calle=address["calle"],
            numero_exterior=address["numero_exterior"],
            numero_interior=address["numero_interior"],
            colonia=address["colonia"],
            localidad=address["localidad"],
            municipio=address["municipio"],
            estado=address["estado"] or "",
            pais=address["pais"] or "",
            codigo_postal=address["codigo_postal"] or "",
        )

    def delete_question(self) -> str:
        assert self.stored is not None
        return T.PLACE_DELETE_CONFIRM.format(alias=self.stored.data.alias)
