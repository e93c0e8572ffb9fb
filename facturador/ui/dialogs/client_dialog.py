"""Add or edit a client (receptor), each field checked against SAT's catalogs before saving.

A foreign client (XEXX010101000) also has its ResidenciaFiscal and NumRegIdTrib, and its
address abroad (Comercio Exterior's Receptor Domicilio): those rows are shown only for that
RFC, and saving checks them as Anexo 20 does (services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facturador.sat.errors import FacturadorError
from facturador.sat.rfc import RFC_EXTRANJERO, RFC_PUBLICO_GENERAL
from facturador.services.csf_import import import_csf_file
from facturador.services.csf_verify import verify_client
from facturador.services.directory import client_data, save_client
from facturador.services.form_checks import check_client
from facturador.services.receptor_check import origin_text
from facturador.services.receptors import foreign_ids
from facturador.ui import messages as M
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import AddressFields, HeightFit, field_text
from facturador.ui.dialogs.address_dialog import AddressDialog, address_summary
from facturador.ui.errors import gui_text, show_error
from facturador.ui.widgets.fields import (
    CatalogLineEdit,
    FieldBox,
    FormMessage,
    lay_out_form_dialog,
    new_form,
    repolish,
    save_cancel_buttons,
)
from facturador.ui.widgets.name_warning import RegimenCapitalWarning
from facturador.ui.widgets.rfc_edit import make_rfc_edit
from facturador.ui.widgets.validation import FormValidator
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.sat.csf import Constancia
    from facturador.services.catalog_data import ClienteData
    from facturador.services.csf_import import CsfImport
    from facturador.services.csf_verify import SatCheck
    from facturador.services.views import ClientInfo
    from facturador.ui.context import AppContext

__all__ = ["ClientDialog"]

ADDRESS_FIELDS = AddressFields.NAMES

GENERIC_NAME = "PUBLICO EN GENERAL"
GENERIC_REGIMEN = "616"
GENERIC_USO = "S01"


class ClientDialog(QDialog):
    def __init__(
        self, ctx: AppContext, client: ClientInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client = client
        self.saved: ClientInfo | None = None
        self.setWindowTitle(M.CLIENT_EDIT if client else M.CLIENT_NEW)
        self.setMinimumWidth(620)
        self.rfc_edit = make_rfc_edit()
        self.nombre_edit = QLineEdit()
        self.regimen_edit = CatalogLineEdit("c_RegimenFiscal", ctx.search_catalog)
        self.cp_edit = CatalogLineEdit("c_CodigoPostal", ctx.search_catalog)
        self.cp_edit.setMaxLength(5)
        self.uso_edit = CatalogLineEdit("c_UsoCFDI", ctx.search_catalog)
        self.emails_edit = QLineEdit()
        self.emails_edit.setPlaceholderText("contabilidad@cliente.mx")
        self.boxes = {
            "rfc": FieldBox(self.rfc_edit, M.CLIENT_RFC_HINT),
            "nombre": FieldBox(self.nombre_edit, M.CLIENT_NAME_HINT),
            "regimen_fiscal_receptor": FieldBox(self.regimen_edit, M.REGIMEN_HINT),
            "domicilio_fiscal_receptor": FieldBox(self.cp_edit),
            "uso_cfdi": FieldBox(self.uso_edit, "G03 Gastos en general, S01 Sin efectos…"),
        }
        self.emails_box = FieldBox(self.emails_edit, M.CLIENT_EMAILS_HINT)
        self.residencia_edit = CatalogLineEdit("c_Pais", ctx.search_catalog)
        self.residencia_edit.setPlaceholderText("USA, CAN, DEU… o escriba el país")
        self.num_reg_edit = QLineEdit()
        self.num_reg_edit.setMaxLength(40)
        self.foreign_boxes = {  # checked on saving: the services know the rules
            "residencia_fiscal": FieldBox(self.residencia_edit, M.CLIENT_RESIDENCIA_HINT),
            "num_reg_id_trib": FieldBox(self.num_reg_edit, M.CLIENT_NUM_REG_HINT),
        }
        self.address_box = self._address_row()
        self.validator = FormValidator(ctx.services, self.boxes, rfc_edit=self.rfc_edit)
        self.name_warning = RegimenCapitalWarning(
            self.boxes["nombre"], self.nombre_edit, self.rfc_edit
        )
        self.message = FormMessage()
        self.buttons = save_cancel_buttons()
        self.import_button = self.buttons.addButton(
            M.CSF_IMPORT, QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.clicked.connect(self.choose_csf)
        self.verify_button = self.buttons.addButton(
            M.CSF_VERIFY, QDialogButtonBox.ButtonRole.ActionRole
        )
        self.verify_button.setToolTip(M.CSF_VERIFY_TIP)
        self.verify_button.setEnabled(
            client is not None and client.constancia is not None and bool(client.constancia.id_cif)
        )
        self.verify_button.clicked.connect(self.verify_at_sat)
        self.existing_client_id: int | None = client.id if client else None
        self.constancia: Constancia | None = None  # the Constancia imported, saved with it
        self.setAcceptDrops(True)  # a CSF's PDF dropped on the dialog is imported
        self.origin_label = QLabel()
        self.origin_label.setObjectName("originBadge")
        self.origin_label.setVisible(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.rfc_edit.editingFinished.connect(self._on_rfc_finished)
        self.rfc_edit.textChanged.connect(self._show_foreign_rows)
        for box in self.foreign_boxes.values():
            box.editor.textEdited.connect(lambda _text, box=box: box.clear())  # type: ignore[attr-defined]
        self._layout()
        self.height_fit = HeightFit(self)  # wrapped hints and messages never overlap
        self._show_foreign_rows()
        if client is not None:
            self._fill(client)

    def _address_row(self) -> FieldBox:
        """A foreign client's address (Comercio Exterior): a summary and a button opening
        its own dialog (the form would not fit 700 px with it); saved with the client."""
        self.address: dict[str, str | None] = {}  # the foreign address, by column name
        self.address_label = QLabel(T.ADDRESS_NONE)
        self.address_label.setWordWrap(True)
        self.address_button = QPushButton(T.ADDRESS_CHANGE)
        self.address_dialog: AddressDialog | None = None
        self.address_error: tuple[str, str] | None = None  # (field, sentence) of a save
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.address_label, 1)
        layout.addWidget(self.address_button)
        self.address_button.clicked.connect(self.edit_address)
        box = FieldBox(row)
        box.setFocusProxy(self.address_button)
        return box

    def _layout(self) -> None:
        form = new_form()
        form.addRow(M.RFC, self.boxes["rfc"])
        form.addRow(M.RAZON_SOCIAL, self.boxes["nombre"])
        form.addRow(M.CLIENT_REGIMEN, self.boxes["regimen_fiscal_receptor"])
        form.addRow(M.CLIENT_CP, self.boxes["domicilio_fiscal_receptor"])
        form.addRow(M.CLIENT_USO, self.boxes["uso_cfdi"])
        form.addRow(M.CLIENT_RESIDENCIA, self.foreign_boxes["residencia_fiscal"])
        form.addRow(M.CLIENT_NUM_REG, self.foreign_boxes["num_reg_id_trib"])
        form.addRow(T.ADDRESS_FOREIGN_SHORT, self.address_box)
        form.addRow(M.CLIENT_EMAILS, self.emails_box)
        origin_row = QWidget()  # the badge as wide as its text, not the field column
        row_layout = QHBoxLayout(origin_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.origin_label)
        row_layout.addStretch(1)
        form.addRow(M.CLIENT_ORIGIN, origin_row)
        self.form = form
        order = [
            self.rfc_edit,
            self.nombre_edit,
            self.regimen_edit,
            self.cp_edit,
            self.uso_edit,
            self.residencia_edit,
            self.num_reg_edit,
            self.address_button,
            self.emails_edit,
        ]
        lay_out_form_dialog(self, form, self.message, self.buttons, order)

    def is_foreign(self) -> bool:
        return self.rfc_edit.text().strip().upper() == RFC_EXTRANJERO

    def _show_foreign_rows(self) -> None:
        foreign = self.is_foreign()
        if foreign == self.foreign_boxes["residencia_fiscal"].isVisibleTo(self):
            return
        for box in self.foreign_boxes.values():
            self.form.setRowVisible(box, foreign)
        self.form.setRowVisible(self.address_box, foreign)
        self.adjustSize()

    def _set_address(self, values: dict[str, str | None]) -> None:
        self.address = {name: value for name, value in values.items() if value}
        self.address_label.setText(address_summary(self.address))

    def edit_address(self) -> None:
        """The foreign address in its dialog (an error of the last save shown at its field)."""
        error = self.address_error
        values = dict(self.address)
        if not values.get("pais") and self.residencia_edit.code():
            values["pais"] = self.residencia_edit.code()  # most often, the same country
        dialog = AddressDialog(self.ctx, values, error, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_address(dialog.values()))
        self.address_dialog = dialog
        dialog.open()

    def _on_address(self, values: dict[str, str | None]) -> None:
        self.address_error = None
        self.address_box.clear()
        self._set_address(values)
        self.adjustSize()

    def _show_origin(self, text: str, verified: bool) -> None:
        self.origin_label.setText(text)
        self.origin_label.setProperty("state", "verified" if verified else "unverified")
        repolish(self.origin_label)
        self.origin_label.setVisible(True)

    def _fill(self, client: ClientInfo) -> None:
        self._show_origin(origin_text(client), client.origen != "capturado")
        self.rfc_edit.setText(client.rfc)
        self.nombre_edit.setText(client.nombre)
        self.regimen_edit.setText(client.regimen_fiscal_receptor)
        self.cp_edit.setText(client.domicilio_fiscal_receptor)
        self.uso_edit.setText(client.uso_cfdi)
        self.emails_edit.setText(", ".join(client.emails))
        if client.rfc == RFC_EXTRANJERO and self.ctx.company is not None:
            services = self.ctx.services
            run_in_background(
                foreign_ids, services.engine, self.ctx.company.id, client.id,
                on_success=self._fill_foreign, parent=self,
            )  # fmt: skip

    def _fill_foreign(self, ids: dict[str, str]) -> None:
        if shiboken6.isValid(self.residencia_edit):
            self.residencia_edit.setText(ids.get("ResidenciaFiscal", ""))
            self.num_reg_edit.setText(ids.get("NumRegIdTrib", ""))
            if self.client is not None:
                self._set_address(dict(self.client.domicilio))

    def _on_rfc_finished(self) -> None:
        if not all(shiboken6.isValid(w) for w in (self.rfc_edit, self.nombre_edit, self.cp_edit)):
            return  # focus left while the dialog is being destroyed
        self.rfc_edit.setText(self.rfc_edit.text().strip().upper())
        if self.rfc_edit.text() not in (RFC_PUBLICO_GENERAL, RFC_EXTRANJERO):
            return
        if not self.nombre_edit.text().strip() and not self.is_foreign():
            self.nombre_edit.setText(GENERIC_NAME)
        self.regimen_edit.setText(GENERIC_REGIMEN)
        self.uso_edit.setText(GENERIC_USO)
        if not self.cp_edit.text().strip() and self.ctx.company is not None:
            self.cp_edit.setText(self.ctx.company.lugar_expedicion)

    def emails(self) -> list[str]:
        return [part.strip() for part in self.emails_edit.text().split(",") if part.strip()]

    def data(self) -> ClienteData:
        return client_data(
            rfc=self.rfc_edit.text().strip().upper(),
            nombre=self.nombre_edit.text().strip(),
            regimen_fiscal_receptor=self.regimen_edit.code(),
            domicilio_fiscal_receptor=self.cp_edit.code(),
            uso_cfdi=self.uso_edit.code(),
            emails=self.emails(),
            residencia_fiscal=self.residencia_edit.code() if self.is_foreign() else None,
            num_reg_id_trib=self.num_reg_edit.text().strip() if self.is_foreign() else None,
            constancia=self._constancia_for(self.rfc_edit.text().strip().upper()),
            **(self.address if self.is_foreign() else {}),
        )

    def _constancia_for(self, rfc: str) -> Constancia | None:
        return (
            self.constancia if self.constancia is not None and self.constancia.rfc == rfc else None
        )

    # -- a CSF dropped on the dialog ------------------------------------------------------

    @staticmethod
    def _pdf_path(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return next((p for p in paths if p.lower().endswith(".pdf")), None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._pdf_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._pdf_path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_csf(path)

    def save(self) -> None:
        """Every problem of the form at once, each at its field, or save."""
        data = self.data()
        more = {"emails": self.emails_box, **self.foreign_boxes}
        if not self.validator.check_all(self.message, check_client(data), more):
            self.adjustSize()  # the messages under the fields take room
            return
        self.buttons.setEnabled(False)
        run_in_background(
            save_client,
            self.ctx.services,
            data,
            self.existing_client_id,
            on_success=self._on_saved,
            on_failure=self._on_failed,
            on_finished=lambda: self.buttons.setEnabled(True),
            parent=self,
        )

    def choose_csf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, M.CSF_IMPORT_TITLE, "", M.CSF_IMPORT_FILTER)
        if path:
            self.import_csf(path)

    def import_csf(self, path: str) -> None:
        """Read the Constancia at `path` in a worker and fill the form from it."""
        self.import_button.setEnabled(False)
        self.message.show_state(M.CSF_IMPORTING, "info")
        run_in_background(
            import_csf_file,
            self.ctx.services,
            path,
            on_success=self._on_csf_imported,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.import_button.setEnabled(True),
            parent=self,
        )

    def _on_csf_imported(self, result: CsfImport) -> None:
        data, constancia = result.cliente, result.constancia
        self.constancia = constancia
        self.rfc_edit.setText(data.rfc)
        self.nombre_edit.setText(data.nombre)
        self.regimen_edit.setText(data.regimen_fiscal_receptor)
        self.cp_edit.setText(data.domicilio_fiscal_receptor)
        if not self.uso_edit.text().strip() or result.existing_client_id is not None:
            self.uso_edit.setText(data.uso_cfdi)
        if result.existing_client_id is not None:
            self.existing_client_id = result.existing_client_id
        for box in self.boxes.values():
            box.clear()
        fecha = constancia.fecha_emision.strftime("%d/%m/%Y") if constancia.fecha_emision else "—"
        self._show_origin(M.CSF_ORIGIN_PENDING.format(fecha=fecha), True)
        lines = [M.CSF_IMPORTED.format(fecha=fecha, id_cif=constancia.id_cif), *result.warnings]
        self.message.show_state(
            "\n".join(lines), "error" if constancia.estatus and not constancia.usable else "info"
        )
        self.adjustSize()

    def verify_at_sat(self) -> None:
        """Ask SAT's Constancia validation page (network, in a worker); the client's fields
        are not changed: what differs is shown so the user fixes it."""
        if self.client is None:
            return
        self.verify_button.setEnabled(False)
        self.message.show_state(M.CSF_VERIFYING, "info")
        run_in_background(
            verify_client,
            self.ctx.services,
            self.client.rfc,
            client_id=self.client.id,
            on_success=self._on_verified,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.verify_button.setEnabled(True),
            parent=self,
            pool=network_pool(),
        )

    def _on_verified(self, check: SatCheck) -> None:
        from facturador.services import messages_receptor as R

        self.client = check.client
        self._show_origin(origin_text(check.client), check.client.origen != "capturado")
        fecha = check.fecha.strftime("%d/%m/%Y")
        if check.confirmed:
            text = R.SAT_CONFIRMED.format(
                fecha=fecha, nombre=check.nombre, cp=check.codigo_postal,
                regimenes=", ".join(check.regimenes) or "—", situacion=check.situacion,
            )  # fmt: skip
            self.message.show_state(text, "ok")
        else:
            lines = [R.SAT_DIFFERENT.format(fecha=fecha), *check.differences]
            self.message.show_state("\n".join(lines), "error")
        self.ctx.changed.emit("clients")
        self.adjustSize()

    def _on_saved(self, client: ClientInfo) -> None:
        self.saved = client
        self.accept()

    def _on_failed(self, error: object) -> None:
        field = getattr(error, "field", None)
        if isinstance(error, FacturadorError) and field in ADDRESS_FIELDS:
            text = field_text(error)
            self.address_error = (str(field), text)
            self.address_box.show_error(text)
            self.address_button.setFocus()
            self.adjustSize()
        elif field == "emails" or field in self.foreign_boxes:
            box = self.emails_box if field == "emails" else self.foreign_boxes[str(field)]
            box.show_error(gui_text(error))  # type: ignore[arg-type]
            box.editor.setFocus()
        elif not self.validator.show_field_error(error):
            show_error(self, error, inline=self.message)
