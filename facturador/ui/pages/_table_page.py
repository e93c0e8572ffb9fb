"""A searchable table with "Agregar…" and "Editar…": the shape of Clientes and Productos."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui.widgets.fields import page_header
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.ui.context import AppContext
    from facturador.ui.models.table_model import RowsModel

__all__ = ["TablePage"]

SEARCH_DELAY_MS = 200
HEADER_PADDING = 16  # the theme pads header sections 6 px each side
COLUMN_GAP = 12


class TablePage(QWidget):
    """Subclasses give the texts, the model, how to load rows and which dialog edits one."""

    kind = ""  # what ctx.changed says when a row changes: "clients", "products"
    stretch_column = 0  # the column that takes the spare width (the long text)

    def __init__(
        self,
        ctx: AppContext,
        *,
        title: str,
        subtitle: str,
        placeholder: str,
        empty_text: str,
        model: RowsModel[Any],
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = model
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(placeholder)
        self.search_edit.setClearButtonEnabled(True)
        self.add_button = QPushButton(M.ADD)
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton(M.EDIT)
        self.edit_button.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setObjectName("pageSubtitle")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dialog: QDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._layout(title, subtitle)
        self._connect()

    def _layout(self, title: str, subtitle: str) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(page_header(title, subtitle))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

    def _connect(self) -> None:
        self._timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._focus_table)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_edit.setFocus)
        self.ctx.company_changed.connect(lambda _c: self.reload())

    def _focus_table(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def _on_selection(self) -> None:
        self.edit_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    # -- what subclasses give ----------------------------------------------------------------

    def load(self, text: str) -> list[Any]:
        raise NotImplementedError

    def make_dialog(self, row: Any | None) -> QDialog:
        raise NotImplementedError

    # -- behaviour ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.ctx.company is None:
            self.model.set_rows([])
            return
        text = self.search_edit.text()
        run_in_background(self.load, text, on_success=self._show_rows, parent=self)

    def _show_rows(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        # the stretching column keeps its header whole: a narrow window scrolls the table
        bold = QFont(header.font())
        bold.setBold(True)
        title = str(self.model.headerData(self.stretch_column, Qt.Orientation.Horizontal) or "")
        header.setMinimumSectionSize(QFontMetrics(bold).horizontalAdvance(title) + HEADER_PADDING)
        for column in range(self.model.columnCount()):
            if column == self.stretch_column:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                gap = COLUMN_GAP * (3 if self.model.columns[column].align_right else 1)
                header.resizeSection(column, header.sectionSize(column) + gap)
        self.empty_label.setVisible(not rows and not self.search_edit.text())
        self._on_selection()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row)

    def _open(self, row: Any | None) -> None:
        if self.ctx.company is None:
            return
        dialog = self.make_dialog(row)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()

    def _on_saved(self) -> None:
        self.ctx.changed.emit(self.kind)
        self.reload()
