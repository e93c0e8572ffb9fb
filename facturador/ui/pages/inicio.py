"""Inicio: this month's sales against last year's, twelve months of bars, the top clients and
what needs the user (services.reports.dashboard, in a worker: the page never waits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facturador.services import reports
from facturador.ui import messages_reports as R
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._documents import goto
from facturador.ui.pages._reports_common import Kpi, ReadOnlyTable, day_text, money, month_name
from facturador.ui.widgets.bar_chart import BarChart
from facturador.ui.widgets.fields import page_header
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import Attention, Dashboard
    from facturador.ui.context import AppContext

__all__ = ["HomePage", "attention_lines", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return HomePage(ctx)


def attention_lines(a: Attention) -> list[str]:
    """What needs the user, one sentence each (empty: nothing)."""
    lines = []
    for count, text in (
        (a.rechazados, R.ATTENTION_REJECTED),
        (a.cerca_del_limite, R.ATTENTION_NEAR_LIMIT),
        (a.posiblemente_timbrados, R.ATTENTION_POSSIBLY),
        (a.cancelaciones_en_proceso, R.ATTENTION_CANCELLING),
        (a.en_cola, R.ATTENTION_QUEUE),
    ):
        if count:
            lines.append(text.format(n=count))
    if a.csd is not None:
        date = day_text(a.csd.valid_until)
        template = R.ATTENTION_CSD_EXPIRED if a.csd.expired else R.ATTENTION_CSD
        lines.append(template.format(no=a.csd.no_certificado, days=a.csd.days_left, date=date))
    if a.creditos is not None:
        lines.append(R.ATTENTION_CREDITS.format(n=a.creditos))
    return lines


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dashboard: Dashboard | None = None
        self.header = page_header(R.HOME_TITLE, R.LOADING)
        self.subtitle = self.header.findChildren(QLabel)[1]
        self.sales = Kpi(R.KPI_SALES)
        self.last_year = Kpi(R.KPI_LAST_YEAR.format(mes=""))
        self.total = Kpi(R.KPI_TOTAL)
        self.chart = BarChart()
        self.clients = ReadOnlyTable(R.TOP_HEADERS, stretch=0)
        self.clients.setMinimumHeight(120)
        self.attention = QLabel(R.LOADING)
        self.attention.setWordWrap(True)
        self.attention.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.records_button = QPushButton(R.OPEN_RECORDS)
        self.records_button.clicked.connect(lambda: goto(self.ctx, "registros"))
        self._layout()
        ctx.company_changed.connect(lambda _company: self.refresh())
        ctx.changed.connect(lambda _what: self.refresh())

    def _layout(self) -> None:
        kpis = QHBoxLayout()
        kpis.setSpacing(12)
        for card in (self.sales, self.last_year, self.total):
            kpis.addWidget(card, 1)
        chart = Card(R.CHART_TITLE)
        chart.body.addWidget(self.chart)
        clients = Card(R.TOP_CLIENTS)
        clients.body.addWidget(self.clients)
        attention = Card(R.ATTENTION)
        attention.body.addWidget(self.attention, 1)
        attention.body.addWidget(self.records_button, 0, Qt.AlignmentFlag.AlignLeft)
        bottom = QGridLayout()
        bottom.setHorizontalSpacing(12)
        bottom.addWidget(clients, 0, 0)
        bottom.addWidget(attention, 0, 1)
        bottom.setColumnStretch(0, 3)
        bottom.setColumnStretch(1, 2)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(10)
        column.addWidget(self.header)
        column.addLayout(kpis)
        column.addWidget(chart)
        column.addLayout(bottom)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def refresh(self) -> None:
        if self.ctx.company is None:
            self.subtitle.setText(R.NO_COMPANY)
            return
        run_in_background(reports.dashboard, self.ctx.services, on_success=self.show_dashboard,
                          parent=self)  # fmt: skip

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        sales = dashboard.sales
        mes = reports.parse_month(sales.mes)
        self.subtitle.setText(R.HOME_SUBTITLE.format(mes=month_name(mes)))
        now, before = sales.this_month, sales.same_month_last_year
        self.sales.show_value(money(now.neto), R.KPI_DOCUMENTS.format(n=now.documentos))
        if before.neto:
            change = (now.neto - before.neto) / abs(before.neto) * 100
            note = R.KPI_CHANGE.format(sign="+" if change >= 0 else "−", pct=f"{abs(change):,.1f}")
        else:
            note = R.KPI_NO_CHANGE
        caption = R.KPI_LAST_YEAR.format(mes=month_name(mes.shifted(-12)).capitalize())
        self.last_year.show_value(money(before.neto), note, caption=caption)
        self.total.show_value(money(now.total_neto))
        self.chart.set_bars(
            [(R.SHORT_MONTHS[reports.parse_month(m.mes).month - 1], m.neto) for m in sales.months]
        )
        self.clients.set_rows([(c.nombre, c.rfc, c.neto, c.documentos) for c in sales.top_clients])
        lines = attention_lines(dashboard.attention)
        self.attention.setText("\n\n".join(f"• {line}" for line in lines) or R.ATTENTION_NONE)
