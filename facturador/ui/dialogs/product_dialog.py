"""Add or edit a product or service: SAT keys with completers, price, taxes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from facturador.sat.errors import FacturadorError
from facturador.services.directory import product_data, save_product
from facturador.ui import messages as M
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import HeightFit, field_text
from facturador.ui.errors import show_error
from facturador.ui.widgets.fields import (
    CatalogLineEdit,
    FieldBox,
    FormMessage,
    lay_out_form_dialog,
    new_form,
    save_cancel_buttons,
)
from facturador.ui.widgets.validation import FormValidator
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import ProductInfo
    from facturador.ui.context import AppContext

__all__ = ["TAX_CHOICES", "ProductDialog"]


def _iva(tasa: str) -> dict[str, Any]:
    return {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": tasa}]}


# (label, ObjetoImp, Impuestos of the Concepto)
TAX_CHOICES: list[tuple[str, str, dict[str, Any]]] = [
    (M.TAX_IVA16, "02", _iva("0.160000")),
    (M.TAX_IVA8, "02", _iva("0.080000")),
    (M.TAX_IVA0, "02", _iva("0.000000")),
    (M.TAX_EXENTO, "02", {"Traslados": [{"Impuesto": "002", "TipoFactor": "Exento"}]}),
    (M.TAX_NONE, "01", {}),
]
OBJETO_IMP = ("01", "02", "03", "04", "05", "06", "07", "08")


class ProductDialog(QDialog):
    def __init__(
        self, ctx: AppContext, product: ProductInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product = product
        self.saved: ProductInfo | None = None
        self.setWindowTitle(M.PRODUCT_EDIT if product else M.PRODUCT_NEW)
        self.setMinimumWidth(640)
        self.descripcion_edit = QLineEdit()
        self.descripcion_edit.setPlaceholderText("p. ej. Servicio de consultoría contable")
        self.clave_edit = CatalogLineEdit("c_ClaveProdServ", ctx.search_catalog)
        self.unidad_clave_edit = CatalogLineEdit("c_ClaveUnidad", ctx.search_catalog)
        self.unidad_edit = QLineEdit()
        self.unidad_edit.setPlaceholderText("Pieza, Servicio, Hora…")
        self.no_id_edit = QLineEdit()
        self.precio_edit = QLineEdit()
        self.precio_edit.setPlaceholderText("0.00")
        self.tax_combo = QComboBox()
        for label, _objeto, _impuestos in TAX_CHOICES:
            self.tax_combo.addItem(label)
        self.objeto_combo = QComboBox()
        from facturador.services.form_checks import catalog_entry

        for code in OBJETO_IMP:
            entry = catalog_entry("c_ObjetoImp", code)
            if entry is not None:
                self.objeto_combo.addItem(f"{code} — {entry.descripcion}", code)
        self.fraccion_edit = CatalogLineEdit("c_FraccionArancelaria", ctx.search_catalog)
        self.fraccion_edit.setMaxLength(10)
        self.unidad_aduana_edit = CatalogLineEdit("c_UnidadAduana", ctx.search_catalog)
        self.unidad_aduana_edit.setMaxLength(2)
        self.customs_boxes = {  # Comercio Exterior; checked on saving (services)
            "fraccion_arancelaria": FieldBox(self.fraccion_edit, T.PRODUCT_FRACCION_HINT),
            "unidad_aduana": FieldBox(self.unidad_aduana_edit, T.PRODUCT_UNIDAD_ADUANA_HINT),
        }
        for box in self.customs_boxes.values():
            box.editor.textEdited.connect(lambda _text, box=box: box.clear())  # type: ignore[attr-defined]
        self.boxes = {
            "descripcion": FieldBox(self.descripcion_edit),
            "clave_prod_serv": FieldBox(self.clave_edit, M.PRODUCT_CLAVE_HINT),
            "clave_unidad": FieldBox(self.unidad_clave_edit, M.PRODUCT_UNIDAD_HINT),
            "valor_unitario": FieldBox(self.precio_edit),
        }
        self.validator = FormValidator(ctx.services, self.boxes)
        self.message = FormMessage()
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.tax_combo.currentIndexChanged.connect(self._on_tax_changed)
        self._layout()
        self.height_fit = HeightFit(self)  # wrapped hints and messages never overlap
        self._on_tax_changed(0)
        if product is not None:
            self._fill(product)

    def _layout(self) -> None:
        form = new_form()
        form.addRow(M.PRODUCT_DESCRIPTION, self.boxes["descripcion"])
        form.addRow(M.PRODUCT_CLAVE, self.boxes["clave_prod_serv"])
        form.addRow(M.PRODUCT_UNIDAD_CLAVE, self.boxes["clave_unidad"])
        form.addRow(M.PRODUCT_UNIDAD, self.unidad_edit)
        form.addRow(M.PRODUCT_NO_ID, self.no_id_edit)
        form.addRow(M.PRODUCT_PRICE, self.boxes["valor_unitario"])
        form.addRow(M.PRODUCT_TAX, self.tax_combo)
        form.addRow(M.PRODUCT_OBJETO, self.objeto_combo)
        form.addRow(T.PRODUCT_FRACCION, self.customs_boxes["fraccion_arancelaria"])
        form.addRow(T.PRODUCT_UNIDAD_ADUANA, self.customs_boxes["unidad_aduana"])
        order = [
            self.descripcion_edit,
            self.clave_edit,
            self.unidad_clave_edit,
            self.unidad_edit,
            self.no_id_edit,
            self.precio_edit,
            self.tax_combo,
            self.objeto_combo,
            self.fraccion_edit,
            self.unidad_aduana_edit,
        ]
        lay_out_form_dialog(self, form, self.message, self.buttons, order)

    def _on_tax_changed(self, index: int) -> None:
        objeto = TAX_CHOICES[index][1]
        position = self.objeto_combo.findData(objeto)
        if position >= 0:
            self.objeto_combo.setCurrentIndex(position)

    def _fill(self, product: ProductInfo) -> None:
        self.descripcion_edit.setText(product.descripcion)
        self.clave_edit.setText(product.clave_prod_serv)
        self.unidad_clave_edit.setText(product.clave_unidad)
        self.unidad_edit.setText(product.unidad or "")
        self.no_id_edit.setText(product.no_identificacion or "")
        self.precio_edit.setText(str(product.valor_unitario))
        for index, (_label, _objeto, impuestos) in enumerate(TAX_CHOICES):
            if impuestos == product.impuestos:
                self.tax_combo.setCurrentIndex(index)
        position = self.objeto_combo.findData(product.objeto_imp)
        if position >= 0:
            self.objeto_combo.setCurrentIndex(position)
        self.fraccion_edit.setText(product.fraccion_arancelaria or "")
        self.unidad_aduana_edit.setText(product.unidad_aduana or "")

    def save(self) -> None:
        if not self.validator.check_all(self.message):
            return
        impuestos = TAX_CHOICES[self.tax_combo.currentIndex()][2]
        data = product_data(
            descripcion=self.descripcion_edit.text().strip(),
            clave_prod_serv=self.clave_edit.code(),
            clave_unidad=self.unidad_clave_edit.code(),
            unidad=self.unidad_edit.text().strip() or None,
            no_identificacion=self.no_id_edit.text().strip() or None,
            valor_unitario=self.precio_edit.text().strip().replace(",", "").lstrip("$"),
            objeto_imp=self.objeto_combo.currentData() or "02",
            impuestos=impuestos,
            fraccion_arancelaria=self.fraccion_edit.code() or None,
            unidad_aduana=self.unidad_aduana_edit.code() or None,
        )
        self.buttons.setEnabled(False)
        run_in_background(
            save_product,
            self.ctx.services,
            data,
            self.product.id if self.product else None,
            on_success=self._on_saved,
            on_failure=self._on_failed,
            on_finished=lambda: self.buttons.setEnabled(True),
            parent=self,
        )

    def _on_saved(self, product: ProductInfo) -> None:
        self.saved = product
        self.accept()

    def _on_failed(self, error: object) -> None:
        field = getattr(error, "field", None)
        if isinstance(error, FacturadorError) and field in self.customs_boxes:
            box = self.customs_boxes[str(field)]
            box.show_error(field_text(error))
            box.editor.setFocus()
        elif not self.validator.show_field_error(error):
            show_error(self, error, inline=self.message)
