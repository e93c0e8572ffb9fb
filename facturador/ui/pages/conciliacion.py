"""Recibidos del SAT > Conciliación con el SAT: the differences of services.reconciliation,
grouped by kind with a count card each, and the action of the selected one:

- a stamp whose answer was lost: "Consultar en el SAT" runs the pass, which asks the PAC for
  the earlier stamp (the recover path of the queue); a CFDI with no local document: "Ver CFDI";
- cancelled at the SAT, in force here: "Consultar en el SAT" (services.sat_lookup);
- in force at the SAT, cancelled here: "Abrir en Registros";
- a PPD invoice without payment receipts: "Generar complemento de pago" (the Pagos page);
- a CFDI from an issuer on the 69-B list: "Ver CFDI" (Comprobantes recibidos).

"Importar lista 69-B…" reads SAT's Listado_Completo_69-B.csv in a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.services import reconciliation, registry
from facturador.services.sat_lookup import sat_status
from facturador.ui import messages_reconciliation as T
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._documents import goto, request_sync
from facturador.ui.pages._reports_common import Kpi, ReadOnlyTable, day_text
from facturador.ui.widgets.fields import FormMessage, page_header
from facturador.ui.widgets.files import in_documents
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from pathlib import Path

    from facturador.services.reconciliation import Difference, ReconciliationReport
    from facturador.services.views import DocumentRow, SatStatusInfo
    from facturador.ui.context import AppContext

__all__ = ["ReconciliationPage", "create_page"]

C_UUID = 7


def create_page(ctx: AppContext) -> QWidget:
    return ReconciliationPage(ctx)


def action_for(d: Difference) -> str:
    """The button's text for one difference."""
    if d.kind == "falta_aqui":
        if d.documento_id is None:
            return T.ACTION_VIEW
        return T.ACTION_SAT if d.state in reconciliation.RECOVERABLE else T.ACTION_RECORDS
    return {
        "cancelado_en_sat": T.ACTION_SAT,
        "vigente_en_sat": T.ACTION_RECORDS,
        "ppd_sin_pago": T.ACTION_PAYMENT,
        "emisor_69b": T.ACTION_VIEW,
    }[d.kind]


class ReconciliationPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ReconciliationReport | None = None
        self.rows: list[Difference | None] = []  # per table row; None for a group's title
        self.last_status: SatStatusInfo | None = None
        self.notice = ""  # what the last action did, shown with the next report
        self.refresh_button = QPushButton(T.REFRESH)
        self.import_button = QPushButton(T.IMPORT_69B)
        self.import_button.setToolTip(T.IMPORT_69B_TIP)
        self.list_label = QLabel(T.LIST_NEVER)
        self.list_label.setObjectName("hint")
        self.kpis = {kind: Kpi(caption) for kind, caption in T.KPI_CAPTIONS.items()}
        for card in self.kpis.values():
            card.caption.setWordWrap(True)  # five cards fit a 1024 px window
        self.table = ReadOnlyTable(T.HEADERS, stretch=4)
        self.table.setMinimumHeight(260)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(C_UUID, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(C_UUID, self.table.fontMetrics().horizontalAdvance("0" * 12) + 24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 24)
        self.what = QLabel(T.PICK_ROW)
        self.what.setWordWrap(True)
        self.action_button = QPushButton(T.ACTION_SAT)
        self.action_button.setObjectName("primary")
        self.action_button.setEnabled(False)
        self.message = FormMessage()
        self._layout()
        self.refresh_button.clicked.connect(self.load)
        self.import_button.clicked.connect(self.pick_list)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.action_button.clicked.connect(self.act)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def _layout(self) -> None:
        layout = QVBoxLayout(scroll_page(self))
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(page_header(T.TITLE, T.SUBTITLE))
        bar = QHBoxLayout()
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.list_label)
        bar.addStretch(1)
        layout.addLayout(bar)
        cards = QHBoxLayout()
        for card in self.kpis.values():
            cards.addWidget(card, 1)
        layout.addLayout(cards)
        table = Card()
        table.body.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.what, 1)
        row.addWidget(self.action_button)
        table.body.addLayout(row)
        layout.addWidget(table, 1)
        layout.addWidget(self.message)

    # ------------------------------------------------------------------ report

    def refresh(self) -> None:
        if self.ctx.company is not None:
            self.load()

    def load(self) -> None:
        self.refresh_button.setEnabled(False)
        run_in_background(reconciliation.reconcile, self.ctx.services,
                          on_success=self.show_report,
                          on_finished=lambda: self.refresh_button.setEnabled(True),
                          parent=self)  # fmt: skip

    def show_report(self, report: ReconciliationReport) -> None:
        self.report = report
        for kind, card in self.kpis.items():
            card.show_value(f"{report.counts.get(kind, 0):,}")
        self.list_label.setText(
            T.LIST_NEVER if report.list_69b_at is None
            else T.LIST_AT.format(fecha=day_text(report.list_69b_at))
        )  # fmt: skip
        self.rows = []
        lines: list[tuple[Any, ...]] = []
        for kind, title in reconciliation.KINDS.items():
            found = report.of(kind)
            if not found:
                continue
            self.rows.append(None)
            lines.append((T.GROUP.format(titulo=title, n=len(found)), "", "", "", "", "", "", ""))
            for d in found:
                self.rows.append(d)
                lines.append(("", d.serie_folio or "—", day_text(d.fecha), d.rfc, d.nombre,
                              d.total, d.estado_local or "—", d.uuid))  # fmt: skip
        self.table.set_rows(lines)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, d in enumerate(self.rows):
            if d is None:
                self.table.setSpan(r, 0, 1, len(T.HEADERS))
                item = self.table.item(r, 0)
                if item is not None:
                    item.setFont(bold)
        self.what.setText(T.PICK_ROW if report.differences else "")
        self.action_button.setEnabled(False)
        self.message.show_state(self.notice or ("" if report.differences else T.NOTHING), "info")
        self.notice = ""
        first = next((r for r, d in enumerate(self.rows) if d is not None), None)
        if first is not None:
            self.table.selectRow(first)

    def selected(self) -> Difference | None:
        index = self.table.selected_row()
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index]

    def _on_selection(self) -> None:
        d = self.selected()
        if d is None:
            self.what.setText(T.PICK_ROW)
            self.action_button.setEnabled(False)
            return
        self.what.setText(T.WHAT_TO_DO.format(texto=d.what_to_do))
        self.action_button.setText(action_for(d))
        self.action_button.setEnabled(True)

    # ------------------------------------------------------------------ actions

    def act(self) -> None:
        d = self.selected()
        if d is None:
            return
        action = action_for(d)
        if action == T.ACTION_SAT and d.kind == "falta_aqui":
            self.action_button.setEnabled(False)
            request_sync(self.ctx, on_done=lambda _outcome: self._synced(), parent=self)
        elif action == T.ACTION_SAT and d.documento_id is not None:
            self.action_button.setEnabled(False)
            run_in_background(sat_status, self.ctx.services, d.documento_id,
                              on_success=self._show_status,
                              on_finished=lambda: self.action_button.setEnabled(True),
                              pool=network_pool(), parent=self)  # fmt: skip
        elif action == T.ACTION_RECORDS:
            page = goto(self.ctx, "registros")
            if page is not None:
                page.state_combo.setCurrentIndex(0)  # type: ignore[attr-defined]
                page.text_edit.setText(d.uuid)  # type: ignore[attr-defined]
                page.apply_filters()  # type: ignore[attr-defined]
        elif action == T.ACTION_PAYMENT and d.documento_id is not None:
            run_in_background(registry.row, self.ctx.services, d.documento_id,
                              on_success=self._open_payment, parent=self)  # fmt: skip
        elif action == T.ACTION_VIEW:
            page = goto(self.ctx, "recibidos")
            if page is not None:
                page.text_edit.setText(d.uuid)  # type: ignore[attr-defined]

    def _synced(self) -> None:
        self.notice = T.SYNC_DONE
        self.load()

    def _show_status(self, status: SatStatusInfo) -> None:
        self.last_status = status
        self.message.show_state(T.STATUS_TEXT.format(
            uuid=status.uuid, estado=status.estado or status.codigo_estatus or "—",
            cancelable=status.es_cancelable or "—",
            estatus=status.estatus_cancelacion or "—"), "info")  # fmt: skip

    def _open_payment(self, row: DocumentRow) -> None:
        page = goto(self.ctx, "pagos")
        if page is not None:
            page.prefill_invoice(row)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ 69-B list

    def pick_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, T.PICK_69B, str(in_documents("")),
                                              T.CSV_FILTER)  # fmt: skip
        if path:
            from pathlib import Path

            self.import_list(Path(path))

    def import_list(self, path: Path) -> None:
        self.import_button.setEnabled(False)
        run_in_background(reconciliation.import_69b, self.ctx.services, path,
                          on_success=self._list_imported,
                          on_finished=lambda: self.import_button.setEnabled(True),
                          parent=self)  # fmt: skip

    def _list_imported(self, summary: reconciliation.List69BSummary) -> None:
        self.notice = T.LIST_IMPORTED.format(
            contribuyentes=summary.contribuyentes, presuntos=summary.presuntos,
            definitivos=summary.definitivos)  # fmt: skip
        self.load()
