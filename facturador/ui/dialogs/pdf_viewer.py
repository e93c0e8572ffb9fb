"""The printed representation inside the app: pages rendered (pdfium) in a worker.

QtPdf is not part of pyside6-essentials, so pages are rasterized with pypdfium2 (3 MB) off
the GUI thread and shown as images; "Abrir en el visor" hands the file to the system viewer.
The work runs in `render_pool()`, never behind the network calls of the global pool, with a
busy bar while it lasts; `warm_up()` (the main window runs it in a low-priority worker after
start-up) pays the first PDF's imports and caches before the user asks for one.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facturador.services.files import write_atomically
from facturador.services.registry import document_pdf, file_stem
from facturador.ui.widgets.files import in_documents
from facturador.ui.widgets.sizing import fit_to_screen
from facturador.ui.workers import LOW_PRIORITY, render_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import DocumentRow

__all__ = ["PdfViewer", "render_pages", "start_warm_up", "warm_up"]

_PDFIUM = threading.Lock()  # pdfium is not thread-safe
SCALE = 1.6
PREFERRED_WIDTH, PREFERRED_HEIGHT = 940, 900
_warm = threading.Event()
log = logging.getLogger(__name__)


def render_pages(pdf: bytes, scale: float = SCALE) -> list[tuple[int, int, bytes]]:
    """(width, height, RGB bytes) of each page."""
    import pypdfium2

    pages = []
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                image = page.render(scale=scale).to_pil().convert("RGB")
                pages.append((image.width, image.height, image.tobytes()))
        finally:
            document.close()
    return pages


def warm_up() -> None:
    """Render and rasterize a built-in sample once per process (reportlab, segno, pdfium)."""
    if _warm.is_set():
        return
    from facturador.pdf.warm_up import warm_up as warm_up_renderer

    render_pages(warm_up_renderer(), scale=0.25)
    _warm.set()


def start_warm_up(parent: QWidget) -> None:
    """`warm_up()` in the render pool, after any PDF the user already asked for."""
    if not _warm.is_set():
        run_in_background(
            warm_up,
            on_failure=lambda error: log.warning("PDF warm-up failed: %r", error),
            pool=render_pool(),
            priority=LOW_PRIORITY,
            parent=parent,
        )


class PdfViewer(QDialog):
    """A document's PDF (Registros); other pages hand `produce_pdf`, `title` and `stem`."""

    def __init__(
        self,
        context: Context,
        row: DocumentRow | None,
        parent: QWidget | None = None,
        *,
        produce_pdf: Callable[[], bytes] | None = None,
        title: str = "",
        stem: str = "",
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.title = title or (f"{row.name} · {row.nombre_receptor}" if row else "")
        self.stem = stem
        self.pdf: bytes | None = None
        self.page_labels: list[QLabel] = []
        self.setWindowTitle(self.title)
        # a letter page at SCALE fits 940×900; a laptop's screen may be smaller
        fit_to_screen(self, PREFERRED_WIDTH, PREFERRED_HEIGHT, parent)
        self._placed = False
        self.status = QLabel("Generando la representación impresa…")
        self.status.setObjectName("pageSubtitle")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no known length: the bar runs until the pages show
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.status.text())
        self.save_button = QPushButton("Guardar PDF…")
        self.open_button = QPushButton("Abrir en el visor del sistema")
        self.close_button = QPushButton("Cerrar")
        for button in (self.save_button, self.open_button):
            button.setEnabled(False)
        self.pages = QWidget()
        self.pages.setStyleSheet("background: #e9ebee;")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.busy)
        buttons = QHBoxLayout()  # a row of their own: whole on an 800 px wide screen
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_external)
        self.close_button.clicked.connect(self.close)

        def produce() -> tuple[bytes, list[tuple[int, int, bytes]]]:
            pdf = produce_pdf() if produce_pdf else document_pdf(context, row.id)  # type: ignore[union-attr]
            return pdf, render_pages(pdf)

        run_in_background(
            produce,
            on_success=self._show,
            on_failure=self._failed,
            pool=render_pool(),
            parent=self,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._placed:  # now with its window frame
            self._placed = True
            fit_to_screen(self, PREFERRED_WIDTH, PREFERRED_HEIGHT, self.parentWidget())

    @property
    def ready(self) -> bool:
        return bool(self.page_labels)

    def _show(self, result: tuple[bytes, list[tuple[int, int, bytes]]]) -> None:
        self.pdf, pages = result
        self.busy.hide()
        for width, height, data in pages:
            image = QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(
                QPixmap.fromImage(image).scaledToWidth(
                    860, Qt.TransformationMode.SmoothTransformation
                )
            )
            label.setStyleSheet("background: white; border: 1px solid #d0d7de;")
            self.pages_layout.addWidget(label)
            label.show()
            self.page_labels.append(label)
        self.pages_layout.activate()
        self.pages.adjustSize()
        n = len(pages)
        name = self.row.name if self.row else self.title
        self.status.setText(f"{name} · {n} página{'s' if n != 1 else ''}")
        self.save_button.setEnabled(True)
        self.open_button.setEnabled(True)

    def _failed(self, error: object) -> None:
        from facturador.ui.errors import error_text

        shown = error_text(error)
        self.busy.hide()
        self.status.setText(shown.text if shown else "")

    def _stem(self) -> str:
        return self.stem or (file_stem(self.row) if self.row else "cfdi")

    def save(self) -> None:
        if self.pdf is None:
            return
        suggested = in_documents(f"{self._stem()}.pdf")
        path, _f = QFileDialog.getSaveFileName(self, "Guardar PDF", suggested, "PDF (*.pdf)")
        if path:
            write_atomically(Path(path), self.pdf)

    def open_external(self) -> None:
        if self.pdf is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="facturador-pdf-"))
        path = folder / f"{self._stem()}.pdf"
        path.write_bytes(self.pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
