"""Recibidos del SAT > Comprobantes recibidos: the inbox of received (and issued) CFDIs.

The table lists the active company's inbox (services.recibidos) with filters by dates,
tipo, direction, SAT status, validity and text (RFC, name or UUID); the selected one shows
the `validar` verdict and its findings. Import by button (files or a folder) or by dropping
XML files, ZIP archives or folders onto the page: the import runs in a worker with a
progress bar, and what could not be imported is listed by name with its reason. "Consultar
estado en el SAT" asks about the selected CFDI, or every one not asked yet. "Ver PDF" shows
the printed representation of a CFDI 4.0; "Exportar a Excel…" writes the filtered list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facturador.services import recibidos as inbox
from facturador.ui import messages_recibidos as T
from facturador.ui.models.table_model import Column, RowsModel
from facturador.ui.pages._registros_view import date_filter_edit
from facturador.ui.widgets.fields import FormMessage, page_header
from facturador.ui.widgets.files import in_documents
from facturador.ui.widgets.sizing import FillColumn, fit_headers, scroll_page
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateEdit

    from facturador.sat.complement_view import ComplementSection
    from facturador.services.recibidos import (
        ImportSummary,
        InboxPage,
        RecibidoDetail,
        RecibidoRow,
        StatusSummary,
    )
    from facturador.ui.context import AppContext

__all__ = ["RecibidosPage", "create_page"]

FILTER_DELAY_MS = 250
MAX_BAD_SHOWN = 50
MAX_ROWS = 5_000  # newest first; the filters narrow the rest down
C_UUID = 10


def sections_text(sections: tuple[ComplementSection, ...]) -> str:
    """The complements' sections as `facturador validar` prints them: rows, then tables with
    one line per row of its non-empty cells."""
    lines: list[str] = []
    for section in sections:
        lines.append(section.title)
        lines += [f"    {label}: {value}" for label, value in section.rows]
        for table in section.tables:
            if table.title:
                lines.append(f"    {table.title}")
            for row in table.rows:
                cells = (f"{c}: {v}" for c, v in zip(table.columns, row, strict=True) if v)
                lines.append(f"      - {'; '.join(cells)}")
    return "\n".join(lines)


def create_page(ctx: AppContext) -> QWidget:
    return RecibidosPage(ctx)


def _money(value: Any) -> str:
    return f"{value:,.2f}"


COLUMNS: tuple[Column[RecibidoRow], ...] = (  # what is checked first, first
    Column(T.HEADERS[0], lambda r: r.fecha.strftime("%d/%m/%Y") if r.fecha else "—"),
    Column(T.HEADERS[2], lambda r: r.rfc_emisor),
    Column(T.HEADERS[3], lambda r: r.nombre_emisor),
    Column(T.HEADERS[5], lambda r: _money(r.total), align_right=True),
    Column(T.HEADERS[8], lambda r: T.VALID if r.valido else f"{T.INVALID}: {r.resumen}"),
    Column(T.HEADERS[9], lambda r: r.estado_label),
    Column(T.HEADERS[1], lambda r: r.tipo),
    Column(T.HEADERS[7], lambda r: r.version),
    Column(T.HEADERS[6], lambda r: r.moneda),
    Column(T.HEADERS[4], lambda r: r.rfc_receptor),
    Column(T.HEADERS[10], lambda r: r.uuid),
)


class _Relay(QObject):
    """Progress of a worker, delivered on the GUI thread (a queued signal)."""

    advanced = Signal(int, int)

    def __call__(self, done: int, total: int) -> None:
        self.advanced.emit(done, total)


def _combo(options: tuple[tuple[str, Any], ...]) -> QComboBox:
    combo = QComboBox()
    for text, value in options:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _day(edit: QDateEdit) -> date | None:
    if edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()  # type: ignore[no-any-return]


class RecibidosPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model: RowsModel[RecibidoRow] = RowsModel(COLUMNS, self)
        self.detail: RecibidoDetail | None = None
        self.last_import: ImportSummary | None = None
        self.last_status: StatusSummary | None = None
        self.busy = False
        self.dialog: Any = None
        self.setAcceptDrops(True)
        self._build()
        self._connect()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:  # noqa: PLR0915 - one widget per line, in reading order
        self.since_edit = date_filter_edit()
        self.until_edit = date_filter_edit()
        self.tipo_combo = _combo(T.TIPO_FILTERS)
        self.direction_combo = _combo(T.DIRECTION_FILTERS)
        self.estado_combo = _combo(T.ESTADO_FILTERS)
        self.valido_combo = _combo(T.VALIDO_FILTERS)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(T.SEARCH)
        self.text_edit.setClearButtonEnabled(True)
        self.import_files_button = QPushButton(T.IMPORT_FILES)
        self.import_files_button.setObjectName("primary")
        self.import_folder_button = QPushButton(T.IMPORT_FOLDER)
        self.sat_button = QPushButton(T.SAT_STATUS)
        self.sat_button.setToolTip(T.SAT_STATUS_TIP)
        self.pdf_button = QPushButton(T.VIEW_PDF)
        self.export_button = QPushButton(T.EXPORT)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setTextVisible(True)
        self.message = FormMessage()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setMinimumHeight(180)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        rfc = metrics.horizontalAdvance("XAXX010101000") + 24
        for column, width in ((0, metrics.horizontalAdvance("00/00/0000") + 24), (1, rfc),
                              (2, 200), (3, 100), (4, 84), (5, 110), (6, 44), (7, 64),
                              (8, 64), (9, rfc)):  # fmt: skip
            header.resizeSection(column, width)
        fit_headers(self.table)
        FillColumn(self.table, C_UUID, metrics.horizontalAdvance("0" * 36) // 2)
        self.verdict = QLabel(T.DETAIL_NONE)
        self.verdict.setObjectName("cardTitle")
        self.verdict.setWordWrap(True)
        self.sat_line = QLabel("")
        self.sat_line.setObjectName("hint")
        self.sat_line.setWordWrap(True)
        self.findings = QPlainTextEdit()
        self.findings.setReadOnly(True)
        self.findings.setMinimumHeight(90)
        self.findings.setMaximumHeight(110)
        self.complements_line = QLabel("")
        self.complements_line.setObjectName("hint")
        self.complements_line.setWordWrap(True)
        self.complements_line.setVisible(False)
        self.complement_text = QPlainTextEdit()  # the complements' data, as validar prints it
        self.complement_text.setReadOnly(True)
        self.complement_text.setMinimumHeight(150)
        self.complement_text.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)

        self._lay_out()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()  # two rows: at 1024 px no filter is cut
        for widget in (QLabel("Desde"), self.since_edit, QLabel("Hasta"), self.until_edit,
                       self.tipo_combo, self.direction_combo):  # fmt: skip
            filters.addWidget(widget)
        filters.addStretch(1)
        search = QHBoxLayout()
        search.addWidget(self.estado_combo)
        search.addWidget(self.valido_combo)
        search.addWidget(self.text_edit, 1)
        actions = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.sat_button,
                       self.pdf_button, self.export_button):  # fmt: skip
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(scroll_page(self))
        layout.setContentsMargins(28, 24, 28, 18)
        layout.addWidget(page_header(T.TITLE, T.SUBTITLE))
        layout.addLayout(filters)
        layout.addLayout(search)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.sat_line)
        layout.addWidget(self.findings)
        layout.addWidget(self.complements_line)
        layout.addWidget(self.complement_text)
        layout.addWidget(self.count_label)

    def _connect(self) -> None:
        self._timer.timeout.connect(self.load)
        for combo in (self.tipo_combo, self.direction_combo, self.estado_combo,
                      self.valido_combo):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _i: self.load())
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(lambda _d: self.load())
        self.text_edit.textChanged.connect(lambda _t: self._timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())
        self.import_files_button.clicked.connect(self.pick_files)
        self.import_folder_button.clicked.connect(self.pick_folder)
        self.sat_button.clicked.connect(self.check_status)
        self.pdf_button.clicked.connect(self.view_pdf)
        self.export_button.clicked.connect(self.export)
        self.ctx.company_changed.connect(lambda _company: self.refresh())

    # ------------------------------------------------------------------ list

    def current_filter(self) -> inbox.RecibidoFilter:
        return inbox.RecibidoFilter(
            desde=_day(self.since_edit),
            hasta=_day(self.until_edit),
            texto=self.text_edit.text().strip() or None,
            tipo=self.tipo_combo.currentData() or None,
            direccion=self.direction_combo.currentData() or None,
            estado_sat=self.estado_combo.currentData() or None,
            valido=self.valido_combo.currentData(),
        )

    def refresh(self) -> None:
        if self.ctx.company is not None:
            self.load()

    def load(self) -> None:
        run_in_background(inbox.inbox_page, self.ctx.services, self.current_filter(), MAX_ROWS,
                          on_success=self._show_rows, parent=self)  # fmt: skip

    def _show_rows(self, page: InboxPage) -> None:
        keep = self.selected()
        rows = page.rows
        self.model.set_rows(rows)
        if not rows:
            self.count_label.setText(T.EMPTY)
        elif page.total > len(rows):
            self.count_label.setText(
                T.COUNT_CUT.format(n=f"{len(rows):,}", total=f"{page.total:,}")
            )
        else:
            self.count_label.setText(T.COUNT.format(n=len(rows)))
        if keep is not None:
            for i, row in enumerate(rows):
                if row.id == keep.id:
                    self.table.selectRow(i)
                    break
        self._on_selection()

    def selected(self) -> RecibidoRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or indexes[0].row() >= len(self.model.rows):
            return None
        return self.model.row_at(indexes[0].row())

    def _on_selection(self) -> None:
        row = self.selected()
        self.pdf_button.setEnabled(row is not None and row.version == "4.0")
        self.pdf_button.setToolTip(
            ""
            if row is None or row.version == "4.0"
            else T.NOT_PRINTABLE.format(version=row.version)
        )
        self.export_button.setEnabled(bool(self.model.rows))
        for button in (self.import_files_button, self.import_folder_button, self.sat_button):
            button.setEnabled(not self.busy)
        if row is None:
            self.detail = None
            self.verdict.setText(T.DETAIL_NONE)
            self.sat_line.setText("")
            self.findings.setPlainText("")
            self._show_complements((), ())
            return
        run_in_background(inbox.recibido_detail, self.ctx.services, row.id,
                          on_success=self._show_detail, parent=self)  # fmt: skip

    def _show_detail(self, detail: RecibidoDetail) -> None:
        current = self.selected()
        if current is None or current.id != detail.row.id:
            return
        self.detail = detail
        r = detail.row
        verdict = T.DETAIL_VALID if r.valido else T.DETAIL_INVALID
        self.verdict.setText(verdict.format(version=r.version or "—", uuid=r.uuid))
        self.verdict.setProperty("state", "ok" if r.valido else "error")
        extra = ""
        if r.sat_checked_at is not None:
            extra = T.DETAIL_CHECKED.format(fecha=r.sat_checked_at.strftime("%d/%m/%Y %H:%M"))
        details = ", ".join(x for x in (r.es_cancelable, r.estatus_cancelacion) if x)
        self.sat_line.setText(T.DETAIL_STATUS.format(estado=r.estado_label, extra=extra)
                              + (f" · {details}" if details else ""))  # fmt: skip
        lines = [T.FINDING_ERROR.format(codigo=f.codigo, mensaje=f.mensaje) for f in detail.errores]
        lines += [T.FINDING_NOTE.format(codigo=f.codigo, mensaje=f.mensaje) for f in detail.avisos]
        self.findings.setPlainText("\n".join(lines) or T.DETAIL_NO_FINDINGS)
        self._show_complements(detail.complementos, detail.secciones)

    def _show_complements(
        self, names: tuple[str, ...], sections: tuple[ComplementSection, ...]
    ) -> None:
        self.complements_line.setText(T.DETAIL_COMPLEMENTS.format(nombres=", ".join(names)))
        self.complements_line.setVisible(bool(names))
        self.complement_text.setPlainText(sections_text(sections))
        self.complement_text.setVisible(bool(sections))

    # ------------------------------------------------------------------ import

    def pick_files(self) -> None:
        start = in_documents("")
        names, _f = QFileDialog.getOpenFileNames(self, T.PICK_FILES, start, T.FILE_TYPES)
        if names:
            self.import_paths([Path(n) for n in names])

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, T.PICK_FOLDER, in_documents(""))
        if folder:
            self.import_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if not self.busy and urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
            self.message.show_state(T.DROP_HINT, "info")
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        if self.busy:
            return
        self._start(T.IMPORTING.format(done=0, total="…"))
        relay = _Relay(self)
        relay.advanced.connect(lambda done, total: self._advance(T.IMPORTING, done, total))
        run_in_background(inbox.import_sources, self.ctx.services, paths, "importado", relay,
                          on_success=self._imported, on_failure=self._failed,
                          parent=self)  # fmt: skip

    def _start(self, text: str) -> None:
        self.busy = True
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.progress.setVisible(True)
        self.message.show_state("", "info")
        self._on_selection()

    def _advance(self, template: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(template.format(done=done, total=total))

    def _stop(self) -> None:
        self.busy = False
        self.progress.setVisible(False)
        self._on_selection()

    def _failed(self, error: object) -> None:
        from facturador.ui.errors import error_text

        self._stop()
        shown = error_text(error)
        self.message.show_state(shown.text if shown else str(error), "error")

    def _imported(self, summary: ImportSummary) -> None:
        self.last_import = summary
        self._stop()
        text = T.IMPORT_DONE.format(
            importados=summary.importados, duplicados=summary.duplicados, errores=summary.errores
        )
        bad = [o for o in summary.outcomes if o.resultado == "error"]
        if bad:
            names = [f"• {Path(o.archivo).name}: {o.mensaje}" for o in bad[:MAX_BAD_SHOWN]]
            if len(bad) > MAX_BAD_SHOWN:
                names.append(f"… y {len(bad) - MAX_BAD_SHOWN} más.")
            text += "\n" + T.IMPORT_BAD_HEAD + "\n" + "\n".join(names)
        self.message.show_state(text, "error" if bad else "ok")
        self.load()

    # ------------------------------------------------------------------ SAT, PDF, export

    def check_status(self) -> None:
        if self.busy:
            return
        row = self.selected()
        ids = [row.id] if row is not None else None
        self._start(T.CHECKING.format(done=0, total="…"))
        relay = _Relay(self)
        relay.advanced.connect(lambda done, total: self._advance(T.CHECKING, done, total))
        run_in_background(inbox.check_sat_status, self.ctx.services, ids, progress=relay,
                          on_success=self._checked, on_failure=self._failed,
                          pool=network_pool(), parent=self)  # fmt: skip

    def _checked(self, summary: StatusSummary) -> None:
        self.last_status = summary
        self._stop()
        if summary.error:
            self.message.show_state(summary.error, "error")
        elif not summary.consultados:
            self.message.show_state(T.NOTHING_TO_CHECK, "info")
        else:
            self.message.show_state(
                T.CHECK_DONE.format(consultados=summary.consultados, vigentes=summary.vigentes,
                                    cancelados=summary.cancelados,
                                    otros=summary.no_encontrados),
                "ok",
            )  # fmt: skip
        self.load()

    def view_pdf(self) -> None:
        from facturador.ui.dialogs.pdf_viewer import PdfViewer

        row = self.selected()
        if row is None:
            return
        services, recibido_id = self.ctx.services, row.id
        self.dialog = PdfViewer(
            services, None, parent=self,
            produce_pdf=lambda: inbox.recibido_pdf(services, recibido_id),
            title=f"{row.nombre_emisor or row.rfc_emisor} · {row.uuid}",
            stem=f"{row.rfc_emisor}_{row.uuid[:8]}",
        )  # fmt: skip
        self.dialog.show()

    def export(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, T.EXPORT, in_documents(T.XLSX_NAME),
                                               T.XLSX_TYPES)  # fmt: skip
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")
        run_in_background(
            inbox.write_xlsx, self.ctx.services, self.current_filter(), target,
            on_success=lambda n: self.message.show_state(T.EXPORTED.format(n=n, path=target), "ok"),
            on_failure=self._failed, parent=self,
        )  # fmt: skip
