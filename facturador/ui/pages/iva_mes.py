"""Reportes > IVA y retenciones del mes: IVA trasladado cobrado, IVA and ISR retenidos by
tasa (services.reports_iva), each line opened to its documents; Excel and PDF exports."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from facturador.services import reports, reports_iva
from facturador.services.messages import TAX_NAMES
from facturador.ui import messages_reports as R
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._reports_common import (
    Kpi,
    ReadOnlyTable,
    day_text,
    export_buttons,
    money,
    month_choices,
    report_layout,
)
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import IvaReport, TaxDocument, TaxRow
    from facturador.ui.context import AppContext

__all__ = ["IvaPage", "create_page", "tasa_text"]


def create_page(ctx: AppContext) -> QWidget:
    return IvaPage(ctx)


def tasa_text(row: TaxRow) -> str:
    if not row.tasa:
        return row.tipo_factor
    percent = (Decimal(row.tasa) * 100).normalize()
    return f"{percent:f} %" if row.tipo_factor == "Tasa" else row.tasa


class IvaPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: IvaReport | None = None
        self.lines: list[TaxRow] = []
        self.month = QComboBox()
        self.message = FormMessage()
        self.iva = Kpi(R.KPI_IVA)
        self.iva_ret = Kpi(R.KPI_IVA_RET)
        self.isr_ret = Kpi(R.KPI_ISR_RET)
        self.table = ReadOnlyTable(R.IVA_HEADERS, stretch=1)
        self.table.setMinimumHeight(140)
        self.documents = ReadOnlyTable(R.IVA_DOCUMENT_HEADERS, stretch=3)
        self.documents.setMinimumHeight(110)
        self.xlsx, self.pdf = export_buttons(self, ctx, self._export_job,
                                             self._file_name, self.message)  # fmt: skip
        self._layout()
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.table.itemSelectionChanged.connect(self.open_line)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def _layout(self) -> None:
        kpis = (self.iva, self.iva_ret, self.isr_ret)
        layout = report_layout(self, (R.IVA_TITLE, R.IVA_SUBTITLE), (R.MONTH_LABEL, self.month),
                               (self.xlsx, self.pdf), kpis)  # fmt: skip
        lines = Card(R.IVA_LINES)
        lines.body.addWidget(self.table)
        documents = Card(R.IVA_DOCUMENTS)
        documents.body.addWidget(self.documents)
        layout.addWidget(lines, 1)
        layout.addWidget(documents, 1)
        layout.addWidget(self.message)

    def _export_job(self) -> Callable[[Context], IvaReport] | None:
        report = self.report
        return None if report is None else lambda _services: report

    def _file_name(self) -> str:
        return f"IVA {self.report.mes}" if self.report else "IVA"

    def refresh(self) -> None:
        if self.ctx.company is None:
            return
        run_in_background(lambda services: reports.parse_month(None, services), self.ctx.services,
                          on_success=self._set_months, parent=self)  # fmt: skip

    def _set_months(self, current: reports.Month) -> None:
        selected = self.month.currentData()
        self.month.blockSignals(True)
        month_choices(self.month, current)
        if selected is not None:
            index = self.month.findData(selected)
            self.month.setCurrentIndex(max(index, 0))
        self.month.blockSignals(False)
        self.load()

    def load(self) -> None:
        mes = self.month.currentData()
        if mes is None:
            return
        run_in_background(reports_iva.iva_report, self.ctx.services, mes,
                          on_success=self.show_report, parent=self)  # fmt: skip

    def show_report(self, report: IvaReport) -> None:
        self.report = report
        self.iva.show_value(money(report.iva_trasladado))
        self.iva_ret.show_value(money(report.iva_retenido))
        self.isr_ret.show_value(money(report.isr_retenido))
        self.lines = list(report.traslados + report.retenciones)
        self.table.set_rows([
            (R.KIND_NAMES[r.kind], TAX_NAMES.get(r.impuesto, r.impuesto), tasa_text(r),
             r.base, r.importe, r.documentos)
            for r in self.lines
        ])  # fmt: skip
        self.documents.set_rows([])
        self.message.show_state("" if self.lines else R.NO_TAXES, "info")
        if self.lines:
            self.table.selectRow(0)

    def open_line(self) -> None:
        index = self.table.selected_row()
        mes = self.month.currentData()
        if index is None or mes is None or index >= len(self.lines):
            return
        line = self.lines[index]
        run_in_background(
            reports_iva.tax_documents, self.ctx.services, mes, kind=line.kind,
            impuesto=line.impuesto, tipo_factor=line.tipo_factor, tasa=line.tasa,
            on_success=self.show_documents, parent=self,
        )  # fmt: skip

    def show_documents(self, documents: tuple[TaxDocument, ...]) -> None:
        self.documents.set_rows([
            (f"{d.serie or ''}-{d.folio}", R.TIPO_NAMES.get(d.tipo, d.tipo), day_text(d.fecha),
             d.nombre_receptor, d.base, d.importe)
            for d in documents
        ])  # fmt: skip
