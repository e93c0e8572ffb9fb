"""Check each form field as the user leaves it, and show the reason next to it.

The checks are the services' own (`services.form_checks.check_field`: RFC, SAT catalogs), so
what the form says before saving is what saving would say. A `FieldError` coming back
from a save names its field; `show_field_error` puts it next to that field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QLineEdit

from facturador.sat.errors import FacturadorError
from facturador.ui import messages_fields as F
from facturador.ui.errors import gui_text
from facturador.ui.widgets.fields import FieldBox, FormMessage

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["CATALOG_OF_FIELD", "FormValidator"]

CATALOG_OF_FIELD = {
    "regimen_fiscal": "c_RegimenFiscal",
    "regimen_fiscal_receptor": "c_RegimenFiscal",
    "lugar_expedicion": "c_CodigoPostal",
    "domicilio_fiscal_receptor": "c_CodigoPostal",
    "uso_cfdi": "c_UsoCFDI",
    "clave_prod_serv": "c_ClaveProdServ",
    "clave_unidad": "c_ClaveUnidad",
}


def _value(box: FieldBox) -> str:
    editor = box.editor
    code = getattr(editor, "code", None)
    if callable(code):
        return str(code())
    if isinstance(editor, QLineEdit):
        return editor.text()
    return ""


class FormValidator:
    """Field boxes by service field name; checks one or all of them."""

    def __init__(
        self,
        services: Context,
        boxes: dict[str, FieldBox],
        rfc_edit: QLineEdit | None = None,
    ) -> None:
        self.services = services
        self.boxes = boxes
        self.rfc_edit = rfc_edit
        for name, box in boxes.items():
            if isinstance(box.editor, QLineEdit):
                box.editor.editingFinished.connect(lambda name=name: self._on_left(name))

    def _alive(self) -> bool:
        widgets = [box.editor for box in self.boxes.values()]
        if self.rfc_edit is not None:
            widgets.append(self.rfc_edit)
        return all(shiboken6.isValid(widget) for widget in widgets)

    def rfc(self) -> str:
        return self.rfc_edit.text() if self.rfc_edit is not None else ""

    def _on_left(self, name: str) -> None:
        # A field loses focus while its dialog is being destroyed: nothing to check then.
        if self._alive() and _value(self.boxes[name]).strip():
            self.check(name)

    def check(self, name: str) -> bool:
        box = self.boxes[name]
        value = _value(box)
        try:
            from facturador.services.form_checks import check_field

            check_field(name, value, self.rfc())
        except FacturadorError as error:
            box.show_error(gui_text(error))
            return False
        catalog = CATALOG_OF_FIELD.get(name)
        from facturador.services.form_checks import catalog_entry

        entry = catalog_entry(catalog, value) if catalog else None
        if entry is not None:
            box.show_ok(f"✔ {entry.descripcion}")
        else:
            box.clear()
        return True

    def check_all(
        self,
        summary: FormMessage | None = None,
        problems: list[FacturadorError] | None = None,
        more_boxes: dict[str, FieldBox] | None = None,
    ) -> bool:
        """Check every field and mark each wrong one at its field; `problems` are the
        form's own (services.form_checks.check_client: e-mails, rules between fields) for
        these boxes or `more_boxes`. One line in `summary` names them all; the first wrong
        field gets the focus. True when all are right."""
        boxes = {**self.boxes, **(more_boxes or {})}
        wrong = [name for name in self.boxes if not self.check(name)]
        for box in (more_boxes or {}).values():
            box.clear()
        for error in problems or []:
            name = getattr(error, "field", None)
            if name in boxes:
                boxes[name].show_error(gui_text(error))
                if name not in wrong:
                    wrong.append(name)
        ordered = [name for name in boxes if name in wrong]
        if summary is not None:
            labels = ", ".join(F.FIELD_LABELS.get(name, name) for name in ordered)
            text = F.FORM_PROBLEMS.format(n=len(ordered), fields=labels) if ordered else ""
            summary.show_state(text, "error")
        if ordered:
            boxes[ordered[0]].editor.setFocus()
        return not ordered

    def show_field_error(self, error: object) -> bool:
        """Show a save's FieldError next to its field; False if it names no field here."""
        name = getattr(error, "field", None)
        if not isinstance(error, FacturadorError) or name not in self.boxes:
            return False
        box = self.boxes[name]
        box.show_error(gui_text(error))
        box.editor.setFocus()
        return True
