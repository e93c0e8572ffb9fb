"""Documentos > Generar CFDI 4.0 (ingreso, egreso and traslado), with the Comercio Exterior
or Carta Porte complement when the document needs one (`_cfdi_complemento`).

The form builds the Anexo 20 JSON input as the user types; on every change (debounced) the
core builds the Comprobante from it (`services.preview`, well under a millisecond)
to show SubTotal, Descuento, impuestos and Total, and SAT's offline rules say what is wrong,
next to the field, before Generar. Generar shows a summary first, then seals and queues in a
worker and asks the queue to send it now; the banner follows the document until it is
stamped (or says why not). Nuevo asks before discarding edits (`_cfdi_flow`).

Drafts ("Guardar borrador") are BORRADOR documents with the form's JSON (see
services.drafts); Registros opens them back here, as it does Duplicar, a rejected
document ("Corregir") and Sustituir (relation 04 preset, the old one cancelled with 01).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QWidget,
)

from facturador.sat.rfc import RFC_EXTRANJERO
from facturador.services import directory
from facturador.services.complementos import complement_choices
from facturador.services.receptors import foreign_ids
from facturador.ui import messages as M
from facturador.ui import messages_complementos as MC
from facturador.ui.errors import show_error
from facturador.ui.pages._cfdi_complemento import COMERCIO_EXTERIOR
from facturador.ui.pages._cfdi_data import SEP, TRASLADO, company_receptor, fill_form, read_form
from facturador.ui.pages._cfdi_findings import route_findings
from facturador.ui.pages._cfdi_flow import IssueFlow
from facturador.ui.pages._cfdi_layout import CfdiLayout
from facturador.ui.pages._documents import money, request_sync
from facturador.ui.widgets.fields import repolish
from facturador.ui.widgets.relations_dialog import RelationsDialog
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.sync import PassOutcome
    from facturador.services.views import ClientInfo, DocumentRow, Preview, ProductInfo
    from facturador.ui.context import AppContext

__all__ = ["CfdiPage", "create_page"]

PREVIEW_DELAY_MS = 150


def create_page(ctx: AppContext) -> QWidget:
    return CfdiPage(ctx)


class CfdiPage(QWidget, CfdiLayout):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.clients: list[ClientInfo] = []
        self.products: list[ProductInfo] = []
        self.receptor: dict[str, str] | None = None
        self.client_info: ClientInfo | None = None  # the client chosen, for the pre-flight
        self.draft_id: int | None = None
        self.substitutes: str | None = None  # UUID this document replaces (Sustituir)
        self.rejected: DocumentRow | None = None  # the rejected document being fixed
        self.preview: Preview | None = None
        self.complement_problem = ""  # what the Complemento section still misses
        self.last_row: DocumentRow | None = None
        self.busy = False
        self.flow = IssueFlow(self)
        self._build()
        self._layout()
        self._connect()
        self.clear()

    # -- construction -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.company is None:
            return
        ctx = self.ctx.services
        run_in_background(directory.clients, ctx, on_success=self._set_clients, parent=self)
        run_in_background(directory.products, ctx, on_success=self._set_products, parent=self)
        run_in_background(
            complement_choices, ctx, on_success=self.complement.set_choices, parent=self
        )

    def _on_ctx_changed(self, what: str) -> None:
        if what in ("clients", "products", "vehiculos", "operadores", "ubicaciones"):
            self.refresh()
        elif what in ("queue", "documents"):
            self._on_synced(None)

    def _set_clients(self, clients: list[ClientInfo]) -> None:
        self.clients = clients
        self._client_model.setStringList([f"{c.nombre}{SEP}{c.rfc}" for c in clients])

    def _set_products(self, products: list[ProductInfo]) -> None:
        self.products = products
        self._product_model.setStringList(
            [
                f"{p.descripcion}{SEP}{p.clave_prod_serv}{SEP}{money(p.valor_unitario)}"
                for p in products
            ]
        )

    def _on_client(self, text: str) -> None:
        rfc = text.rsplit(SEP, 1)[-1].strip()
        nombre = text.rsplit(SEP, 1)[0].strip()
        client = next((c for c in self.clients if c.rfc == rfc and c.nombre == nombre), None)
        if client is not None:
            self.select_client(client)

    def select_client(self, client: ClientInfo) -> None:
        self.client_info = client
        self.receptor = {
            "Rfc": client.rfc,
            "Nombre": client.nombre,
            "DomicilioFiscalReceptor": client.domicilio_fiscal_receptor,
            "RegimenFiscalReceptor": client.regimen_fiscal_receptor,
        }
        self.client_edit.setText(f"{client.nombre}{SEP}{client.rfc}")
        self.boxes["client"].show_ok(
            f"RFC {client.rfc} · Régimen {client.regimen_fiscal_receptor} · "
            f"C.P. {client.domicilio_fiscal_receptor}"
        )
        if not self.uso_edit.text():
            self.uso_edit.setText(client.uso_cfdi)
        if client.rfc == RFC_EXTRANJERO and self.ctx.company is not None:
            run_in_background(
                foreign_ids, self.ctx.services.engine, self.ctx.company.id, client.id,
                on_success=lambda ids: self._add_foreign_ids(client, ids), parent=self,
            )  # fmt: skip
        self._schedule()

    def _add_foreign_ids(self, client: ClientInfo, ids: dict[str, str]) -> None:
        """ResidenciaFiscal and NumRegIdTrib of the foreign client still chosen."""
        chosen = self.receptor or {}
        if (chosen.get("Rfc"), chosen.get("Nombre")) == (client.rfc, client.nombre):
            self.receptor = {**chosen, **ids}
            self._schedule()

    def _describe_uso(self, text: str) -> None:
        from facturador.services.form_checks import catalog_entry

        entry = catalog_entry("c_UsoCFDI", text) if text.strip() else None
        box = self.boxes["uso"]
        if entry is not None:
            box.show_ok(entry.descripcion)
        elif not box.has_error:
            box.clear()

    def _lock_for_traslado(self) -> None:
        """A traslado has no payment, and no currency unless its goods are exported."""
        traslado = self.tipo_combo.code() == TRASLADO
        exported = self.complement.kind() == COMERCIO_EXTERIOR
        for widget in (self.forma_combo, self.metodo_combo):
            widget.setEnabled(not traslado)
        for widget in (self.moneda_edit, self.tipo_cambio_edit):
            widget.setEnabled(not traslado or exported)
        if not traslado:
            self.metodo_link.refresh()

    def _now(self) -> QDateTime:
        """Now at the company's place, to the minute (the Carta Porte trip's default)."""
        from facturador.services.receptors import fecha_local

        company = self.ctx.company
        if company is None:
            return QDateTime.currentDateTime()
        now = fecha_local(company.lugar_expedicion, self.ctx.services.now())
        return QDateTime.fromString(now.strftime("%Y-%m-%dT%H:%M:00"), "yyyy-MM-ddTHH:mm:ss")

    def _on_client_edited(self, _text: str) -> None:
        self.receptor = None
        self.client_info = None
        self.boxes["client"].clear()
        self._schedule()

    def _on_product(self, text: str) -> None:
        index = (
            self._product_model.stringList().index(text)
            if text in self._product_model.stringList()
            else -1
        )
        if index >= 0:
            self.concepts.add_product(self.products[index])
        QTimer.singleShot(0, self.product_edit.clear)

    def _on_tipo(self) -> None:
        tipo = self.tipo_combo.code()
        if self.serie_edit.text() in ("", "A", "E", TRASLADO):
            self.serie_edit.setText(tipo if tipo in ("E", TRASLADO) else "A")
        traslado = tipo == TRASLADO
        self._lock_for_traslado()
        self.complement.set_tipo(tipo)
        if traslado and self.receptor is None and self.ctx.company is not None:
            self.receptor = company_receptor(self)  # the company's own goods
            self.client_edit.setText(f"{self.ctx.company.nombre}{SEP}{self.ctx.company.rfc}")
            if not self.uso_edit.text():
                self.uso_edit.setText("S01")
        self._schedule()

    # -- the JSON input ---------------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        return read_form(self)

    def load_data(
        self,
        data: dict[str, Any],
        *,
        draft_id: int | None = None,
        substitutes: str | None = None,
        rejected: DocumentRow | None = None,
    ) -> None:
        """Fill the form from a JSON input (draft, duplicate, correction or substitution)."""
        fill_form(self, data, draft_id=draft_id, substitutes=substitutes, rejected=rejected)

    def clear(self) -> None:
        self.draft_id = None
        self.rejected = None
        self.substitutes = None
        self.receptor = None
        self.client_info = None
        for edit in (self.client_edit, self.uso_edit, self.tipo_cambio_edit, self.relation_edit):
            edit.clear()
        for box in self.boxes.values():
            box.clear()
        self.tipo_combo.set_code("I")
        self.serie_edit.setText("A")
        self.forma_combo.set_code("03")
        self.metodo_combo.set_code("PUE")
        self.relation_combo.set_code("")
        self.moneda_edit.setText("MXN")
        self.concepts.set_concepts([])
        self.complement.clear(self._now())
        self._reset_global()
        self.message.show_state("", "")
        self.result.show_state("", "")
        self.recompute()
        self.flow.mark_clean()

    # -- live totals and checks -------------------------------------------------------------

    def _schedule(self) -> None:
        self.flow.edited()
        self._timer.start()

    def recompute(self) -> Preview | None:
        self._timer.stop()
        if self.ctx.company is None:
            return None
        from facturador.services.preview import preview as build_preview

        data = self.data()
        self.global_holder.setVisible("InformacionGlobal" in data)
        client = self.chosen_client()
        preview = build_preview(data, self.ctx.services.now(), client)
        self.preview = preview
        for key, value in zip(
            self.totals,
            (
                preview.sub_total,
                preview.descuento,
                preview.traslados,
                preview.retenciones,
                preview.total,
            ),
            strict=True,
        ):
            self.totals[key].setText(money(value, data["Moneda"]))
        self.concepts.set_importes(tuple(money(v) for v in preview.importes))
        self._show_findings(preview, untouched=not data["Conceptos"] and self.receptor is None)
        self._show_receptor_checks(preview, client)
        self.complement.show_problem(self.complement_problem)
        if self.complement_problem and data["Conceptos"]:
            self.message.show_state(MC.COMPLEMENT_INCOMPLETE, "error")
        return preview

    def chosen_client(self) -> ClientInfo | None:
        """The client of the receptor: the one chosen, else (a draft, a correction) the
        client with its RFC (and name) in the catalog."""
        if self.client_info is not None or not self.receptor:
            return self.client_info
        rfc, nombre = self.receptor.get("Rfc", ""), self.receptor.get("Nombre", "")
        same_rfc = [c for c in self.clients if c.rfc == rfc]
        return next((c for c in same_rfc if c.nombre == nombre), same_rfc[0] if same_rfc else None)

    def _show_receptor_checks(self, preview: Preview, client: ClientInfo | None) -> None:
        """The origin badge and, in full, what the pre-flight says of the receptor."""
        from facturador.services.receptor_check import origin_text

        badge, notes = self.client_badge, self.receptor_notes
        badge.setVisible(client is not None)
        if client is not None:
            badge.setText(origin_text(client))
            badge.setProperty("state", "unverified" if client.origen == "capturado" else "verified")
            repolish(badge)
        blocking = [m for r, m in preview.findings if "Receptor/@" in r and "UsoCFDI" not in r]
        if blocking:  # in full under the field; the field's own line says where to look
            self.boxes["client"].show_error(M.RECEPTOR_CHECK_FAILED)
        notes.setText("\n".join(blocking))
        notes.setProperty("state", "error")
        notes.setVisible(bool(blocking) and self.receptor is not None)
        repolish(notes)
        gentle = [m for _r, m in preview.warnings]
        if gentle and preview.ok and self.receptor is not None:  # a prompt, never a block
            self.message.show_state(" ".join([M.READY_WITH_PROMPT, *gentle]), "info")

    def _show_findings(self, preview: Preview, *, untouched: bool) -> None:
        cells, fields, general = route_findings(() if untouched else preview.findings)
        for key, box in self.boxes.items():
            if key in fields:
                box.show_error(" ".join(fields[key]))
            elif box.has_error:
                box.clear()
        self.concepts.mark_errors(cells)
        if untouched:
            self.message.show_state("Elija el cliente y agregue los conceptos.", "info")
        elif general:
            self.message.show_state("\n".join(general[:6]), "error")
        elif fields:
            self.message.show_state("Revise los campos marcados en rojo.", "error")
        else:
            self.message.show_state("Listo para generar.", "ok")

    # -- actions ----------------------------------------------------------------------------

    def choose_relations(self) -> None:
        rfc = (self.receptor or {}).get("Rfc", "")
        dialog = RelationsDialog(self.ctx.services, rfc, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self._on_relations_chosen)
        self.relations_dialog = dialog
        dialog.open()

    def _on_relations_chosen(self, uuids: list[str]) -> None:
        if not self.relation_combo.code():
            self.relation_combo.set_code("04" if self.tipo_combo.code() == "I" else "01")
        self.relation_edit.setText(", ".join(uuids))

    def save_draft(self) -> None:
        data = self.data()
        from facturador.services.drafts import save_draft

        run_in_background(
            save_draft,
            self.ctx.services,
            data,
            self.draft_id,
            on_success=lambda draft_id: self._on_draft_saved(draft_id, data),
            parent=self,
        )

    def _on_draft_saved(self, draft_id: int, data: dict[str, Any]) -> None:
        self.draft_id = draft_id
        self.flow.mark_clean(data)
        self.flow.show_news("Borrador guardado. Puede retomarlo desde Registros CFDI.", "ok")
        self.ctx.changed.emit("documents")

    def generate(self) -> None:
        """Generar (or Ctrl+Enter): the summary first; `_issue` once the user confirms."""
        preview = self.recompute()
        if self.complement_problem:
            self.message.show_state(MC.COMPLEMENT_INCOMPLETE, "error")
            self.complement.setFocus()
            return
        if preview is None or not preview.ok or self.busy:
            if preview is not None and not preview.ok and not preview.findings:
                self.message.show_state("Agregue al menos un concepto.", "error")
            return
        data = self.data()
        self.flow.confirm(data, preview.total, lambda: self._issue(data))

    def _issue(self, data: dict[str, Any]) -> None:
        if self.busy:
            return
        self.busy = True
        self.last_row = None
        self.generate_button.setEnabled(False)
        self.result.show_state("Sellando…", "info")
        from facturador.services.issuing import issue

        run_in_background(
            issue,
            self.ctx.services,
            data,
            draft_id=self.draft_id,
            rejected_id=self.rejected.id if self.rejected is not None else None,
            substitutes=self.substitutes,
            on_success=self._on_emitted,
            on_failure=self._on_failed,
            parent=self,
        )

    def _on_failed(self, error: object) -> None:
        self.busy = False
        self.generate_button.setEnabled(True)
        self.result.show_state("", "")
        show_error(self, error, inline=self.message)

    def _on_emitted(self, row: DocumentRow) -> None:
        self.busy = False
        self.generate_button.setEnabled(True)
        self.last_row = row
        self.clear()
        self.flow.show_news(
            f"Comprobante {row.name} sellado y en cola. Enviando al PAC para timbrar…", "info"
        )
        self.ctx.changed.emit("documents")
        request_sync(self.ctx, self._on_synced, parent=self)

    def _on_synced(self, _outcome: PassOutcome | None) -> None:
        if self.last_row is None or self.last_row.state in ("TIMBRADO", "RECHAZADO"):
            return
        from facturador.services.registry import row

        run_in_background(
            row, self.ctx.services, self.last_row.id, on_success=self._show_result, parent=self
        )

    def _show_result(self, row: DocumentRow) -> None:
        if self.last_row is None or row.id != self.last_row.id:
            return  # an answer about a document generated before the current one
        self.last_row = row
        self.flow.show_result(row)
