"""Configuración > Series y folios: each serie with its next folio; add a serie."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facturador.services import folios
from facturador.ui import messages_config as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, scaffold
from facturador.ui.widgets.fields import FormMessage, new_form
from facturador.ui.widgets.sizing import FillColumn
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import SerieInfo
    from facturador.ui.context import AppContext

__all__ = ["SeriesPage", "create_page"]

_TIPOS = dict(T.TIPOS)


def create_page(ctx: AppContext) -> QWidget:
    return SeriesPage(ctx)


class SeriesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [T.SERIES_COL_CODE, T.SERIES_COL_TIPO, T.SERIES_COL_NEXT]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.columns = FillColumn(self.table, 1)  # Tipo takes the rest
        self.table.setMinimumHeight(180)
        self.empty_label = QLabel(T.SERIES_EMPTY)
        self.empty_label.setObjectName("pageSubtitle")
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(25)
        self.code_edit.setPlaceholderText(T.SERIES_CODE_HINT)
        self.tipo_combo = QComboBox()
        for key, label in T.TIPOS:
            self.tipo_combo.addItem(label, key)
        self.first_spin = QSpinBox()
        self.first_spin.setRange(1, 999_999_999)
        self.add_button = QPushButton(T.SERIES_ADD)
        self.add_button.setObjectName("primary")
        self.message = FormMessage()
        body = scaffold(self, T.SERIES_TITLE, T.SERIES_SUBTITLE)
        body.addWidget(self.table)
        body.addWidget(self.empty_label)
        card = Card(T.SERIES_NEW)
        form = new_form()
        form.addRow(T.SERIES_CODE, self.code_edit)
        form.addRow(T.SERIES_TIPO, self.tipo_combo)
        form.addRow(T.SERIES_FIRST, self.first_spin)
        card.body.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        card.body.addLayout(buttons)
        body.addWidget(card)
        body.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.code_edit.returnPressed.connect(self.add)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def refresh(self) -> None:
        self.add_button.setEnabled(self.ctx.company is not None)
        if self.ctx.company is None:
            self._show([])
            return
        run_in_background(folios.series, self.ctx.services, on_success=self._show, parent=self)

    def _show(self, series: list[SerieInfo]) -> None:
        self.table.setRowCount(len(series))
        for row, serie in enumerate(series):
            values = (serie.code, _TIPOS.get(serie.tipo, serie.tipo), f"{serie.next_folio:,}")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.columns.fit_contents()
        self.table.setVisible(bool(series))
        self.empty_label.setVisible(not series)

    def add(self) -> None:
        self.add_button.setEnabled(False)
        run_in_background(
            folios.add_serie,
            self.ctx.services,
            self.code_edit.text(),
            str(self.tipo_combo.currentData()),
            self.first_spin.value(),
            on_success=self._on_added,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.add_button.setEnabled(True),
            parent=self,
        )

    def _on_added(self, serie: SerieInfo) -> None:
        self.code_edit.clear()
        self.first_spin.setValue(1)
        self.message.show_state(T.SERIES_ADDED.format(code=serie.code, n=serie.next_folio), "ok")
        self.refresh()
