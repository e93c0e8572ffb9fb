"""Registros CFDI's actions on the selected document: view, save, email, cancel, re-date,
withdraw, open in a form, SAT status, export, send now. Each is a use case of
facturador.services, run in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from facturador.services import registry
from facturador.services.email import send_now
from facturador.services.exports import export_months
from facturador.services.files import write_atomically
from facturador.services.redating import redate
from facturador.services.sat_lookup import sat_status
from facturador.ui import messages_documents as T
from facturador.ui.dialogs.cancel_dialog import CancelDialog
from facturador.ui.dialogs.pdf_viewer import PdfViewer
from facturador.ui.dialogs.withdraw_dialog import ask_withdrawal
from facturador.ui.pages._documents import goto, pass_feedback, request_sync
from facturador.ui.pages._registros_view import Progress
from facturador.ui.widgets.files import documents_folder, in_documents
from facturador.ui.workers import network_pool, render_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.sync import PassOutcome
    from facturador.services.views import DocumentDetail, DocumentRow, SatStatusInfo

__all__ = ["RegistrosActions"]


class RegistrosActions:
    """Methods of `RegistrosPage` (a mixin: it reads the page's widgets and context)."""

    def view_pdf_or_open(self) -> None:
        row = self.selected()
        if row is not None and row.state in ("BORRADOR", "RECHAZADO"):
            self.open_in_form("open")
        else:
            self.view_pdf()

    def view_pdf(self) -> None:
        row = self.selected()
        if row is None:
            return
        viewer = PdfViewer(self.ctx.services, row, parent=self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = viewer
        viewer.show()

    def save_file(self, kind: str) -> None:
        row = self.selected()
        if row is None:
            return
        suggested = in_documents(f"{registry.file_stem(row)}.{kind}")
        path, _f = QFileDialog.getSaveFileName(self, f"Guardar {kind.upper()}", suggested)
        if path:
            self.save_to(row, kind, Path(path))

    def save_to(self, row: DocumentRow, kind: str, path: Path) -> None:
        produce = registry.document_pdf if kind == "pdf" else registry.document_xml
        ctx = self.ctx.services

        def write() -> Path:
            write_atomically(path, produce(ctx, row.id))
            return path

        pool = render_pool() if kind == "pdf" else network_pool()  # a PDF never waits on the PAC
        run_in_background(write, pool=pool, parent=self)

    def send_email(self) -> None:
        row = self.selected()
        if row is None:
            return
        to, ok = QInputDialog.getText(
            self, "Enviar por correo", "Para (vacío: los correos del cliente):"
        )
        if not ok:
            return
        self.send_email_to(row, [a.strip() for a in to.replace(";", ",").split(",") if a.strip()])

    def send_email_to(self, row: DocumentRow, recipients: list[str]) -> None:
        """XML and PDF to `recipients` (empty: the client's addresses), in a worker."""
        progress = self._progress("Enviando el correo…", 0)
        run_in_background(
            send_now,
            self.ctx.services,
            row.id,
            recipients or None,
            on_success=self._on_emailed,
            on_finished=progress.close,
            pool=network_pool(),
            parent=self,
        )

    def _on_emailed(self, reached: tuple[str, ...]) -> None:
        if reached:
            self._info("Correo enviado a " + ", ".join(reached) + " con el XML y el PDF.")
        else:
            self._info("El correo quedó en la bandeja de salida; se reintentará enviarlo.")

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None or not row.uuid:
            return
        dialog = CancelDialog(row, self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.queued.connect(self._on_cancel_queued)
        self.dialog = dialog
        dialog.open()

    def _on_cancel_queued(self, _queued: object) -> None:
        """The dialog registered the request: show it and send it now."""
        self.model.reload()
        request_sync(self.ctx, parent=self)

    def redate_selected(self) -> None:
        """Fechar de nuevo (same serie and folio), after the user confirms in words."""
        from facturador.ui import messages as M

        row = self.selected()
        if row is None:
            return
        possibly = row.state == "POSIBLEMENTE_TIMBRADO"
        text = (M.REDATE_POSSIBLY_STAMPED if possibly else M.REDATE_REJECTED).format(name=row.name)
        box = QMessageBox(QMessageBox.Icon.Warning, M.REDATE_TITLE, text, parent=self)
        confirm = box.addButton(
            M.REDATE_CONFIRM_POSSIBLY if possibly else M.REDATE_CONFIRM,
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(M.REDATE_KEEP, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.buttons()[-1])  # the safe choice is the default
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box

        def answered(_result: int) -> None:
            if box.clickedButton() is not confirm:
                return

            def queued(_row: DocumentRow) -> None:
                self.model.reload()
                request_sync(self.ctx, parent=self)

            run_in_background(
                redate, self.ctx.services, row.id, possibly, on_success=queued, parent=self
            )

        box.finished.connect(answered)
        box.open()

    def withdraw_selected(self) -> None:
        """Retirar de la cola (services.withdrawal), after the user confirms."""
        from facturador.ui import messages as M

        row = self.selected()
        if row is not None:
            text = M.WITHDRAWN.format(name=row.name)
            self.dialog = ask_withdrawal(self, self.ctx, row, lambda: self._info(text))

    def open_in_form(self, how: str) -> None:
        row = self.selected()
        if row is None:
            return
        run_in_background(
            registry.detail,
            self.ctx.services,
            row.id,
            on_success=lambda detail: self._open_form(detail, how),
            parent=self,
        )

    def _open_form(self, detail: DocumentDetail, how: str) -> None:
        if detail.input_data is None:
            return
        page = goto(self.ctx, "cfdi")
        if page is None:
            return
        row = detail.row
        data = dict(detail.input_data)
        if how != "open":
            data.pop("CfdiRelacionados", None)
        draft_id = row.id if row.state == "BORRADOR" else None
        substitutes = row.uuid if how == "substitute" else None
        rejected = row if how == "open" and row.state == "RECHAZADO" else None
        page.load_data(data, draft_id=draft_id, substitutes=substitutes, rejected=rejected)

    def register_payment(self) -> None:
        row = self.selected()
        page = goto(self.ctx, "pagos")
        if row is not None and page is not None:
            page.prefill_invoice(row)

    def sat_status(self) -> None:
        row = self.selected()
        if row is None:
            return
        run_in_background(
            sat_status,
            self.ctx.services,
            row.id,
            on_success=self._show_status,
            pool=network_pool(),
            parent=self,
        )

    def _show_status(self, status: SatStatusInfo) -> None:
        self.last_status = status
        self._info(
            f"UUID {status.uuid}\n{status.codigo_estatus}\nEstado: {status.estado or '—'}\n"
            f"Es cancelable: {status.es_cancelable or '—'}\n"
            f"Estatus de cancelación: {status.estatus_cancelacion or '—'}"
        )

    def export(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Carpeta para los ZIP (uno por mes)", str(documents_folder())
        )
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        progress = self._progress("Exportando XML y PDF…", self.model.total)
        run_in_background(
            export_months,
            self.ctx.services,
            self.current_query(),
            folder,
            progress.setValue_from_worker,
            on_success=lambda paths: self._info(
                f"Se crearon {len(paths)} archivo(s) ZIP en {folder}."
            ),
            on_finished=progress.close,
            pool=network_pool(),
            parent=self,
        )

    def sync_now(self) -> None:
        """Both queues, now (every queued document, whatever its backoff); then says what
        was sent, or why not."""
        if self.syncing:
            return
        self.syncing = True
        self.sync_action.setEnabled(False)
        self.sync_action.setText(T.SENDING_NOW)

        def done(outcome: PassOutcome | None) -> None:
            self.syncing = False
            self.sync_action.setEnabled(True)
            self.sync_action.setText(T.SEND_NOW)
            self._info(pass_feedback(outcome))

        request_sync(self.ctx, done, parent=self)

    def _progress(self, text: str, maximum: int) -> Any:
        progress = Progress(text, maximum, self)
        progress.show()
        return progress

    def _info(self, text: str) -> None:
        self.info_text = text
        box = QMessageBox(QMessageBox.Icon.Information, "Registros CFDI", text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()
