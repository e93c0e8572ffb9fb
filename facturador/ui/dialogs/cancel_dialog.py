"""Cancelar un CFDI: motivo (SAT's 01–04), UUID de sustitución for 01, and a confirmation.

The two FAQ recipes are spelled out: a CFDI with errors is first replaced (a new CFDI with
relation "04 – Sustitución de los CFDI previos") and then cancelled with motivo 01 and the
new UUID; an operation that never happened is cancelled with motivo 03.

The substitute is picked from the company's stamped documents issued since this one
(services.cancel_requests.substitute_candidates); one that relates to this one with
TipoRelacion 04 is pre-filled, with motivo 01. «Solicitar cancelación» registers the request
(services.cancel_requests.cancel) in a worker; a refusal keeps the dialog open
with the reason at the field it concerns, and a greyed button says why it is greyed.
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

from facturador.services.cancel_requests import (
    CancellationRefusedError,
    cancel,
    substitute_candidates,
)
from facturador.services.messages import CANCEL_MOTIVOS
from facturador.ui import messages_documents as M
from facturador.ui.errors import show_error
from facturador.ui.pages._documents import money
from facturador.ui.widgets.fields import FieldBox, FormMessage, new_form
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.cancel_requests import SubstituteCandidate
    from facturador.services.views import DocumentRow
    from facturador.ui.context import AppContext

__all__ = ["CancelDialog"]

RECIPES = (
    "<b>¿La factura tiene errores?</b> Primero emita la correcta con «CFDI relacionados: "
    "04 – Sustitución de los CFDI previos» (acción <i>Sustituir</i> en Registros) y, ya "
    "timbrada, cancele esta con motivo <b>01</b> y el UUID de la nueva.<br>"
    "<b>¿La venta no se realizó?</b> Cancele con motivo <b>03</b>; no se necesita otra factura."
)
UUID_LENGTH = 36


def _item_text(candidate: SubstituteCandidate) -> str:
    fecha = candidate.fecha.strftime("%d/%m/%Y") if candidate.fecha else "—"
    item = M.CANCEL_PICK_ITEM.format(
        name=candidate.name,
        fecha=fecha,
        receptor=candidate.nombre_receptor or candidate.rfc_receptor,
        total=money(candidate.total, candidate.moneda),
    )
    return M.CANCEL_PICK_RELATED.format(item=item) if candidate.relates_04 else item


class CancelDialog(QDialog):
    queued = Signal(object)  # the document's DocumentRow, once the request is registered

    def __init__(self, row: DocumentRow, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.ctx = ctx
        self.candidates: list[SubstituteCandidate] = []
        self.sending = False
        self._folio_error = ""  # the service's refusal of the folio, until it is edited
        self._motivo_chosen = False  # the user picked a motivo: a pre-fill leaves it alone
        self.setWindowTitle(f"Cancelar {row.name}")
        self.setMinimumWidth(660)
        self.motivo_combo = QComboBox()
        for code, text in CANCEL_MOTIVOS.items():
            self.motivo_combo.addItem(f"{code} – {text}", code)
        self.substitute_combo = QComboBox()
        self.substitute_combo.addItem(M.CANCEL_PICK_LOADING, "")
        self.folio_edit = QLineEdit()
        self.folio_edit.setPlaceholderText("UUID del CFDI que sustituye a este")
        self.folio_box = FieldBox(self.folio_edit, M.CANCEL_FOLIO_HINT)
        self.prefill_label = QLabel()
        self.prefill_label.setObjectName("hint")
        self.prefill_label.setWordWrap(True)
        self.prefill_label.setVisible(False)
        self.confirm_check = QCheckBox(
            "Entiendo que la cancelación se envía al SAT y no se puede deshacer."
        )
        self.why_label = QLabel()
        self.why_label.setObjectName("hint")
        self.why_label.setWordWrap(True)
        self.error = FormMessage()
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
        self._lay_out(who, recipes)
        self.motivo_combo.setCurrentIndex(self.motivo_combo.findData("02"))
        self.motivo_combo.activated.connect(self._on_motivo_chosen)
        self.motivo_combo.currentIndexChanged.connect(self._update)
        self.substitute_combo.activated.connect(self._on_substitute_chosen)
        self.folio_edit.textChanged.connect(self._on_folio_edited)
        self.confirm_check.toggled.connect(self._update)
        self._update()
        self.adjustSize()
        run_in_background(
            substitute_candidates,
            ctx.services,
            row.uuid or "",
            on_success=self._set_candidates,
            on_failure=lambda error: self._set_candidates([]),
            parent=self,
        )

    def _lay_out(self, who: QWidget, recipes: QWidget) -> None:
        form = new_form()
        form.addRow("Motivo", self.motivo_combo)
        form.addRow("Sustituido por", self.substitute_combo)
        form.addRow("UUID de sustitución", self.folio_box)
        form.addRow("", self.prefill_label)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(recipes)
        layout.addLayout(form)
        layout.addWidget(self.confirm_check)
        layout.addWidget(self.error)
        layout.addWidget(self.why_label)
        layout.addWidget(self.buttons)

    def set_motivo(self, code: str) -> None:
        self._motivo_chosen = True
        self.motivo_combo.setCurrentIndex(self.motivo_combo.findData(code))

    # -- the substitute --------------------------------------------------------------------

    def _set_candidates(self, candidates: list[SubstituteCandidate]) -> None:
        self.candidates = candidates
        self.substitute_combo.clear()
        self.substitute_combo.addItem(
            M.CANCEL_PICK_SUBSTITUTE if candidates else M.CANCEL_PICK_NONE, ""
        )
        for candidate in candidates:
            self.substitute_combo.addItem(_item_text(candidate), candidate.uuid)
        related = next((c for c in candidates if c.relates_04), None)
        if related is not None and not self.folio_edit.text().strip():
            self.substitute_combo.setCurrentIndex(self.substitute_combo.findData(related.uuid))
            if not self._motivo_chosen:
                self.motivo_combo.setCurrentIndex(self.motivo_combo.findData("01"))
            self.folio_edit.setText(related.uuid)
            self.prefill_label.setText(M.CANCEL_PREFILLED.format(name=related.name))
            self.prefill_label.setVisible(True)
        self._update()

    def _on_substitute_chosen(self, index: int) -> None:
        uuid = str(self.substitute_combo.itemData(index) or "")
        if uuid:
            self.folio_edit.setText(uuid)

    def _on_motivo_chosen(self, _index: int) -> None:
        self._motivo_chosen = True

    def _on_folio_edited(self, text: str) -> None:
        self._folio_error = ""
        index = self.substitute_combo.findData(text.strip().upper())
        self.substitute_combo.setCurrentIndex(max(index, 0))
        self._update()

    # -- the button and why it is greyed -------------------------------------------------------

    def _why_disabled(self, needs_folio: bool, folio: str) -> str:
        if self.sending:
            return M.CANCEL_WHY_SENDING
        if needs_folio and not folio:
            return M.CANCEL_WHY_FOLIO
        if needs_folio and len(folio) != UUID_LENGTH:
            return M.CANCEL_WHY_FOLIO_LENGTH
        if not self.confirm_check.isChecked():
            return M.CANCEL_WHY_CONFIRM
        return ""

    def _update(self) -> None:
        needs_folio = self.motivo_combo.currentData() == "01"
        self.folio_edit.setEnabled(needs_folio and not self.sending)
        self.substitute_combo.setEnabled(needs_folio and not self.sending)
        folio = self.folio_edit.text().strip()
        if needs_folio and self._folio_error:
            self.folio_box.show_error(self._folio_error)
        elif needs_folio and folio and len(folio) != UUID_LENGTH:
            self.folio_box.show_error(M.CANCEL_UUID_LENGTH)
        else:
            self.folio_box.clear()
        why = self._why_disabled(needs_folio, folio)
        self.ok_button.setEnabled(not why)
        self.ok_button.setToolTip(why)
        self.why_label.setText(why)
        self.why_label.setVisible(bool(why))

    # -- the request ---------------------------------------------------------------------------

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        motivo = str(self.motivo_combo.currentData())
        folio = self.folio_edit.text().strip().upper() if motivo == "01" else ""
        self.sending = True
        self.error.show_state("", "")
        self._update()
        run_in_background(
            cancel,
            self.ctx.services,
            self.row.uuid or "",
            motivo,
            folio or None,
            on_success=self._on_queued,
            on_failure=self._on_refused,
            parent=self,
        )

    def _on_queued(self, queued: DocumentRow) -> None:
        self.sending = False
        self.queued.emit(queued)
        super().accept()

    def _on_refused(self, error: object) -> None:
        """Stay open: the reason at the UUID field when it is about the substitute, else
        above the buttons; what the user typed is kept."""
        self.sending = False
        reason = getattr(error, "reason", "")
        if isinstance(error, CancellationRefusedError) and reason.startswith("folio"):
            self._folio_error = error.message
        else:
            show_error(self, error, inline=self.error)
        self._update()
        self.adjustSize()  # room for the reason, however long
