"""Comprobantes > Descargas del SAT: request a period, follow the requests, their packages.

Every call to SAT runs in a worker (`services.descarga`); the table is read from the rows,
so it shows the same state as `facturador descarga estado`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facturador.services import descarga
from facturador.ui import messages_descarga as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, scaffold
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.descarga import PassReport, SolicitudView
    from facturador.ui.context import AppContext

__all__ = ["DescargasPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return DescargasPage(ctx)


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _table() -> QTableWidget:
    table = QTableWidget(0, len(T.HEADERS))
    table.setHorizontalHeaderLabels(list(T.HEADERS))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(240)
    return table


class DescargasPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        body = scaffold(self, T.TITLE, T.SUBTITLE)
        today = QDate.currentDate()
        first = QDate(today.year(), today.month(), 1).addMonths(-1)
        self.tipo = QComboBox()
        for label, value in T.TIPOS:
            self.tipo.addItem(label, value)
        self.formato = QComboBox()
        for label, value in T.FORMATOS:
            self.formato.addItem(label, value)
        self.desde = _date_edit(first)
        self.hasta = _date_edit(first.addMonths(1).addDays(-1))
        self.request_button = QPushButton(T.REQUEST)
        self.request_button.setObjectName("primary")
        self.continue_button = QPushButton(T.CONTINUE)
        card = Card()
        form = QFormLayout()
        form.addRow(T.TIPO, self.tipo)
        form.addRow(T.FORMATO, self.formato)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(T.DESDE))
        dates.addWidget(self.desde)
        dates.addWidget(QLabel(T.HASTA))
        dates.addWidget(self.hasta)
        dates.addStretch(1)
        form.addRow(dates)
        card.body.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.request_button)
        card.body.addLayout(buttons)
        body.addWidget(card)
        self.message = FormMessage()
        body.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        body.addWidget(self.progress)
        self.table = _table()
        body.addWidget(self.table)
        self.empty = QLabel(T.EMPTY)
        self.empty.setObjectName("pageSubtitle")
        body.addWidget(self.empty)
        self.views: list[SolicitudView] = []
        self.request_button.clicked.connect(self.request)
        self.continue_button.clicked.connect(self.continue_now)
        ctx.company_changed.connect(lambda _company: self.refresh())

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        run_in_background(descarga.estado, self.ctx.services, on_success=self._show, parent=self)

    def _show(self, views: list[SolicitudView]) -> None:
        self.views = views
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            paquetes = f"{view.descargados}/{len(view.paquetes)}" if view.paquetes else "—"
            cells = (
                str(view.id),
                view.rfc,
                view.tipo.capitalize(),
                T.FORMATO_LABELS.get(view.formato, view.formato),
                f"{view.desde[:10]} a {view.hasta[:10]}",
                view.state_label,
                "—" if view.numero_cfdis is None else f"{view.numero_cfdis:,}",
                paquetes,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5 and view.last_error:
                    item.setToolTip(view.last_error)
                if column in (0, 6, 7):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.empty.setVisible(not views)
        self.table.setVisible(bool(views))
        total = sum(len(v.paquetes) for v in views)
        done = sum(v.descargados for v in views)
        self.progress.setVisible(total > 0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(T.PROGRESS.format(done=done, total=total))

    # ------------------------------------------------------------ actions

    def _busy(self, busy: bool) -> None:
        self.request_button.setEnabled(not busy)
        self.continue_button.setEnabled(not busy)

    def request(self) -> None:
        self._busy(True)
        self.message.show_state(T.REQUESTING, "info")
        run_in_background(
            descarga.solicitar,
            self.ctx.services,
            tipo=self.tipo.currentData(),
            desde=self.desde.date().toString("yyyy-MM-dd"),
            hasta=self.hasta.date().toString("yyyy-MM-dd"),
            metadata=bool(self.formato.currentData()),
            on_success=self._on_requested,
            on_failure=self._on_failed,
            on_finished=lambda: self._busy(False),
            parent=self,
            pool=network_pool(),
        )

    def continue_now(self) -> None:
        self._busy(True)
        self.message.show_state(T.CONTINUING, "info")
        run_in_background(
            descarga.continuar,
            self.ctx.services,
            on_success=self._on_pass,
            on_failure=self._on_failed,
            on_finished=lambda: self._busy(False),
            parent=self,
            pool=network_pool(),
        )

    def _on_requested(self, view: SolicitudView) -> None:
        self.message.show_state(T.REQUESTED.format(id=view.id, state=view.state_label), "ok")
        self.refresh()

    def _on_pass(self, report: PassReport) -> None:
        text = T.PASS_DONE.format(
            sent=report.sent,
            verified=report.verified,
            downloaded=report.downloaded,
            imported=report.imported,
            open=report.open,
        )
        if report.errors:
            text += " " + report.errors[-1]
        self.message.show_state(text, "error" if report.errors else "ok")
        self.refresh()

    def _on_failed(self, error: object) -> None:
        self.message.show_state("", "")
        show_error(self, error, inline=self.message)
