"""Registros' table model: the store's documents, fetched lazily in pages of 200.

`set_query(q)` counts and loads the first page in a worker (the database pool); the view's
scrolling calls `canFetchMore`/`fetchMore`, which load the next page (offset) in a worker and
append it. Answers for an older query are dropped (a generation number).

`reload()` (the queue changed) reads again as many rows as are loaded. When the same documents
come back in the same order only their cells change (dataChanged: the view keeps its selection
and scroll); otherwise the model is reset and `was_reload` tells the page to put the selection
back by document id (`row_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from facturador.services import registry
from facturador.services.registry import PAGE_SIZE, DocumentFilter
from facturador.ui.pages._documents import STATE_NAMES, TIPO_NAMES, money
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = ["STATE_COLORS", "STATE_ROLE", "DocumentsModel"]

Index = QModelIndex | QPersistentModelIndex
STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# (background, text) of each state's chip
STATE_COLORS = {
    "BORRADOR": ("#eaeef2", "#424a53"),
    "SELLADO": ("#fff8c5", "#7d4e00"),
    "EN_COLA": ("#fff8c5", "#7d4e00"),
    "ENVIANDO": ("#ddf4ff", "#0550ae"),
    "TIMBRADO": ("#dafbe1", "#116329"),
    "RECHAZADO": ("#ffebe9", "#a40e26"),
    "CANCELACION_EN_COLA": ("#fff1e5", "#953800"),
    "CANCELACION_EN_PROCESO": ("#fff1e5", "#953800"),
    "CANCELADO": ("#f6f8fa", "#6e7781"),
    "CANCELACION_RECHAZADA": ("#ffebe9", "#a40e26"),
}
COLUMNS = ("Estado", "Tipo", "Folio", "Fecha", "Cliente", "RFC", "Total", "UUID")
C_STATE, C_TIPO, C_FOLIO, C_FECHA, C_CLIENTE, C_RFC, C_TOTAL, C_UUID = range(8)


def _cell(row: DocumentRow, column: int) -> str:
    if column == C_STATE:
        return STATE_NAMES.get(row.state, row.state)
    if column == C_TIPO:
        return TIPO_NAMES.get(row.tipo, row.tipo)
    if column == C_FOLIO:
        return row.name
    if column == C_FECHA:
        return row.fecha.strftime("%d/%m/%Y %H:%M") if row.fecha else ""
    if column == C_CLIENTE:
        return row.nombre_receptor
    if column == C_RFC:
        return row.rfc_receptor
    if column == C_TOTAL:
        return "—" if row.state == "BORRADOR" else money(row.total, row.moneda)
    return row.uuid or ""


class DocumentsModel(QAbstractTableModel):
    loaded = Signal()  # the first page of a query is shown
    count_changed = Signal(int)

    def __init__(self, context: Context, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.query = DocumentFilter()
        self.rows: list[DocumentRow] = []
        self.total = 0
        self._generation = 0
        self._fetching = False
        self._more_pending = False  # a next page is on its way (fetchMore)
        self._loading = False
        self._scroll_waiting = False  # a scroll asked for the next page during a reload
        self._stale = False
        self._limit = PAGE_SIZE
        self.was_reload = False  # the last reset showed the same query again
        self._shown_query: DocumentFilter | None = None

    # -- loading -----------------------------------------------------------------------------

    def set_query(self, query: DocumentFilter) -> None:
        """Show `query`'s documents; while a load runs, only the newest request waits."""
        self._limit = PAGE_SIZE
        self._load(query)

    def reload(self) -> None:
        """The same query again, as many rows as are shown (at least a page), and the page
        a scroll asked for if it has not arrived (the reload drops its answer)."""
        pending = PAGE_SIZE if self._more_pending else 0
        running = self._limit if self._loading else 0  # a reload in flight is not shrunk
        self._limit = max(PAGE_SIZE, len(self.rows) + pending, running)
        self._load(self.query)

    def _load(self, query: DocumentFilter) -> None:
        self.query = query
        self._generation += 1
        self._more_pending = False
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        generation = self._generation
        context = self.context
        limit = self._limit

        def load() -> list[DocumentRow]:
            return registry.documents(context, query, 0, limit)

        self._fetching = True
        run_in_background(
            load,
            on_success=lambda rows: self._on_first(generation, query, limit, rows),
            on_failure=self._on_failed,
            parent=self,
        )

    def _on_failed(self, error: object) -> None:
        from facturador.ui.errors import show_error

        self._loading = False
        self._fetching = False
        show_error(None, error)

    def _on_first(
        self, generation: int, query: DocumentFilter, limit: int, rows: list[DocumentRow]
    ) -> None:
        self._loading = False
        if self._stale or generation != self._generation:
            self._load(self.query)
            return
        self._fetching = False
        same_query = query == self._shown_query
        self._shown_query = query
        if same_query and [r.id for r in rows] == [r.id for r in self.rows]:
            self._refresh_cells(rows)
        else:
            self.was_reload = same_query
            self.beginResetModel()
            self.rows = list(rows)
            # more than a page: one more row is assumed until the exact count (a scan) arrives
            self.total = len(self.rows) + (1 if len(self.rows) == limit else 0)
            self.endResetModel()
        self.loaded.emit()
        if self._scroll_waiting:
            self._scroll_waiting = False
            self.fetchMore()
        if len(self.rows) < limit:
            self.count_changed.emit(self.total)
            return
        run_in_background(
            registry.count,
            self.context,
            self.query,
            on_success=lambda total: self._on_count(generation, total),
            parent=self,
        )

    def _refresh_cells(self, rows: list[DocumentRow]) -> None:
        """The same documents in the same order: new states and totals, same rows."""
        pairs = zip(self.rows, rows, strict=True)
        changed = [i for i, (old, new) in enumerate(pairs) if old != new]
        self.rows = list(rows)
        if changed:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def _on_count(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = max(total, len(self.rows))
            self.count_changed.emit(self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self.rows) >= self.total:
            return
        if self._loading:  # a reload is running: the scroll's page follows it
            self._scroll_waiting = True
            return
        if self._fetching:
            return
        self._fetching = True
        self._more_pending = True
        generation = self._generation
        run_in_background(
            registry.documents,
            self.context,
            self.query,
            len(self.rows),
            PAGE_SIZE,
            on_success=lambda rows: self._on_more(generation, rows),
            parent=self,
        )

    def _on_more(self, generation: int, rows: list[DocumentRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._more_pending = False
        if not rows:
            self.total = len(self.rows)
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    # -- the model ---------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """No page is being read (a reload, a filter or a scroll's next page)."""
        return not self._loading and not self._fetching

    def row_at(self, row: int) -> DocumentRow:
        return self.rows[row]

    def row_of(self, document_id: int) -> int | None:
        """The row that shows document `document_id`, if it is loaded."""
        return next((i for i, r in enumerate(self.rows) if r.id == document_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, column)
        if role == STATE_ROLE:
            return row.state
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.state == "RECHAZADO" and row.last_error_message:
                return f"{row.last_error_code or ''} {row.last_error_message}".strip()
            return _cell(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == C_TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.state == "CANCELADO":
            return QColor("#8c959f")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
