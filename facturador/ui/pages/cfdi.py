"""Documentos > Generar CFDI 4.0 (ingreso and egreso).

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

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.sat.rfc import RFC_EXTRANJERO
from facturador.services import directory
from facturador.services.receptors import fecha_local, foreign_ids
from facturador.ui import messages as M
from facturador.ui.errors import show_error
from facturador.ui.pages._cfdi_data import SEP, fill_form, read_form
from facturador.ui.pages._cfdi_findings import route_findings
from facturador.ui.pages._cfdi_flow import IssueFlow
from facturador.ui.pages._documents import money, request_sync, runner
from facturador.ui.widgets import concept_table as ct
from facturador.ui.widgets.fields import (
    CatalogLineEdit,
    FieldBox,
    FormMessage,
    captioned,
    contains_completer,
    page_header,
)
from facturador.ui.widgets.global_info import InformacionGlobalRow
from facturador.ui.widgets.relations_dialog import RelationsDialog
from facturador.ui.widgets.sat_choices import (
    FORMAS_PAGO,
    METODOS_PAGO,
    TIPOS_COMPROBANTE,
    TIPOS_RELACION,
    CodeCombo,
    MetodoFormaLink,
)
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.sync import PassOutcome
    from facturador.services.views import ClientInfo, DocumentRow, Preview, ProductInfo
    from facturador.ui.context import AppContext

__all__ = ["CfdiPage", "create_page"]

PREVIEW_DELAY_MS = 150
RELATION_COMBO_CHARS = 30


def create_page(ctx: AppContext) -> QWidget:
    return CfdiPage(ctx)


class CfdiPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.clients: list[ClientInfo] = []
        self.products: list[ProductInfo] = []
        self.receptor: dict[str, str] | None = None
        self.draft_id: int | None = None
        self.substitutes: str | None = None  # UUID this document replaces (Sustituir)
        self.rejected: DocumentRow | None = None  # the rejected document being fixed
        self.preview: Preview | None = None
        self.last_row: DocumentRow | None = None
        self.busy = False
        self.flow = IssueFlow(self)
        self._build()
        self._layout()
        self._connect()
        self.clear()

    # -- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        search = self.ctx.search_catalog
        self.client_edit = QLineEdit()
        self.client_edit.setPlaceholderText("Escriba el nombre o RFC del cliente…")
        self._client_model = QStringListModel(self)
        self.client_edit.setCompleter(contains_completer(self, self._client_model, self._on_client))
        self.uso_edit = CatalogLineEdit("c_UsoCFDI", search)
        self.tipo_combo = CodeCombo(TIPOS_COMPROBANTE)
        self.serie_edit = QLineEdit()
        self.serie_edit.setMaximumWidth(90)
        self.forma_combo = CodeCombo(FORMAS_PAGO)
        self.metodo_combo = CodeCombo(METODOS_PAGO)
        self.metodo_link = MetodoFormaLink(self.metodo_combo, self.forma_combo)
        self.moneda_edit = CatalogLineEdit("c_Moneda", search)
        self.tipo_cambio_edit = QLineEdit()
        self.tipo_cambio_edit.setPlaceholderText("—")
        self.relation_combo = CodeCombo(TIPOS_RELACION)
        # As wide as the usual choices (none, 01, 04, 07) on a 1024 px window; the list
        # shows every type whole, the tooltip the chosen one.
        self.relation_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.relation_combo.setMinimumContentsLength(RELATION_COMBO_CHARS)
        self.relation_combo.currentTextChanged.connect(self.relation_combo.setToolTip)
        self.relation_edit = QLineEdit()
        self.relation_edit.setPlaceholderText("UUID, separados por coma")
        self.relation_button = QPushButton("Elegir…")
        self.relation_button.setToolTip("Elegir los CFDI relacionados de Registros CFDI")
        self.global_row = InformacionGlobalRow()
        self.boxes = {
            # the client's and the Uso's line is always there: choosing moves nothing below
            "client": FieldBox(self.client_edit, reserve=True),
            "uso": FieldBox(self.uso_edit, reserve=True),
            "serie": FieldBox(self.serie_edit),
            "forma": FieldBox(self.forma_combo),
            "metodo": FieldBox(self.metodo_combo),
            "moneda": FieldBox(self.moneda_edit),
            "tipo_cambio": FieldBox(self.tipo_cambio_edit),
            "relation": FieldBox(self.relation_edit),
            "global": FieldBox(self.global_row, M.GLOBAL_HINT),
        }
        self.product_edit = QLineEdit()
        self.product_edit.setPlaceholderText("Agregar producto del catálogo: escriba para buscar…")
        self._product_model = QStringListModel(self)
        self.product_edit.setCompleter(
            contains_completer(self, self._product_model, self._on_product)
        )
        self.add_line_button = QPushButton("Agregar línea libre")
        self.remove_line_button = QPushButton("Quitar línea")
        self.concepts = ct.ConceptTable(search)
        self.message = FormMessage()
        self.result = FormMessage()
        self.totals = {k: QLabel("—") for k in ("sub", "desc", "tras", "ret", "total")}
        for label in self.totals.values():
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals["total"].setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.new_button = QPushButton("Nuevo")
        self.new_button.setToolTip("Empezar un comprobante nuevo (pregunta si hay cambios)")
        self.draft_button = QPushButton("Guardar borrador")
        self.generate_button = QPushButton("Generar")
        self.generate_button.setObjectName("primary")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)

    def _relation_row(self) -> QWidget:
        relation = QWidget()
        row = QHBoxLayout(relation)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.boxes["relation"], 1)
        row.addWidget(self.relation_button, 0, Qt.AlignmentFlag.AlignTop)
        return relation

    def _fields_grid(self) -> QGridLayout:
        """Four columns that fit a 1024 px window: no combo is cut, nothing overlaps."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        b = self.boxes
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(captioned("Cliente (receptor)", b["client"]), 0, 0, 1, 3, top)
        grid.addWidget(captioned("Uso del CFDI", b["uso"]), 0, 3, top)
        grid.addWidget(captioned("Tipo de comprobante", self.tipo_combo), 1, 0, top)
        grid.addWidget(captioned("Serie", b["serie"]), 1, 1, top)
        grid.addWidget(captioned("Moneda", b["moneda"]), 1, 2, top)
        grid.addWidget(captioned("Tipo de cambio", b["tipo_cambio"]), 1, 3, top)
        grid.addWidget(captioned("Forma de pago", b["forma"]), 2, 0, 1, 2, top)
        grid.addWidget(captioned("Método de pago", b["metodo"]), 2, 2, 1, 2, top)
        grid.addWidget(captioned("CFDI relacionados", self.relation_combo), 3, 0, 1, 2, top)
        grid.addWidget(captioned("UUID relacionados", self._relation_row()), 3, 2, 1, 2, top)
        self.global_holder = captioned(M.GLOBAL_CAPTION, b["global"])
        grid.addWidget(self.global_holder, 4, 0, 1, 4)
        for column, stretch in enumerate((3, 0, 2, 3)):
            grid.setColumnStretch(column, stretch)
        return grid

    def _layout(self) -> None:
        grid = self._fields_grid()
        lines = QHBoxLayout()
        lines.addWidget(self.product_edit, 1)
        lines.addWidget(self.add_line_button)
        lines.addWidget(self.remove_line_button)
        totals = QGridLayout()
        names = ("Subtotal", "Descuento", "Impuestos trasladados", "Impuestos retenidos", "Total")
        for row, (name, key) in enumerate(zip(names, self.totals, strict=True)):
            caption = QLabel(name)
            caption.setObjectName("pageSubtitle")
            totals.addWidget(caption, row, 0)
            totals.addWidget(self.totals[key], row, 1)
        totals.setColumnMinimumWidth(1, 140)
        totals.setVerticalSpacing(2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.generate_button)
        left = QVBoxLayout()  # the messages, and the buttons under them, beside the totals
        left.addWidget(self.message)
        left.addWidget(self.result)
        left.addStretch(1)
        left.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addLayout(left, 1)
        bottom.addSpacing(20)
        bottom.addLayout(totals)
        layout = QVBoxLayout(scroll_page(self))  # a small window scrolls the page
        layout.setContentsMargins(28, 20, 28, 12)  # no scrolling at 1180×760
        layout.addWidget(
            page_header(
                "Generar CFDI 4.0",
                "Factura (ingreso) o nota de crédito (egreso). Los totales los calcula el "
                "sistema; Generar sella el comprobante y lo envía a timbrar.",
            )
        )
        layout.addLayout(grid)
        layout.addLayout(lines)
        layout.addWidget(self.concepts, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        changed = self._schedule
        self._timer.timeout.connect(self.recompute)
        self.concepts.changed.connect(changed)
        for edit in (self.uso_edit, self.serie_edit, self.moneda_edit, self.tipo_cambio_edit):
            edit.textChanged.connect(changed)
        self.relation_edit.textChanged.connect(changed)
        self.global_row.changed.connect(changed)
        for combo in (self.forma_combo, self.metodo_combo, self.relation_combo):
            combo.currentIndexChanged.connect(changed)
        self.tipo_combo.currentIndexChanged.connect(self._on_tipo)
        self.uso_edit.textChanged.connect(self._describe_uso)
        self.client_edit.textEdited.connect(self._on_client_edited)
        self.add_line_button.clicked.connect(lambda: self.concepts.add_concept())  # noqa: PLW0108
        self.remove_line_button.clicked.connect(self.concepts.remove_selected)
        self.relation_button.clicked.connect(self.choose_relations)
        self.new_button.clicked.connect(self.flow.ask_new)
        self.draft_button.clicked.connect(self.save_draft)
        self.generate_button.clicked.connect(self.generate)
        self.generate_button.setToolTip("Sellar y enviar a timbrar (Ctrl+Enter)")
        self.draft_button.setToolTip("Guardar sin sellar; no usa folio (Ctrl+S)")
        QShortcut(QKeySequence("Ctrl+Return"), self, self.generate)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        self.ctx.company_changed.connect(lambda _c: (self._reset_global(), self.refresh()))
        self.ctx.changed.connect(self._on_ctx_changed)
        found = runner(self.ctx)
        if found is not None:
            found.sync_finished.connect(lambda _outcome: self._on_synced(None))

    # -- catalogs of the company --------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.company is None:
            return
        ctx = self.ctx.services
        run_in_background(directory.clients, ctx, on_success=self._set_clients, parent=self)
        run_in_background(directory.products, ctx, on_success=self._set_products, parent=self)

    def _reset_global(self) -> None:
        """The factura global's choices for this company, set to the current month."""
        company = self.ctx.company
        if company is not None:
            now = fecha_local(company.lugar_expedicion, self.ctx.services.now())
            self.global_row.reset(now, company.regimen_fiscal)

    def _on_ctx_changed(self, what: str) -> None:
        if what in ("clients", "products"):
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

    def _on_client_edited(self, _text: str) -> None:
        self.receptor = None
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
        if self.serie_edit.text() in ("", "A", "E"):
            self.serie_edit.setText("E" if self.tipo_combo.code() == "E" else "A")
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
        preview = build_preview(data, self.ctx.services.now())
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
        return preview

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
