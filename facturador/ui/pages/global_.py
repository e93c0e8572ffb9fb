"""Documentos > Factura global: choose the period (Periodicidad, Meses, Año and, for daily,
weekly or fortnightly, a day in it), see its pending notas de venta and their totals, and
emit the CFDI to PUBLICO EN GENERAL (services.global_invoice)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget

from facturador.services import global_invoice, reports
from facturador.ui import messages_notas as N
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._reports_common import Kpi, ReadOnlyTable, money
from facturador.ui.widgets.fields import FormMessage, captioned, page_header
from facturador.ui.widgets.global_info import InformacionGlobalRow
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.global_invoice import GlobalPreview, GlobalResult
    from facturador.ui.context import AppContext

__all__ = ["GlobalPage", "create_page"]

_WITH_DAY = ("01", "02", "03")


def create_page(ctx: AppContext) -> QWidget:
    return GlobalPage(ctx)


class GlobalPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: GlobalPreview | None = None
        self.period_row = InformacionGlobalRow()
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setToolTip(N.DAY_HINT)
        self.show_button = QPushButton(N.SHOW)
        self.emit_button = QPushButton(N.EMIT)
        self.emit_button.setObjectName("primary")
        self.emit_button.setEnabled(False)
        self.kpis = [Kpi(N.KPI_COUNT), Kpi(N.KPI_SUBTOTAL), Kpi(N.KPI_TAXES), Kpi(N.KPI_TOTAL)]
        self.table = ReadOnlyTable(N.GLOBAL_HEADERS, stretch=1)
        self.table.setMinimumHeight(200)
        self.message = FormMessage()
        self._layout()
        self.period_row.changed.connect(self._period_changed)
        self.day.valueChanged.connect(lambda _v: self._period_changed())
        self.show_button.clicked.connect(self.load)
        self.emit_button.clicked.connect(self.confirm_emit)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def _layout(self) -> None:
        layout = QVBoxLayout(scroll_page(self))
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(page_header(N.GLOBAL_TITLE, N.GLOBAL_SUBTITLE))
        card = Card()
        row = QHBoxLayout()
        row.addWidget(self.period_row, 4)
        row.addWidget(captioned(N.DAY, self.day), 1)
        card.body.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.emit_button)
        card.body.addLayout(buttons)
        layout.addWidget(card)
        kpis = QHBoxLayout()
        for kpi in self.kpis:
            kpis.addWidget(kpi, 1)
        layout.addLayout(kpis)
        layout.addWidget(self.message)
        tickets = Card()
        tickets.body.addWidget(self.table)
        layout.addWidget(tickets, 1)

    def refresh(self) -> None:
        company = self.ctx.company
        if company is None:
            return
        run_in_background(reports.local_now, self.ctx.services,
                          on_success=lambda now: self._set_now(now, company.regimen_fiscal),
                          parent=self)  # fmt: skip

    def _set_now(self, now: datetime, regimen: str) -> None:
        self.period_row.reset(now, regimen)
        # a monthly global covers a month that is over: last month is the one to issue
        month, year = (now.month - 1, now.year) if now.month > 1 else (12, now.year - 1)
        self.period_row.set_value({"Periodicidad": "04", "Meses": f"{month:02d}",
                                   "Año": str(year)})  # fmt: skip
        self.day.setValue(now.day)
        self._period_changed()
        self.load()

    def _period_changed(self) -> None:
        self.day.setEnabled(self.period_row.periodicidad_combo.code() in _WITH_DAY)
        self.emit_button.setEnabled(False)
        self.preview = None

    def _args(self) -> tuple[str, str, str, int | None]:
        value = self.period_row.value()
        day = self.day.value() if value["Periodicidad"] in _WITH_DAY else None
        return value["Periodicidad"], value["Meses"], value["Año"], day

    def load(self) -> None:
        run_in_background(global_invoice.preview_global, self.ctx.services, *self._args(),
                          on_success=self.show_preview, on_failure=self._failed,
                          parent=self)  # fmt: skip

    def _failed(self, error: object) -> None:
        self.preview = None
        self.emit_button.setEnabled(False)
        self.table.set_rows([])
        for kpi in self.kpis:
            kpi.show_value("—")
        show_error(self, error, inline=self.message)

    def show_preview(self, preview: GlobalPreview) -> None:
        self.preview = preview
        self.table.set_rows([
            (t.numero, f"{t.fecha:%d/%m/%Y %H:%M}", t.subtotal, t.total - t.subtotal, t.total)
            for t in preview.tickets
        ])  # fmt: skip
        values = (str(len(preview.tickets)), money(preview.subtotal), money(preview.impuestos),
                  money(preview.total))  # fmt: skip
        for kpi, value in zip(self.kpis, values, strict=True):
            kpi.show_value(value)
        if preview.tickets:
            self.message.show_state(N.PERIOD.format(label=preview.period.label,
                                                    forma=preview.forma_pago), "info")  # fmt: skip
        else:
            self.message.show_state(N.NOTHING, "info")
        self.emit_button.setEnabled(bool(preview.tickets))

    def confirm_emit(self) -> None:
        if self.preview is None or not self.preview.tickets:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(N.GLOBAL_TITLE)
        box.setText(N.CONFIRM_EMIT.format(count=len(self.preview.tickets),
                                          total=money(self.preview.total)))  # fmt: skip
        yes = box.addButton(N.EMIT, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: box.clickedButton() is yes and self.emit_global())
        self.confirm = box
        box.open()

    def emit_global(self) -> None:
        self.emit_button.setEnabled(False)
        run_in_background(global_invoice.emit_global, self.ctx.services, *self._args(),
                          on_success=self._emitted, on_failure=self._failed,
                          parent=self)  # fmt: skip

    def _emitted(self, result: GlobalResult) -> None:
        self.ctx.changed.emit("queue")
        self.preview = None
        self.table.set_rows([])
        for kpi in self.kpis:
            kpi.show_value("—")
        self.message.show_state(
            N.EMITTED.format(serie=result.serie, folio=result.folio,
                             count=len(result.preview.tickets),
                             label=result.preview.period.label, total=money(result.total)),
            "ok",
        )  # fmt: skip
