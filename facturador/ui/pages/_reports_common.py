"""What the report pages share: money text, KPI cards, a read-only table, month choices and
the export buttons (a worker writes the file) and the page frame with its header bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facturador.services import reports_export
from facturador.ui import messages_reports as R
from facturador.ui.errors import show_error
from facturador.ui.widgets.fields import page_header
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.reports import Month
    from facturador.ui.context import AppContext
    from facturador.ui.widgets.fields import FormMessage

__all__ = [
    "Kpi",
    "ReadOnlyTable",
    "export_buttons",
    "money",
    "month_choices",
    "month_name",
    "report_layout",
]


def money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def month_name(mes: Month) -> str:
    return f"{R.MONTHS[mes.month - 1]} de {mes.year}"


def day_text(value: datetime | None) -> str:
    return "—" if value is None else f"{value:%d/%m/%Y}"


class Kpi(QFrame):
    """A card with a caption, a big figure and a line under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("pageSubtitle")
        self.caption.setWordWrap(True)  # "Septiembre de 2025, un año antes" on a narrow card
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 17pt; font-weight: 600;")
        self.note = QLabel("")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        for label in (self.caption, self.value, self.note):
            layout.addWidget(label)
        self.note.hide()

    def show_value(self, value: str, note: str = "", caption: str | None = None) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        if caption is not None:
            self.caption.setText(caption)


class ReadOnlyTable(QTableWidget):
    """Rows of text; numbers (Decimal, int) right-aligned; column `stretch` takes the width."""

    def __init__(self, headers: Sequence[str], stretch: int = 0, parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                number = isinstance(value, (Decimal, int)) and not isinstance(value, bool)
                text = money(value) if isinstance(value, Decimal) else str(value)
                item = QTableWidgetItem(text)
                if number:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None


def month_choices(combo: QComboBox, current: Month, count: int = 24) -> None:
    """The last `count` months, the current one first; each item's data is the Month."""
    combo.clear()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    for i in range(count):
        mes = current.shifted(-i)
        combo.addItem(month_name(mes).capitalize(), mes)


def export_buttons(
    page: QWidget,
    ctx: AppContext,
    report: Callable[[], Callable[[Context], Any] | None],
    default_name: Callable[[], str],
    message: FormMessage,
) -> tuple[QPushButton, QPushButton]:
    """ "Exportar a Excel…" and "Exportar a PDF…": ask where, then in a worker build the
    report (`report()` gives, on the GUI thread, the function that builds it) and write it."""

    def export(kind: str) -> None:
        build = report()
        if build is None:
            return
        suffix, filter_ = (".xlsx", R.XLSX_FILTER) if kind == "xlsx" else (".pdf", R.PDF_FILTER)
        name, _ = QFileDialog.getSaveFileName(page, "", default_name() + suffix, filter_)
        if not name:
            return
        path = Path(name if name.endswith(suffix) else name + suffix)
        write = reports_export.write_xlsx if kind == "xlsx" else reports_export.write_pdf
        run_in_background(
            lambda services: write(services, build(services), path), ctx.services,
            on_success=lambda saved: message.show_state(R.EXPORT_SAVED.format(path=saved), "ok"),
            on_failure=lambda error: show_error(page, error, inline=message), parent=page,
        )  # fmt: skip

    xlsx, pdf = QPushButton(R.EXPORT_XLSX), QPushButton(R.EXPORT_PDF)
    xlsx.clicked.connect(lambda: export("xlsx"))
    pdf.clicked.connect(lambda: export("pdf"))
    return xlsx, pdf


def report_layout(
    page: QWidget,
    header: tuple[str, str],
    chooser: tuple[str, QComboBox],
    exports: tuple[QPushButton, QPushButton],
    kpis: Sequence[Kpi],
) -> QVBoxLayout:
    """The frame every report page has: a scrolling page (a small window scrolls it), the
    title, a bar with the period chooser on the left and the exports on the right, the KPI
    row. The caller adds its cards below."""
    layout = QVBoxLayout(scroll_page(page))
    layout.setContentsMargins(28, 24, 28, 24)
    layout.setSpacing(12)
    layout.addWidget(page_header(*header))
    bar = QHBoxLayout()
    bar.addWidget(QLabel(chooser[0]))
    bar.addWidget(chooser[1])
    bar.addStretch(1)
    for button in exports:
        bar.addWidget(button)
    layout.addLayout(bar)
    row = QHBoxLayout()
    for card in kpis:
        row.addWidget(card, 1)
    layout.addLayout(row)
    return layout
