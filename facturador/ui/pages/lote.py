"""Documentos > Lote desde CSV/Excel: choose a file, see every document and every problem
(services.batch.check_batch, in a worker), then emit all of them, or only the valid ones
(services.batch.emit_batch, in a worker, with its progress)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.services.batch import check_batch, emit_batch
from facturador.ui import messages_lote as L
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._reports_common import ReadOnlyTable
from facturador.ui.widgets.fields import FormMessage, page_header
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.batch import BatchEmission, BatchReport
    from facturador.ui.context import AppContext

__all__ = ["BatchPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return BatchPage(ctx)


def _rows_text(filas: tuple[int, ...]) -> str:
    """2, 3, 4, 7 -> «2–4, 7»."""
    runs: list[list[int]] = []
    for fila in filas:
        if runs and fila == runs[-1][-1] + 1:
            runs[-1].append(fila)
        else:
            runs.append([fila])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


class BatchPage(QWidget):
    progressed = Signal(int, int)  # emitted from the worker; Qt queues it to the GUI thread

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: BatchReport | None = None
        self.emission: BatchEmission | None = None
        self.choose_button = QPushButton(L.CHOOSE)
        self.file_label = QLabel(L.NO_FILE)
        self.file_label.setWordWrap(True)
        self.message = FormMessage()
        self.documents = ReadOnlyTable(L.DOCUMENT_HEADERS, stretch=3)
        self.documents.setMinimumHeight(160)
        self.problems = ReadOnlyTable(L.PROBLEM_HEADERS, stretch=3)
        self.problems.setMinimumHeight(120)
        self.problems.setWordWrap(True)
        self.problems.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.emit_valid_button = QPushButton(L.EMIT_NONE)
        self.emit_all_button = QPushButton(L.EMIT_NONE)
        self.emit_all_button.setObjectName("primary")
        self._layout()
        self._set_buttons()
        self.choose_button.clicked.connect(self.choose)
        self.emit_all_button.clicked.connect(lambda: self.emit_documents(only_valid=False))
        self.emit_valid_button.clicked.connect(lambda: self.emit_documents(only_valid=True))
        self.progressed.connect(self._show_progress)

    def _layout(self) -> None:
        layout = QVBoxLayout(scroll_page(self))
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(page_header(L.TITLE, L.SUBTITLE))
        bar = QHBoxLayout()
        bar.addWidget(self.choose_button)
        bar.addWidget(self.file_label, 1)
        bar.addWidget(self.emit_valid_button)
        bar.addWidget(self.emit_all_button)
        layout.addLayout(bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        documents = Card(L.DOCUMENTS)
        documents.body.addWidget(self.documents)
        self.problems_card = Card(L.PROBLEMS)
        self.problems_card.body.addWidget(self.problems)
        self.problems_card.setVisible(False)
        layout.addWidget(documents, 3)
        layout.addWidget(self.problems_card, 2)

    # ------------------------------------------------------------ checking

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, L.CHOOSE_TITLE, "", L.CHOOSE_FILTER)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        """Check the file at `path` in a worker; nothing is stored."""
        self.report = self.emission = None
        self._set_buttons()
        self.file_label.setText(Path(path).name)
        self.file_label.setToolTip(path)
        self.choose_button.setEnabled(False)
        self.message.show_state(L.CHECKING.format(archivo=Path(path).name), "info")
        self.documents.set_rows([])
        self.problems.set_rows([])
        run_in_background(
            check_batch,
            self.ctx.services,
            path,
            on_success=self.show_report,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.choose_button.setEnabled(True),
            parent=self,
        )

    def show_report(self, report: BatchReport) -> None:
        self.report = report
        self._fill_documents()
        self.problems.set_rows([
            (p.fila, p.columna or "—", p.documento or "—", p.mensaje) for p in report.problems
        ])  # fmt: skip
        self.problems.resizeRowsToContents()  # a long message wraps, never cut
        self.problems_card.setVisible(bool(report.problems))
        counts = {"archivo": report.archivo, "filas": report.filas,
                  "documentos": len(report.documents), "problemas": len(report.problems),
                  "invalidos": len(report.invalid), "validos": len(report.valid)}  # fmt: skip
        if report.ok:
            self.message.show_state(L.ALL_OK.format(**counts), "ok")
        elif report.valid:
            self.message.show_state(L.SOME_BAD.format(**counts), "error")
        else:
            self.message.show_state(L.NONE_VALID.format(**counts), "error")
        self._set_buttons()

    def _fill_documents(self) -> None:
        if self.report is None:
            return
        emitted = {e.key: e for e in self.emission.emitted} if self.emission else {}
        rows = []
        for d in self.report.documents:
            done = emitted.get(d.key)
            if done is not None:
                state = L.QUEUED.format(serie=done.serie, folio=done.folio)
            elif self.emission is not None:
                state = L.NOT_EMITTED
            else:
                state = L.READY if d.valid else L.HAS_PROBLEMS
            filas = _rows_text(d.filas)
            rows.append((d.key, filas, d.rfc, d.nombre, d.conceptos,
                         d.total if d.total is not None else "—", state))  # fmt: skip
        self.documents.set_rows(rows)

    def _set_buttons(self) -> None:
        report = None if self.emission is not None else self.report
        ok = report is not None and report.ok
        valid = len(report.valid) if report is not None else 0
        self.emit_all_button.setEnabled(ok)
        self.emit_all_button.setText(
            L.EMIT_ALL.format(n=len(report.documents)) if ok and report else L.EMIT_NONE
        )
        some = report is not None and not ok and valid > 0
        self.emit_valid_button.setEnabled(some)
        self.emit_valid_button.setVisible(some)
        self.emit_valid_button.setText(L.EMIT_VALID.format(n=valid))

    # ------------------------------------------------------------ emitting

    def emit_documents(self, *, only_valid: bool) -> None:
        """Seal and queue the checked documents in a worker (all, or only the valid ones)."""
        report = self.report
        if report is None or self.emission is not None:
            return
        self.emit_all_button.setEnabled(False)
        self.emit_valid_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        total = len(report.valid)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.message.show_state(L.EMITTING.format(done=0, total=total), "info")
        run_in_background(
            emit_batch,
            self.ctx.services,
            report,
            only_valid=only_valid,
            progress=self.progressed.emit,
            on_success=self._emitted,
            on_failure=self._emit_failed,
            on_finished=lambda: self.choose_button.setEnabled(True),
            parent=self,
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        self.message.show_state(L.EMITTING.format(done=done, total=total), "info")

    def _emitted(self, emission: BatchEmission) -> None:
        self.emission = emission
        self.progress.setVisible(False)
        self._fill_documents()
        self._set_buttons()
        done = emission.emitted
        text = ""
        if done:
            text = L.EMITTED.format(n=len(done), primero=f"{done[0].serie}-{done[0].folio}",
                                    ultimo=f"{done[-1].serie}-{done[-1].folio}")  # fmt: skip
            if emission.skipped:
                text += L.EMITTED_SKIPPED.format(n=len(emission.skipped))
            self.ctx.changed.emit("documents")
        if emission.error:
            self.message.show_state(f"{text} {emission.error}".strip(), "error")
        else:
            self.message.show_state(text, "ok")

    def _emit_failed(self, error: object) -> None:
        self.progress.setVisible(False)
        self._set_buttons()
        show_error(self, error, inline=self.message)
