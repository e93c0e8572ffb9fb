"""The PDF viewer: a busy bar while the PDF is made, never queued behind network work, and
the renderer warmed up after start-up."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from facturador.pdf.warm_up import warm_up as sample_pdf
from facturador.ui.dialogs import pdf_viewer
from facturador.ui.dialogs.pdf_viewer import PdfViewer
from facturador.ui.workers import network_pool, run_in_background

ROW = SimpleNamespace(id=1, name="A-1", nombre_receptor="PUBLICO EN GENERAL")


class SlowPdf:
    """In place of `registry.document_pdf`: answers once the test lets it."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.pdf_bytes = sample_pdf()

    def __call__(self, _context: object, _documento_id: int) -> bytes:
        assert self.release.wait(10)
        return self.pdf_bytes


@pytest.fixture
def docs(monkeypatch):
    slow = SlowPdf()
    monkeypatch.setattr(pdf_viewer, "document_pdf", slow)
    return slow


def test_busy_bar_while_the_pdf_is_made(qtbot, docs):
    viewer = PdfViewer(None, ROW)  # type: ignore[arg-type]
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.wait(50)
    assert viewer.busy.isVisible()
    assert viewer.status.text() == "Generando la representación impresa…"
    assert not viewer.save_button.isEnabled()
    viewer.grab().save("/tmp/pdf_viewer_busy.png")
    docs.release.set()
    qtbot.waitUntil(lambda: viewer.ready, timeout=10_000)
    assert not viewer.busy.isVisible()
    assert viewer.status.text() == "A-1 · 1 página"
    assert viewer.save_button.isEnabled()
    viewer.grab().save("/tmp/pdf_viewer_ready.png")


def test_the_pdf_shows_while_every_network_worker_is_busy(qtbot, docs):
    docs.release.set()
    unblock = threading.Event()
    for _ in range(network_pool().maxThreadCount()):  # e.g. a PAC that does not answer
        run_in_background(unblock.wait, 20, pool=network_pool())
    try:
        viewer = PdfViewer(None, ROW)  # type: ignore[arg-type]
        qtbot.addWidget(viewer)
        viewer.show()
        qtbot.waitUntil(lambda: viewer.ready, timeout=5_000)
    finally:
        unblock.set()


def test_the_renderer_warms_up_after_start_up(qtbot, window):
    pdf_viewer._warm.clear()  # as in a fresh process (an earlier test may have warmed up)
    assert window.is_ready
    qtbot.waitUntil(pdf_viewer._warm.is_set, timeout=15_000)
