"""Reportes > Cuentas por cobrar: PPD invoices with a balance by client and age
(services.reports_cobranza), a client's invoices, and "Generar complemento de pago"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from facturador.services import registry, reports, reports_cobranza
from facturador.services.views import AGING_BUCKETS
from facturador.ui import messages_reports as R
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._documents import goto
from facturador.ui.pages._reports_common import (
    Kpi,
    ReadOnlyTable,
    day_text,
    export_buttons,
    money,
    month_name,
    report_layout,
)
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow, ReceivableInvoice, ReceivablesReport
    from facturador.ui.context import AppContext

__all__ = ["ReceivablesPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return ReceivablesPage(ctx)


def _today_and_months(ctx: Context) -> tuple[datetime, reports.Month]:
    now = reports.local_now(ctx)
    return now, reports.Month(now.year, now.month)


def _full_report(ctx: Context, until: datetime) -> ReceivablesReport:
    return reports_cobranza.receivables_report(ctx, until, with_invoices=True)


class ReceivablesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ReceivablesReport | None = None
        self.invoices: tuple[ReceivableInvoice, ...] = ()
        self.until = QComboBox()
        self.until.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.message = FormMessage()
        self.kpis = [Kpi(name) for name in AGING_BUCKETS] + [Kpi(R.AR_TOTAL)]
        self.clients = ReadOnlyTable(R.AR_CLIENT_HEADERS, stretch=0)
        self.clients.setMinimumHeight(120)
        self.table = ReadOnlyTable(R.AR_INVOICE_HEADERS, stretch=0)
        self.table.setMinimumHeight(90)
        self.pay_button = QPushButton(R.AR_PAY)
        self.pay_button.setObjectName("primary")
        self.pay_button.setEnabled(False)
        self.xlsx, self.pdf = export_buttons(self, ctx, self._export_job, self._file_name,
                                             self.message)  # fmt: skip
        self._layout()
        self.until.currentIndexChanged.connect(lambda _i: self.load())
        self.clients.itemSelectionChanged.connect(self.open_client)
        self.table.itemSelectionChanged.connect(
            lambda: self.pay_button.setEnabled(self.table.selected_row() is not None)
        )
        self.pay_button.clicked.connect(self.pay)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def _layout(self) -> None:
        layout = report_layout(self, (R.AR_TITLE, R.AR_SUBTITLE), (R.AR_AS_OF, self.until),
                               (self.xlsx, self.pdf), self.kpis)  # fmt: skip
        clients = Card()
        clients.body.addWidget(self.clients)
        invoices = Card(R.AR_INVOICES)
        invoices.body.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.pay_button)
        invoices.body.addLayout(row)
        layout.addWidget(clients, 3)
        layout.addWidget(invoices, 2)
        layout.addWidget(self.message)

    def _file_name(self) -> str:
        if self.report is None:
            return R.AR_TITLE
        return f"{R.AR_TITLE} {self.report.al:%Y-%m-%d}"

    def _export_job(self) -> Callable[[Context], ReceivablesReport] | None:
        until = self.until.currentData()
        return None if until is None else lambda services: _full_report(services, until)

    def refresh(self) -> None:
        if self.ctx.company is None:
            return
        run_in_background(_today_and_months, self.ctx.services, on_success=self._set_dates,
                          parent=self)  # fmt: skip

    def _set_dates(self, found: tuple[datetime, reports.Month]) -> None:
        now, current = found
        index = self.until.currentIndex()
        self.until.blockSignals(True)
        self.until.clear()
        self.until.addItem(R.AR_TODAY, now)
        for i in range(1, 13):
            mes = current.shifted(-i)
            self.until.addItem(R.AR_MONTH_END.format(mes=month_name(mes)), mes.end)
        self.until.setCurrentIndex(max(index, 0))
        self.until.blockSignals(False)
        self.load()

    def load(self) -> None:
        until = self.until.currentData()
        if until is None:
            return
        run_in_background(reports_cobranza.receivables_report, self.ctx.services, until,
                          on_success=self.show_report, parent=self)  # fmt: skip

    def show_report(self, report: ReceivablesReport) -> None:
        self.report = report
        for card, amount in zip(self.kpis, (*report.buckets, report.total), strict=True):
            card.show_value(money(amount))
        self.clients.set_rows([
            (c.nombre, c.rfc, *c.buckets, c.total, day_text(c.ultimo_pago))
            for c in report.clients
        ])  # fmt: skip
        self.table.set_rows([])
        self.message.show_state("" if report.clients else R.AR_NOTHING, "info")
        if report.clients:
            self.clients.selectRow(0)

    def open_client(self) -> None:
        index = self.clients.selected_row()
        if self.report is None or index is None or index >= len(self.report.clients):
            return
        rfc = self.report.clients[index].rfc
        until = self.report.al
        run_in_background(reports_cobranza.receivable_invoices, self.ctx.services, until, rfc,
                          on_success=self.show_invoices, parent=self)  # fmt: skip

    def show_invoices(self, invoices: tuple[ReceivableInvoice, ...]) -> None:
        self.invoices = invoices
        self.table.set_rows([
            (f"{i.serie or ''}-{i.folio}", day_text(i.fecha), i.moneda, i.total, i.pagado,
             i.saldo, i.dias, day_text(i.ultimo_pago))
            for i in invoices
        ])  # fmt: skip
        self.pay_button.setEnabled(False)

    def pay(self) -> None:
        index = self.table.selected_row()
        if index is None or index >= len(self.invoices):
            self.message.show_state(R.AR_PICK_INVOICE, "info")
            return
        run_in_background(registry.row, self.ctx.services, self.invoices[index].documento_id,
                          on_success=self._open_payment, parent=self)  # fmt: skip

    def _open_payment(self, row: DocumentRow) -> None:
        page = goto(self.ctx, "pagos")
        if page is not None:
            page.prefill_invoice(row)  # type: ignore[attr-defined]
